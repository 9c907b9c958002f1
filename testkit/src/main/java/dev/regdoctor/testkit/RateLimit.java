package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker Hub style pull limit on manifest requests: {@code ratelimit-limit: L;w=S} and {@code
 * ratelimit-remaining: R;w=S} headers, one pull consumed per manifest {@code GET} answered 200
 * ({@code HEAD} is free, as on Hub), and 429 {@code TOOMANYREQUESTS} with {@code Retry-After} once
 * nothing remains. The count never resets by itself. Thread-safe.
 */
final class RateLimit {

  /** The 429 body, as the testkit's contract fixes it. */
  static final String TOO_MANY_REQUESTS_BODY =
      "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate"
          + " limit. You may increase the limit by authenticating and upgrading:"
          + " https://www.docker.com/increase-rate-limits\"}]}";

  private final int limit;
  private final long windowSeconds;
  private final AtomicInteger remaining;

  RateLimit(int limit, int remaining, long windowSeconds) {
    this.limit = limit;
    this.windowSeconds = windowSeconds;
    this.remaining = new AtomicInteger(remaining);
  }

  int remaining() {
    return remaining.get();
  }

  boolean isExhausted() {
    return remaining.get() <= 0;
  }

  /** Consumes one pull and returns what remains afterwards, never below zero. */
  int consume() {
    return remaining.updateAndGet(r -> Math.max(0, r - 1));
  }

  /** Adds the limit headers with {@code remainingNow} and returns {@code reply}. */
  Reply addHeaders(Reply reply, int remainingNow) {
    return reply
        .header("ratelimit-limit", limit + ";w=" + windowSeconds)
        .header("ratelimit-remaining", remainingNow + ";w=" + windowSeconds)
        .header("docker-ratelimit-source", Loopback.ADDRESS.getHostAddress());
  }

  /** Returns the 429 answer, with {@code Retry-After} of one window. */
  Reply tooManyRequests() {
    Reply reply =
        Reply.status(429)
            .body(Reply.JSON_UTF8, TOO_MANY_REQUESTS_BODY.getBytes(UTF_8))
            .header("Retry-After", Long.toString(windowSeconds));
    return addHeaders(reply, 0);
  }
}
