package dev.regdoctor.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

  @Nested
  class Parsing {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        nullValues = "null",
        textBlock =
            """
            linux/amd64          | linux   | amd64    | null   | linux/amd64
            linux/arm64/v8       | linux   | arm64    | v8     | linux/arm64/v8
            linux/arm/v7         | linux   | arm      | v7     | linux/arm/v7
            windows/amd64        | windows | amd64    | null   | windows/amd64
            Linux/AMD64          | linux   | amd64    | null   | linux/amd64
            linux/aarch64        | linux   | aarch64  | null   | linux/aarch64
            linux/x86_64         | linux   | x86_64   | null   | linux/x86_64
            linux/riscv64        | linux   | riscv64  | null   | linux/riscv64
            linux/arm64/v8.0     | linux   | arm64    | v8.0   | linux/arm64/v8.0
            """)
    void parsesOsArchitectureAndVariant(
        String text, String os, String architecture, @Nullable String variant, String printed) {
      Platform platform = Platform.parse(text);

      assertThat(platform.os()).isEqualTo(os);
      assertThat(platform.architecture()).isEqualTo(architecture);
      assertThat(platform.variant()).isEqualTo(variant);
      assertThat(platform).hasToString(printed);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
        strings = {
          "",
          "linux",
          "/amd64",
          "linux/",
          "linux//v7",
          "linux/arm/v7/x",
          "linux/am d64",
          "linux/amd64/",
          "windows(10.0.17763)/amd64",
          "linux/\u00e4md64"
        })
    void rejectsInvalidTextNamingIt(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Platform.parse(text))
          .withMessageContaining("\"" + text + "\"");
    }

    @Test
    void rejectsInvalidPartsNamingThem() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Platform.of("Linux", "amd64", null))
          .withMessage("os must match [a-z0-9._-]+ but was \"Linux\"");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Platform.of("linux", "amd64", ""))
          .withMessage("variant must match [a-z0-9._-]+ but was \"\"");
      assertThatNullPointerException()
          .isThrownBy(() -> Platform.of("linux", null, null))
          .withMessage("architecture");
    }

    @Test
    void defaultIsLinuxAmd64() {
      assertThat(Platform.DEFAULT).isEqualTo(Platform.parse("linux/amd64"));
    }
  }

  @Nested
  class Matching {

    @ParameterizedTest(name = "{0} vs {1}/{2}/{3} -> {4}")
    @CsvSource(
        delimiter = '|',
        nullValues = "null",
        textBlock =
            """
            linux/amd64      | linux   | amd64   | null  | true
            linux/amd64      | linux   | x86_64  | null  | true
            linux/amd64      | linux   | x86-64  | null  | true
            linux/x86_64     | linux   | amd64   | null  | true
            linux/amd64      | linux   | amd64   | v1    | true
            linux/amd64      | linux   | amd64   | v2    | false
            linux/amd64      | windows | amd64   | null  | false
            linux/amd64      | linux   | arm64   | null  | false
            linux/arm64      | linux   | arm64   | v8    | true
            linux/arm64      | linux   | arm64   | null  | true
            linux/arm64      | linux   | arm64   | ''    | true
            linux/arm64/v8   | linux   | arm64   | null  | true
            linux/aarch64    | linux   | arm64   | v8    | true
            linux/arm64      | linux   | aarch64 | null  | true
            linux/arm64      | linux   | arm64   | v9    | false
            linux/arm64/9    | linux   | arm64   | v9    | true
            linux/arm64      | linux   | arm     | v7    | false
            linux/arm        | linux   | arm     | v7    | true
            linux/arm/7      | linux   | arm     | v7    | true
            linux/arm/v7     | linux   | arm     | null  | true
            linux/arm/v6     | linux   | arm     | v7    | false
            linux/arm/6      | linux   | arm     | v6    | true
            linux/armhf      | linux   | arm     | v7    | true
            linux/armel      | linux   | arm     | v6    | true
            linux/armel      | linux   | arm     | v7    | false
            linux/386        | linux   | i386    | null  | true
            darwin/arm64     | macos   | arm64   | null  | true
            linux/amd64      | Linux   | AMD64   | null  | true
            linux/s390x      | linux   | s390x   | null  | true
            """)
    void normalisesLikeContainerd(
        String requested,
        String os,
        String architecture,
        @Nullable String variant,
        boolean matches) {
      assertThat(Platform.parse(requested).matches(os, architecture, variant)).isEqualTo(matches);
    }

    @Test
    void normalizedAppliesTheSameRules() {
      assertThat(Platform.parse("linux/aarch64/v8").normalized())
          .isEqualTo(Platform.of("linux", "arm64", null));
      assertThat(Platform.parse("linux/armhf").normalized()).hasToString("linux/arm/v7");
      assertThat(Platform.parse("linux/x86_64").normalized()).isEqualTo(Platform.DEFAULT);
      assertThat(Platform.parse("macos/arm64").normalized()).hasToString("darwin/arm64");
    }
  }

  @SeededProperty(cases = 1000)
  void parseOfToStringRoundTrips(long seed) {
    Platform platform = platform(new Gen(seed));
    assertThat(Platform.parse(platform.toString())).isEqualTo(platform);
  }

  @SeededProperty(cases = 1000)
  void normalizedMatchesItself(long seed) {
    Platform platform = platform(new Gen(seed));
    Platform normalized = platform.normalized();

    assertThat(normalized.normalized()).isEqualTo(normalized);
    assertThat(platform.matches(normalized.os(), normalized.architecture(), normalized.variant()))
        .isTrue();
  }

  private static Platform platform(Gen gen) {
    return new Platform(component(gen), component(gen), gen.orNull(0.5, () -> component(gen)));
  }

  private static String component(Gen gen) {
    return gen.bool()
        ? gen.string("abcdefghijklmnopqrstuvwxyz0123456789._-", 1, 10)
        : gen.pick(
            "linux", "windows", "darwin", "macos", "amd64", "x86_64", "arm64", "aarch64", "arm",
            "armhf", "armel", "i386", "v7", "v8", "8", "9");
  }
}
