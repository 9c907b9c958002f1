package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Session 8's ninth-rotation engine changes (issue 13): a server error answered by the token
 * service is that service failing, with the registry's unavailability as the alternative; an error
 * or fatal log level marks the failing line only when no line's own words do; a push refused for an
 * immutable tag says why; an image format a platform refuses (AWS Lambda) says how to build one it
 * takes (tenth rotation). The texts are written for this test in the shape of real messages, with
 * example hosts.
 */
class ExplainTokenServerErrorAndLevelTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  @Test
  void aServerErrorFromTheTokenServiceIsTheTokenServiceFailing() {
    Explanation explanation =
        EXPLAINER.explain(
            "failed to authorize: failed to fetch anonymous token: unexpected status from GET"
                + " request to https://registry.example.com/service/token?scope=repository%3Ateam"
                + "%2Fapp%3Apull&service=harbor-registry: 500 Internal Server Error");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.TOKEN_SERVICE_FAILED);
    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.REGISTRY_UNAVAILABLE)).isTrue();
  }

  @Test
  void aServerErrorFromTheRegistryItselfStaysTheRegistry() {
    Explanation explanation =
        EXPLAINER.explain(
            "Error response from daemon: received unexpected HTTP status: 503 Service Unavailable");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.REGISTRY_UNAVAILABLE);
  }

  @Test
  void anErrorLevelOnEveryLineLeavesTheWordedFailureAsItWas() {
    String text =
        "command: /usr/bin/helm registry login registry.example.com\nUsername: Error: EOF";
    String leveled =
        "[12:00:01] [ERROR] command: /usr/bin/helm registry login registry.example.com\n"
            + "[12:00:01] [ERROR] Username: Error: EOF";

    assertThat(EXPLAINER.explain(leveled).verdict().code())
        .isEqualTo(EXPLAINER.explain(text).verdict().code());
  }

  @Test
  void anErrorLevelStillMarksAFailureThatHasNoErrorWords() {
    Explanation explanation =
        EXPLAINER.explain("FATA[0000] expected the hostname part to be \"registry.example.com\"");

    assertThat(explanation.verdict().code()).isNotEqualTo(DiagnosisCode.OK);
  }

  @Test
  void aPushRefusedForAnImmutableTagIsAccessDeniedAndSaysWhy() {
    Explanation explanation =
        EXPLAINER.explain(
            "tag invalid: The image tag '1.0' already exists in the 'team/app' repository and"
                + " cannot be overwritten because the repository is immutable.");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
    assertThat(String.join("\n", explanation.verdict().evidence())).contains("new tag");
  }

  @Test
  void anImageFormatTheLambdaPlatformRefusesIsAPlatformMismatchAndSaysHowToBuildOne() {
    Explanation explanation =
        EXPLAINER.explain(
            "InvalidParameterValueException: The image manifest or layer media type for the source"
                + " image 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0 is not supported.");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.PLATFORM_MISMATCH);
    assertThat(String.join("\n", explanation.verdict().evidence())).contains("--provenance=false");
  }
}
