package dev.regdoctor.internal.http;

import dev.regdoctor.internal.text.LineStarts;
import java.util.Arrays;

/**
 * Masks secrets that a hard line wrap split across two or more lines: a terminal, a CI log viewer
 * or an e-mail breaks a long line at its width, and a token, password or URL with user info cut in
 * the middle is no longer recognised by {@link PastedSecrets} in either piece (or only its first
 * piece is masked and the rest of it is printed on the next line).
 *
 * <p>A line may have been wrapped when it is at least {@link #MIN_WIDTH} characters long, is
 * followed by a line that is not empty, and is as long as the longest line of the text or as long
 * as another such line (a wrapped text's broken lines all have the wrap's width). Each such line,
 * with the lines of its run before it (at most {@link #MAX_CONTEXT} characters, so that a secret
 * over several lines is found by its key or its end), is redacted joined with the next line and
 * apart from it; when the results differ, the break fell inside a secret: the lines before are
 * masked from where the joined redaction first differs from them, the next line where it differs
 * from the joined redaction's start and end. Every other line is left as it is, and {@link
 * PastedSecrets#redact} then runs on the whole text as always. A second secret earlier in the same
 * run is masked with the text between them: too much is masked rather than too little.
 *
 * <p>Only lines whose joined text holds a word a secret needs ({@link SecretSigns}) or a URL are
 * redacted, each at most twice with at most {@link #MAX_CONTEXT} characters before it: linear in
 * the length of the text.
 */
final class WrappedSecrets {
  /** The narrowest wrap width looked for: narrower terminals are rare, and short lines common. */
  static final int MIN_WIDTH = 40;

  /**
   * The most characters of the lines before a line that may be wrapped that are redacted with it,
   * for a secret that started there: a JWT, a URL with user info or a token, with its key.
   */
  static final int MAX_CONTEXT = 1024;

  private static final String MASK = PastedSecrets.MASK;

  private WrappedSecrets() {}

  /** Returns {@code text} with split secrets masked; other text is returned unchanged. */
  static String masked(String text) {
    int[] ranges = ranges(text);
    return ranges.length == 0 ? text : maskedRanges(text, ranges, ranges.length);
  }

  /** Returns the ranges of the split secrets in {@code text}, {@code [from, to)} pairs. */
  static int[] ranges(String text) {
    int firstBreak = text.indexOf('\n');
    if (firstBreak < 0 || text.length() < 2 * MIN_WIDTH) {
      return new int[0];
    }
    int[] starts = LineStarts.of(text);
    int lines = starts.length;
    int[] ends = new int[lines];
    int longest = 0;
    for (int line = 0; line < lines; line++) {
      int end = line + 1 < lines ? starts[line + 1] - 1 : text.length();
      if (end > starts[line] && text.charAt(end - 1) == '\r') {
        end--;
      }
      ends[line] = end;
      longest = Math.max(longest, end - starts[line]);
    }
    if (longest < MIN_WIDTH) {
      return new int[0];
    }
    // How many lines that may be wrapped have each length (up to the widest terminal looked for).
    int[] sameLength = new int[Math.min(longest, 4096) + 1];
    for (int line = 0; line + 1 < lines; line++) {
      int length = ends[line] - starts[line];
      if (length < sameLength.length && mayBeWrapped(starts[line], ends[line])) {
        sameLength[length]++;
      }
    }
    // masked ranges of the text, [from, to) pairs in the order found
    int[] masks = new int[8];
    int count = 0;
    // the first line of the run of lines that may be wrapped, which the current line ends
    int runFirst = 0;
    for (int line = 0; line + 1 < lines; line++) {
      int start = starts[line];
      int end = ends[line];
      int length = end - start;
      int nextStart = starts[line + 1];
      int nextEnd = ends[line + 1];
      boolean candidate =
          mayBeWrapped(start, end)
              && nextEnd > nextStart
              && (length == longest || length < sameLength.length && sameLength[length] > 1);
      if (!candidate) {
        runFirst = line + 1;
        continue;
      }
      // The lines of the run before this one are the context a secret may have started in: a
      // secret split over several lines is recognised only with its key or its end.
      int first = line;
      int contextLength = length;
      while (first > runFirst
          && contextLength + (ends[first - 1] - starts[first - 1]) <= MAX_CONTEXT) {
        first--;
        contextLength += ends[first] - starts[first];
      }
      StringBuilder joinedLines = new StringBuilder(contextLength + nextEnd - nextStart);
      for (int l = first; l <= line; l++) {
        joinedLines.append(text, starts[l], ends[l]);
      }
      String left = joinedLines.toString();
      String next = text.substring(nextStart, nextEnd);
      String joined = joinedLines.append(next).toString();
      if (SecretSigns.of(joined) == 0 && joined.indexOf("://") < 0) {
        continue;
      }
      String together = PastedSecrets.redact(joined);
      String apart = PastedSecrets.redact(left + "\n" + next);
      int newline = apart.indexOf('\n');
      if (newline >= 0
          && newline == apart.lastIndexOf('\n')
          && together.length() == apart.length() - 1
          && together.regionMatches(0, apart, 0, newline)
          && together.regionMatches(newline, apart, newline + 1, together.length() - newline)) {
        continue;
      }
      // The break fell inside a secret: mask the lines before it from where the joined redaction
      // departs from them, and the next one up to where the joined redaction's end agrees with it
      // again.
      int kept = commonPrefix(together, left);
      int tail = commonSuffix(together, next, Math.max(0, together.length() - kept));
      int continuation = next.length() - tail;
      // When the lines before were kept whole, the next line's own start may be kept too (a URL
      // broken before its query, whose values the joined redaction masks).
      int nextFrom =
          kept == left.length()
              ? Math.min(commonPrefix(together.substring(kept), next), Math.max(0, continuation))
              : 0;
      // kept counts characters of the lines first..line, which the text separates by breaks
      int offset = kept;
      for (int l = first; l <= line && offset >= 0; l++) {
        int width = ends[l] - starts[l];
        if (offset < width) {
          count = add(masks, count, starts[l] + offset, ends[l]);
          if (count > masks.length - 2) {
            masks = Arrays.copyOf(masks, masks.length * 2);
          }
          offset = 0;
        } else {
          offset -= width;
        }
      }
      if (continuation > nextFrom) {
        count = add(masks, count, nextStart + nextFrom, nextStart + continuation);
        if (count > masks.length - 2) {
          masks = Arrays.copyOf(masks, masks.length * 2);
        }
      }
    }
    long[] sorted = new long[count / 2];
    for (int i = 0; i < count; i += 2) {
      sorted[i / 2] = (long) masks[i] << 32 | masks[i + 1];
    }
    Arrays.sort(sorted);
    int[] ranges = new int[count];
    for (int i = 0; i < sorted.length; i++) {
      ranges[2 * i] = (int) (sorted[i] >>> 32);
      ranges[2 * i + 1] = (int) sorted[i];
    }
    return ranges;
  }

  /** Adds the range [from, to) to {@code masks} unless it is empty; returns the new count. */
  private static int add(int[] masks, int count, int from, int to) {
    if (from >= to) {
      return count;
    }
    masks[count] = from;
    masks[count + 1] = to;
    return count + 2;
  }

  /**
   * Returns {@code text} with each of the ranges replaced by the mask; overlapping or adjacent
   * ranges on one line become one mask, and line breaks are kept.
   */
  private static String maskedRanges(String text, int[] masks, int count) {
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (int i = 0; i < count; i += 2) {
      int from = Math.max(masks[i], copied);
      int to = masks[i + 1];
      if (from >= to) {
        continue;
      }
      if (from > copied || copied == 0) {
        // a range that goes on where the last one ended is the same secret: one mask
        out.append(text, copied, from).append(MASK);
      }
      copied = to;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * A line wide enough to be a wrapped line's part; it may end in a blank (the wrap fell right
   * after one).
   */
  private static boolean mayBeWrapped(int start, int end) {
    return end - start >= MIN_WIDTH;
  }

  private static int commonPrefix(String a, String b) {
    int max = Math.min(a.length(), b.length());
    int i = 0;
    while (i < max && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /** The length of the common suffix of {@code a} and {@code b}, at most {@code max}. */
  private static int commonSuffix(String a, String b, int max) {
    int limit = Math.min(max, Math.min(a.length(), b.length()));
    int i = 0;
    while (i < limit && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
      i++;
    }
    return i;
  }
}
