package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One timed phase of an image check.
 *
 * @param name the phase
 * @param status how it ended
 * @param elapsed how long it took ({@link Duration#ZERO} when skipped or cached)
 * @param detail a short, secret-free detail such as {@code 127.0.0.1}, {@code 401} or {@code plain
 *     HTTP}, or {@code null}
 */
public record Step(StepName name, StepStatus status, Duration elapsed, @Nullable String detail) {

  /** Validates the fields. */
  public Step {
    requireNonNull(name, "name");
    requireNonNull(status, "status");
    requireNonNull(elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative but was " + elapsed);
    }
  }

  /** Returns the elapsed time in fractional milliseconds, as reports print it. */
  public double millis() {
    return elapsed.toNanos() / 1_000_000.0;
  }

  /**
   * Returns the step for people, its time in milliseconds: {@code Step[connect OK 5.711 ms,
   * 127.0.0.1]}, {@code Step[tls SKIPPED 0.000 ms]}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Step[").append(name.label()).append(' ').append(status);
    text.append(' ').append(String.format(java.util.Locale.ROOT, "%.3f ms", millis()));
    if (detail != null) {
      text.append(", ").append(detail);
    }
    return text.append(']').toString();
  }
}
