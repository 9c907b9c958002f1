package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real docker-registry serving HTTPS with a certificate from a test CA. */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsRegistryIT {
  private static final String CA_NAME = "Registry Doctor IT CA";

  private RegistryProcess registry;
  private SeededImage image;
  private Path caPem;

  @BeforeAll
  void start(@TempDir Path directory) throws Exception {
    RegistryBinary.require();
    HeldCertificate ca =
        new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName(CA_NAME)
            .ecdsa256()
            .build();
    HeldCertificate server =
        new HeldCertificate.Builder()
            .commonName("registry.test")
            .addSubjectAlternativeName("registry.test")
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(ca)
            .ecdsa256()
            .build();
    caPem = Files.writeString(directory.resolve("ca.pem"), ca.certificatePem());
    registry = RegistryProcess.builder().tls(server).start();
    image =
        ImageSeeder.to(registry.baseUrl())
            .withTrustedCertificate(ca.certificate())
            .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private ProbeResult check(String host, UnaryOperator<ProbeSettings.Builder> tweak) {
    ProbeSettings.Builder settings =
        ProbeSettings.builder()
            .resolve(ResolveOverride.parse("registry.test:*:127.0.0.1"))
            .timeout(Duration.ofSeconds(10));
    try (RegistryClient client = RegistryClient.create(tweak.apply(settings).build())) {
      return client.check(
          host + ":" + registry.port() + "/team/app:1.0", CredentialResolver.anonymous());
    }
  }

  @Test
  void caFileMakesTheRegistryTrusted() {
    ProbeResult result = check("registry.test", settings -> settings.caCertificate(caPem));

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.requests()).isEqualTo(2);
    assertThat(result.manifest().digest()).isEqualTo(image.digest());
    assertThat(result.tlsVerified()).isTrue();
    assertThat(result.tls().protocol()).startsWith("TLSv1.");
    assertThat(result.tls().issuer()).contains("CN=" + CA_NAME);
    assertThat(result.tls().subjectAlternativeNames())
        .containsExactly("registry.test", "127.0.0.1");
  }

  @Test
  void withoutTheCaFileTheRegistryIsUntrusted() {
    ProbeResult result = check("registry.test", settings -> settings);

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.TLS_UNTRUSTED);
    assertThat(failure.summary()).contains("(issued by CN=" + CA_NAME + ")");
    assertThat(result.step(StepName.TLS).orElseThrow().status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  void loopbackAddressIsAnInsecureRegistryWhoseUntrustedCertificateIsAcceptedAsByDocker() {
    // Docker Engine API, RegistryServiceConfig.InsecureRegistryCIDRs: "Insecure registries accept
    // un-encrypted (HTTP) and/or untrusted (HTTPS with certificates from unknown CAs)
    // communication. By default, local registries (::1/128 and 127.0.0.0/8) are configured as
    // insecure."
    ProbeResult result = check("127.0.0.1", settings -> settings);

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.tlsVerified()).isFalse();
    assertThat(result.endpoint().scheme()).isEqualTo("https");
    assertThat(result.step(StepName.ENDPOINT).orElseThrow().detail())
        .contains("loopback: plain HTTP allowed, TLS not verified");
  }

  @Test
  void insecureRegistryIsReachedWithoutVerification() {
    ProbeResult result =
        check(
            "registry.test",
            settings -> settings.insecureRegistry("registry.test:" + registry.port()));

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.tlsVerified()).isFalse();
    assertThat(result.usedPlainHttp()).isFalse();
  }

  @Test
  void plainHttpSentToTheHttpsPortIsHttpsRequired() {
    ProbeResult result =
        check(
            "registry.test",
            settings -> settings.plainHttpRegistry("registry.test:" + registry.port()));

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.HTTPS_REQUIRED);
    assertThat(failure.summary())
        .isEqualTo("registry.test:" + registry.port() + " expects HTTPS but was sent plain HTTP");
  }
}
