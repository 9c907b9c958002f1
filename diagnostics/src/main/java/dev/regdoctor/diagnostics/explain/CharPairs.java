package dev.regdoctor.diagnostics.explain;

/**
 * Which pairs of adjacent characters a text holds, hashed into a few thousand bits. A text holds a
 * string only if it holds every pair of adjacent characters of that string, so a start text with a
 * pair the text lacks is known to be absent without reading the text again ({@link
 * StartLiterals.Search} would otherwise look for each start text of each pattern from the start of
 * the text to its end). Hashing makes different pairs share bits: {@link #mayContain} may say yes
 * for a string that is absent, never no for one that is there. Immutable once built.
 */
final class CharPairs {
  private static final int BITS = 1 << 12;

  private final long[] bits = new long[BITS / 64];

  private CharPairs() {}

  /** Returns the pairs of adjacent characters of {@code text}. */
  static CharPairs of(String text) {
    CharPairs pairs = new CharPairs();
    long[] bits = pairs.bits;
    for (int i = 1; i < text.length(); i++) {
      int bit = bit(text.charAt(i - 1), text.charAt(i));
      bits[bit >>> 6] |= 1L << bit;
    }
    return pairs;
  }

  /**
   * Returns whether the text may hold {@code s}: false only when a pair of adjacent characters of
   * {@code s} occurs nowhere in the text. A string of one character may always occur.
   */
  boolean mayContain(String s) {
    for (int i = 1; i < s.length(); i++) {
      int bit = bit(s.charAt(i - 1), s.charAt(i));
      if ((bits[bit >>> 6] & 1L << bit) == 0) {
        return false;
      }
    }
    return true;
  }

  private static int bit(char first, char second) {
    return (first * 61 + second) & (BITS - 1);
  }
}
