package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.explain.ErrorExplainer;
import dev.regdoctor.diagnostics.explain.Explanation;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive is trained on explains that reach the wording model as well as the rules,
 * so that a text the rules leave unexplained starts as fast as one they explain.
 */
class ArchiveTrainingTest {
  @Test
  void theLastTrainingMessageIsAnsweredByTheWordingModel() {
    List<String> messages = ArchiveTraining.MESSAGES;
    Explanation inferred =
        ErrorExplainer.create(Locale.ROOT).explain(messages.get(messages.size() - 1));
    assertThat(inferred.verdict().code()).isNotEqualTo(DiagnosisCode.UNKNOWN);
    assertThat(inferred.verdict().summary()).startsWith("No rule matched this text");
  }
}
