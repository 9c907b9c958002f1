package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Session 9's eleventh-rotation engine changes (issue 13): a transport failure on a Docker Engine
 * API request is the client's connection to its daemon, with the transport code as the alternative;
 * a registry request failing the same way stays the transport failure; a bare {@code ": EOF"} after
 * a long upload URL is a reset connection; prose that starts with "Docker pull" names no image. The
 * texts are written for this test in the shape of real messages, with example hosts.
 */
class ExplainEngineApiContextTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  @Test
  void aTimeoutTalkingToTheDaemonIsTheLocalEnvironmentWithTheTimeoutAsAlternative() {
    Explanation explanation =
        EXPLAINER.explain(
            "error fetching docker server info: Get \"http://10.0.0.5:2375/v1.41/info\": context"
                + " deadline exceeded");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.LOCAL_ENVIRONMENT);
    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.RESPONSE_TIMEOUT)).isTrue();
    assertThat(String.join(" ", explanation.verdict().evidence())).contains("Docker Engine API");
  }

  @Test
  void aRefusedImagesCreateRequestIsTheDaemonNotTheRegistry() {
    Explanation explanation =
        EXPLAINER.explain(
            "Post \"https://10.0.0.7:2376/v1.47/images/create?fromImage=registry.example.com%2Fteam"
                + "%2Fapp&tag=1.0\": dial tcp 10.0.0.7:2376: connect: connection refused");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.LOCAL_ENVIRONMENT);
    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.CONNECTION_REFUSED)).isTrue();
  }

  @Test
  void theSameTimeoutOnARegistryRequestStaysATimeout() {
    Explanation explanation =
        EXPLAINER.explain(
            "Error response from daemon: Get \"https://registry.example.com/v2/\": context deadline"
                + " exceeded");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.RESPONSE_TIMEOUT);
    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.LOCAL_ENVIRONMENT)).isFalse();
  }

  @Test
  void eofAfterALongBlobUploadUrlIsAResetConnection() {
    // The user's own placeholder for the host, as pasted; the upload state token stays whole.
    String state =
        "eyJOYW1lIjoidGVhbS9hcHAiLCJVVUlEIjoiMTk0YWQ5OTAtYThlMC00NGU5LTkxMDMtOWI2ODk3YzZlZDg1Iiwi"
            .repeat(5);
    Explanation explanation =
        EXPLAINER.explain(
            "Put \"https://<docker-registry>/v2/team/app/blobs/uploads/194ad990-a8e0-44e9-9103-"
                + "9b6897c6ed85?_state="
                + state
                + "%3D&digest=sha256%3Ad4994d1457fde9ea9816f8a18df540a873dc93e572cca0e9262111b088d6115b\":"
                + " EOF");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.CONNECTION_RESET);
    // a rule read the EOF; the wording model's guess would say that no rule matched
    assertThat(explanation.verdict().summary()).doesNotContain("No rule matched");
  }

  @Test
  void proseStartingWithDockerPullNamesNoImage() {
    Explanation explanation =
        EXPLAINER.explain(
            "Docker pull failed with exit code 1\n"
                + "Error response from daemon: toomanyrequests: You have reached your pull rate"
                + " limit.");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.RATE_LIMITED);
    assertThat(explanation.toJson()).doesNotContain("library/failed");
  }
}
