package dev.regdoctor.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that counts how many characters a regex reads from it: a deterministic measure of matching
 * cost (no clocks), so a test can tell linear from quadratic behaviour.
 */
public final class CountingText implements CharSequence {
  private final String text;
  private long reads;

  /** Wraps {@code text}. */
  public CountingText(String text) {
    this.text = text;
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public char charAt(int index) {
    reads++;
    return text.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    reads += end - start;
    return text.subSequence(start, end);
  }

  /** Returns the characters read so far. */
  public long reads() {
    return reads;
  }

  @Override
  public String toString() {
    reads += text.length();
    return text;
  }

  /** Returns the characters {@code pattern} reads while finding every match in {@code text}. */
  public static long readsToFindAll(Pattern pattern, String text) {
    CountingText counting = new CountingText(text);
    Matcher matcher = pattern.matcher(counting);
    while (matcher.find()) {
      if (matcher.end() == matcher.start() && matcher.end() < text.length()) {
        matcher.region(matcher.end() + 1, text.length());
      }
    }
    return counting.reads;
  }
}
