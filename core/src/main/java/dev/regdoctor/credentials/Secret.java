package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A password, token or other secret value. Its {@code toString} is always {@code <redacted>}, so a
 * secret held in a record or collection never reaches a log line, exception message or report.
 *
 * <p>Instances are immutable and thread-safe. Equality compares the values in constant time.
 */
public final class Secret {
  private static final String REDACTED = "<redacted>";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Returns a secret holding {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static Secret of(String value) {
    requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    return new Secret(value);
  }

  /**
   * Returns the secret value. Call it only where the value is sent to the registry or its token
   * service; never log or print the result.
   */
  public String reveal() {
    return value;
  }

  /** Returns the length of the secret, which is safe to show (e.g. to spot an empty paste). */
  public int length() {
    return value.length();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), secret.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0x5ec7e7;
  }

  /** Returns {@code <redacted>}. */
  @Override
  public String toString() {
    return REDACTED;
  }
}
