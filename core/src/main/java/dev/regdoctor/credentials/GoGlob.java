package dev.regdoctor.credentials;

/**
 * Go's {@code path/filepath.Match} on Unix, which the kubelet applies to each host label of a
 * credential key: {@code *} matches any run of characters other than {@code /}, {@code ?} one such
 * character, {@code [a-z]} and {@code [^a-z]} a class, {@code \} escapes. A malformed pattern
 * matches nothing (Go returns {@code ErrBadPattern}, which the kubelet treats as no match).
 */
final class GoGlob {

  private GoGlob() {}

  /** Returns whether {@code name} matches {@code pattern}. */
  static boolean matches(String pattern, String name) {
    int[] p = pattern.codePoints().toArray();
    int[] s = name.codePoints().toArray();
    return isWellFormed(p) && matchFrom(p, 0, s, 0);
  }

  private static boolean matchFrom(int[] p, int pi, int[] s, int si) {
    while (pi < p.length) {
      int c = p[pi];
      if (c == '*') {
        while (pi < p.length && p[pi] == '*') {
          pi++;
        }
        for (int k = si; ; k++) {
          if (matchFrom(p, pi, s, k)) {
            return true;
          }
          if (k >= s.length || s[k] == '/') {
            return false;
          }
        }
      }
      if (si >= s.length) {
        return false;
      }
      if (c == '?') {
        if (s[si] == '/') {
          return false;
        }
        pi++;
      } else if (c == '[') {
        int end = classEnd(p, pi);
        if (!classMatches(p, pi, end, s[si])) {
          return false;
        }
        pi = end + 1;
      } else {
        if (c == '\\') {
          pi++;
          c = p[pi];
        }
        if (c != s[si]) {
          return false;
        }
        pi++;
      }
      si++;
    }
    return si == s.length;
  }

  /** Returns the index of the {@code ]} closing the class that starts at {@code start}. */
  private static int classEnd(int[] p, int start) {
    int i = start + 1;
    if (i < p.length && p[i] == '^') {
      i++;
    }
    int ranges = 0;
    while (true) {
      if (p[i] == ']' && ranges > 0) {
        return i;
      }
      i = escapedEnd(p, i);
      if (p[i] == '-') {
        i = escapedEnd(p, i + 1);
      }
      ranges++;
    }
  }

  /** Returns the index after the (possibly escaped) character at {@code i}. */
  private static int escapedEnd(int[] p, int i) {
    return p[i] == '\\' ? i + 2 : i + 1;
  }

  private static int escapedChar(int[] p, int i) {
    return p[i] == '\\' ? p[i + 1] : p[i];
  }

  private static boolean classMatches(int[] p, int start, int end, int c) {
    int i = start + 1;
    boolean negated = false;
    if (p[i] == '^') {
      negated = true;
      i++;
    }
    boolean match = false;
    while (i < end) {
      int lo = escapedChar(p, i);
      i = escapedEnd(p, i);
      int hi = lo;
      if (p[i] == '-') {
        hi = escapedChar(p, i + 1);
        i = escapedEnd(p, i + 1);
      }
      if (lo <= c && c <= hi) {
        match = true;
      }
    }
    return match != negated;
  }

  /** Checks the syntax Go's {@code scanChunk}/{@code getEsc} accept. */
  private static boolean isWellFormed(int[] p) {
    int i = 0;
    while (i < p.length) {
      int c = p[i];
      if (c == '\\') {
        if (i + 1 >= p.length) {
          return false;
        }
        i += 2;
      } else if (c == '[') {
        i++;
        if (i < p.length && p[i] == '^') {
          i++;
        }
        int ranges = 0;
        while (true) {
          if (i < p.length && p[i] == ']' && ranges > 0) {
            i++;
            break;
          }
          int next = validEscape(p, i);
          if (next < 0) {
            return false;
          }
          i = next;
          if (p[i] == '-') {
            next = validEscape(p, i + 1);
            if (next < 0) {
              return false;
            }
            i = next;
          }
          ranges++;
        }
      } else {
        i++;
      }
    }
    return true;
  }

  /**
   * Go's {@code getEsc}: a class bound may not be {@code -} or {@code ]} unescaped, and something
   * must follow it. Returns the index after the bound, or -1.
   */
  private static int validEscape(int[] p, int i) {
    if (i >= p.length || p[i] == '-' || p[i] == ']') {
      return -1;
    }
    if (p[i] == '\\') {
      i++;
      if (i >= p.length) {
        return -1;
      }
    }
    i++;
    return i < p.length ? i : -1;
  }
}
