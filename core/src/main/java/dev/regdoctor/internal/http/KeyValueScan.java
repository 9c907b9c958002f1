package dev.regdoctor.internal.http;

/**
 * Finds by hand, match for match, what {@link PastedSecrets#KEY_VALUE} finds with {@code
 * Matcher.find(from)}: the key and separator of {@code key=value}, {@code key: value} and their
 * quoted and backslash-escaped forms. Every quantifier of that pattern is possessive or a single
 * optional character taken when present, so a match at a position is decided without backtracking;
 * this reads a char array and tries a position only where the look-behind lets a key start, which
 * the regular expression did at several times the cost in the launcher's C1-compiled code.
 *
 * <p>After {@link #find} answers true, the fields hold the match's group boundaries: group 1 (the
 * key's quote) is {@code [start, keyStart)}, group 2 (the key) {@code [keyStart, keyEnd)}, group 3
 * (closing quote and separator) {@code [keyEnd, separatorEnd)} and group 4 (the value's quote)
 * {@code [separatorEnd, valueStart)}. Not thread-safe: one per scan.
 */
final class KeyValueScan {
  private static final int MAX_KEY = 64;
  private static final int MAX_BLANKS = 8;

  private final char[] chars;

  int start;
  int keyStart;
  int keyEnd;
  int separatorEnd;
  int valueStart;

  KeyValueScan(String text) {
    this.chars = text.toCharArray();
  }

  /** Finds the first match that starts at {@code from} or later; false when there is none. */
  boolean find(int from) {
    char[] c = chars;
    for (int p = from; p < c.length; p++) {
      if (p > 0 && continuesWord(c[p - 1])) {
        continue; // (?<![A-Za-z0-9_\-])
      }
      if (matchAt(p)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchAt(int p) {
    char[] c = chars;
    int i = quote(p);
    int key = i;
    // (?:--?)?+
    if (i < c.length && c[i] == '-') {
      i++;
      if (i < c.length && c[i] == '-') {
        i++;
      }
    }
    // [A-Za-z][A-Za-z0-9_.\-]{0,63}+
    if (i >= c.length || !letter(c[i])) {
      return false;
    }
    int last = Math.min(c.length, i + MAX_KEY);
    i++;
    while (i < last && keyCharacter(c[i])) {
      i++;
    }
    int end = i;
    // (?:\\?["'])?+[ \t]{0,8}+[:=][ \t]{0,8}+
    i = blanks(quote(i));
    if (i >= c.length || c[i] != ':' && c[i] != '=') {
      return false;
    }
    int separator = blanks(i + 1);
    start = p;
    keyStart = key;
    keyEnd = end;
    separatorEnd = separator;
    valueStart = quote(separator);
    return true;
  }

  /** {@code (?:\\?["'])?+} at {@code i}: returns where it ends. */
  private int quote(int i) {
    char[] c = chars;
    if (i + 1 < c.length && c[i] == '\\' && quoteCharacter(c[i + 1])) {
      return i + 2;
    }
    return i < c.length && quoteCharacter(c[i]) ? i + 1 : i;
  }

  /** {@code [ \t]{0,8}+} at {@code i}: returns where it ends. */
  private int blanks(int i) {
    char[] c = chars;
    int last = Math.min(c.length, i + MAX_BLANKS);
    while (i < last && (c[i] == ' ' || c[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean quoteCharacter(char c) {
    return c == '"' || c == '\'';
  }

  private static boolean letter(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
  }

  /**
   * Returns whether a key cannot start after {@code c}: a key may start after a {@code .}, so that
   * the last names of a dotted path are keys too ({@code .auths.x.password}, or a path longer than
   * a key).
   */
  private static boolean continuesWord(char c) {
    return letter(c) || c >= '0' && c <= '9' || c == '_' || c == '-';
  }

  private static boolean keyCharacter(char c) {
    return letter(c) || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
  }
}
