package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a registry error body {@code {"errors":[{"code","message","detail"}]}}, such as
 * {@code MANIFEST_UNKNOWN} or {@code DENIED}.
 *
 * @param code the OCI error code, upper case, e.g. {@code NAME_UNKNOWN}
 * @param message the registry's message, possibly empty
 * @param detail the {@code detail} value rendered as compact JSON, or {@code null}
 */
public record RegistryError(String code, String message, @Nullable String detail) {

  /** Validates the fields. */
  public RegistryError {
    requireNonNull(code, "code");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message.isEmpty() ? code : code + ": " + message;
  }
}
