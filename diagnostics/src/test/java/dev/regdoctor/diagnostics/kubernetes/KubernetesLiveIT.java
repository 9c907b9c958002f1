package dev.regdoctor.diagnostics.kubernetes;

import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.deployment;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.documents;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.pullSecret;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.serviceAccount;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.withPullSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.LoopbackFaults;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies pull secrets live, with exactly the kubelet's credential, against Debian's real
 * docker-registry on loopback.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesLiveIT {
  private static final String PASSWORD = "k8s-it-password";

  @TempDir static Path temp;
  private RegistryProcess anonymous;
  private RegistryProcess htpasswd;
  private SeededImage latest;
  private RegistryDoctor registries;
  private KubernetesDoctor doctor;

  @BeforeAll
  void start() throws Exception {
    RegistryBinary.require();
    KubectlManifests.require();
    Path storage = Files.createDirectories(temp.resolve("storage"));
    anonymous = RegistryProcess.builder().storage(storage).start();
    ImageSeeder seeder = ImageSeeder.to(anonymous.baseUrl());
    seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
    latest = seeder.pushImage("team/app", "latest", Platform.LINUX_AMD64, 1, 1024);
    htpasswd = RegistryProcess.builder().storage(storage).htpasswd("alice", PASSWORD).start();
    registries =
        RegistryDoctor.builder()
            .locale(Locale.ENGLISH)
            .timeout(Duration.ofSeconds(10))
            .plainHttpRegistry(htpasswd.hostPort())
            .plainHttpRegistry(anonymous.hostPort())
            .build();
    doctor = KubernetesDoctor.builder().verifyWith(registries).build();
  }

  @AfterAll
  void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {registries, anonymous, htpasswd}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // keep closing
      }
    }
  }

  private KubernetesReport.Container analyze(String... yamls) {
    KubernetesReport report =
        doctor.analyze(List.of(KubernetesManifest.of("live.yaml", documents(yamls))));
    assertThat(report.offline()).isFalse();
    return report.workloads().get(0).containers().get(0);
  }

  private String app() {
    return htpasswd.hostPort() + "/team/app:1.0";
  }

  @Test
  void aMatchingSecretIsVerifiedLiveAndWorks() throws Exception {
    String web = withPullSecrets(deployment("web", "shop", app()), "regcred");
    String secret = pullSecret("regcred", "shop", htpasswd.hostPort(), "alice", PASSWORD);

    KubernetesReport report =
        doctor.analyze(List.of(KubernetesManifest.of("live.yaml", documents(web, secret))));

    KubernetesReport.Container container = report.workloads().get(0).containers().get(0);
    assertThat(container.ok()).isTrue();
    // the loopback registry speaks plain HTTP, which the live check reports as a warning
    assertThat(container.findings())
        .extracting(Finding::code)
        .containsExactly(DiagnosisCode.OK, DiagnosisCode.INSECURE_REGISTRY);
    assertThat(container.findings().get(0).evidence()).contains("credentials: secret shop/regcred");
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.at("/workloads/0/containers/0/ok").asBoolean()).isTrue();
    assertThat(json.at("/workloads/0/containers/0/findings/0/code").asText()).isEqualTo("OK");
    assertThat(report.toJson() + report).doesNotContain(PASSWORD);
  }

  @Test
  void aWrongPasswordInTheSecretIsAuthInvalid() {
    String web = withPullSecrets(deployment("web", "shop", app()), "regcred");
    String secret = pullSecret("regcred", "shop", htpasswd.hostPort(), "alice", "not-the-password");

    KubernetesReport.Container container = analyze(web, secret);

    Finding verdict = container.findings().get(0);
    assertThat(container.ok()).isFalse();
    assertThat(verdict.code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
    assertThat(verdict.summary())
        .isEqualTo(
            htpasswd.hostPort()
                + " rejected the credentials of the pull secret (secret shop/regcred)");
    assertThat(verdict.remediation())
        .extracting(Remedy::command)
        .containsExactly(
            "kubectl create secret docker-registry regcred -n shop --docker-server="
                + htpasswd.hostPort()
                + " --docker-username=<user> --docker-password=<password> --dry-run=client -o yaml | kubectl apply -f -");
  }

  @Test
  void aMatchingSecretNothingReferencesIsTheCauseOfTheAuthFailure() {
    String secret = pullSecret("regcred", "shop", htpasswd.hostPort(), "alice", PASSWORD);

    KubernetesReport.Container container =
        analyze(deployment("web", "shop", app()), secret, serviceAccount("default", "shop"));

    Finding unreferenced = container.findings().get(0);
    assertThat(unreferenced.code()).isEqualTo(DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);
    assertThat(unreferenced.severity()).isEqualTo(Severity.ERROR);
    assertThat(unreferenced.evidence())
        .anySatisfy(line -> assertThat(line).startsWith("anonymous pull: ").contains("401"));
    assertThat(unreferenced.remediation())
        .extracting(Remedy::command)
        .contains(
            "kubectl patch serviceaccount default -n shop -p '{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}'");
    assertThat(container.findings())
        .extracting(Finding::code)
        .doesNotContain(DiagnosisCode.AUTH_REQUIRED);
  }

  @Test
  void withoutAnySecretTheAuthFailureSaysHowToCreateAndAttachOne() {
    Finding verdict =
        analyze(deployment("web", "shop", app()), serviceAccount("default", "shop"))
            .findings()
            .get(0);

    assertThat(verdict.code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
    assertThat(verdict.remediation())
        .extracting(Remedy::command)
        .containsExactly(
            "kubectl create secret docker-registry <secret> -n shop --docker-server="
                + htpasswd.hostPort()
                + " --docker-username=<user> --docker-password=<password>",
            "kubectl patch serviceaccount default -n shop -p '{\"imagePullSecrets\":[{\"name\":\"<secret>\"}]}'",
            "kubectl patch deployment/web -n shop -p"
                + " '{\"spec\":{\"template\":{\"spec\":{\"imagePullSecrets\":[{\"name\":\"<secret>\"}]}}}}'");
  }

  @Test
  void noMatchIsOnlyInformationWhenAnAnonymousPullWorks() {
    String image = anonymous.hostPort() + "/team/app:1.0";
    String web = withPullSecrets(deployment("web", "shop", image), "regcred");
    String secret = pullSecret("regcred", "shop", "registry.example.com", "alice", PASSWORD);

    KubernetesReport.Container container = analyze(web, secret);

    assertThat(container.ok()).isTrue();
    Finding noMatch = container.finding(DiagnosisCode.K8S_PULL_SECRET_NO_MATCH).orElseThrow();
    assertThat(noMatch.severity()).isEqualTo(Severity.INFO);
    assertThat(noMatch.evidence())
        .last()
        .asString()
        .startsWith("severity lowered to INFO: an anonymous pull of " + image + " works");
    assertThat(container.finding(DiagnosisCode.OK)).isPresent();
  }

  @Test
  void theMovingTagAdviceNamesTheDigestTheRegistryReports() {
    String web =
        withPullSecrets(deployment("web", "shop", htpasswd.hostPort() + "/team/app"), "regcred");
    String secret = pullSecret("regcred", "shop", htpasswd.hostPort(), "alice", PASSWORD);

    Finding mutable = analyze(web, secret).finding(DiagnosisCode.MUTABLE_TAG).orElseThrow();

    assertThat(mutable.summary()).endsWith("pin a version or the digest " + latest.digest());
    assertThat(mutable.remediation())
        .extracting(Remedy::command)
        .containsExactly(
            "kubectl set image deployment/web app="
                + htpasswd.hostPort()
                + "/team/app@"
                + latest.digest()
                + " -n shop");
  }

  @Test
  void offlineSendsNothingWhileTheDefaultChecksTheRegistry() throws Exception {
    try (FaultEndpoint refused = LoopbackFaults.closedPort()) {
      String web = deployment("web", "shop", refused.hostPort() + "/team/app:1.0");

      KubernetesReport offline =
          KubernetesDoctor.builder()
              .offline(true)
              .locale(Locale.ENGLISH)
              .build()
              .analyze(List.of(KubernetesManifest.of("live.yaml", web)));
      KubernetesReport live = doctor.analyze(List.of(KubernetesManifest.of("live.yaml", web)));

      assertThat(offline.workloads().get(0).containers().get(0).findings()).isEmpty();
      assertThat(live.workloads().get(0).containers().get(0).findings())
          .extracting(Finding::code)
          .containsExactly(DiagnosisCode.CONNECTION_REFUSED);
    }
  }
}
