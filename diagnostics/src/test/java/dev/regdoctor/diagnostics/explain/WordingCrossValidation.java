package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.explain.ExplainCorpus.Fold;
import dev.regdoctor.diagnostics.explain.WordingTrainer.Example;
import dev.regdoctor.diagnostics.explain.WordingTrainer.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Leave-one-fold-out cross-validation of the wording model: for each tuned fold (the original
 * corpus, folds T, H, N, P, Q, R and the real-client captures, split by source, never within one),
 * a model trained on the other folds predicts the fold's messages. The thresholds are chosen on
 * these out-of-fold predictions, never on predictions of messages the model was trained on.
 *
 * <p>The model speaks only where the rules are silent, so the thresholds are chosen on that
 * population: the messages of folds N, P, Q, R, S, U, V, W and X that the rules of the time left
 * {@code UNKNOWN} when each fold was held out and scored once ({@value #REPLAY}, 1,024 messages:
 * 310 from N, P and Q, 150 from R, 133 from S, 149 from U, 64 from V, 142 from W, 76 from X). Each
 * is predicted by the model trained without its fold. The verdict threshold and the margin (the
 * least lead of the verdict's confidence over {@code UNKNOWN}'s, session 16) together maximise the
 * messages right by issue 13's measure (abstaining is right for {@code UNKNOWN} labels); the
 * alternative threshold then maximises the same less a quarter for every alternative shown that is
 * not among a message's labels. {@link #balanced} (the mean of abstaining on {@code UNKNOWN}/{@code
 * OK} labels and being right on the others, over every message) is reported too.
 */
final class WordingCrossValidation {
  /** An out-of-fold prediction: the message and the confidences of the model that never saw it. */
  record Prediction(Example example, double[] confidences, WordingModel model) {}

  /** The out-of-fold predictions of one learner. */
  record Run(Settings settings, Map<Fold, List<Prediction>> predictions) {}

  /** The replayed population: fold and id of each message the rules of the time left UNKNOWN. */
  static final String REPLAY = "/explain/wording-replay.tsv";

  private WordingCrossValidation() {}

  /** Returns the ids of {@value #REPLAY} by fold. */
  static Map<Fold, Set<String>> replayed() {
    Map<Fold, Set<String>> ids = new EnumMap<>(Fold.class);
    try (InputStream in = WordingCrossValidation.class.getResourceAsStream(REPLAY)) {
      if (in == null) {
        throw new IllegalStateException("missing " + REPLAY);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        if (fields.length != 2) {
          throw new IllegalStateException(REPLAY + " line " + number + ": expected fold and id");
        }
        ids.computeIfAbsent(Fold.valueOf(fields[0]), fold -> new HashSet<>()).add(fields[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /** Returns the out-of-fold predictions of the replayed messages, leaving out {@code except}. */
  static List<Prediction> replayPredictions(Run run, Map<Fold, Set<String>> replay, Fold except) {
    List<Prediction> out = new ArrayList<>();
    run.predictions()
        .forEach(
            (fold, predictions) -> {
              Set<String> ids = replay.getOrDefault(fold, Set.of());
              if (fold != except) {
                for (Prediction prediction : predictions) {
                  if (ids.contains(prediction.example().entry().id())) {
                    out.add(prediction);
                  }
                }
              }
            });
    return out;
  }

  /** The thresholds of a model: verdict, alternatives, and the verdict's lead over UNKNOWN. */
  record Thresholds(double verdict, double alternative, double margin) {
    /** Only a verdict threshold: alternatives never, no margin. */
    static Thresholds verdictOnly(double verdict) {
      return new Thresholds(verdict, 1.01, WordingModel.NO_MARGIN);
    }
  }

  /** Messages of {@code predictions} right at the thresholds (abstaining says UNKNOWN). */
  static int rightCount(List<Prediction> predictions, Thresholds thresholds) {
    int right = 0;
    for (Prediction prediction : predictions) {
      right += right(prediction.example().entry(), answer(prediction, thresholds)) ? 1 : 0;
    }
    return right;
  }

  static Map<Fold, List<Example>> examplesByFold() {
    Map<Fold, List<Example>> byFold = new EnumMap<>(Fold.class);
    for (Fold fold : Fold.tuned()) {
      byFold.put(fold, WordingTrainer.examples(ExplainCorpus.entries(fold)));
    }
    return byFold;
  }

  /** Trains without each fold in turn and predicts that fold. */
  static Run run(Map<Fold, List<Example>> byFold, Settings settings) {
    Map<Fold, List<Prediction>> predictions = new EnumMap<>(Fold.class);
    for (Fold held : byFold.keySet()) {
      WordingModel model =
          trainWithout(byFold, held, settings, new Thresholds(0.5, 0.2, WordingModel.NO_MARGIN));
      List<Prediction> out = new ArrayList<>();
      for (Example example : byFold.get(held)) {
        out.add(new Prediction(example, model.confidences(example.features()), model));
      }
      predictions.put(held, out);
    }
    return new Run(settings, predictions);
  }

  /** Returns the model trained on every fold of {@code byFold} but {@code held}. */
  static WordingModel trainWithout(
      Map<Fold, List<Example>> byFold, Fold held, Settings settings, Thresholds thresholds) {
    List<Example> training = new ArrayList<>();
    byFold.forEach(
        (fold, examples) -> {
          if (fold != held) {
            training.addAll(examples);
          }
        });
    return WordingModel.parse(
        WordingTrainer.train(training, settings, thresholds), "cross-validation");
  }

  /** What the model says for one message at the given thresholds: verdict first. */
  static List<DiagnosisCode> answer(Prediction prediction, Thresholds thresholds) {
    Optional<WordingModel.Guess> guess =
        prediction
            .model()
            .guess(
                prediction.confidences(),
                thresholds.verdict(),
                thresholds.alternative(),
                thresholds.margin());
    if (guess.isEmpty()) {
      return List.of(DiagnosisCode.UNKNOWN);
    }
    List<DiagnosisCode> all = new ArrayList<>();
    all.add(guess.get().code());
    all.addAll(guess.get().alternatives());
    return all;
  }

  /** Issue 13's measure: top-1 for unambiguous messages, the label in the set for ambiguous. */
  static boolean right(ExplainCorpus.Entry entry, List<DiagnosisCode> answer) {
    DiagnosisCode verdict = answer.get(0);
    if (entry.ambiguous()) {
      return answer.contains(entry.code()) || entry.alternatives().contains(verdict);
    }
    return verdict == entry.code();
  }

  /** Whether the right answer is to abstain: the message shows no known cause, or no failure. */
  static boolean abstains(ExplainCorpus.Entry entry) {
    return entry.code() == DiagnosisCode.UNKNOWN || entry.code() == DiagnosisCode.OK;
  }

  /** Balanced accuracy of the verdicts at {@code verdict} over every out-of-fold prediction. */
  static double balanced(Run run, double verdict) {
    int silent = 0;
    int silentRight = 0;
    int loud = 0;
    int loudRight = 0;
    for (List<Prediction> predictions : run.predictions().values()) {
      for (Prediction prediction : predictions) {
        List<DiagnosisCode> answer = answer(prediction, Thresholds.verdictOnly(verdict));
        if (abstains(prediction.example().entry())) {
          silent++;
          silentRight += answer.get(0) == DiagnosisCode.UNKNOWN ? 1 : 0;
        } else {
          loud++;
          loudRight += right(prediction.example().entry(), answer) ? 1 : 0;
        }
      }
    }
    return 0.5 * silentRight / Math.max(1, silent) + 0.5 * loudRight / Math.max(1, loud);
  }

  /** Mean negative log-likelihood of the labelled code (labels the model lacks are skipped). */
  static double logLoss(Run run) {
    double sum = 0;
    int count = 0;
    for (List<Prediction> predictions : run.predictions().values()) {
      for (Prediction prediction : predictions) {
        int c = prediction.model().classes().indexOf(prediction.example().entry().code());
        if (c >= 0) {
          sum -= Math.log(Math.max(1e-12, prediction.confidences()[c]));
          count++;
        }
      }
    }
    return sum / Math.max(1, count);
  }

  /** Returns the verdict threshold with the most replayed messages right (the lowest of equals). */
  static double chooseVerdict(List<Prediction> replayed) {
    return chooseVerdictAndMargin(replayed, new double[] {WordingModel.NO_MARGIN})[0];
  }

  /**
   * The margins {@link #choose} tries: none, then leads of the verdict's confidence over {@code
   * UNKNOWN}'s from -0.40 to 0.40 in steps of 0.02.
   */
  static double[] margins() {
    double[] margins = new double[42];
    margins[0] = WordingModel.NO_MARGIN;
    for (int i = 1; i < margins.length; i++) {
      margins[i] = (i - 21) * 0.02;
    }
    return margins;
  }

  /**
   * Returns the thresholds with the most replayed messages right: the verdict threshold and the
   * margin together (the lowest verdict threshold of equals, then the lowest margin), then the
   * alternative threshold for them.
   */
  static Thresholds choose(List<Prediction> replayed) {
    double[] chosen = chooseVerdictAndMargin(replayed, margins());
    return new Thresholds(chosen[0], chooseAlternative(replayed, chosen[0], chosen[1]), chosen[1]);
  }

  /**
   * Returns the verdict threshold (0.04 to 0.99) and margin (of {@code margins}) with the most
   * replayed messages right when the model answers its best code alone.
   */
  private static double[] chooseVerdictAndMargin(List<Prediction> replayed, double[] margins) {
    // What each message needs: its best code's confidence and lead, and which answer is right.
    int size = replayed.size();
    double[] best = new double[size];
    double[] lead = new double[size];
    boolean[] speakRight = new boolean[size];
    boolean[] silentRight = new boolean[size];
    for (int i = 0; i < size; i++) {
      Prediction prediction = replayed.get(i);
      WordingModel model = prediction.model();
      Optional<WordingModel.Guess> guess =
          model.guess(prediction.confidences(), 0, 1.01, WordingModel.NO_MARGIN);
      ExplainCorpus.Entry entry = prediction.example().entry();
      silentRight[i] = right(entry, List.of(DiagnosisCode.UNKNOWN));
      if (guess.isEmpty()) {
        best[i] = -1;
        continue;
      }
      int unknown = model.classes().indexOf(DiagnosisCode.UNKNOWN);
      best[i] = guess.get().confidence();
      lead[i] = best[i] - (unknown < 0 ? 0 : prediction.confidences()[unknown]);
      speakRight[i] = right(entry, List.of(guess.get().code()));
    }
    double bestVerdict = 0.5;
    double bestMargin = WordingModel.NO_MARGIN;
    int bestScore = -1;
    for (int step = 4; step <= 99; step++) {
      double threshold = step * 0.01;
      for (double margin : margins) {
        int score = 0;
        for (int i = 0; i < size; i++) {
          boolean speaks = best[i] >= threshold && lead[i] >= margin;
          score += (speaks ? speakRight[i] : silentRight[i]) ? 1 : 0;
        }
        if (score > bestScore) {
          bestVerdict = threshold;
          bestMargin = margin;
          bestScore = score;
        }
      }
    }
    return new double[] {bestVerdict, bestMargin};
  }

  /** Returns the alternative threshold (at most the verdict's) as the class Javadoc says. */
  static double chooseAlternative(List<Prediction> replayed, double verdict) {
    return chooseAlternative(replayed, verdict, WordingModel.NO_MARGIN);
  }

  /** As {@link #chooseAlternative(List, double)}, for a verdict gated by {@code margin}. */
  static double chooseAlternative(List<Prediction> replayed, double verdict, double margin) {
    double best = verdict;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int step = 1; step * 0.01 <= verdict + 1e-9; step++) {
      double threshold = Math.min(step * 0.01, verdict);
      double score = 0;
      for (Prediction prediction : replayed) {
        ExplainCorpus.Entry entry = prediction.example().entry();
        List<DiagnosisCode> answer = answer(prediction, new Thresholds(verdict, threshold, margin));
        score += right(entry, answer) ? 1 : 0;
        for (DiagnosisCode other : answer.subList(1, answer.size())) {
          if (other != entry.code() && !entry.alternatives().contains(other)) {
            score -= 0.25;
          }
        }
      }
      if (score > bestScore + 1e-12) {
        best = threshold;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * The replay table: per held-out fold, the messages the rules of the time left UNKNOWN, how many
   * of them that answer got right, how many the model trained without the fold gets right at the
   * chosen thresholds, and at thresholds chosen without that fold's replay (nested, so the fold
   * plays no part in either the model or its thresholds).
   */
  static String replayTable(Run run, Thresholds thresholds) {
    Map<Fold, Set<String>> replay = replayed();
    StringBuilder table =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-44s %7s   %-15s   %-15s   %s%n",
                "held-out fold, rules of the time UNKNOWN",
                "msgs",
                "UNKNOWN right",
                "+ model",
                "+ model, nested thresholds"));
    int[] totals = new int[4];
    for (Fold fold : replay.keySet()) {
      List<Prediction> own = new ArrayList<>();
      for (Prediction prediction : run.predictions().get(fold)) {
        if (replay.get(fold).contains(prediction.example().entry().id())) {
          own.add(prediction);
        }
      }
      List<Prediction> others = replayPredictions(run, replay, fold);
      Thresholds nested = choose(others);
      int[] row = {
        own.size(),
        rightCount(own, Thresholds.verdictOnly(1.01)),
        rightCount(own, thresholds),
        rightCount(own, nested)
      };
      for (int i = 0; i < row.length; i++) {
        totals[i] += row[i];
      }
      table.append(replayRow(fold.title, row, nested));
    }
    table.append(replayRow("all folds", totals, null));
    return table.toString();
  }

  private static String replayRow(String title, int[] row, Thresholds nested) {
    return String.format(
        Locale.ROOT,
        "%-44s %7d   %4d %6.1f%%    %4d %6.1f%%    %4d %6.1f%%%s%n",
        title,
        row[0],
        row[1],
        100.0 * row[1] / row[0],
        row[2],
        100.0 * row[2] / row[0],
        row[3],
        100.0 * row[3] / row[0],
        nested == null
            ? ""
            : String.format(
                Locale.ROOT,
                " (verdict at %.2f%s)",
                nested.verdict(),
                nested.margin() == WordingModel.NO_MARGIN
                    ? ""
                    : String.format(Locale.ROOT, ", margin %.2f", nested.margin())));
  }

  /** One fold's figures for the model alone at the thresholds. */
  record FoldFigures(
      Fold fold, int messages, int covered, int coveredRight, int silent, int silentRight) {
    String row() {
      return String.format(
          Locale.ROOT,
          "%-44s %5d   %4d %5.1f%%   %4d/%-4d %5.1f%%   %4d/%-4d %5.1f%%",
          fold.title,
          messages,
          covered,
          100.0 * covered / messages,
          coveredRight,
          covered,
          covered == 0 ? 0 : 100.0 * coveredRight / covered,
          silentRight,
          silent,
          silent == 0 ? 0 : 100.0 * silentRight / silent);
    }

    static String header() {
      return String.format(
          Locale.ROOT,
          "%-44s %5s   %-11s   %-16s   %s%n",
          "fold (model trained without it)",
          "msgs",
          "coverage",
          "right when it speaks",
          "abstains on UNKNOWN/OK");
    }
  }

  static List<FoldFigures> figures(Run run, Thresholds thresholds) {
    List<FoldFigures> figures = new ArrayList<>();
    run.predictions()
        .forEach(
            (fold, predictions) -> {
              int covered = 0;
              int coveredRight = 0;
              int silent = 0;
              int silentRight = 0;
              for (Prediction prediction : predictions) {
                ExplainCorpus.Entry entry = prediction.example().entry();
                List<DiagnosisCode> answer = answer(prediction, thresholds);
                boolean spoke = answer.get(0) != DiagnosisCode.UNKNOWN;
                if (spoke) {
                  covered++;
                  coveredRight += right(entry, answer) ? 1 : 0;
                }
                if (abstains(entry)) {
                  silent++;
                  silentRight += spoke ? 0 : 1;
                }
              }
              figures.add(
                  new FoldFigures(
                      fold, predictions.size(), covered, coveredRight, silent, silentRight));
            });
    return figures;
  }
}
