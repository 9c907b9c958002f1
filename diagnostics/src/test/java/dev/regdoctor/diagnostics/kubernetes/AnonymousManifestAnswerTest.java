package dev.regdoctor.diagnostics.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.testkit.EmbeddedRegistry;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.LoopbackFaults;
import dev.regdoctor.testkit.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Review 13, k8s defect 1: an init container's image was on an anonymous registry and the pod's
 * only secret had an entry for another port. With a tag that exists, the live check lowered {@code
 * K8S_PULL_SECRET_NO_MATCH} to INFO; with a missing tag it stayed the ERROR headline (advising to
 * create a secret) and the registry's own answer, {@code MANIFEST_NOT_FOUND}, came second, although
 * the anonymous request had been let through to the manifest.
 */
@Timeout(60)
class AnonymousManifestAnswerTest {
  private static final String PASSWORD = "pw-NOMATCH-7741";

  private static String manifests(String image, String initImage, String secretServer) {
    String auth =
        Base64.getEncoder().encodeToString(("bob:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    String config = "{\"auths\":{\"" + secretServer + "\":{\"auth\":\"" + auth + "\"}}}";
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          selector: {matchLabels: {app: a}}
          template:
            metadata: {labels: {app: a}}
            spec:
              imagePullSecrets: [{name: regcred}]
              containers:
              - {name: app, image: "%s"}
              initContainers:
              - {name: init, image: "%s"}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: regcred, namespace: shop}
        type: kubernetes.io/dockerconfigjson
        data:
          .dockerconfigjson: %s
        """
        .formatted(
            image,
            initImage,
            Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aManifestAnsweredWithoutCredentialsIsTheHeadlineAndNoMatchOnlyInformation()
      throws Exception {
    try (EmbeddedRegistry registry = EmbeddedRegistry.start();
        FaultEndpoint other = LoopbackFaults.closedPort()) {
      ImageSeeder.to(registry.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
      String missing = registry.hostPort() + "/team/app:9.9";
      String existing = registry.hostPort() + "/team/app:1.0";
      try (RegistryDoctor registries =
          RegistryDoctor.builder()
              .credentials(CredentialResolver.anonymous())
              .plainHttpRegistry(registry.hostPort())
              .timeout(Duration.ofSeconds(5))
              .locale(Locale.ENGLISH)
              .build()) {
        KubernetesDoctor doctor =
            KubernetesDoctor.builder().verifyWith(registries).locale(Locale.ENGLISH).build();

        KubernetesReport report =
            doctor.analyze(
                List.of(
                    KubernetesManifest.of(
                        "live.yaml", manifests(existing, missing, other.hostPort()))));

        KubernetesReport.Workload workload = report.workload("Deployment", "app").orElseThrow();
        KubernetesReport.Container init = workload.container("init").orElseThrow();
        assertThat(init.findings().get(0).code()).isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
        Finding noMatch = init.finding(DiagnosisCode.K8S_PULL_SECRET_NO_MATCH).orElseThrow();
        assertThat(noMatch.severity()).isEqualTo(Severity.INFO);
        assertThat(noMatch.evidence())
            .last()
            .asString()
            .startsWith("severity lowered to INFO: an anonymous request for " + missing)
            .contains("MANIFEST_NOT_FOUND");
        assertThat(init.findings())
            .filteredOn(Finding::isError)
            .extracting(Finding::code)
            .containsExactly(DiagnosisCode.MANIFEST_NOT_FOUND);

        // As for the tag that exists, which the live check already lowered.
        KubernetesReport.Container app = workload.container("app").orElseThrow();
        assertThat(app.ok()).isTrue();
        assertThat(app.finding(DiagnosisCode.K8S_PULL_SECRET_NO_MATCH).orElseThrow().severity())
            .isEqualTo(Severity.INFO);
        assertThat(report.toJson() + report).doesNotContain(PASSWORD);
      }
    }
  }
}
