package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Review items of session 15: an anonymous token refused is a client without credentials, not a
 * user without permission; a success line of another container is no alternative to a failure; a CA
 * for the token service goes where the runtime reads the registry's certificates.
 */
class ExplainAnonymousDenialAndTokenTrustTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  private static final String KUBELET_EVENTS =
      "Events:\n"
          + "  Type     Reason     Age                From               Message\n"
          + "  Normal   Pulled     2m                 kubelet            Container image"
          + " \"docker.io/library/busybox:1.36\" already present on machine\n"
          + "  Normal   Started    2m                 kubelet            Started container"
          + " init-wait\n"
          + "  Warning  Failed     40s (x4 over 2m)   kubelet            Failed to pull image"
          + " \"gcr.io/acme-prod/reporting/report-job:2024.05\": failed to pull and unpack image"
          + " \"gcr.io/acme-prod/reporting/report-job:2024.05\": failed to resolve reference"
          + " \"gcr.io/acme-prod/reporting/report-job:2024.05\": failed to authorize: failed to"
          + " fetch anonymous token: unexpected status from GET request to"
          + " https://gcr.io/v2/token?scope=repository%3Aacme-prod%2Freporting%2Freport-job%3Apull"
          + "&service=gcr.io: 403 Forbidden\n";

  private static List<String> commands(Finding finding) {
    return finding.remediation().stream().map(Remedy::command).toList();
  }

  @Test
  void anonymousTokenRefusedToTheKubeletAsksForAPullSecretNotMorePermission() {
    Explanation explanation = EXPLAINER.explain(KUBELET_EVENTS);

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
    assertThat(explanation.verdict().summary())
        .isEqualTo(
            "gcr.io refused access to acme-prod/reporting/report-job to a client that sent no"
                + " credentials");
    assertThat(explanation.verdict().remediation().get(0).text())
        .startsWith("The kubelet sent no credentials");
    assertThat(commands(explanation.verdict()))
        .contains(
            "kubectl create secret docker-registry <secret> -n <namespace>"
                + " --docker-server=gcr.io --docker-username=<user> --docker-password=<password>");
    assertThat(explanation.verdict().remediation())
        .noneMatch(step -> step.text().contains("grant pull access"));
  }

  @Test
  void anImageAlreadyPresentForAnotherContainerIsNoAlternativeToTheFailure() {
    Explanation explanation = EXPLAINER.explain(KUBELET_EVENTS);

    assertThat(explanation.alternatives())
        .extracting(Finding::code)
        .doesNotContain(DiagnosisCode.OK);
  }

  @Test
  void anonymousTokenRefusedToPodmanAsksToLogIn() {
    Explanation explanation =
        EXPLAINER.explain(
            "Error: initializing source docker://registry.example.com:5000/dev/api:edge: reading"
                + " manifest edge in registry.example.com:5000/dev/api: failed to fetch anonymous"
                + " token: unexpected status from GET request to"
                + " https://registry.example.com:5000/auth?scope=repository%3Adev%2Fapi%3Apull"
                + "&service=Docker+registry: 403 Forbidden");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
    assertThat(commands(explanation.verdict())).contains("podman login registry.example.com:5000");
  }

  @Test
  void aCaForTheTokenServiceGoesWhereDockerReadsTheRegistrysCertificates() {
    Explanation explanation =
        EXPLAINER.explain(
            "Error response from daemon: Get \"https://registry.example.com/v2/\": Get"
                + " \"https://auth.example.com/token?account=bot&service=registry.example.com\":"
                + " x509: certificate signed by unknown authority");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
    assertThat(commands(explanation.verdict()))
        .contains(
            "sudo mkdir -p /etc/docker/certs.d/registry.example.com && sudo cp ca.crt"
                + " /etc/docker/certs.d/registry.example.com/ca.crt")
        .contains(
            "openssl s_client -connect auth.example.com:443 -servername auth.example.com"
                + " -showcerts")
        .noneMatch(command -> command != null && command.contains("certs.d/auth.example.com"));
  }

  @Test
  void aDenialOfARequestShownWithItsAuthorizationHeaderIsAccessDenied() {
    Explanation explanation =
        EXPLAINER.explain(
            "$ curl -v -H \"Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln\""
                + " https://registry.example.com/v2/apps/web/manifests/1.0\n"
                + "> GET /v2/apps/web/manifests/1.0 HTTP/1.1\n"
                + "> Host: registry.example.com\n"
                + "> Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln\n"
                + "< HTTP/1.1 403 Forbidden\n"
                + "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the"
                + " resource is denied\"}]}");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
    assertThat(explanation.verdict().summary()).contains("the Authorization header");
    assertThat(explanation.verdict().evidence())
        .noneMatch(line -> line.contains("no valid login was sent"));
    assertThat(explanation.alternatives())
        .extracting(Finding::code)
        .contains(DiagnosisCode.NOT_FOUND_OR_DENIED);
  }

  @Test
  void anHtml403PageIsAFrontEndsRefusalWhoseFirstStepIsNotALogin() {
    Explanation explanation =
        EXPLAINER.explain(
            "Error response from daemon: error parsing HTTP 403 response body: invalid character"
                + " '<' looking for beginning of value: \"<html><head><title>403"
                + " Forbidden</title></head><body><h1>Error: Forbidden</h1><h2>Your client does not"
                + " have permission to get URL <code>/v2/pause/manifests/3.6</code> from this"
                + " server.</h2></body></html>\"");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
    assertThat(explanation.verdict().summary()).startsWith("A web server, proxy or firewall");
    assertThat(explanation.verdict().remediation().get(0).command()).startsWith("curl -v ");
    assertThat(explanation.verdict().remediation().get(1).text())
        .contains("refuses by where the request comes from");
  }
}
