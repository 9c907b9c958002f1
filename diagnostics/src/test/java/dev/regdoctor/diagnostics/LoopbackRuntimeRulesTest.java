package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.testkit.EmbeddedRegistry;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 16, findings 1 and 10: a {@code localhost:PORT} registry under Docker's rules chosen
 * explicitly, and the loopback note under the rules in effect. dockerd resolves the registry's name
 * and treats 127.0.0.0/8 and ::1 as insecure (plain HTTP allowed, TLS not verified), so {@code
 * --runtime docker} must agree with the default check: OK, no RUNTIME_MISMATCH blaming Docker.
 * Every configuration file is an empty one of the test's, so the machine's files play no part. The
 * plain-HTTP registry is Debian's {@code docker-registry}: skipped with a reason when it is absent,
 * a failure with {@code CI=true}.
 */
@Timeout(60)
class LoopbackRuntimeRulesTest {
  @TempDir Path dir;

  private final HeldCertificate selfSigned =
      new HeldCertificate.Builder()
          .commonName("localhost")
          .addSubjectAlternativeName("localhost")
          .addSubjectAlternativeName("127.0.0.1")
          .build();

  /**
   * A real registry for plain HTTP: the in-process one stalls on a TLS ClientHello, where Go's
   * answers at once, and the other runtimes' probes would wait for their deadline.
   */
  private RegistryProcess plain;

  private EmbeddedRegistry tls;

  @BeforeEach
  void startRegistries() throws Exception {
    RegistryBinary.require();
    plain =
        RegistryProcess.builder().workIn(Files.createDirectories(dir.resolve("registry"))).start();
    tls = EmbeddedRegistry.builder().tls(selfSigned).start();
    ImageSeeder.to(plain.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
    ImageSeeder.to(tls.baseUrl())
        .withTrustedCertificate(selfSigned.certificate())
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
  }

  @AfterEach
  void stopRegistries() {
    plain.close();
    tls.close();
  }

  private RegistryDoctor.Builder isolated(Locale locale) throws Exception {
    return RegistryDoctor.builder()
        .credentials(CredentialResolver.anonymous())
        .daemonJson(Files.writeString(dir.resolve("daemon.json"), "{}"))
        .hostsDir(Files.createDirectories(dir.resolve("certs.d")))
        .registriesConf(Files.writeString(dir.resolve("registries.conf"), ""))
        .certsDir(Files.createDirectories(dir.resolve("containers-certs.d")))
        .timeout(Duration.ofSeconds(10))
        .locale(locale);
  }

  private Report check(String image, @org.jspecify.annotations.Nullable ContainerRuntime runtime)
      throws Exception {
    RegistryDoctor.Builder builder = isolated(Locale.ENGLISH);
    if (runtime != null) {
      builder.runtime(runtime);
    }
    try (RegistryDoctor doctor = builder.build()) {
      return doctor.check(image);
    }
  }

  private static Finding insecureNote(Report report) {
    return report.findings().stream()
        .filter(finding -> finding.code() == DiagnosisCode.INSECURE_REGISTRY)
        .findFirst()
        .orElseThrow();
  }

  private static String endpointStep(Report report) {
    return report.probe().step(StepName.ENDPOINT).orElseThrow().detail();
  }

  @Test
  void dockerRulesPullAPlainHttpLocalhostRegistryAsTheDefaultCheckDoes() throws Exception {
    String hostPort = "localhost:" + plain.port();
    String image = hostPort + "/team/app:1.0";

    Report chosen = check(image, ContainerRuntime.DOCKER);
    Report byDefault = check(image, null);

    assertThat(chosen.verdict().code()).as("%s", chosen).isEqualTo(DiagnosisCode.OK);
    assertThat(byDefault.verdict().code()).isEqualTo(DiagnosisCode.OK);
    assertThat(chosen.pullsFrom()).contains("http://" + hostPort);
    assertThat(chosen.findings())
        .filteredOn(finding -> finding.code() == DiagnosisCode.RUNTIME_MISMATCH)
        .allSatisfy(finding -> assertThat(finding.summary()).doesNotContain("but docker cannot"));
    assertThat(endpointStep(chosen))
        .isEqualTo(endpointStep(byDefault))
        .isEqualTo(
            "http://" + hostPort + " (loopback: plain HTTP allowed, used after HTTPS failed)");
    Finding note = insecureNote(chosen);
    assertThat(note.severity()).isEqualTo(Severity.INFO);
    assertThat(note.summary())
        .isEqualTo(insecureNote(byDefault).summary())
        .isEqualTo(
            hostPort + " is on this machine (loopback), where Docker allows plain HTTP by default");
  }

  @Test
  void dockerRulesPullASelfSignedLocalhostRegistryWithoutVerifyingIt() throws Exception {
    String hostPort = "localhost:" + tls.port();
    String image = hostPort + "/team/app:1.0";

    Report chosen = check(image, ContainerRuntime.DOCKER);
    Report byDefault = check(image, null);

    assertThat(chosen.verdict().code()).as("%s", chosen).isEqualTo(DiagnosisCode.OK);
    assertThat(byDefault.verdict().code()).isEqualTo(DiagnosisCode.OK);
    assertThat(chosen.pullsFrom()).contains("https://" + hostPort);
    assertThat(chosen.findings())
        .filteredOn(finding -> finding.code() == DiagnosisCode.RUNTIME_MISMATCH)
        .allSatisfy(finding -> assertThat(finding.summary()).doesNotContain("but docker cannot"));
    assertThat(endpointStep(chosen))
        .isEqualTo("https://" + hostPort + " (loopback: plain HTTP allowed, TLS not verified)");
    // The connection was HTTPS: the note must not speak of plain HTTP.
    for (Report report : new Report[] {chosen, byDefault}) {
      Finding note = insecureNote(report);
      assertThat(note.severity()).isEqualTo(Severity.INFO);
      assertThat(note.summary())
          .isEqualTo(
              hostPort
                  + " is on this machine (loopback) and was reached over HTTPS without verifying"
                  + " its certificate, as Docker does for loopback registries by default")
          .doesNotContain("plain HTTP");
    }
  }

  @Test
  void kubeletChecksFollowContainerdAndSaySoInTheLoopbackNote() throws Exception {
    String image = "127.0.0.1:" + plain.port() + "/team/app:1.0";
    Report english;
    Report chinese;
    try (RegistryDoctor doctor = isolated(Locale.ENGLISH).build()) {
      english = doctor.check(image, CredentialLookup.anonymous());
    }
    try (RegistryDoctor doctor = isolated(Locale.SIMPLIFIED_CHINESE).build()) {
      chinese = doctor.check(image, CredentialLookup.anonymous());
    }

    assertThat(english.verdict().code()).isEqualTo(DiagnosisCode.OK);
    assertThat(insecureNote(english).summary())
        .contains("reached over plain HTTP, which containerd (and so the kubelet) uses")
        .doesNotContain("Docker allows");
    assertThat(insecureNote(chinese).summary())
        .contains("containerd（因而 kubelet）默认对回环地址上的镜像仓库使用明文 HTTP")
        .doesNotContain("Docker");
  }

  @Test
  void aNameThatDoesNotResolveIsNoLoopbackRegistryUnderDockerRules() throws Exception {
    Report report =
        check("registry.rt16.invalid:" + plain.port() + "/team/app:1.0", ContainerRuntime.DOCKER);

    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.DNS_FAILURE);
    assertThat(report.pullsFrom()).isEmpty();
    assertThat(endpointStep(report)).doesNotContain("loopback");
  }
}
