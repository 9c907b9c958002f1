package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: where no rule matches, the wording model may infer the cause; the finding says so,
 * keeps the raw line and the innermost cause as evidence, and gives the inferred code's steps with
 * the text's names. The model never overrides a rule and never touches {@code OK}.
 */
class ExplainWordingTest {
  /** No rule knows this wording; it reads like a permission failure. */
  static final String UNMATCHED =
      "Error: pulling image \"registry.example.com:5000/team/app:1.4\" failed: access to this"
          + " repository is forbidden for your account";

  /** A model that guesses on every text: the most confident code at any confidence. */
  private static final WordingModel EAGER = eager();

  private static WordingModel eager() {
    String text =
        WordingModelGenerator.generate(WordingCrossValidation.examplesByFold())
            .model()
            .replaceFirst("\nverdict\t[0-9.]+\n", "\nverdict\t0\n")
            .replaceFirst("\nalternative\t[0-9.]+\n", "\nalternative\t0\n")
            .replaceFirst("\nmargin\t[-0-9.]+\n", "\nmargin\t-1\n");
    return WordingModel.parse(text, "eager");
  }

  @Test
  void unmatchedTextGetsTheInferredCodeSayingNoRuleMatched() {
    ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);
    assertThat(
            explainer.withWordingModel(WordingModelTest.SILENT).explain(UNMATCHED).verdict().code())
        .as("no rule matches the text")
        .isEqualTo(DiagnosisCode.UNKNOWN);

    Explanation explanation = explainer.explain(UNMATCHED);
    Finding verdict = explanation.verdict();

    // Since fold R joined the training data (session 5) the model hesitates between the two
    // permission codes for this wording (AUTH_REQUIRED 34 %, ACCESS_DENIED as alternative).
    assertThat(verdict.code()).isIn(DiagnosisCode.ACCESS_DENIED, DiagnosisCode.AUTH_REQUIRED);
    assertThat(codes(explanation)).contains(DiagnosisCode.ACCESS_DENIED);
    assertThat(verdict.summary())
        .startsWith("No rule matched this text; its wording resembles messages caused by: ")
        .contains("inferred from wording, confidence ");
    assertThat(verdict.evidence())
        .contains(
            UNMATCHED,
            "Innermost cause in the text: access to this repository is forbidden for your account")
        .anySatisfy(line -> assertThat(line).startsWith("No rule matched this text: the code"));
    assertThat(verdict.remediation())
        .extracting(Remedy::command)
        .anySatisfy(command -> assertThat(command).contains("registry.example.com:5000"));
  }

  @Test
  void chineseSaysTheSame() {
    Explanation explanation = ErrorExplainer.create(Locale.SIMPLIFIED_CHINESE).explain(UNMATCHED);
    Finding verdict = explanation.verdict();

    assertThat(codes(explanation))
        .isEqualTo(codes(ErrorExplainer.create(Locale.ENGLISH).explain(UNMATCHED)))
        .contains(DiagnosisCode.ACCESS_DENIED);
    assertThat(verdict.summary()).startsWith("没有规则匹配这段文本；其措辞与以下原因导致的消息相似：");
    assertThat(verdict.evidence()).anySatisfy(line -> assertThat(line).startsWith("没有规则匹配"));
  }

  /**
   * Words the model has never seen carry no weight, so an error line made of them stays {@code
   * UNKNOWN}. (Unknown words inside familiar wording are another matter: "the frobnicator is not
   * grommeted" reads like LOCAL_ENVIRONMENT's "… is not running"; docs/explainer.md says so.)
   */
  @Test
  void anErrorInWordsTheModelNeverSawStaysUnknown() {
    Explanation explanation =
        ErrorExplainer.create(Locale.ENGLISH).explain("error: frobnicator grommeted");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.UNKNOWN);
    assertThat(explanation.verdict().summary()).startsWith("Not recognised");
  }

  /**
   * Even a model that guesses on every text changes only the verdicts the rules left {@code
   * UNKNOWN}: every other verdict, with its alternatives, and every {@code OK} stays as it was.
   */
  @Test
  void theModelNeverOverridesARuleOrOk() {
    ErrorExplainer english = ErrorExplainer.create(Locale.ENGLISH);
    ErrorExplainer rules = english.withWordingModel(WordingModelTest.SILENT);
    ErrorExplainer eager = english.withWordingModel(EAGER);
    List<String> changed = new ArrayList<>();
    int inferred = 0;
    for (ExplainCorpus.Entry entry : ExplainCorpus.tunedOn()) {
      Explanation before = rules.explain(entry.message());
      Explanation after = eager.explain(entry.message());
      if (before.verdict().code() == DiagnosisCode.UNKNOWN) {
        inferred += after.verdict().code() == DiagnosisCode.UNKNOWN ? 0 : 1;
      } else if (!before.verdict().equals(after.verdict())
          || !before.alternatives().equals(after.alternatives())) {
        changed.add(entry.id());
      }
    }

    assertThat(changed).isEmpty();
    assertThat(inferred).as("the eager model spoke where the rules were silent").isPositive();
  }

  private static List<DiagnosisCode> codes(Explanation explanation) {
    List<DiagnosisCode> codes = new ArrayList<>();
    codes.add(explanation.verdict().code());
    explanation.alternatives().forEach(finding -> codes.add(finding.code()));
    return codes;
  }
}
