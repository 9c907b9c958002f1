package dev.regdoctor.reference;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A platform an image can be built for: operating system, CPU architecture and optional variant, as
 * in {@code linux/amd64} or {@code linux/arm64/v8}.
 *
 * <p>Values hold what was given (lowercase); {@link #matches} and {@link #normalized()} apply
 * containerd's normalisation, so {@code linux/aarch64} matches a manifest entry {@code
 * linux/arm64/v8}. Instances are immutable and thread-safe.
 *
 * @param os the operating system, such as {@code linux} or {@code windows}
 * @param architecture the CPU architecture, such as {@code amd64} or {@code arm64}
 * @param variant the CPU variant, such as {@code v8}, or {@code null} if none is given
 * @see <a href="https://github.com/containerd/platforms">containerd platforms</a>
 */
public record Platform(String os, String architecture, @Nullable String variant) {

  /** The platform assumed when none is requested: {@code linux/amd64}. */
  public static final Platform DEFAULT = new Platform("linux", "amd64", null);

  private static final String COMPONENT_RULE = "[a-z0-9._-]+";

  /**
   * Validates the parts.
   *
   * @throws NullPointerException if {@code os} or {@code architecture} is null
   * @throws IllegalArgumentException if a part is empty or not made of lowercase letters, digits,
   *     {@code .}, {@code _} and {@code -}; the message names the part and its value
   */
  public Platform {
    requireNonNull(os, "os");
    requireNonNull(architecture, "architecture");
    checkComponent("os", os);
    checkComponent("architecture", architecture);
    if (variant != null) {
      checkComponent("variant", variant);
    }
  }

  /**
   * Parses {@code os/architecture} or {@code os/architecture/variant}, such as {@code linux/amd64}
   * or {@code linux/arm64/v8}. Letters are lowercased, as containerd does; nothing else is
   * normalised ({@code linux/aarch64} keeps {@code aarch64}).
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} does not have two or three non-empty parts of
   *     letters, digits, {@code .}, {@code _} and {@code -}; the message quotes {@code text}
   */
  public static Platform parse(String text) {
    requireNonNull(text, "text");
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "platform must be os/architecture[/variant] but was \"" + text + "\"");
    }
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].toLowerCase(Locale.ROOT);
      if (!isComponent(parts[i])) {
        throw new IllegalArgumentException(
            "platform must be os/architecture[/variant], each part matching "
                + COMPONENT_RULE
                + ", but was \""
                + text
                + "\"");
      }
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /**
   * Returns the platform with these parts.
   *
   * @throws NullPointerException if {@code os} or {@code architecture} is null
   * @throws IllegalArgumentException if a part is invalid, as the constructor describes
   */
  public static Platform of(String os, String architecture, @Nullable String variant) {
    return new Platform(os, architecture, variant);
  }

  /**
   * Returns the platform as containerd normalises it: {@code macos} becomes {@code darwin}; {@code
   * x86_64} and {@code x86-64} become {@code amd64} (variant {@code v1} dropped); {@code aarch64}
   * becomes {@code arm64}, whose default variant {@code v8} is dropped and {@code 9}/{@code v9.0}
   * become {@code v9}; {@code armhf} becomes {@code arm/v7} and {@code armel} {@code arm/v6};
   * {@code arm} without variant means {@code arm/v7}; {@code i386} becomes {@code 386}.
   */
  public Platform normalized() {
    Arch arch = normalizeArch(architecture, variant);
    return new Platform(normalizeOs(os), arch.architecture(), arch.variant());
  }

  /**
   * Returns whether a manifest list entry with these values serves this platform: both sides are
   * normalised as {@link #normalized()} describes, then compared exactly. So {@code linux/arm64}
   * matches entries {@code linux/arm64/v8} and {@code linux/arm64}, but not {@code linux/arm/v7}.
   * Case is ignored and an empty {@code variant} counts as none.
   *
   * @param os the entry's {@code os}, such as {@code linux}
   * @param architecture the entry's {@code architecture}, such as {@code arm64}
   * @param variant the entry's {@code variant}, or {@code null} if it has none
   * @throws NullPointerException if {@code os} or {@code architecture} is null
   */
  public boolean matches(String os, String architecture, @Nullable String variant) {
    requireNonNull(os, "os");
    requireNonNull(architecture, "architecture");
    Platform self = normalized();
    Arch other = normalizeArch(architecture, variant);
    return self.os.equals(normalizeOs(os))
        && self.architecture.equals(other.architecture())
        && Objects.equals(self.variant, other.variant());
  }

  /**
   * Returns {@code os/architecture} or {@code os/architecture/variant}, as {@link #parse} reads.
   */
  @Override
  public String toString() {
    return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }

  private static String normalizeOs(String os) {
    String lower = os.toLowerCase(Locale.ROOT);
    return lower.equals("macos") ? "darwin" : lower;
  }

  /** An architecture and variant after normalisation; a null variant means none. */
  private record Arch(String architecture, @Nullable String variant) {}

  private static Arch normalizeArch(String architecture, @Nullable String variant) {
    String arch = architecture.toLowerCase(Locale.ROOT);
    String v = variant == null || variant.isEmpty() ? null : variant.toLowerCase(Locale.ROOT);
    switch (arch) {
      case "i386":
        return new Arch("386", null);
      case "x86_64":
      case "x86-64":
      case "amd64":
        return new Arch("amd64", "v1".equals(v) ? null : v);
      case "aarch64":
      case "arm64":
        if (v == null || v.equals("8") || v.equals("v8") || v.equals("v8.0")) {
          return new Arch("arm64", null);
        }
        if (v.equals("9") || v.equals("9.0") || v.equals("v9.0")) {
          return new Arch("arm64", "v9");
        }
        return new Arch("arm64", v);
      case "armhf":
        return new Arch("arm", "v7");
      case "armel":
        return new Arch("arm", "v6");
      case "arm":
        if (v == null || v.equals("7")) {
          return new Arch("arm", "v7");
        }
        if (v.equals("5") || v.equals("6") || v.equals("8")) {
          return new Arch("arm", "v" + v);
        }
        return new Arch("arm", v);
      default:
        return new Arch(arch, v);
    }
  }

  private static void checkComponent(String name, String value) {
    if (!isComponent(value)) {
      throw new IllegalArgumentException(
          name + " must match " + COMPONENT_RULE + " but was \"" + value + "\"");
    }
  }

  private static boolean isComponent(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
