package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a settings builder ({@link ProbeSettings.Builder}, {@code RegistryDoctor.Builder}) when
 * a value is not one its setting takes, for example an {@link
 * ProbeSettings.Builder#insecureRegistry insecure registry} with a port out of range, a {@link
 * ProbeSettings.Builder#plainHttpRegistry plain-HTTP registry} without a port, or a {@link
 * ProbeSettings.Builder#caCertificate CA file} that holds no certificate. The setter throws it when
 * called, never a later {@code build()}.
 *
 * <p>The message is {@code "<setting>: <reason>"}, for example {@code plainHttpRegistry:
 * '127.0.0.1' is not HOST:PORT, e.g. 127.0.0.1:5000 or [::1]:5000 (the port is missing)}. The
 * quoted value never holds user info ({@code user:password@host} shows as {@code <redacted>@host});
 * control characters in it are escaped and very long values are shortened.
 */
public final class InvalidSettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String value;
  private final String reason;

  InvalidSettingException(String setting, String value, String reason) {
    super(requireNonNull(setting, "setting") + ": " + requireNonNull(reason, "reason"));
    this.setting = setting;
    this.value = requireNonNull(value, "value");
    this.reason = reason;
  }

  /**
   * Returns an exception for {@code value}, rejected by the builder method {@code setting}: the
   * message is {@code "<setting>: '<value>' <problem>"}, e.g. {@code resolve: 'bogus' is not
   * HOST:PORT:ADDRESS, e.g. registry.example.com:443:127.0.0.1}, with the value quoted as {@link
   * #value()} says. For a value that must not be shown (a password), pass {@code null}: the message
   * is then {@code "<setting>: <problem>"} and {@link #value()} is empty.
   *
   * @param setting the builder method's name, e.g. {@code caFile}
   * @param value the rejected value as the caller gave it, or {@code null} to leave it out
   * @param problem what is wrong, worded to follow the quoted value (or to stand alone)
   */
  public static InvalidSettingException of(String setting, @Nullable String value, String problem) {
    requireNonNull(setting, "setting");
    requireNonNull(problem, "problem");
    if (value == null) {
      return new InvalidSettingException(setting, "", problem);
    }
    String quoted = RegistryEntries.quoted(value);
    return new InvalidSettingException(setting, quoted, "'" + quoted + "' " + problem);
  }

  /**
   * Returns the name of the builder method that rejected the value, such as {@code
   * insecureRegistry}, {@code plainHttpRegistry} or {@code proxy}, or of the environment variable
   * that gave it ({@code HTTPS_PROXY}, {@code HTTP_PROXY}).
   */
  public String setting() {
    return setting;
  }

  /**
   * Returns the rejected value as the message quotes it: user info replaced by {@code <redacted>},
   * control characters escaped, shortened when very long.
   */
  public String value() {
    return value;
  }

  /**
   * Returns the message without the setting's name: the quoted value, the accepted forms and what
   * is wrong, e.g. {@code 'host:99999' is not HOST, HOST:PORT or a CIDR range, e.g.
   * registry.local:5000 or 10.0.0.0/8 (registry port must be between 1 and 65535)}. Callers that
   * name the setting differently (a command-line option, a configuration key) put their own name in
   * front of it.
   */
  public String reason() {
    return reason;
  }
}
