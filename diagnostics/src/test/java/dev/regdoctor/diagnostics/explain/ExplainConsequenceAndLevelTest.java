package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session 7's engine changes (issue 13): a consequence line ({@code No such image} after a pull
 * that failed) yields to the failure before it; a line whose removed log prefix said error or fatal
 * ({@code FATA[0000]}, {@code level=error}) is an error line, and {@code dial tcp} is error
 * wording, so such a text is never answered "nothing failed". The texts are written for this test
 * in the shape of real messages, with example hosts.
 */
class ExplainConsequenceAndLevelTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  @Test
  void aFailedPullBeforeNoSuchImageDecidesOverTheMissingLocalImage() {
    Explanation explanation =
        EXPLAINER.explain(
            "[7128 ms] Start: Run: docker pull registry.example.com/base:1\n"
                + "Error response from daemon: Get \"https://registry.example.com/v2/\":"
                + " dial tcp 203.0.113.7:443: connect: connection refused\n"
                + "[7130 ms] Error response from daemon: No such image: registry.example.com/base:1");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.LOCAL_ENVIRONMENT)).isTrue();
  }

  @Test
  void noSuchImageAloneStaysALocalImageProblem() {
    Explanation explanation =
        EXPLAINER.explain("Error response from daemon: No such image: registry.example.com/base:1");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.LOCAL_ENVIRONMENT);
  }

  @Test
  void anInfoLevelSuccessLineIsStillNothingFailed() {
    Explanation explanation =
        EXPLAINER.explain(
            "time=\"2024-05-01T10:00:00Z\" level=info msg=\"Pulled image registry.example.com/a:1\"");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.OK);
  }

  @ParameterizedTest(name = "not \"nothing failed\": {0}")
  @ValueSource(
      strings = {
        "FATA[0000] expected the hostname part to be \"registry.example.com\"",
        "time=\"2024-05-01T10:00:00Z\" level=error msg=\"expected a manifest for x\"",
        "dial tcp: lookup registry.example.invalid"
      })
  void anErrorLevelOrAGoDialIsAFailureWithoutErrorWords(String text) {
    assertThat(EXPLAINER.explain(text).verdict().code()).isNotEqualTo(DiagnosisCode.OK);
  }
}
