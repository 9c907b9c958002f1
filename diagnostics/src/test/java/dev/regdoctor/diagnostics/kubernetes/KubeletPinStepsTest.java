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
import dev.regdoctor.testkit.SeededImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * In Kubernetes a moving tag is fixed in the workload's image reference, pinned to a digest ({@code
 * kubectl set image}, the manifest), not with {@code docker pull NAME@DIGEST}; the digest is read
 * from the registry or from a node with crictl or ctr. The live checks say which containerd hosts
 * directory they took as the node's.
 */
@Timeout(60)
class KubeletPinStepsTest {
  @TempDir Path dir;

  private static String deployment(String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers:
              - {name: web, image: "%s"}
        """
        .formatted(image);
  }

  private static String pod(String image) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: app, namespace: shop}
        spec:
          containers:
          - {name: app, image: "%s"}
        """
        .formatted(image);
  }

  private static Finding mutableTag(KubernetesReport report, String kind, String name) {
    return report.workloads().stream()
        .filter(workload -> workload.kind().equals(kind))
        .findFirst()
        .orElseThrow()
        .containers()
        .get(0)
        .finding(DiagnosisCode.MUTABLE_TAG)
        .orElseThrow();
  }

  private static List<String> commands(Finding finding) {
    return finding.remediation().stream().map(Remedy::command).filter(Objects::nonNull).toList();
  }

  private static KubernetesReport offline(Locale locale, String manifest) {
    return KubernetesDoctor.builder()
        .offline(true)
        .locale(locale)
        .build()
        .analyze(List.of(KubernetesManifest.of("w.yaml", manifest)));
  }

  @Test
  void offlineMovingTagIsPinnedInTheWorkloadWithTheDigestFromANode() {
    Finding finding =
        mutableTag(
            offline(Locale.ENGLISH, deployment("registry.example.com/shop/web")),
            "Deployment",
            "web");

    assertThat(commands(finding))
        .containsExactly(
            "regdoctor diagnose registry.example.com/shop/web:latest",
            "crictl images --digests --no-trunc registry.example.com/shop/web:latest",
            "kubectl set image deployment/web web=registry.example.com/shop/web@<digest> -n shop")
        .noneMatch(command -> command.contains("docker "));
    assertThat(finding.remediation().get(1).text()).contains("ctr -n k8s.io images ls");
    assertThat(finding.remediation().get(2).text()).contains("manifest you apply");
  }

  @Test
  void aPodIsPinnedInItsManifestAndRecreated() {
    Finding finding =
        mutableTag(
            offline(Locale.ENGLISH, pod("registry.example.com/shop/app:latest")), "Pod", "app");

    assertThat(commands(finding)).last().isEqualTo("kubectl replace --force -f <manifest>");
    assertThat(finding.remediation().get(finding.remediation().size() - 1).text())
        .contains("image: registry.example.com/shop/app@<digest>")
        .contains("Pod shop/app");
  }

  @Test
  void theStepsSpeakChineseWithChinesePlaceholders() {
    Finding finding =
        mutableTag(
            offline(Locale.SIMPLIFIED_CHINESE, deployment("registry.example.com/shop/web")),
            "Deployment",
            "web");

    assertThat(commands(finding))
        .contains(
            "kubectl set image deployment/web web=registry.example.com/shop/web@<摘要> -n shop");
    assertThat(finding.remediation().get(2).text()).contains("固定到该摘要");
  }

  @Test
  void aLiveDigestIsPinnedWithKubectlNotDockerPullAndTheHostsDirectoryIsNamed() throws Exception {
    try (EmbeddedRegistry registry = EmbeddedRegistry.start()) {
      SeededImage image =
          ImageSeeder.to(registry.baseUrl())
              .pushImage("team/app", "latest", Platform.LINUX_AMD64, 1, 256);
      String name = registry.hostPort() + "/team/app";
      try (RegistryDoctor registries =
          RegistryDoctor.builder()
              .credentials(CredentialResolver.anonymous())
              .timeout(Duration.ofSeconds(5))
              .locale(Locale.ENGLISH)
              .build()) {
        KubernetesReport report =
            KubernetesDoctor.builder()
                .verifyWith(registries)
                .build()
                .analyze(List.of(KubernetesManifest.of("d.yaml", deployment(name + ":latest"))));

        Finding finding = mutableTag(report, "Deployment", "web");
        assertThat(commands(finding))
            .containsExactly(
                "kubectl set image deployment/web web=" + name + "@" + image.digest() + " -n shop");
        assertThat(report.toString()).doesNotContain("docker pull");
        assertThat(report.notes())
            .anySatisfy(
                note ->
                    assertThat(note)
                        .contains("without a hosts directory")
                        .contains("RegistryDoctor.Builder.hostsDir"));
      }

      Path hostsDir = Files.createDirectories(dir.resolve("certs.d"));
      try (RegistryDoctor registries =
          RegistryDoctor.builder()
              .credentials(CredentialResolver.anonymous())
              .hostsDir(hostsDir)
              .timeout(Duration.ofSeconds(5))
              .locale(Locale.ENGLISH)
              .build()) {
        KubernetesReport report =
            registries
                .kubernetes()
                .analyze(List.of(KubernetesManifest.of("d.yaml", deployment(name + ":latest"))));

        assertThat(report.notes())
            .anySatisfy(note -> assertThat(note).contains("with the hosts directory " + hostsDir));
      }
    }
  }
}
