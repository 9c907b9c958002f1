package dev.regdoctor.diagnostics.explain;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.regdoctor.diagnostics.explain.ExplainCorpus.Fold;
import dev.regdoctor.diagnostics.explain.WordingCrossValidation.FoldFigures;
import dev.regdoctor.diagnostics.explain.WordingCrossValidation.Run;
import dev.regdoctor.diagnostics.explain.WordingCrossValidation.Thresholds;
import dev.regdoctor.diagnostics.explain.WordingTrainer.Example;
import dev.regdoctor.diagnostics.explain.WordingTrainer.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generates the shipped wording model ({@value WordingModel#RESOURCE}) from every tuned corpus
 * fold: chooses the thresholds by leave-one-fold-out cross-validation of the chosen learner, then
 * trains on all folds. {@code WordingModelTest} fails when the committed file differs from what
 * this produces, so a corpus or feature change without regenerating fails the build. Run from the
 * repository root:
 *
 * <pre>
 * mvn -B -q -o -pl diagnostics test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp diagnostics/target/test-classes:diagnostics/target/classes:$(cat diagnostics/target/test-classpath.txt) \
 *     dev.regdoctor.diagnostics.explain.WordingModelGenerator [--compare]
 * </pre>
 *
 * With {@code --compare} it first prints the cross-validated comparison of the candidate learners
 * the choice rests on (docs/explainer.md quotes it).
 */
final class WordingModelGenerator {
  static final Path FILE = Path.of("diagnostics/src/main/resources" + WordingModel.RESOURCE);

  /** The learner chosen by {@code --compare} (see docs/explainer.md, "Wording model"). */
  static final Settings CHOSEN =
      Settings.logistic(0.5, 1e-4, 12, 0.2, 0.1).withNaiveBayes(0.3, 0.5, 0.1);

  /** The candidates {@code --compare} cross-validates. */
  static List<Settings> candidates() {
    return List.of(
        Settings.naiveBayes(1, 0.5, 0.1),
        Settings.naiveBayes(2, 0.5, 0.1),
        Settings.naiveBayes(0.5, 0.5, 0.1),
        Settings.naiveBayes(1, 0.2, 0.1),
        Settings.naiveBayes(1, 1.0, 0.1),
        Settings.naiveBayes(1, 0.5, 0.3),
        Settings.logistic(0.5, 1e-4, 12, 0),
        Settings.logistic(0.5, 1e-4, 12, 0.05),
        Settings.logistic(0.5, 1e-4, 12, 0.1),
        Settings.logistic(0.5, 1e-4, 12, 0.2),
        Settings.logistic(0.5, 1e-4, 12, 0.2, 0.2),
        Settings.logistic(0.5, 1e-4, 12, 0.2, 0.35),
        Settings.logistic(0.5, 1e-4, 12, 0.2, 0.1),
        Settings.logistic(0.5, 1e-4, 12, 0.2, 0.1).withNaiveBayes(0.15, 0.5, 0.1),
        Settings.logistic(0.5, 1e-4, 12, 0.2, 0.1).withNaiveBayes(0.3, 0.5, 0.1),
        Settings.logistic(0.5, 1e-4, 12, 0.2, 0.1).withNaiveBayes(0.5, 0.5, 0.1),
        Settings.logistic(0.5, 1e-4, 12, 0.2, 0.1).withNaiveBayes(0.3, 0.5, 0.3));
  }

  private WordingModelGenerator() {}

  /** The chosen learner's cross-validation, thresholds and final model text. */
  record Generated(Run run, Thresholds thresholds, String model) {}

  static Generated generate(Map<Fold, List<Example>> byFold) {
    Run run = WordingCrossValidation.run(byFold, CHOSEN);
    List<WordingCrossValidation.Prediction> replayed =
        WordingCrossValidation.replayPredictions(run, WordingCrossValidation.replayed(), null);
    Thresholds thresholds = WordingCrossValidation.choose(replayed);
    List<Example> all = new ArrayList<>();
    byFold.values().forEach(all::addAll);
    return new Generated(run, thresholds, WordingTrainer.train(all, CHOSEN, thresholds));
  }

  public static void main(String[] args) throws IOException {
    Map<Fold, List<Example>> byFold = WordingCrossValidation.examplesByFold();
    if (List.of(args).contains("--compare")) {
      System.out.println(
          "Leave-one-fold-out comparison: replayed messages right at the best verdict threshold"
              + " (of the replayed population; see the replay table), balanced accuracy over all messages there, log-loss");
      for (Settings settings : candidates()) {
        Run run = WordingCrossValidation.run(byFold, settings);
        List<WordingCrossValidation.Prediction> replayed =
            WordingCrossValidation.replayPredictions(run, WordingCrossValidation.replayed(), null);
        double verdict = WordingCrossValidation.chooseVerdict(replayed);
        Thresholds gated = WordingCrossValidation.choose(replayed);
        System.out.printf(
            Locale.ROOT,
            "  %-50s verdict at %.2f: replay %d; with a margin over UNKNOWN (%.2f, %.2f): replay"
                + " %d; balanced %.4f, log-loss %.4f%n",
            settings,
            verdict,
            WordingCrossValidation.rightCount(replayed, Thresholds.verdictOnly(verdict)),
            gated.verdict(),
            gated.margin(),
            WordingCrossValidation.rightCount(replayed, gated),
            WordingCrossValidation.balanced(run, verdict),
            WordingCrossValidation.logLoss(run));
      }
    }
    Generated generated = generate(byFold);
    System.out.printf(
        Locale.ROOT,
        "%nChosen: %s; verdict at %.3f, alternatives at %.3f, margin over UNKNOWN %.3f%n",
        CHOSEN,
        generated.thresholds().verdict(),
        generated.thresholds().alternative(),
        generated.thresholds().margin());
    System.out.print(FoldFigures.header());
    for (FoldFigures figures :
        WordingCrossValidation.figures(generated.run(), generated.thresholds())) {
      System.out.println(figures.row());
    }
    System.out.println();
    System.out.print(WordingCrossValidation.replayTable(generated.run(), generated.thresholds()));
    Files.writeString(FILE, generated.model(), UTF_8);
    System.out.printf(
        Locale.ROOT, "%nWrote %s (%,d bytes)%n", FILE, generated.model().getBytes(UTF_8).length);
  }
}
