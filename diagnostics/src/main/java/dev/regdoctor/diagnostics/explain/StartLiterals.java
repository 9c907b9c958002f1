package dev.regdoctor.diagnostics.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The texts every match of a pattern starts with, read from the pattern's source, and a search that
 * tries only the positions where one of them occurs. {@link Matcher#find()} tries every position of
 * the text, and most rule patterns start with a word ({@code connection refused|ECONNREFUSED},
 * {@code (?:FATA\[|level=fatal)…}): trying only where such a word occurs finds the same matches for
 * a fraction of the work. An alternative that starts at the start of a line ({@code ^}, {@code
 * (?m)^}, {@code \A}) and shows no word after it is tried only where a line starts ({@link
 * #LINE_START}). Start texts hold ASCII and characters without case ({@code 错误}). Patterns whose
 * start the source does not show plainly (a character class, an optional first element, comments
 * mode, Unicode case folding) are searched as before.
 */
final class StartLiterals {
  /**
   * The start text that stands for the start of a line: position 0 and every position after a line
   * terminator ({@code \n}, {@code \r}, U+0085, U+2028, U+2029), all the positions where {@code ^}
   * (in multiline mode or not) and {@code \A} can match. A lone surrogate: no start text read from
   * a source holds one.
   */
  static final String LINE_START = "\uD800";

  /** Inline flags that change what a literal matches: comments mode and Unicode case. */
  private static final Pattern UNSUPPORTED_FLAGS = Pattern.compile("\\(\\?[a-zA-Z-]*[xu]");

  private StartLiterals() {}

  /**
   * Returns lowercase texts one of which starts every match of {@code regex} (compiled
   * case-insensitively), or {@code null} when its source does not show them.
   */
  static @Nullable List<String> of(String regex) {
    if (UNSUPPORTED_FLAGS.matcher(regex).find() || regex.contains("\\Q")) {
      return null;
    }
    try {
      return alternation(regex, 0, regex.length());
    } catch (IndexOutOfBoundsException e) {
      return null;
    }
  }

  private static @Nullable List<String> alternation(String s, int from, int to) {
    List<String> starts = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '|' && depth == 0) {
        List<String> own = sequence(s, start, i);
        if (own == null) {
          return null;
        }
        starts.addAll(own);
        start = i + 1;
        continue;
      }
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        i = closing(s, i);
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
    }
    // A malformed source (a backslash at the very end) leaves its last alternative unread.
    return start == to + 1 ? List.copyOf(starts) : null;
  }

  /** Returns the start texts of one alternative {@code s[from, to)}, or {@code null}. */
  private static @Nullable List<String> sequence(String s, int from, int to) {
    List<String> starts = startsAfterPrefix(s, from, to);
    return starts == null && lineAnchored(s, from, to) ? List.of(LINE_START) : starts;
  }

  /**
   * Returns whether the alternative {@code s[from, to)} can match only at the start of a line: it
   * starts with {@code ^} or {@code \A}, possibly after inline flags, look-arounds and word
   * boundaries (none of which moves where the match starts).
   */
  private static boolean lineAnchored(String s, int from, int to) {
    int i = from;
    while (i < to) {
      if (s.charAt(i) == '^' || s.startsWith("\\A", i)) {
        return true;
      }
      int next = skipZeroWidth(s, i, to);
      if (next == i) {
        return false;
      }
      i = next;
    }
    return false;
  }

  /**
   * Returns where the zero-width element at {@code i} ends (a word boundary, inline flags or a
   * look-around without a quantifier), or {@code i} when there is none there.
   */
  private static int skipZeroWidth(String s, int i, int to) {
    if (s.startsWith("\\b", i) || s.startsWith("\\B", i)) {
      return i + 2;
    }
    if (s.startsWith("(?=", i)
        || s.startsWith("(?!", i)
        || s.startsWith("(?<=", i)
        || s.startsWith("(?<!", i)) {
      int end = closing(s, i) + 1;
      return end < to && "?*+{".indexOf(s.charAt(end)) >= 0 ? i : end;
    }
    if (s.startsWith("(?", i) && flagsEnd(s, i + 2) < to && s.charAt(flagsEnd(s, i + 2)) == ')') {
      return flagsEnd(s, i + 2) + 1;
    }
    return i;
  }

  /** The start texts of the alternative {@code s[from, to)} read past any {@code ^}, or null. */
  private static @Nullable List<String> startsAfterPrefix(String s, int from, int to) {
    int i = from;
    while (i < to) {
      if (s.startsWith("\\b", i) || s.startsWith("\\B", i)) {
        i += 2;
      } else if (s.charAt(i) == '^') {
        i++;
      } else if (s.startsWith("(?=", i)
          || s.startsWith("(?!", i)
          || s.startsWith("(?<=", i)
          || s.startsWith("(?<!", i)) {
        // A look-around matches no characters; what follows it starts the match.
        i = closing(s, i) + 1;
        if (i < to && "?*+{".indexOf(s.charAt(i)) >= 0) {
          return null;
        }
      } else if (s.startsWith("(?", i)
          && flagsEnd(s, i + 2) < to
          && s.charAt(flagsEnd(s, i + 2)) == ')') {
        i = flagsEnd(s, i + 2) + 1;
      } else {
        break;
      }
    }
    if (i >= to) {
      return null;
    }
    if (s.charAt(i) == '(') {
      int end = closing(s, i);
      if (end + 1 < to && "?*{".indexOf(s.charAt(end + 1)) >= 0) {
        return null;
      }
      int content = contentStart(s, i);
      return content < 0 ? null : alternation(s, content, end);
    }
    StringBuilder literal = new StringBuilder();
    while (i < to) {
      char c = s.charAt(i);
      char character;
      int next;
      if (c == '\\') {
        char escaped = s.charAt(i + 1);
        if (Character.isLetterOrDigit(escaped)) {
          break;
        }
        character = escaped;
        next = i + 2;
      } else if (".[]()|^$?*+{}".indexOf(c) >= 0) {
        break;
      } else {
        character = c;
        next = i + 1;
      }
      if (character >= 128 && !caseless(character)
          || next < to && "?*{".indexOf(s.charAt(next)) >= 0) {
        break;
      }
      literal.append(Character.toLowerCase(character));
      if (next < to && s.charAt(next) == '+') {
        break;
      }
      i = next;
    }
    return literal.length() == 0 ? null : List.of(literal.toString().toLowerCase(Locale.ROOT));
  }

  /**
   * Returns whether {@code c} has no other case: a case-insensitive pattern matches it only as it
   * is, and lowercasing a text leaves it in place (Han characters, symbols). ASCII letters are read
   * lowercase; other letters with a case end a start text.
   */
  private static boolean caseless(char c) {
    return !Character.isSurrogate(c)
        && Character.toLowerCase(c) == c
        && Character.toUpperCase(c) == c
        && Character.toTitleCase(c) == c;
  }

  /** Returns where the content of the group opening at {@code open} starts, or -1. */
  private static int contentStart(String s, int open) {
    if (s.charAt(open + 1) != '?') {
      return open + 1;
    }
    char kind = s.charAt(open + 2);
    if (kind == ':') {
      return open + 3;
    }
    if (kind == '<' && Character.isLetter(s.charAt(open + 3))) {
      return s.indexOf('>', open) + 1;
    }
    int flags = flagsEnd(s, open + 2);
    return flags > open + 2 && s.charAt(flags) == ':' ? flags + 1 : -1;
  }

  /** Returns the end of the inline flags ({@code i}, {@code -i}, {@code m}, …) from {@code at}. */
  private static int flagsEnd(String s, int at) {
    int i = at;
    while (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '-')) {
      i++;
    }
    return i;
  }

  /**
   * Returns the index of the bracket closing the one at {@code open}: the {@code )} of a group
   * (character classes and escapes inside skipped) or the {@code ]} of a character class.
   */
  private static int closing(String s, int open) {
    char opener = s.charAt(open);
    char closer = opener == '(' ? ')' : ']';
    int depth = 0;
    for (int i = open; ; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[' && opener == '(') {
        i = closing(s, i);
      } else if (c == opener) {
        depth++;
      } else if (c == closer && --depth == 0) {
        return i;
      }
    }
  }

  /**
   * Returns where the last of the matches that {@code pattern.matcher(text).region(from, to)} finds
   * one after another starts and ends ({@code {start, end}}), or null when it finds none. Every
   * match of {@code pattern} must be non-empty and start with {@code start} (lowercase; {@code
   * lower} is the text in lowercase), and the pattern must not look outside what it matches (no
   * anchors, boundaries or look-arounds): then only the positions where {@code start} occurs are
   * tried, as the URLs of a rule's context window are looked for.
   */
  static int @Nullable [] lastMatch(
      Pattern pattern, String start, String text, String lower, int from, int to) {
    Matcher matcher = pattern.matcher(text).region(from, to);
    int[] last = null;
    if (lower.length() != text.length()) {
      while (matcher.find()) {
        last = new int[] {matcher.start(), matcher.end()};
      }
      return last;
    }
    int at = from;
    int candidate;
    while ((candidate = lower.indexOf(start, at)) >= 0 && candidate < to) {
      matcher.region(candidate, to);
      if (matcher.lookingAt()) {
        last = new int[] {matcher.start(), matcher.end()};
        at = matcher.end();
      } else {
        at = candidate + 1;
      }
    }
    return last;
  }

  /**
   * Finds what {@link Matcher#find()} on the whole text finds, in the same order, trying only the
   * positions where a start text occurs in the lowercase text (each with {@link
   * Matcher#lookingAt()}, bounds transparent and not anchoring, so look-behinds, {@code \b} and
   * {@code ^} see the text around the position as a whole-text search does). Each start text is
   * looked for from left to right once, so the search stays linear.
   */
  static final class Search {
    private final Matcher matcher;
    private final String lower;
    private final String @Nullable [] starts;
    private final int[] next;
    private int from;

    Search(Pattern pattern, String text, String lower, @Nullable List<String> starts) {
      this(pattern, text, lower, starts, null);
    }

    /**
     * A search that knows which start texts are absent from the text from {@code pairs}, the pairs
     * of characters of {@code lower} or of a text that holds it (they are then not looked for).
     */
    Search(
        Pattern pattern,
        String text,
        String lower,
        @Nullable List<String> starts,
        @Nullable CharPairs pairs) {
      this.matcher = pattern.matcher(text);
      this.lower = lower;
      boolean usable = starts != null && lower.length() == text.length();
      this.starts = usable ? starts.toArray(new String[0]) : null;
      this.next = new int[usable ? starts.size() : 0];
      Arrays.fill(next, Integer.MIN_VALUE);
      for (int k = 0; k < next.length && pairs != null; k++) {
        if (!LINE_START.equals(this.starts[k]) && !pairs.mayContain(this.starts[k])) {
          next[k] = -1;
        }
      }
      if (usable) {
        matcher.useTransparentBounds(true).useAnchoringBounds(false);
      }
    }

    Matcher matcher() {
      return matcher;
    }

    boolean find() {
      if (starts == null) {
        return matcher.find();
      }
      int length = lower.length();
      int at = from;
      while (at <= length) {
        int candidate = nextStart(at);
        if (candidate < 0) {
          return false;
        }
        matcher.region(candidate, length);
        if (matcher.lookingAt()) {
          from = matcher.end() > matcher.start() ? matcher.end() : matcher.end() + 1;
          return true;
        }
        at = candidate + 1;
      }
      return false;
    }

    private int nextStart(int at) {
      int best = -1;
      for (int k = 0; k < next.length; k++) {
        if (next[k] != -1 && next[k] < at) {
          next[k] = LINE_START.equals(starts[k]) ? lineStart(at) : lower.indexOf(starts[k], at);
        }
        if (next[k] >= 0 && (best < 0 || next[k] < best)) {
          best = next[k];
        }
      }
      return best;
    }

    /**
     * Returns the first start of a line at or after {@code at}, or -1 (see {@link #LINE_START}).
     */
    private int lineStart(int at) {
      if (at == 0) {
        return 0;
      }
      for (int i = at - 1; i < lower.length(); i++) {
        char c = lower.charAt(i);
        if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
          return i + 1;
        }
      }
      return -1;
    }
  }
}
