package dev.regdoctor.diagnostics.explain;

/**
 * Shortens an excerpt for the evidence: white space collapsed to single spaces, at most {@link
 * ErrorText#MAX_EXCERPT} characters kept around the part that matched, surrogate pairs never split.
 */
final class ExcerptShortener {
  private ExcerptShortener() {}

  /**
   * Collapses runs of whitespace to one space, moving {@code focus} positions along, and keeps at
   * most {@link ErrorText#MAX_EXCERPT} characters ({@link #window}).
   */
  static String shorten(String line, int focusStart, int focusEnd) {
    // A char array: a fraction of the String.charAt and StringBuilder.append calls per character
    // in the launcher's C1-compiled code.
    char[] chars = line.toCharArray();
    if (singleSpaced(chars)) {
      // Nothing to collapse: the positions stay (one outside the line is read as the loop below
      // reads it: a start as 0, an end as the end of the line or 0).
      int length = line.length();
      int start = focusStart >= 0 && focusStart < length ? focusStart : 0;
      int end = focusEnd >= 0 && focusEnd < length ? focusEnd : focusEnd >= length ? length : 0;
      return window(line, Math.min(start, length), Math.min(Math.max(start, end), length));
    }
    return collapsed(chars, focusStart, focusEnd);
  }

  /**
   * Collapses the white space of the line {@code chars} holds, moving the focus along, and keeps
   * the window around it ({@code ExcerptShortenerTest} holds the plain-String specification).
   */
  private static String collapsed(char[] chars, int focusStart, int focusEnd) {
    // Each character gives at most one: a space is only written for white space it replaces.
    char[] out = new char[chars.length];
    int size = 0;
    int start = 0;
    int end = 0;
    boolean space = false;
    for (int i = 0; i < chars.length; i++) {
      if (i == focusStart) {
        start = size + (space ? 1 : 0);
      }
      if (i == focusEnd) {
        end = size + (space ? 1 : 0);
      }
      char c = chars[i];
      if (whitespace(c)) {
        space = true;
      } else {
        if (space && size > 0) {
          out[size++] = ' ';
        }
        space = false;
        out[size++] = c;
      }
    }
    if (focusEnd >= chars.length) {
      end = size;
    }
    return window(
        new String(out, 0, size), Math.min(start, size), Math.min(Math.max(start, end), size));
  }

  /** {@link Character#isWhitespace(char)}, answered without a call for ASCII beyond the space. */
  private static boolean whitespace(char c) {
    return c <= ' ' ? Character.isWhitespace(c) : c >= '\u0080' && Character.isWhitespace(c);
  }

  /**
   * Returns whether {@link #shorten} would leave {@code line} as it is: its only white space is
   * single spaces between other characters.
   */
  static boolean singleSpaced(String line) {
    return singleSpaced(line.toCharArray());
  }

  private static boolean singleSpaced(char[] line) {
    int length = line.length;
    if (length > 0 && (line[0] == ' ' || line[length - 1] == ' ')) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = line[i];
      if (c == ' ') {
        if (line[i + 1] == ' ') {
          return false;
        }
      } else if (c <= ' ' || c >= '\u0080' && Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Keeps at most {@link ErrorText#MAX_EXCERPT} characters: around the match, or its beginning and
   * its end.
   */
  static String window(String line, int start, int end) {
    if (line.length() <= ErrorText.MAX_EXCERPT) {
      return line;
    }
    int room = ErrorText.MAX_EXCERPT - 2;
    if (end - start <= room - 40) {
      int from = Math.max(0, Math.min(start - (room - (end - start)) / 3, line.length() - room));
      int to = Math.min(line.length(), from + room);
      return (from > 0 ? "…" : "") + cut(line, from, to) + (to < line.length() ? "…" : "");
    }
    int headFrom = Math.max(0, start - 20);
    int headTo = headFrom + room / 3;
    int tailTo = Math.min(line.length(), end + 20);
    int tailFrom = Math.max(headTo, tailTo - (room - room / 3 - 1));
    return (headFrom > 0 ? "…" : "")
        + cut(line, headFrom, headTo)
        + "…"
        + cut(line, tailFrom, tailTo)
        + (tailTo < line.length() ? "…" : "");
  }

  /** Returns {@code line[from, to)} without splitting a surrogate pair. */
  private static String cut(String line, int from, int to) {
    int begin = from > 0 && Character.isLowSurrogate(line.charAt(from)) ? from + 1 : from;
    int finish =
        to < line.length() && to > 0 && Character.isHighSurrogate(line.charAt(to - 1))
            ? to - 1
            : to;
    return begin >= finish ? "" : line.substring(begin, finish);
  }
}
