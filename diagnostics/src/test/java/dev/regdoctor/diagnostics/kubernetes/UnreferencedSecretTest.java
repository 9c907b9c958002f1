package dev.regdoctor.diagnostics.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Review defect 12: {@code K8S_PULL_SECRET_NOT_REFERENCED} said "nothing in namespace shop
 * references it" while Deployment web did (the finding was about Pod p3), was an error offline
 * without knowing whether the registry needs credentials, and recommended a secret the live check
 * had just found rejected.
 */
@Timeout(60)
class UnreferencedSecretTest {

  /** The review's manifests (Secrets regcred, other, opaque; Deployment web; Pod p3). */
  static String manifests(String registry) throws IOException {
    try (InputStream in =
        UnreferencedSecretTest.class.getResourceAsStream("/kubernetes/review/shop.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("REGISTRY", registry);
    }
  }

  static Finding unreferencedOfP3(KubernetesReport report) {
    return report
        .workload("Pod", "p3")
        .orElseThrow()
        .containers()
        .get(0)
        .finding(DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED)
        .orElseThrow(() -> new AssertionError("no NOT_REFERENCED for p3 in " + report));
  }

  @Test
  void offlineFindingNamesThePodThatLacksTheReferenceAndWhoHasIt() throws IOException {
    KubernetesDoctor doctor =
        KubernetesDoctor.builder().offline(true).locale(Locale.ENGLISH).build();

    KubernetesReport report =
        doctor.analyze(
            List.of(KubernetesManifest.of("shop.yaml", manifests("registry.example.com"))));

    Finding unreferenced = unreferencedOfP3(report);
    assertThat(unreferenced.summary())
        .isEqualTo(
            "The secret regcred matches registry.example.com, but Pod shop/p3 does not reference"
                + " it (referenced by Deployment shop/web)");
    assertThat(unreferenced.evidence()).contains("Deployment shop/web lists regcred");
    // Offline nobody knows whether the registry lets p3 pull anonymously.
    assertThat(unreferenced.severity()).isEqualTo(Severity.WARNING);
    assertThat(report.ok()).isTrue();
    // A warning's steps are shown; the service account default is not among the inputs, so its
    // list is appended to, never replaced (review 15, finding 2).
    assertThat(report.toText(false))
        .contains(
            "1. Add it to the imagePullSecrets of service account default, beside the secrets it"
                + " lists now");
  }

  @Test
  void secretTheRegistryRejectedIsNotRecommendedAsIs() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return new MockResponse.Builder()
                  .code(401)
                  .addHeader("Docker-Distribution-API-Version", "registry/2.0")
                  .addHeader("WWW-Authenticate", "Basic realm=\"r\"")
                  .build();
            }
          });
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      String hostPort = "127.0.0.1:" + server.getPort();
      try (RegistryDoctor registries =
          RegistryDoctor.builder()
              .credentials(CredentialResolver.anonymous())
              .plainHttpRegistry(hostPort)
              .timeout(Duration.ofSeconds(3))
              .locale(Locale.ENGLISH)
              .build()) {
        KubernetesDoctor doctor =
            KubernetesDoctor.builder().verifyWith(registries).locale(Locale.ENGLISH).build();

        KubernetesReport report =
            doctor.analyze(List.of(KubernetesManifest.of("shop.yaml", manifests(hostPort))));

        assertThat(
                report
                    .workload("Deployment", "web")
                    .orElseThrow()
                    .containers()
                    .get(0)
                    .findings()
                    .get(0)
                    .code())
            .isEqualTo(DiagnosisCode.AUTH_INVALID);
        Finding unreferenced = unreferencedOfP3(report);
        assertThat(unreferenced.evidence())
            .anySatisfy(
                line ->
                    assertThat(line)
                        .contains("rejected")
                        .contains("secret shop/regcred")
                        .contains("Deployment shop/web"));
        assertThat(unreferenced.remediation().get(0).text()).contains("rejected");
        assertThat(
                unreferenced.remediation().stream()
                    .map(Remedy::command)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElseThrow())
            .startsWith("kubectl create secret docker-registry regcred -n shop");
      }
    }
  }
}
