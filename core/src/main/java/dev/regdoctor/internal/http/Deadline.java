package dev.regdoctor.internal.http;

import java.time.Duration;

/** A point in time by which a check must end; monotonic (System.nanoTime). */
public final class Deadline {
  private final long endNanos;
  private final Duration total;

  private Deadline(long endNanos, Duration total) {
    this.endNanos = endNanos;
    this.total = total;
  }

  public static Deadline after(Duration duration) {
    return new Deadline(System.nanoTime() + duration.toNanos(), duration);
  }

  /**
   * Returns a deadline {@code 1/divisor} of the time remaining from now, for one part of a check.
   */
  public Deadline portion(int divisor) {
    return after(remaining().dividedBy(divisor));
  }

  public Duration remaining() {
    long left = endNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean isExpired() {
    return endNanos - System.nanoTime() <= 0;
  }

  public Duration total() {
    return total;
  }

  /** Returns the smaller of {@code bound} and the time remaining, at least one millisecond. */
  public Duration cap(Duration bound) {
    Duration left = remaining();
    Duration capped = left.compareTo(bound) < 0 ? left : bound;
    return capped.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : capped;
  }
}
