package dev.regdoctor.probe;

import java.time.Duration;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Rate-limit headers as Docker Hub sends them on manifest requests: {@code ratelimit-limit:
 * 100;w=21600}, {@code ratelimit-remaining: 76;w=21600}, {@code docker-ratelimit-source}, and
 * {@code Retry-After} on a 429.
 *
 * @param limit pulls allowed in the window, or -1 when not sent
 * @param remaining pulls left in the window, or -1 when not sent
 * @param window the window length, or {@code null} when not sent
 * @param source the {@code docker-ratelimit-source} value (an IP or account id), or {@code null}
 * @param retryAfter how long the registry asked to wait, or {@code null}
 */
public record RateLimit(
    int limit,
    int remaining,
    @Nullable Duration window,
    @Nullable String source,
    @Nullable Duration retryAfter) {

  /** Returns the remaining pulls when known. */
  public OptionalInt remainingPulls() {
    return remaining < 0 ? OptionalInt.empty() : OptionalInt.of(remaining);
  }

  /** Returns whether fewer than {@code percent} % of the window's pulls are left. */
  public boolean isBelow(int percent) {
    return limit > 0 && remaining >= 0 && remaining * 100L < (long) limit * percent;
  }
}
