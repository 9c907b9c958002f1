package dev.regdoctor.testkit;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * An image platform as it appears in image configs and index entries, e.g. {@code linux/arm64/v8}.
 *
 * @param os the operating system, e.g. {@code linux}
 * @param architecture the CPU architecture in Go's spelling, e.g. {@code amd64}, {@code arm64}
 * @param variant the CPU variant, e.g. {@code v8} or {@code v7}, or {@code null} for none
 */
public record Platform(String os, String architecture, @Nullable String variant) {

  /** {@code linux/amd64}. */
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

  /** {@code linux/arm64/v8}. */
  public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "v8");

  /** {@code linux/arm/v7}. */
  public static final Platform LINUX_ARM_V7 = new Platform("linux", "arm", "v7");

  /** Validates that os and architecture are non-blank and the variant, if any, too. */
  public Platform {
    requireNonNull(os, "os");
    requireNonNull(architecture, "architecture");
    if (os.isBlank() || architecture.isBlank() || (variant != null && variant.isBlank())) {
      throw new IllegalArgumentException(
          "platform parts must not be blank but were os="
              + os
              + ", architecture="
              + architecture
              + ", variant="
              + variant);
    }
  }

  /** Returns the platform {@code os/architecture} without a variant. */
  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, null);
  }

  /**
   * Parses {@code os/architecture[/variant]}, e.g. {@code linux/arm64/v8}.
   *
   * @throws IllegalArgumentException if {@code text} does not have two or three non-blank parts
   */
  public static Platform parse(String text) {
    requireNonNull(text, "text");
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "platform must be os/architecture[/variant] but was " + text);
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /** Returns {@code os/architecture[/variant]}. */
  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
