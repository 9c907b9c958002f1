package dev.regdoctor.internal.text;

/**
 * The Levenshtein distance of two strings: how many single-character insertions, deletions and
 * substitutions turn one into the other. Used for the tags closest to a missing one and for a pull
 * secret's host that is a typo away from the image's.
 */
public final class EditDistance {
  private EditDistance() {}

  /** Returns the edit distance of {@code a} and {@code b}, in O(|a|·|b|) time and O(|b|) space. */
  public static int of(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * Returns the edit distance of {@code a} and {@code b}, or {@code limit + 1} when it exceeds
   * {@code limit}; strings whose lengths differ by more than {@code limit} are not compared.
   */
  public static int atMost(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    return Math.min(of(a, b), limit + 1);
  }
}
