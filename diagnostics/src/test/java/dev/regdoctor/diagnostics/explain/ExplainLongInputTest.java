package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Text longer than {@link ErrorExplainer#MAX_WHOLE_CHARS}: review defect 3, a pull error early in a
 * 1.26 MB log was never looked at (only the last 1 MiB was), and the answer was UNKNOWN.
 */
class ExplainLongInputTest {
  private static final String ERROR =
      "Error response from daemon: Head \"https://reg.example.com/v2/a/b/manifests/1\":"
          + " unauthorized: authentication required";

  private final ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);

  private static String log(int lines, int errorAt) {
    List<String> text = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      text.add("2026-12-04T10:00:00.000Z info unrelated line " + i);
    }
    text.add(errorAt, ERROR);
    return String.join("\n", text);
  }

  @Test
  void errorEarlyInALogLongerThanTheLimitIsFound() {
    String log = log(25_000, 10);
    assertThat(log.length()).isGreaterThan(ErrorText.MAX_LENGTH);

    Explanation explanation = explainer.explain(log);

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
    assertThat(explanation.entities().registry()).isEqualTo("reg.example.com");
  }

  @Test
  void inputOfALongTextHoldsWhatWasExaminedAndSaysWhatWasLeftOut() {
    String log = log(100_000, 10);

    Explanation explanation = explainer.explain(log);

    assertThat(explanation.input().length()).isLessThanOrEqualTo(ErrorText.MAX_LENGTH);
    assertThat(explanation.input())
        .startsWith(ERROR + "\n[regdoctor: ")
        .contains(" earlier lines left out here]\n")
        .endsWith("info unrelated line 99999");
    int leftOut =
        Integer.parseInt(
            explanation.input().split("\n")[1].replaceAll("\\D", "").replaceFirst("^$", "0"));
    int kept = (int) explanation.input().lines().count() - 2;
    assertThat(leftOut + kept + 1).isEqualTo(100_001);
  }

  @Test
  void textUpToTheLimitIsExplainedWhole() {
    String log = log(20_000, 10);
    assertThat(log.length()).isLessThanOrEqualTo(ErrorText.MAX_LENGTH);

    assertThat(explainer.explain(log).input()).isEqualTo(log);
  }
}
