package dev.regdoctor.internal.http;

import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A point in time by which a check must end; monotonic (System.nanoTime). Everything one check does
 * shares one deadline: its requests, the credential helper that runs before them ({@link #around}
 * makes the deadline visible to it), and a comparison probe after them.
 */
public final class Deadline {
  private static final ThreadLocal<@Nullable Deadline> AMBIENT = new ThreadLocal<>();

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

  /**
   * Runs {@code work} with this deadline as the calling thread's ambient deadline, so that code
   * called through public interfaces (a {@code CredentialResolver} running a credential helper)
   * stays inside it.
   */
  public <T> T around(Supplier<T> work) {
    Deadline previous = AMBIENT.get();
    AMBIENT.set(this);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        AMBIENT.remove();
      } else {
        AMBIENT.set(previous);
      }
    }
  }

  /** The deadline of the check running on this thread, if any. */
  public static @Nullable Deadline ambient() {
    return AMBIENT.get();
  }
}
