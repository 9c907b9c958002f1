package dev.regdoctor.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DoctorSettingsTest {
  private static final Function<String, Optional<String>> NONE = name -> Optional.empty();

  static Function<String, Optional<String>> parameters(Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name));
  }

  /**
   * Returns the first {@code @RequiresRegistry} on the method {@code name} of {@link Annotated}.
   */
  static RequiresRegistry annotation(String name) {
    try {
      return Annotated.class.getDeclaredMethod(name)
          .getAnnotationsByType(RequiresRegistry.class)[0];
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  /**
   * A missing Docker configuration: stricter than the library (which checks anonymously, as Docker
   * does), while an existing directory without config.json is "no configuration" in both (review
   * 16, finding 15).
   */
  @Nested
  class DockerConfigPath {
    @Test
    void aPathThatDoesNotExistIsAConfigurationErrorThatSaysHowToCheckAnonymously(
        @org.junit.jupiter.api.io.TempDir Path dir) {
      Path missing = dir.resolve("no-such-docker-config");
      DoctorSettings settings = withDockerConfig(missing);

      assertThatThrownBy(settings::newDoctor)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("docker config " + missing + " does not exist;")
          .hasMessageContaining("an empty directory means no configuration");
    }

    @Test
    void anEmptyDirectoryIsNoConfigurationAsInTheLibrary(
        @org.junit.jupiter.api.io.TempDir Path dir) {
      try (var doctor = withDockerConfig(dir).newDoctor()) {
        assertThat(doctor.toString()).contains("credentials=docker config " + dir);
      }
    }

    private DoctorSettings withDockerConfig(Path path) {
      DoctorSettings defaults = DoctorSettings.defaults();
      return new DoctorSettings(
          defaults.timeout(),
          defaults.platform(),
          defaults.insecureRegistries(),
          defaults.plainHttpRegistries(),
          defaults.caFiles(),
          path,
          defaults.locale());
    }
  }

  @Nested
  class Defaults {
    @Test
    void withoutAttributesOrParametersAreTheDefaults() {
      DoctorSettings settings = DoctorSettings.resolve(annotation("plain"), NONE);

      assertThat(settings).isEqualTo(DoctorSettings.defaults());
      assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(settings.platform()).isEqualTo("linux/amd64");
      assertThat(settings.insecureRegistries()).isEmpty();
      assertThat(settings.plainHttpRegistries()).isEmpty();
      assertThat(settings.caFiles()).isEmpty();
      assertThat(settings.dockerConfig()).isNull();
      assertThat(settings.locale()).isEqualTo(Locale.getDefault());
    }

    @Test
    void blankParametersCountAsUnset() {
      DoctorSettings settings =
          DoctorSettings.resolve(
              annotation("plain"),
              parameters(
                  Map.of(
                      RegistryDoctorExtension.TIMEOUT_PARAMETER, " ",
                      RegistryDoctorExtension.PLATFORM_PARAMETER, "",
                      RegistryDoctorExtension.INSECURE_REGISTRIES_PARAMETER, " , ,")));

      assertThat(settings).isEqualTo(DoctorSettings.defaults());
    }
  }

  @Nested
  class Sources {
    private final Map<String, String> values =
        Map.of(
            RegistryDoctorExtension.TIMEOUT_PARAMETER,
            "2s",
            RegistryDoctorExtension.PLATFORM_PARAMETER,
            "Linux/ARM64/v8",
            RegistryDoctorExtension.INSECURE_REGISTRIES_PARAMETER,
            "b.example.com, A.example.com:5000,10.0.0.0/8",
            RegistryDoctorExtension.PLAIN_HTTP_REGISTRIES_PARAMETER,
            "localhost:5000",
            RegistryDoctorExtension.CA_FILES_PARAMETER,
            "certs/ca.pem",
            RegistryDoctorExtension.DOCKER_CONFIG_PARAMETER,
            "ci/.docker",
            RegistryDoctorExtension.LOCALE_PARAMETER,
            "zh-CN",
            "registry.host",
            "registry.example.com:5000",
            "user",
            "alice");

    @Test
    void parametersApplyWithoutAnnotation() {
      DoctorSettings settings = DoctorSettings.resolve(null, parameters(values));

      assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(settings.platform()).isEqualTo("linux/arm64/v8");
      assertThat(settings.insecureRegistries())
          .containsExactly("10.0.0.0/8", "a.example.com:5000", "b.example.com");
      assertThat(settings.plainHttpRegistries()).containsExactly("localhost:5000");
      assertThat(settings.caFiles()).containsExactly(Path.of("certs/ca.pem").toAbsolutePath());
      assertThat(settings.dockerConfig()).isEqualTo(Path.of("ci/.docker").toAbsolutePath());
      assertThat(settings.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    void parametersApplyWhenAttributesAreUnset() {
      assertThat(DoctorSettings.resolve(annotation("plain"), parameters(values)))
          .isEqualTo(DoctorSettings.resolve(null, parameters(values)));
    }

    @Test
    void attributesWinOverParametersAndListsCombine() {
      DoctorSettings settings = DoctorSettings.resolve(annotation("full"), parameters(values));

      assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(750));
      assertThat(settings.platform()).isEqualTo("windows/amd64");
      assertThat(settings.insecureRegistries())
          .containsExactly("10.0.0.0/8", "a.example.com:5000", "b.example.com", "c.example.com");
      assertThat(settings.plainHttpRegistries())
          .containsExactly("localhost:5000", "registry.example.com:5000");
      assertThat(settings.caFiles())
          .containsExactlyInAnyOrder(
              Path.of("certs/ca.pem").toAbsolutePath(), Path.of("/etc/ssl/team.pem"));
      assertThat(settings.dockerConfig()).isEqualTo(Path.of("/home/alice/.docker"));
      assertThat(settings.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    void equalSettingsAreEqualKeysWhateverTheOrderAndCase() {
      DoctorSettings one =
          DoctorSettings.resolve(
              null,
              parameters(
                  Map.of(
                      RegistryDoctorExtension.INSECURE_REGISTRIES_PARAMETER,
                      "b.example.com,A.example.com",
                      RegistryDoctorExtension.TIMEOUT_PARAMETER,
                      "10s")));
      DoctorSettings other =
          DoctorSettings.resolve(
              null,
              parameters(
                  Map.of(
                      RegistryDoctorExtension.INSECURE_REGISTRIES_PARAMETER,
                      "a.example.com, b.example.com, a.example.com",
                      RegistryDoctorExtension.TIMEOUT_PARAMETER,
                      "PT10S")));

      assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
      assertThat(new ReportKey("localhost:5000/app:1", one))
          .isEqualTo(new ReportKey("localhost:5000/app:1", other));
      assertThat(new ReportKey("localhost:5000/app:1", one))
          .isNotEqualTo(new ReportKey("localhost:5000/app:2", other));
    }
  }

  @Nested
  class Errors {
    @Test
    void invalidTimeoutAttributeNamesTheAnnotation() {
      assertThatThrownBy(() -> DoctorSettings.resolve(annotation("badTimeout"), NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "timeout of @RequiresRegistry(\"localhost:5000/app:1\") must be a duration such as"
                  + " 500ms, 10s, 2m or PT10S but was \"soon\"");
    }

    @Test
    void invalidTimeoutParameterNamesTheParameter() {
      assertThatThrownBy(
              () ->
                  DoctorSettings.resolve(
                      annotation("plain"),
                      parameters(Map.of(RegistryDoctorExtension.TIMEOUT_PARAMETER, "0s"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("regdoctor.timeout must be positive but was 0s");
    }

    @Test
    void invalidPlatformNamesTheAttribute() {
      assertThatThrownBy(() -> DoctorSettings.resolve(annotation("badPlatform"), NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "platform of @RequiresRegistry(\"localhost:5000/app:1\"): platform must be"
                  + " os/architecture[/variant]");
    }

    @Test
    void invalidPlatformParameterNamesTheParameter() {
      assertThatThrownBy(
              () ->
                  DoctorSettings.resolve(
                      null,
                      parameters(Map.of(RegistryDoctorExtension.PLATFORM_PARAMETER, "arm64"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("regdoctor.platform: platform must be os/architecture[/variant]");
    }

    @Test
    void invalidLocaleNamesTheParameter() {
      assertThatThrownBy(
              () ->
                  DoctorSettings.resolve(
                      null, parameters(Map.of(RegistryDoctorExtension.LOCALE_PARAMETER, "zh_CN!"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "regdoctor.locale must be a language tag such as en or zh-CN but was \"zh_CN!\"");
    }

    @Test
    void placeholderWithoutValueInAnAttributeIsAnError() {
      assertThatThrownBy(() -> DoctorSettings.resolve(annotation("full"), NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no value: set the configuration parameter");
    }
  }

  @SuppressWarnings("unused")
  static class Annotated {
    @RequiresRegistry("localhost:5000/app:1")
    void plain() {}

    @RequiresRegistry(
        value = "localhost:5000/app:1",
        timeout = "750ms",
        platform = "windows/amd64",
        insecureRegistries = {"C.example.com", " b.example.com "},
        plainHttpRegistries = "${registry.host}",
        caFiles = "/etc/ssl/team.pem",
        dockerConfig = "/home/${user}/.docker")
    void full() {}

    @RequiresRegistry(value = "localhost:5000/app:1", timeout = "soon")
    void badTimeout() {}

    @RequiresRegistry(value = "localhost:5000/app:1", platform = "linux")
    void badPlatform() {}
  }
}
