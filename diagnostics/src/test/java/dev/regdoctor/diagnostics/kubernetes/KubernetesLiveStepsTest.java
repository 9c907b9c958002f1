package dev.regdoctor.diagnostics.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.testkit.EmbeddedRegistry;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Review 15, finding 5: the live verdicts of {@code k8s} carried the docker CLI's steps ({@code
 * docker pull} under OK, {@code docker login} for a repository that may be private), which do
 * nothing for a pod: the kubelet pulls through its CRI runtime with the pod's pull secrets.
 */
@Timeout(60)
class KubernetesLiveStepsTest {

  private static String pod(String image, String initImage) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: app, namespace: shop}
        spec:
          containers:
          - {name: app, image: "%s"}
          initContainers:
          - {name: init, image: "%s"}
        """
        .formatted(image, initImage);
  }

  private static List<String> commands(KubernetesReport.Container container) {
    return container.findings().stream()
        .flatMap(finding -> finding.remediation().stream())
        .map(Remedy::command)
        .filter(Objects::nonNull)
        .toList();
  }

  @Test
  void liveVerdictsGiveKubectlStepsNotDockerCommands() throws Exception {
    try (EmbeddedRegistry registry = EmbeddedRegistry.start()) {
      ImageSeeder.to(registry.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
      String existing = registry.hostPort() + "/team/app:1.0";
      String missing = registry.hostPort() + "/team/nothere:1.0";
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
            doctor.analyze(List.of(KubernetesManifest.of("pod.yaml", pod(existing, missing))));

        KubernetesReport.Workload workload = report.workload("Pod", "app").orElseThrow();
        KubernetesReport.Container app = workload.container("app").orElseThrow();
        assertThat(app.ok()).isTrue();
        assertThat(commands(app)).noneMatch(command -> command.contains("docker "));
        KubernetesReport.Container init = workload.container("init").orElseThrow();
        Finding notFound = init.finding(DiagnosisCode.REPOSITORY_NOT_FOUND).orElseThrow();
        assertThat(notFound.remediation())
            .extracting(Remedy::command)
            .filteredOn(Objects::nonNull)
            .noneMatch(command -> command.contains("docker login"))
            .anySatisfy(
                command ->
                    assertThat(command)
                        .startsWith(
                            "kubectl create secret docker-registry <secret> -n shop"
                                + " --docker-server="
                                + registry.hostPort()));
        assertThat(report.toString()).doesNotContain("$ docker ");
      }
    }
  }
}
