package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

/**
 * Thrown by {@link ProbeSettings.Builder} when a registry entry is not in the form its setting
 * takes, for example an {@link ProbeSettings.Builder#insecureRegistry insecure registry} with a
 * port out of range or a {@link ProbeSettings.Builder#plainHttpRegistry plain-HTTP registry}
 * without a port.
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
