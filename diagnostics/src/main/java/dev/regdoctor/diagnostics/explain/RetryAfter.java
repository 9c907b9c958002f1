package dev.regdoctor.diagnostics.explain;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wait a pasted text gives for a throttled request: a {@code Retry-After} header in any of the
 * ways clients print it ({@code Retry-After: 60}, Go's {@code Retry-After:[60]}, JSON's {@code
 * "Retry-After": "60"}) or prose such as {@code retry after 60 seconds}. Only delays in seconds
 * count: an HTTP date names a moment in the past of the paste, and a number followed by a date or
 * time separator is not a delay.
 */
final class RetryAfter {
  /** Longest delay taken as one (a week): a larger number is more likely an id than a wait. */
  private static final long MAX_SECONDS = 7 * 24 * 3600;

  private static final Pattern DELAY =
      Pattern.compile("(?i)\\bretry[-_ ]after\\W{0,4}(\\d{1,7})(?![\\d:/-]|\\.\\d)");

  private RetryAfter() {}

  /** Returns the first delay in seconds the text gives, if any. */
  static OptionalLong seconds(CharSequence text) {
    Matcher matcher = DELAY.matcher(text);
    while (matcher.find()) {
      long seconds = Long.parseLong(matcher.group(1));
      if (seconds <= MAX_SECONDS) {
        return OptionalLong.of(seconds);
      }
    }
    return OptionalLong.empty();
  }
}
