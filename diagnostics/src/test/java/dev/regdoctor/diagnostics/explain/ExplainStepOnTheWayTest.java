package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Review of session 13. Lines that report a step on the way to the outcome, not its cause, decide
 * only when nothing else in the text does (review of session 13): containerd's "trying next host"
 * after a mirror's 404 and a secret missing for a volume mount.
 */
class ExplainStepOnTheWayTest {
  private final ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);

  @Test
  void aMirrorsNotFoundBeforeTheUpstreamsCertificateErrorLeavesTheVerdictToTheCertificate() {
    Explanation explanation =
        explainer.explain(
            "time=\"2024-05-01T10:00:00.5Z\" level=info msg=\"trying next host - response was"
                + " http.StatusNotFound\" host=\"mirror.corp:5000\"\n"
                + "time=\"2024-05-01T10:00:01Z\" level=error msg=\"PullImage"
                + " \\\"registry.corp:5000/app:v1\\\" failed\" error=\"failed to pull and unpack"
                + " image \\\"registry.corp:5000/app:v1\\\": failed to resolve reference"
                + " \\\"registry.corp:5000/app:v1\\\": failed to do request: Head"
                + " \\\"https://registry.corp:5000/v2/app/manifests/v1\\\": x509: certificate"
                + " signed by unknown authority\"");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
    assertThat(explanation.entities().registry()).isEqualTo("registry.corp:5000");
  }

  @Test
  void aMirrorsNotFoundAloneStillSaysNotFound() {
    Explanation explanation =
        explainer.explain(
            "time=\"2026-03-02T10:14:07Z\" level=info msg=\"trying next host - response was"
                + " http.StatusNotFound\" host=mirror.corp.local:5000");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
  }

  @Test
  void aVolumesMissingSecretBeforeAForbiddenPullLeavesTheVerdictToThePull() {
    Explanation explanation =
        explainer.explain(
            "  Warning  FailedMount  2m (x9 over 4m)  kubelet  MountVolume.SetUp failed for volume"
                + " \"tls-certs\" : secret \"web-tls\" not found\n"
                + "  Warning  Failed       1m  kubelet  Failed to pull image"
                + " \"registry.corp:5000/app:v1\": rpc error: code = Unknown desc = failed to pull"
                + " and unpack image \"registry.corp:5000/app:v1\": failed to resolve reference"
                + " \"registry.corp:5000/app:v1\": unexpected status from HEAD request to"
                + " https://registry.corp:5000/v2/app/manifests/v1: 403 Forbidden");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
  }

  @Test
  void aVolumesMissingSecretAloneIsStillAMissingSecret() {
    // A volume may mount the registry credentials (Azure Dev Spaces did): alone, the secret is it.
    Explanation explanation =
        explainer.explain(
            "pods/api-1: FailedMount: MountVolume.SetUp failed for volume \"docker-hub\" : secrets"
                + " \"docker-hub\" not found");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.K8S_PULL_SECRET_MISSING);
    assertThat(explanation.entities().secret()).isEqualTo("docker-hub");
  }

  @Test
  void anIpv6RegistryInPodmansReadingManifestWordsIsReadWhole() {
    Explanation explanation =
        explainer.explain("Error: reading manifest 1.0 in [fd00::10]:5000/app: manifest unknown");

    assertThat(explanation.entities().registry()).isEqualTo("[fd00::10]:5000");
    assertThat(explanation.entities().repository()).isEqualTo("app");
  }

  @Test
  void anIpv6RegistryInDockersManifestWordsIsReadWhole() {
    Explanation explanation =
        explainer.explain(
            "Error response from daemon: manifest for [fd00::10]:5000/team/app:1.0 not found:"
                + " manifest unknown: manifest unknown");

    assertThat(explanation.entities().registry()).isEqualTo("[fd00::10]:5000");
    assertThat(explanation.entities().repository()).isEqualTo("team/app");
  }
}
