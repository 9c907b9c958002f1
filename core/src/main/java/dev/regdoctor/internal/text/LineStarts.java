package dev.regdoctor.internal.text;

/**
 * Where each line of a text starts: index 0 is 0, index {@code n} is the position after the {@code
 * n}-th line break ({@code '\n'}). Used by the explainer to find a position's line and by the
 * redaction of secrets that a hard line wrap split.
 */
public final class LineStarts {
  private LineStarts() {}

  /**
   * Returns the start of every line of {@code text}, in order; one entry for text without breaks.
   */
  public static int[] of(String text) {
    int count = 1;
    for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      count++;
    }
    int[] starts = new int[count];
    int line = 1;
    for (int at = count == 1 ? -1 : text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      starts[line++] = at + 1;
    }
    return starts;
  }
}
