package dev.regdoctor.diagnostics.explain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped wording model is what the generator makes from the current corpus and code, reads
 * strictly, and guesses only above its thresholds.
 */
class WordingModelTest {
  /** A model that never guesses: its only class is {@code UNKNOWN}. */
  static final WordingModel SILENT =
      WordingModel.parse(
          "format\tregdoctor-wording-model\t1\nclasses\tUNKNOWN\ngroups\tc\t1\tt\t1\n"
              + "bias\t0\nknown\t0\nverdict\t1\nalternative\t1\n",
          "silent");

  private static final String SMALL =
      "# a test model\n"
          + "format\tregdoctor-wording-model\t1\n"
          + "classes\tUNKNOWN\tOK\tDNS_FAILURE\tCONNECTION_REFUSED\n"
          + "groups\tc\t2\tt\t1\n"
          + "bias\t0\t-5\t0\t0\n"
          + "known\t0\t0\t0\t0\n"
          + "verdict\t0.7\n"
          + "alternative\t0.2\n"
          + "feature\tc no such\t2:3\n"
          + "feature\tt refused\t3:1.5\n";

  @Test
  void committedModelIsWhatTheGeneratorMakesFromTheCurrentCorpus() throws IOException {
    String committed;
    try (InputStream in = WordingModel.class.getResourceAsStream(WordingModel.RESOURCE)) {
      committed = new String(in.readAllBytes(), UTF_8);
    }

    String generated =
        WordingModelGenerator.generate(WordingCrossValidation.examplesByFold()).model();

    assertThat(committed)
        .as(
            "%s is stale: regenerate it with WordingModelGenerator (docs/explainer.md)",
            WordingModel.RESOURCE)
        .isEqualTo(generated);
  }

  @Test
  void shippedModelReadsAndKnowsTheCommonCodes() {
    WordingModel model = WordingModel.standard();

    assertThat(model.classes())
        .contains(DiagnosisCode.UNKNOWN, DiagnosisCode.DNS_FAILURE, DiagnosisCode.ACCESS_DENIED);
    assertThat(model.features()).isGreaterThan(1000);
    assertThat(model.alternativeThreshold()).isLessThanOrEqualTo(model.verdictThreshold());
  }

  @Test
  void guessesTheCodeAboveTheVerdictThresholdWithRunnersUpAboveTheAlternativeThreshold() {
    WordingModel model = WordingModel.parse(SMALL, "small");

    WordingModel.Guess guess = model.guess(List.of("c no such", "t refused")).orElseThrow();

    // c weighs 2: DNS scores 6, refused 1.5, UNKNOWN 0.
    assertThat(guess.code()).isEqualTo(DiagnosisCode.DNS_FAILURE);
    assertThat(guess.confidence()).isGreaterThan(0.9);
    assertThat(guess.alternatives()).isEmpty();
    assertThat(model.guess(List.of("t refused"))).isEmpty();
    assertThat(model.guess(List.of("t something else"))).isEmpty();
    assertThat(model.guess(model.confidences(List.of("t refused")), 0.5, 0.2))
        .map(WordingModel.Guess::code)
        .contains(DiagnosisCode.CONNECTION_REFUSED);
  }

  @Test
  void aMarginRecordKeepsTheVerdictFromCodesThatDoNotLeadUnknownByIt() {
    // UNKNOWN scores 5.6, DNS 6 (3 × c's weight 2): DNS is the verdict at 0.3 (0.60), leading
    // UNKNOWN (0.40) by about 0.2.
    String close = SMALL.replace("bias\t0\t-5\t0\t0", "bias\t5.6\t-5\t0\t0");
    WordingModel ungated = WordingModel.parse(close.replace("verdict\t0.7", "verdict\t0.3"), "m");
    WordingModel gated =
        WordingModel.parse(
            close
                .replace("verdict\t0.7", "verdict\t0.3")
                .replace("alternative\t0.2", "alternative\t0.2\nmargin\t0.25"),
            "m");
    List<String> features = List.of("c no such");
    double[] confidences = ungated.confidences(features);
    int unknown = ungated.classes().indexOf(DiagnosisCode.UNKNOWN);
    int dns = ungated.classes().indexOf(DiagnosisCode.DNS_FAILURE);
    assertThat(confidences[dns] - confidences[unknown]).isBetween(0.1, 0.25);

    assertThat(ungated.marginThreshold()).isEqualTo(WordingModel.NO_MARGIN);
    assertThat(ungated.guess(features))
        .map(WordingModel.Guess::code)
        .contains(DiagnosisCode.DNS_FAILURE);
    assertThat(gated.marginThreshold()).isEqualTo(0.25);
    assertThat(gated.guess(features)).isEmpty();
  }

  @Test
  void anAmbiguousMessageSharesItsTrainingTargetWithItsLabelledAlternatives() {
    List<DiagnosisCode> classes =
        List.of(DiagnosisCode.UNKNOWN, DiagnosisCode.AUTH_REQUIRED, DiagnosisCode.ACCESS_DENIED);
    ExplainCorpus.Entry ambiguous =
        new ExplainCorpus.Entry(
            "a",
            "docker",
            DiagnosisCode.AUTH_REQUIRED,
            true,
            List.of(DiagnosisCode.ACCESS_DENIED, DiagnosisCode.UNKNOWN, DiagnosisCode.DNS_FAILURE),
            "denied",
            "https://example.invalid",
            java.util.Map.of(),
            null,
            ExplainCorpus.Fold.TUNE);
    ExplainCorpus.Entry plain =
        new ExplainCorpus.Entry(
            "b",
            "docker",
            DiagnosisCode.AUTH_REQUIRED,
            false,
            List.of(),
            "denied",
            "https://example.invalid",
            java.util.Map.of(),
            null,
            ExplainCorpus.Fold.TUNE);

    // DNS_FAILURE is not a class: the share goes to the two alternatives that are.
    assertThat(WordingTrainer.target(ambiguous, classes, 0.2))
        .containsExactly(new double[] {0.1, 0.8, 0.1}, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(WordingTrainer.target(plain, classes, 0.2)).containsExactly(0, 1, 0);
    assertThat(WordingTrainer.target(ambiguous, classes, 0)).containsExactly(0, 1, 0);
  }

  @Test
  void neverGuessesUnknownOrOk() {
    WordingModel model = WordingModel.parse(SMALL.replace("bias\t0\t-5", "bias\t9\t9"), "small");

    assertThat(model.guess(model.confidences(List.of("t anything")), 0.0, 0.0))
        .map(WordingModel.Guess::code)
        .contains(DiagnosisCode.DNS_FAILURE);
    assertThat(model.guess(List.of("t anything"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "format\tregdoctor-wording-model\t1|format\tother\t1|format (line 2)",
        "format\tregdoctor-wording-model\t1|format\tregdoctor-wording-model\t2|format (line 2)",
        "classes\tUNKNOWN\tOK\tDNS_FAILURE\tCONNECTION_REFUSED|classes\tUNKNOWN\tNO_SUCH_CODE"
            + "|classes (line 3)",
        "bias\t0\t-5\t0\t0|bias\t0\t-5\t0|bias (line 5)",
        "known\t0\t0\t0\t0|known\t0\t0\tx\t0|known (line 6)",
        "verdict\t0.7|verdict\t1.5|verdict (line 7)",
        "verdict\t0.7|# gone|verdict",
        "feature\tc no such\t2:3|feature\tc no such\t7:3|feature (line 9)",
        "feature\tt refused\t3:1.5|feature\tt refused\t3=1.5|feature (line 10)",
        "feature\tt refused\t3:1.5|feature\tc no such\t3:1.5|feature (line 10)",
        "feature\tt refused\t3:1.5|feature\tx refused\t3:1.5|feature",
        "alternative\t0.2|weights\t0.2|weights (line 8)",
        "alternative\t0.2|margin\t1.5|margin (line 8)",
        "alternative\t0.2|margin\t0.1\t0.2|margin (line 8)",
      })
  void malformedModelIsATypedErrorNamingTheFileAndTheField(
      String original, String replacement, String field) {
    String broken = SMALL.replace(original.replace("\\t", "\t"), replacement);
    assertThat(broken).isNotEqualTo(SMALL);

    assertThatThrownBy(() -> WordingModel.parse(broken, "models/broken.tsv"))
        .isInstanceOfSatisfying(
            WordingModelException.class,
            e -> {
              assertThat(e.file()).isEqualTo("models/broken.tsv");
              assertThat(e.field()).isEqualTo(field);
              assertThat(e).hasMessageStartingWith("models/broken.tsv: " + field + ": ");
            });
  }

  @Test
  void aFileWithoutTheFormatRecordFirstIsRejected() {
    assertThatThrownBy(() -> WordingModel.parse(SMALL.replace("format\t", "#"), "m.tsv"))
        .isInstanceOf(WordingModelException.class)
        .hasMessageContaining("m.tsv: classes (line 3)");
  }
}
