package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.diagnostics.internal.ReportText;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Review 13, k8s defect 2: the text form cut remediation steps and evidence sentences the tool
 * wrote in the middle ("let its own login supply the password: az … for a token to pipe)"), which
 * only pasted lines may be.
 */
class ExplanationTextTest {
  private static final String SENTENCE =
      "The login command stopped before it asked any registry: it was not given the user name or"
          + " password it needs, and without a terminal it cannot prompt for them (in a script or"
          + " CI job usually an empty variable or a missing --username).";
  private static final String STEP =
      "For a cloud registry, let its own login supply the password: az acr login --name"
          + " <registry> (or --expose-token for a token to pipe), aws ecr get-login-password piped"
          + " to --password-stdin with the user name AWS, gcloud auth configure-docker";
  private static final String PASTED =
      "Failed to pull image \"registry.example.com/shop/web:1.4\": rpc error: code = Unknown desc"
          + " = failed to pull and unpack image \"registry.example.com/shop/web:1.4\": failed to"
          + " resolve reference \"registry.example.com/shop/web:1.4\": failed to do request: Head"
          + " \"https://registry.example.com/v2/shop/web/manifests/1.4\": dial tcp 10.1.2.3:443:"
          + " i/o timeout";

  private static Explanation explanation(String summary, List<String> evidence) {
    return new Explanation(
        PASTED,
        "kubelet",
        new Finding(
            DiagnosisCode.CONNECT_TIMEOUT,
            Severity.ERROR,
            summary,
            evidence,
            List.of(new Remedy(STEP, null)),
            "4.2"),
        List.of(),
        Explanation.Entities.NONE);
  }

  @Test
  void stepsAndEvidenceSentencesTheToolWroteArePrintedWhole() {
    String text =
        explanation("The TCP connection never completes", List.of(SENTENCE)).toText(false);

    assertThat(text).contains("    " + SENTENCE).contains("1. " + STEP);
  }

  @Test
  void pastedLinesAreStillShortenedInTheMiddle() {
    String text =
        explanation("The TCP connection never completes", List.of(PASTED, SENTENCE)).toText(false);

    assertThat(text).doesNotContain(PASTED).contains("    " + SENTENCE).contains("1. " + STEP);
    assertThat(text.lines().filter(line -> line.startsWith("    Failed to pull image")))
        .singleElement()
        .satisfies(line -> assertThat(line).contains(" … ").endsWith("i/o timeout"));
  }

  @Test
  void aSummaryKeepsTheToolsWordsWholeAndShortensThePastedLineAfterThem() {
    String summary = "The TCP connection to registry.example.com:443 never completes: " + PASTED;

    String text = explanation(summary, List.of(SENTENCE)).toText(false);

    assertThat(text.lines().filter(line -> line.startsWith("  The TCP connection")))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith(
                        "  The TCP connection to registry.example.com:443 never completes: Failed")
                    .contains(" … ")
                    .endsWith("i/o timeout"));
  }

  @Test
  void theReviewersLoginErrorPrintsEveryStepAndSentenceWhole() {
    Explanation explanation =
        ErrorExplainer.create(Locale.ENGLISH).explain("Error: username is empty");

    String text = explanation.toText(false);

    assertThat(text).doesNotContain("…");
    explanation.verdict().remediation().stream()
        .limit(3)
        .forEach(step -> assertThat(text).contains(step.text()));
    ReportText.evidenceToShow(explanation.verdict()).stream()
        .limit(3)
        .forEach(line -> assertThat(text).contains(line));
  }
}
