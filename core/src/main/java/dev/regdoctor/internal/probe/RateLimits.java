package dev.regdoctor.internal.probe;

import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.probe.RateLimit;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Parses rate-limit headers ({@code ratelimit-limit: 100;w=21600}) and {@code Retry-After}. */
public final class RateLimits {
  private RateLimits() {}

  /** Returns the rate limit the headers describe, or {@code null} when they describe none. */
  public static @Nullable RateLimit parse(Headers headers, Clock clock) {
    String limitText = headers.get("ratelimit-limit");
    String remainingText = headers.get("ratelimit-remaining");
    String source = headers.get("docker-ratelimit-source");
    Duration retryAfter = Exchange.retryAfter(headers, clock);
    if (limitText == null && remainingText == null && source == null && retryAfter == null) {
      return null;
    }
    int limit = count(limitText);
    int remaining = count(remainingText);
    Duration window = window(limitText);
    if (window == null) {
      window = window(remainingText);
    }
    return new RateLimit(limit, remaining, window, source, retryAfter);
  }

  /** Parses the count before {@code ;}: {@code 100;w=21600} → 100; -1 when absent or malformed. */
  public static int count(@Nullable String value) {
    if (value == null) {
      return -1;
    }
    String head = value.split("[;,]", 2)[0].trim();
    if (head.isEmpty() || head.length() > 9 || !head.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(head);
  }

  /** Parses the {@code w=} window in seconds; {@code null} when absent or malformed. */
  public static @Nullable Duration window(@Nullable String value) {
    if (value == null) {
      return null;
    }
    for (String part : value.split(";")) {
      String trimmed = part.trim();
      if (trimmed.startsWith("w=")) {
        String seconds = trimmed.substring(2).trim();
        if (!seconds.isEmpty()
            && seconds.length() <= 9
            && seconds.chars().allMatch(Character::isDigit)) {
          return Duration.ofSeconds(Long.parseLong(seconds));
        }
      }
    }
    return null;
  }
}
