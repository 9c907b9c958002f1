package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.explain.ExplainCorpus.Entry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trains the wording model ({@link WordingModel}) from labelled corpus entries and writes it in the
 * model file's text form. Two learners, chosen between by leave-one-fold-out cross-validation
 * ({@link WordingCrossValidation}): multinomial naive Bayes over binary features with Lidstone
 * smoothing, and multinomial logistic regression trained by seeded stochastic gradient descent with
 * L2 regularisation, alone or mixed log-linearly with naive Bayes (session 17's shipped learner).
 * All are linear, so one file format and one scorer serve them. Training is deterministic: the same
 * entries, settings and {@link #seed} give the same text.
 */
final class WordingTrainer {
  /** Codes with fewer training messages than this are left out of the classes. */
  static final int MIN_CLASS_MESSAGES = 3;

  /** The learner. */
  enum Kind {
    NAIVE_BAYES,
    LOGISTIC
  }

  /**
   * How to train: the learner, the weight of cause features against text features (1), the
   * smoothing of naive Bayes, the factor its log-probabilities are scaled by (a softmax
   * temperature: naive Bayes is overconfident), logistic regression's L2 strength and epochs, the
   * least number of training messages a feature must occur in, the least weight kept, the share of
   * an ambiguous message's target that goes to its labelled alternatives, and, for logistic
   * regression, the share of naive Bayes (with {@code alpha} and {@code scale}) in a log-linear mix
   * of the two (0: logistic regression alone; session 17).
   */
  record Settings(
      Kind kind,
      double causeWeight,
      double alpha,
      double scale,
      double l2,
      int epochs,
      int minMessages,
      double prune,
      double alternativesShare,
      double naiveBayesShare) {

    static Settings naiveBayes(double causeWeight, double alpha, double scale) {
      return new Settings(Kind.NAIVE_BAYES, causeWeight, alpha, scale, 0, 0, 2, 0, 0, 0);
    }

    static Settings logistic(double causeWeight, double l2, int epochs, double prune) {
      return logistic(causeWeight, l2, epochs, prune, 0);
    }

    /**
     * Logistic regression whose target for an ambiguous message gives {@code alternativesShare} to
     * its labelled alternatives ({@link WordingTrainer#target}).
     */
    static Settings logistic(
        double causeWeight, double l2, int epochs, double prune, double alternativesShare) {
      return new Settings(
          Kind.LOGISTIC, causeWeight, 0, 1, l2, epochs, 2, prune, alternativesShare, 0);
    }

    /**
     * These settings' logistic regression mixed log-linearly with naive Bayes (Lidstone {@code
     * alpha}, log-probabilities × {@code scale}): every weight, bias and known-feature constant is
     * {@code (1 - share) × logistic + share × naive Bayes}, the logistic weights pruned first. The
     * scores of the mix are the same mix of the two models' scores, so its confidences are the
     * normalised weighted geometric mean of theirs: one linear model, one file, one dot product.
     */
    Settings withNaiveBayes(double share, double alpha, double scale) {
      return new Settings(
          kind,
          causeWeight,
          alpha,
          scale,
          l2,
          epochs,
          minMessages,
          prune,
          alternativesShare,
          share);
    }

    @Override
    public String toString() {
      return kind == Kind.NAIVE_BAYES
          ? String.format(
              Locale.ROOT,
              "naive Bayes (cause %.1f, alpha %.2f, scale %.2f)",
              causeWeight,
              alpha,
              scale)
          : String.format(
                  Locale.ROOT,
                  "logistic (cause %.1f, L2 %.0e, %d epochs, weights under %.2f dropped%s)",
                  causeWeight,
                  l2,
                  epochs,
                  prune,
                  alternativesShare > 0
                      ? String.format(Locale.ROOT, ", alternatives' share %.2f", alternativesShare)
                      : "")
              + (naiveBayesShare > 0
                  ? String.format(
                      Locale.ROOT,
                      " mixed with naive Bayes (share %.2f, alpha %.2f, scale %.2f)",
                      naiveBayesShare,
                      alpha,
                      scale)
                  : "");
    }
  }

  /** One training or test message: its features and labels. */
  record Example(Entry entry, List<String> features) {
    static Example of(Entry entry) {
      return new Example(entry, WordingFeatures.ofPasted(entry.message()));
    }
  }

  private WordingTrainer() {}

  /**
   * The shuffle seed of logistic regression: 13 for the shipped model; the cross-validated
   * comparisons of docs/explainer.md also train with 7 and 99 to see the seed noise.
   */
  static long seed = 13;

  static List<Example> examples(List<Entry> entries) {
    return entries.stream().map(Example::of).toList();
  }

  /** Trains on {@code examples} and returns the model file's text with the given thresholds. */
  static String train(
      List<Example> examples, Settings settings, WordingCrossValidation.Thresholds thresholds) {
    Map<DiagnosisCode, Integer> counts = new EnumMap<>(DiagnosisCode.class);
    examples.forEach(example -> counts.merge(example.entry().code(), 1, Integer::sum));
    List<DiagnosisCode> classes = new ArrayList<>();
    counts.forEach(
        (code, count) -> {
          if (count >= MIN_CLASS_MESSAGES) {
            classes.add(code);
          }
        });
    List<Example> used =
        examples.stream().filter(example -> classes.contains(example.entry().code())).toList();
    Map<String, Integer> messages = new HashMap<>();
    used.forEach(example -> example.features().forEach(f -> messages.merge(f, 1, Integer::sum)));
    TreeSet<String> vocabulary = new TreeSet<>();
    messages.forEach(
        (feature, count) -> {
          if (count >= settings.minMessages()) {
            vocabulary.add(feature);
          }
        });
    Linear linear =
        settings.kind() == Kind.NAIVE_BAYES
            ? naiveBayes(used, classes, vocabulary, settings)
            : logistic(used, classes, vocabulary, settings);
    if (settings.kind() == Kind.LOGISTIC && settings.naiveBayesShare() > 0) {
      linear =
          mix(
              linear,
              naiveBayes(used, classes, vocabulary, settings),
              settings.prune(),
              settings.naiveBayesShare());
      return write(linear, classes, settings, thresholds, 0);
    }
    return write(linear, classes, settings, thresholds, settings.prune());
  }

  /** A trained linear model: per-class bias and known-feature weight, sparse feature weights. */
  private record Linear(double[] bias, double[] known, Map<String, double[]> weights) {}

  /**
   * Returns {@code (1 - share) × logistic + share × naiveBayes}, weight by weight, the logistic
   * weights under {@code prune} dropped first (as the logistic model alone drops them).
   */
  private static Linear mix(Linear logistic, Linear naiveBayes, double prune, double share) {
    int size = logistic.bias().length;
    double[] bias = new double[size];
    double[] known = new double[size];
    for (int c = 0; c < size; c++) {
      bias[c] = (1 - share) * logistic.bias()[c] + share * naiveBayes.bias()[c];
      known[c] = (1 - share) * logistic.known()[c] + share * naiveBayes.known()[c];
    }
    Map<String, double[]> weights = new TreeMap<>();
    TreeSet<String> features = new TreeSet<>(logistic.weights().keySet());
    features.addAll(naiveBayes.weights().keySet());
    for (String feature : features) {
      double[] l = logistic.weights().getOrDefault(feature, new double[size]);
      double[] n = naiveBayes.weights().getOrDefault(feature, new double[size]);
      double[] w = new double[size];
      for (int c = 0; c < size; c++) {
        w[c] = (1 - share) * (Math.abs(l[c]) < prune ? 0 : l[c]) + share * n[c];
      }
      weights.put(feature, w);
    }
    return new Linear(bias, known, weights);
  }

  private static Linear naiveBayes(
      List<Example> examples,
      List<DiagnosisCode> classes,
      TreeSet<String> vocabulary,
      Settings settings) {
    int size = classes.size();
    double[] prior = new double[size];
    double[] totals = new double[size];
    Map<String, double[]> counts = new TreeMap<>();
    for (Example example : examples) {
      int c = classes.indexOf(example.entry().code());
      prior[c]++;
      for (String feature : example.features()) {
        if (vocabulary.contains(feature)) {
          counts.computeIfAbsent(feature, f -> new double[size])[c]++;
          totals[c]++;
        }
      }
    }
    double alpha = settings.alpha();
    double scale = settings.scale();
    double[] bias = new double[size];
    double[] known = new double[size];
    for (int c = 0; c < size; c++) {
      bias[c] = scale * StrictMath.log((prior[c] + 1) / (examples.size() + size));
      known[c] =
          scale * (StrictMath.log(alpha) - StrictMath.log(totals[c] + alpha * vocabulary.size()));
    }
    Map<String, double[]> weights = new TreeMap<>();
    counts.forEach(
        (feature, perClass) -> {
          double[] w = new double[size];
          for (int c = 0; c < size; c++) {
            w[c] =
                perClass[c] == 0
                    ? 0
                    : scale * (StrictMath.log(perClass[c] + alpha) - StrictMath.log(alpha));
          }
          weights.put(feature, w);
        });
    return new Linear(bias, known, weights);
  }

  private static Linear logistic(
      List<Example> examples,
      List<DiagnosisCode> classes,
      TreeSet<String> vocabulary,
      Settings settings) {
    int size = classes.size();
    List<String> names = new ArrayList<>(vocabulary);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    int[][] features = new int[examples.size()][];
    double[][] values = new double[examples.size()][];
    int[] labels = new int[examples.size()];
    double[][] targets = new double[examples.size()][];
    for (int e = 0; e < examples.size(); e++) {
      List<Integer> ids = new ArrayList<>();
      List<Double> vs = new ArrayList<>();
      for (String feature : examples.get(e).features()) {
        Integer id = index.get(feature);
        if (id != null) {
          ids.add(id);
          vs.add(feature.startsWith(WordingFeatures.CAUSE + " ") ? settings.causeWeight() : 1.0);
        }
      }
      features[e] = ids.stream().mapToInt(Integer::intValue).toArray();
      values[e] = vs.stream().mapToDouble(Double::doubleValue).toArray();
      labels[e] = classes.indexOf(examples.get(e).entry().code());
      targets[e] = target(examples.get(e).entry(), classes, settings.alternativesShare());
    }
    double[][] w = new double[names.size()][size];
    double[] bias = new double[size];
    int[] order = new int[examples.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] scores = new double[size];
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      double rate = 0.2 / (1 + epoch * 0.5);
      for (int e : order) {
        System.arraycopy(bias, 0, scores, 0, size);
        for (int k = 0; k < features[e].length; k++) {
          double[] row = w[features[e][k]];
          double v = values[e][k];
          for (int c = 0; c < size; c++) {
            scores[c] += v * row[c];
          }
        }
        WordingModel.softmax(scores);
        for (int c = 0; c < size; c++) {
          scores[c] -= targets[e][c];
        }
        for (int c = 0; c < size; c++) {
          bias[c] -= rate * scores[c];
        }
        for (int k = 0; k < features[e].length; k++) {
          double[] row = w[features[e][k]];
          double v = values[e][k];
          for (int c = 0; c < size; c++) {
            row[c] -= rate * (v * scores[c] + settings.l2() * row[c]);
          }
        }
      }
    }
    Map<String, double[]> weights = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      weights.put(names.get(i), w[i]);
    }
    return new Linear(bias, new double[size], weights);
  }

  /**
   * Returns the target distribution over {@code classes} for one message: all on its code, or, for
   * an ambiguous message whose labelled alternatives are classes, {@code share} of it spread evenly
   * over those alternatives (any of them is a right answer there, by issue 13's measure).
   */
  static double[] target(Entry entry, List<DiagnosisCode> classes, double share) {
    double[] target = new double[classes.size()];
    int label = classes.indexOf(entry.code());
    target[label] = 1;
    if (!entry.ambiguous() || share <= 0) {
      return target;
    }
    List<Integer> alternatives = new ArrayList<>();
    for (DiagnosisCode alternative : entry.alternatives()) {
      int c = classes.indexOf(alternative);
      if (c >= 0 && c != label && !alternatives.contains(c)) {
        alternatives.add(c);
      }
    }
    if (!alternatives.isEmpty()) {
      target[label] = 1 - share;
      for (int c : alternatives) {
        target[c] += share / alternatives.size();
      }
    }
    return target;
  }

  private static String write(
      Linear linear,
      List<DiagnosisCode> classes,
      Settings settings,
      WordingCrossValidation.Thresholds thresholds,
      double prune) {
    StringBuilder out = new StringBuilder();
    out.append("# Wording model of the error-text explainer, generated by WordingModelGenerator\n")
        .append("# from the labelled corpus; do not edit. Learner: ")
        .append(settings)
        .append('\n');
    out.append("format\t").append(WordingModel.FORMAT).append('\t').append(WordingModel.VERSION);
    out.append("\nclasses");
    classes.forEach(code -> out.append('\t').append(code.name()));
    out.append("\ngroups\t")
        .append(WordingFeatures.CAUSE)
        .append('\t')
        .append(number(settings.causeWeight()))
        .append('\t')
        .append(WordingFeatures.TEXT)
        .append('\t')
        .append(number(1));
    TreeSet<String> others = new TreeSet<>();
    linear.weights().keySet().forEach(f -> others.add(f.substring(0, f.indexOf(' '))));
    others.remove(WordingFeatures.CAUSE);
    others.remove(WordingFeatures.TEXT);
    others.forEach(g -> out.append('\t').append(g).append('\t').append(number(1)));
    out.append("\nbias");
    for (double value : linear.bias()) {
      out.append('\t').append(number(value));
    }
    out.append("\nknown");
    for (double value : linear.known()) {
      out.append('\t').append(number(value));
    }
    out.append("\nverdict\t").append(number(thresholds.verdict()));
    out.append("\nalternative\t").append(number(thresholds.alternative()));
    if (thresholds.margin() != WordingModel.NO_MARGIN) {
      out.append("\nmargin\t").append(number(thresholds.margin()));
    }
    out.append('\n');
    linear
        .weights()
        .forEach(
            (feature, weights) -> {
              StringBuilder line = new StringBuilder();
              for (int c = 0; c < weights.length; c++) {
                if (Math.abs(weights[c]) < prune) {
                  continue;
                }
                String value = number(weights[c]);
                if (!value.equals("0") && !value.equals("-0")) {
                  line.append('\t').append(c).append(':').append(value);
                }
              }
              if (line.length() > 0 || linear.known()[0] != 0) {
                out.append("feature\t").append(feature).append(line).append('\n');
              }
            });
    return out.toString();
  }

  /** Three decimals, trailing zeros cut: compact and the same on every machine. */
  static String number(double value) {
    String text = String.format(Locale.ROOT, "%.3f", value);
    if (text.indexOf('.') >= 0) {
      int end = text.length();
      while (text.charAt(end - 1) == '0') {
        end--;
      }
      if (text.charAt(end - 1) == '.') {
        end--;
      }
      text = text.substring(0, end);
    }
    return text.equals("-0") ? "0" : text;
  }
}
