package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.explain.ExplainCorpus.Entry;
import dev.regdoctor.diagnostics.explain.WordingCrossValidation.Thresholds;
import dev.regdoctor.diagnostics.explain.WordingTrainer.Example;
import dev.regdoctor.diagnostics.explain.WordingTrainer.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer's log-linear mix of logistic regression and naive Bayes (session 17) is one linear
 * model whose confidences are the weighted geometric mean of the two learners' (normalised).
 */
class WordingTrainerTest {
  private static final Thresholds THRESHOLDS = new Thresholds(0.5, 0.2, WordingModel.NO_MARGIN);

  private static final String[][] MESSAGES = {
    {"DNS_FAILURE", "dial tcp: lookup registry.example.com: no such host"},
    {"DNS_FAILURE", "lookup registry.example.com on 10.0.0.2:53: no such host"},
    {"DNS_FAILURE", "Temporary failure in name resolution"},
    {"DNS_FAILURE", "could not resolve host registry.example.com"},
    {"CONNECTION_REFUSED", "dial tcp 10.0.0.1:5000: connect: connection refused"},
    {"CONNECTION_REFUSED", "connect: connection refused"},
    {"CONNECTION_REFUSED", "Failed to connect to registry port 443: Connection refused"},
    {"CONNECTION_REFUSED", "the registry refused the connection"},
    {"UNKNOWN", "something went wrong"},
    {"UNKNOWN", "an error occurred while pulling"},
    {"UNKNOWN", "something odd happened while pulling"},
  };

  private static List<Example> examples() {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < MESSAGES.length; i++) {
      Entry entry =
          new Entry(
              "m" + i,
              "docker",
              DiagnosisCode.valueOf(MESSAGES[i][0]),
              false,
              List.of(),
              MESSAGES[i][1],
              "https://example.com/" + i,
              Map.of(),
              null,
              ExplainCorpus.Fold.TUNE);
      examples.add(Example.of(entry));
    }
    return examples;
  }

  private static WordingModel train(Settings settings) {
    return WordingModel.parse(WordingTrainer.train(examples(), settings, THRESHOLDS), "test");
  }

  @Test
  void mixedLearnerGivesTheWeightedGeometricMeanOfLogisticRegressionAndNaiveBayes() {
    Settings logistic = Settings.logistic(0.5, 1e-4, 12, 0.2, 0.1);
    WordingModel alone = train(logistic);
    WordingModel naiveBayes = train(Settings.naiveBayes(0.5, 0.5, 0.1));
    WordingModel mixed = train(logistic.withNaiveBayes(0.3, 0.5, 0.1));

    assertThat(mixed.classes()).isEqualTo(alone.classes()).isEqualTo(naiveBayes.classes());
    for (String text :
        List.of("lookup registry: no such host", "connection refused", "an odd failure")) {
      List<String> features = WordingFeatures.of(text, text);
      double[] a = alone.confidences(features);
      double[] b = naiveBayes.confidences(features);
      double[] expected = new double[a.length];
      for (int c = 0; c < a.length; c++) {
        expected[c] = 0.7 * Math.log(a[c]) + 0.3 * Math.log(b[c]);
      }
      WordingModel.softmax(expected);
      double[] actual = mixed.confidences(features);
      for (int c = 0; c < a.length; c++) {
        // Weights are written with three decimals, so the mix is exact to rounding.
        assertThat(actual[c]).as("%s, class %d", text, c).isCloseTo(expected[c], within(0.01));
      }
    }
    // Naive Bayes adds a per-feature constant for every known feature, so the mix has one too,
    // and the file names every feature naive Bayes knows.
    assertThat(mixed.features()).isEqualTo(naiveBayes.features());
  }

  @Test
  void shippedLearnerMixesInNaiveBayesAndPlainLogisticRegressionDoesNot() {
    assertThat(Settings.logistic(0.5, 1e-4, 12, 0.2, 0.1).naiveBayesShare()).isZero();
    assertThat(WordingModelGenerator.CHOSEN.naiveBayesShare()).isEqualTo(0.3);
  }
}
