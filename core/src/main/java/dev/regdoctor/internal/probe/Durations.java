package dev.regdoctor.internal.probe;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.probe.InvalidSettingException;
import java.time.Duration;

/**
 * The check every duration setting makes, for {@code ProbeSettings.Builder} and the diagnostics'
 * {@code RegistryDoctor.Builder} alike, so that both word a rejected value the same way.
 */
public final class Durations {
  private Durations() {}

  /**
   * Returns {@code value} when it is positive.
   *
   * @param setting the builder method's name, as the exception and a null's message name it
   * @throws NullPointerException naming {@code setting} if {@code value} is null
   * @throws InvalidSettingException naming {@code setting} ({@code callTimeout: 'PT0S' must be
   *     positive}) if {@code value} is zero or negative
   */
  public static Duration positive(String setting, Duration value) {
    requireNonNull(value, setting);
    if (value.isZero() || value.isNegative()) {
      throw InvalidSettingException.of(setting, value.toString(), "must be positive");
    }
    return value;
  }
}
