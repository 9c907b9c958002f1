package dev.regdoctor.diagnostics.kubernetes;

import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.deployment;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.documents;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.pullSecret;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.withPullSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pulls planned from manifests and checked on the caller's schedule, as the exporter does. */
@Timeout(30)
class KubernetesPullTest {
  private static final String PASSWORD = "pw-PULL-5521";

  private static List<KubernetesPull> plan(RegistryDoctor registries, String... yamls) {
    KubernetesDoctor doctor = KubernetesDoctor.builder().verifyWith(registries).build();
    return doctor.pulls(List.of(KubernetesManifest.of("input.yaml", documents(yamls))));
  }

  private static RegistryDoctor registries() {
    return RegistryDoctor.builder()
        .locale(Locale.ENGLISH)
        .timeout(Duration.ofSeconds(5))
        .credentials(dev.regdoctor.credentials.CredentialResolver.anonymous())
        .build();
  }

  @Test
  void aPullCarriesTheWorkloadAndTheCredentialTheKubeletWouldSend() throws Exception {
    try (FaultEndpoint refused = LoopbackFaults.closedPort();
        RegistryDoctor registries = registries()) {
      String registry = "127.0.0.1:" + refused.port();
      String image = registry + "/shop/web:1.4";
      List<KubernetesPull> pulls =
          plan(
              registries,
              withPullSecrets(deployment("web", "shop", image), "regcred"),
              pullSecret("regcred", "shop", registry, "alice", PASSWORD));

      assertThat(pulls).hasSize(1);
      KubernetesPull pull = pulls.get(0);
      assertThat(pull.namespace()).isEqualTo("shop");
      assertThat(pull.kind()).isEqualTo("Deployment");
      assertThat(pull.workload()).isEqualTo("web");
      assertThat(pull.image()).isEqualTo(image);
      CredentialLookup credentials = pull.credentials().orElseThrow();
      assertThat(credentials.hasCredential()).isTrue();
      assertThat(credentials.source()).contains("regcred");
      assertThat(pull.toString()).doesNotContain(PASSWORD).contains("Deployment shop/web");

      Report live = registries.check(pull.image(), credentials);
      KubernetesReport report = pull.report(live);

      KubernetesReport.Container container = report.workloads().get(0).containers().get(0);
      assertThat(report.workloads()).hasSize(1);
      assertThat(container.ok()).isFalse();
      assertThat(container.findings().get(0).code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
      assertThat(report.toJson()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aMissingSecretIsTheVerdictWithoutAnyRegistryCheck() {
    try (RegistryDoctor registries = registries()) {
      List<KubernetesPull> pulls =
          plan(
              registries,
              withPullSecrets(
                  deployment("web", "shop", "registry.example.com/shop/web:1.4"), "gone"));

      KubernetesReport report = pulls.get(0).report();

      Finding verdict = report.workloads().get(0).containers().get(0).findings().get(0);
      assertThat(verdict.code()).isEqualTo(DiagnosisCode.K8S_PULL_SECRET_MISSING);
      assertThat(report.ok()).isFalse();
    }
  }

  @Test
  void anInvalidImageNeedsNoRegistryCheck() {
    try (RegistryDoctor registries = registries()) {
      List<KubernetesPull> pulls =
          plan(registries, deployment("web", "shop", "Registry.Example.com/UPPER/web:1.4"));

      assertThat(pulls.get(0).credentials()).isEmpty();
      assertThat(
              pulls.get(0).report().workloads().get(0).containers().get(0).findings().get(0).code())
          .isEqualTo(DiagnosisCode.INVALID_REFERENCE);
    }
  }

  @Test
  void anImageWithAPastedPasswordIsNamedWithoutIt() {
    try (RegistryDoctor registries = registries()) {
      KubernetesPull pull =
          plan(
                  registries,
                  deployment("web", "shop", "https://alice:CanaryRef2@r.example.com/web:1"))
              .get(0);

      assertThat(pull.image()).isEqualTo("https://alice:<redacted>@r.example.com/web:1");
      assertThat(pull.toString()).doesNotContain("CanaryRef2");
      assertThat(pull.report().toJson()).doesNotContain("CanaryRef2");
    }
  }

  @Test
  void offlinePlansHaveNoCredentialsToVerify() {
    KubernetesDoctor doctor = KubernetesDoctor.builder().offline(true).build();
    List<KubernetesPull> pulls =
        doctor.pulls(
            List.of(
                KubernetesManifest.of(
                    "input.yaml", deployment("web", "shop", "registry.example.com/shop/web:1.4"))));

    assertThat(pulls).singleElement().satisfies(pull -> assertThat(pull.credentials()).isEmpty());
  }
}
