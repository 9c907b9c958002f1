package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Issue 17: explanations with the right host:port and fixes that fit what the text says. */
class AdviceExplainTest {
  private final ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);

  @Test
  void certificateNameMismatchKeepsThePortOfTheUrl() {
    Finding verdict =
        explainer
            .explain(
                "Get \"https://myreg:5000/v2/\": x509: certificate is valid for localhost, not myreg")
            .verdict();

    assertThat(verdict.code()).isEqualTo(DiagnosisCode.TLS_HOSTNAME_MISMATCH);
    assertThat(verdict.summary())
        .isEqualTo("The certificate of myreg:5000 is not valid for the name myreg");
    assertThat(ExplainerTest.commands(verdict))
        .singleElement()
        .asString()
        .startsWith("openssl s_client -connect myreg:5000 -servername myreg");
  }

  @Test
  void dockerReadsCertsDWithoutTheDefaultPort() {
    Finding verdict =
        explainer
            .explain(
                "Get \"https://registry.example.com/v2/\": x509: certificate signed by unknown authority")
            .verdict();

    assertThat(ExplainerTest.commands(verdict))
        .first()
        .isEqualTo(
            "sudo mkdir -p /etc/docker/certs.d/registry.example.com && sudo cp ca.crt /etc/docker/certs.d/registry.example.com/ca.crt");
    assertThat(ExplainerTest.commands(verdict))
        .noneMatch(command -> command.contains("certs.d/registry.example.com:443"));
  }

  @Test
  void aBareUnknownAuthorityLeadsWithInstallingTheCa() {
    Finding verdict = explainer.explain("x509: certificate signed by unknown authority").verdict();

    assertThat(verdict.remediation()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(verdict.remediation().get(0).text()).startsWith("Install the CA certificate");
    assertThat(verdict.remediation().get(0).command()).contains("/etc/docker/certs.d/<registry>");
    assertThat(verdict.remediation().get(verdict.remediation().size() - 1).text())
        .startsWith("Marking the registry insecure");
  }

  @Test
  void theSummaryKeepsThePortOfTheRegistry() {
    Finding verdict =
        explainer
            .explain(
                "Error response from daemon: manifest for 127.0.0.1:5000/team/app:1.4 not found:"
                    + " manifest unknown: manifest unknown")
            .verdict();

    // Review 15: docker's "manifest unknown" does not tell a missing tag from a missing repository.
    assertThat(verdict.summary())
        .isEqualTo(
            "127.0.0.1:5000/team/app:1.4 was not found: its tag or digest is missing, or the whole"
                + " repository is (the message does not say which)");
  }

  @Test
  void aKubeletUnauthorizedGetsPullSecretStepsNotDockerLogin() {
    Finding verdict =
        explainer
            .explain(
                "Failed to pull image \"registry.example.com/library/nginx:latest\": rpc error: code ="
                    + " Unknown desc = Error response from daemon: Get"
                    + " \"https://registry.example.com/v2/\": unauthorized: authentication required")
            .verdict();

    assertThat(verdict.code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
    assertThat(verdict.summary()).contains("the kubelet sent none");
    assertThat(ExplainerTest.commands(verdict))
        .isNotEmpty()
        .noneMatch(command -> command.startsWith("docker login"))
        .noneMatch(command -> command.contains("~/.docker/config.json"))
        .anyMatch(command -> command.contains("imagePullSecrets"))
        .anyMatch(
            command ->
                command.startsWith("kubectl create secret docker-registry")
                    && command.contains("--docker-server=registry.example.com"));
  }

  @Test
  void aPodTextRelayedByKubectlGetsPullSecretStepsNotDockerLogin() {
    Explanation explanation =
        explainer.explain(
            "Error from server (BadRequest): container \"web\" in pod \"web-0\" is waiting to"
                + " start: trying and failing to pull image\n"
                + "Failed to pull image \"registry.example.com/shop/web:1.4\": rpc error: code ="
                + " Unknown desc = failed to authorize: failed to fetch anonymous token: unexpected"
                + " status: 401 Unauthorized");

    assertThat(explanation.client()).isEqualTo("other");
    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
    assertThat(ExplainerTest.commands(explanation.verdict()))
        .anyMatch(command -> command.startsWith("kubectl "))
        .noneMatch(command -> command.startsWith("docker login"));
  }

  @Test
  void aHelperFailureThatNamesNoHelperStartsWithFindingIt() {
    Finding helper =
        explainer
            .explain(
                "Error response from daemon: Bad parameters and missing X-Registry-Auth: invalid"
                    + " character 'e' looking for beginning of value")
            .alternatives()
            .stream()
            .filter(finding -> finding.code() == DiagnosisCode.CREDENTIAL_HELPER_FAILED)
            .findFirst()
            .orElseThrow();

    assertThat(helper.remediation().get(0).text()).startsWith("Find which credential helper");
    assertThat(helper.remediation()).noneMatch(step -> step.text().startsWith("Or "));
  }

  @Test
  void aBackOffPointsAtTheEarlierEventAndHowToGetIt() {
    Explanation explanation =
        explainer.explain(
            "Warning  Failed  12s  kubelet  Error: ImagePullBackOff\n"
                + "pod/web-0 in namespace shop");

    Finding verdict = explanation.verdict();
    assertThat(verdict.summary()).contains("earlier event");
    assertThat(verdict.remediation().get(0).text()).contains("Failed to pull image");
    assertThat(ExplainerTest.commands(verdict))
        .anyMatch(command -> command.startsWith("kubectl describe pod"))
        .anyMatch(command -> command.startsWith("kubectl get events"))
        .noneMatch(command -> command.startsWith("curl"));
  }

  @Test
  void textRendersEachEvidenceLineOnceAndNotWhatTheSummarySays() {
    Explanation explanation = explainer.explain("Error: ImagePullBackOff\nError: ImagePullBackOff");

    String text = explanation.toText(false);

    assertThat(text.lines().filter(line -> line.strip().equals("Error: ImagePullBackOff")))
        .hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void colouredTextPaintsTheVerdictLikeTheOtherReports() {
    Explanation explanation = explainer.explain("x509: certificate signed by unknown authority");

    assertThat(explanation.toText(true)).startsWith("\u001b[31;1mTLS_UNTRUSTED\u001b[0m");
    assertThat(explanation.toText(false)).isEqualTo(explanation.toString());
  }

  @Test
  void longLinesAreCutAtWordsNotMidWord() {
    String word = "segment";
    String line = (word + " ").repeat(60).strip();

    String cut = Explanation.abbreviate(line);

    assertThat(cut).contains(" … ");
    for (String piece : cut.split(" … ")) {
      for (String token : piece.split(" ")) {
        assertThat(token).isEqualTo(word);
      }
    }
  }
}
