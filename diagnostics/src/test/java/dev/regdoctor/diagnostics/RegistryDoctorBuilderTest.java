package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.probe.InvalidSettingException;
import dev.regdoctor.probe.ProbeSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder as a library user meets it (review 16, findings 7, 8 and 11). */
class RegistryDoctorBuilderTest {
  /**
   * Test-only, not a key: the armour line of a PEM private key with no body, the kind of file a
   * user may give as a CA file by mistake. Nothing here is secret or usable as a key.
   */
  private static final String TEST_ONLY_KEY_HEADER = "-----BEGIN PRIVATE KEY-----\n";

  /** Each setter rejects a bad value itself, under its own name, with one exception type. */
  @Nested
  class SetterErrors {
    @Test
    void aCaFileThatDoesNotExistIsRejectedByCaFileNotByBuild(@TempDir Path dir) {
      Path missing = dir.resolve("nope.crt");
      RegistryDoctor.Builder builder = RegistryDoctor.builder();

      assertThatThrownBy(() -> builder.caFile(missing))
          .isInstanceOfSatisfying(
              InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo("caFile"))
          .hasMessage("caFile: '" + missing + "' cannot be read (NoSuchFileException)");
    }

    @Test
    void aCaFileThatHoldsNoCertificateIsRejectedByCaFile(@TempDir Path dir) throws Exception {
      Path key = Files.writeString(dir.resolve("test-only-not-a-key.pem"), TEST_ONLY_KEY_HEADER);

      assertThatThrownBy(() -> RegistryDoctor.builder().caFile(key))
          .isInstanceOf(InvalidSettingException.class)
          .hasMessageStartingWith("caFile: '" + key + "' ")
          .hasMessageNotContaining("caCertificate");
    }

    @Test
    void aMalformedResolveIsAnInvalidSettingWithoutTheCommandLineFlag() {
      assertThatThrownBy(() -> RegistryDoctor.builder().resolve("bogus"))
          .isInstanceOfSatisfying(
              InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo("resolve"))
          .hasMessage(
              "resolve: 'bogus' is not HOST:PORT:ADDRESS, e.g. registry.example.com:443:127.0.0.1"
                  + " (two colons are needed, as in HOST:PORT:ADDRESS)");
    }

    @Test
    void aNullPasswordIsANullPointerExceptionNamingThePassword() {
      assertThatThrownBy(() -> RegistryDoctor.builder().credentials("alice", (String) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("password");
    }

    @Test
    void anEmptyPasswordIsAnInvalidSettingThatShowsNoValue() {
      assertThatThrownBy(() -> RegistryDoctor.builder().credentials("alice", ""))
          .isInstanceOfSatisfying(
              InvalidSettingException.class, e -> assertThat(e.value()).isEmpty())
          .hasMessage("credentials: password must not be empty");
    }

    @Test
    void aTimeoutThatIsNotPositiveIsAnInvalidSettingNamingTheSetter() {
      assertThatThrownBy(() -> RegistryDoctor.builder().timeout(Duration.ZERO))
          .isInstanceOf(InvalidSettingException.class)
          .hasMessage("timeout: 'PT0S' must be positive");
    }

    @Test
    void aProxyWithoutAHostIsAnInvalidSettingThatHidesUserInfo() {
      assertThatThrownBy(() -> RegistryDoctor.builder().proxy(URI.create("puser:pw@proxy")))
          .isInstanceOf(InvalidSettingException.class)
          .hasMessageStartingWith("proxy: '")
          .hasMessageNotContaining("pw@");
    }
  }

  /** Review 16, finding 11: a timeout set before settings(…) was lost. */
  @Test
  void probeSettingCallsApplyOnTopOfSettingsWhetherMadeBeforeOrAfterIt() {
    ProbeSettings value = ProbeSettings.builder().timeout(Duration.ofSeconds(20)).build();

    RegistryDoctor.Builder before =
        RegistryDoctor.builder()
            .locale(Locale.ENGLISH)
            .timeout(Duration.ofMillis(500))
            .insecureRegistry("registry.local")
            .settings(value);
    RegistryDoctor.Builder after =
        RegistryDoctor.builder()
            .locale(Locale.ENGLISH)
            .settings(value)
            .timeout(Duration.ofMillis(500))
            .insecureRegistry("registry.local");

    assertThat(before.toString())
        .contains("timeout=500 ms", "connectTimeout=500 ms", "insecureRegistries=[registry.local]")
        .isEqualTo(after.toString());
  }

  /** Review 16, finding 8: RegistryDoctor@4b5a5ed1 said nothing. */
  @Test
  void toStringSaysWhatWasConfiguredAndNoSecret() {
    RegistryDoctor.Builder builder =
        RegistryDoctor.builder()
            .credentials("alice", "s3cret-canary")
            .timeout(Duration.ofMillis(1500))
            .locale(Locale.ENGLISH)
            .resolve("registry.example.com:443:127.0.0.1")
            .proxy(URI.create("http://puser:proxy-canary@127.0.0.1:3128"));

    try (RegistryDoctor doctor = builder.build()) {
      assertThat(doctor.toString())
          .isEqualTo(
              "RegistryDoctor[credentials=explicit (user alice), runtime=docker (default),"
                  + " timeout=1.5 s, connectTimeout=1.5 s, platform=linux/amd64, locale=en,"
                  + " concurrency=8, resolve=[registry.example.com:443:127.0.0.1],"
                  + " proxy=http://127.0.0.1:3128]");
      assertThat(builder.toString())
          .isEqualTo(doctor.toString().replace("RegistryDoctor[", "RegistryDoctor.Builder["))
          .doesNotContain("canary");
    }
  }
}
