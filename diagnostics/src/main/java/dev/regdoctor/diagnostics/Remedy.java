package dev.regdoctor.diagnostics;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One remediation step: what to do, and the exact command when there is one, with the real host,
 * repository and secret names filled in (e.g. {@code docker login registry.example.com}).
 *
 * @param text what to do, in the report's language
 * @param command the command to run, or {@code null}
 */
public record Remedy(String text, @Nullable String command) {

  /** Validates the fields. */
  public Remedy {
    requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("remedy text must not be blank");
    }
  }

  /** Returns the command when there is one. */
  public Optional<String> commandLine() {
    return Optional.ofNullable(command);
  }
}
