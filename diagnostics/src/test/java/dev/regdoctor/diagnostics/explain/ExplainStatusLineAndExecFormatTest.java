package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session 8's changes from fold V's misses (issue 13): a status that only an access-log line or an
 * HTTP status line shows decides like any other wording of it; a program that cannot start because
 * the image is for another CPU architecture ({@code exec format error}) is a platform mismatch,
 * unless the program is a credential helper; an exception or error type name ({@code
 * CannotPullContainerError:}) makes a line an error line; "no error in the text" needs a text that
 * shows something worked. The texts are written for this test in the shape of real messages, with
 * example hosts.
 */
class ExplainStatusLineAndExecFormatTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  @Test
  void aRegistryAccessLogLineWithA503IsTheRegistryUnavailable() {
    Explanation explanation =
        EXPLAINER.explain(
            "10.0.0.2 - - [01/May/2024:10:00:00 +0000] \"GET /v2/team/app/manifests/1.0 HTTP/1.1\""
                + " 503 125 \"\" \"containerd/1.7.0\"");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.REGISTRY_UNAVAILABLE);
  }

  @Test
  void anHttpStatusLineWithA403IsAccessDenied() {
    Explanation explanation =
        EXPLAINER.explain(
            "$ curl -sI https://registry.example.com/v2/\nHTTP/2 403 \ncontent-length: 0\n");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
  }

  @Test
  void aSuccessfulStatusLineIsNotReadAsAFailure() {
    Explanation explanation =
        EXPLAINER.explain("$ curl -sI https://registry.example.com/v2/\nHTTP/2 200 \n");

    assertThat(explanation.verdict().code())
        .isNotIn(DiagnosisCode.ACCESS_DENIED, DiagnosisCode.REGISTRY_UNAVAILABLE);
  }

  @ParameterizedTest(name = "platform mismatch: {0}")
  @ValueSource(
      strings = {
        "exec /usr/local/bin/docker-entrypoint.sh: exec format error",
        "standard_init_linux.go:228: exec user process caused: exec format error",
        "{\"msg\":\"exec container process `/usr/local/bin/app`: Exec format error\"}"
      })
  void aProgramBuiltForAnotherArchitectureIsAPlatformMismatch(String text) {
    Explanation explanation = EXPLAINER.explain(text);

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.PLATFORM_MISMATCH);
    assertThat(String.join("\n", explanation.verdict().evidence())).contains("uname -m");
  }

  @Test
  void aCredentialHelperThatCannotExecuteIsStillTheHelper() {
    Explanation explanation =
        EXPLAINER.explain(
            "error getting credentials - err: fork/exec /usr/local/bin/docker-credential-pass:"
                + " exec format error, out: ``");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.CREDENTIAL_HELPER_FAILED);
  }

  @Test
  void anErrorTypeNameMakesTheLineAFailure() {
    Explanation explanation =
        EXPLAINER.explain("CannotPullContainerError: inspect image has been retried 5 time(s):");

    assertThat(explanation.verdict().code()).isNotEqualTo(DiagnosisCode.OK);
  }

  @Test
  void aTextWithNeitherErrorNorSuccessWordsIsNotNothingFailed() {
    Explanation explanation =
        EXPLAINER.explain("the mirror answered with an empty tag list for team/app");

    assertThat(explanation.verdict().code()).isNotEqualTo(DiagnosisCode.OK);
  }

  @Test
  void aCopyThatCompletedIsStillNothingFailed() {
    Explanation explanation =
        EXPLAINER.explain(
            "Trying to pull registry.example.com/team/app:1.0...\n"
                + "Getting image source signatures\n"
                + "Copying blob 72cfd02ff4d0 done\n"
                + "Writing manifest to image destination\n");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.OK);
  }
}
