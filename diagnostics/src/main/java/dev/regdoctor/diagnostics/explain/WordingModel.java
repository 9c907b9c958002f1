package dev.regdoctor.diagnostics.explain;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A linear model of how failures are worded, trained offline on the labelled corpus and shipped as
 * {@value #RESOURCE}: the explainer asks it only when no rule matched. A message's score for a code
 * is the code's bias plus, for each of the message's known features ({@link WordingFeatures}), the
 * feature's weight for that code times its group's weight; a softmax turns scores into confidences.
 * {@code UNKNOWN} and {@code OK} are codes too, so that text unlike any failure keeps its
 * confidence low.
 *
 * <p>The file is UTF-8 text, one tab-separated record a line; {@code #} starts a comment:
 *
 * <pre>
 * format       regdoctor-wording-model  1
 * classes      UNKNOWN  DNS_FAILURE  …            the codes, in the order of every vector below
 * groups       c  2.0  t  1.0                     feature group prefixes and their weights
 * bias         -1.2  0.3  …                       one value per class
 * known        -7.1  -6.9  …                      added per class for every known feature present
 * verdict      0.55                               least confidence for a verdict
 * alternative  0.15                               least confidence for an alternative
 * margin       -0.04                              least lead of the verdict over UNKNOWN (optional)
 * feature      t connection refused  3:2.75  9:-0.5  …    class index : weight
 * </pre>
 *
 * The {@code margin} record gates the verdict a second way: the guessed code's confidence must
 * exceed {@code UNKNOWN}'s by at least that much (a file without it has no such gate, as if it said
 * -1). Both thresholds are chosen by leave-one-fold-out cross-validation ({@code
 * WordingModelGenerator}).
 *
 * <p>Instances are immutable and thread-safe.
 */
final class WordingModel {
  static final String RESOURCE = "/dev/regdoctor/diagnostics/explain/explain-wording-model.tsv";
  static final String FORMAT = "regdoctor-wording-model";
  static final int VERSION = 1;

  /** At most this many alternatives come from the model. */
  static final int MAX_ALTERNATIVES = 3;

  private final List<DiagnosisCode> classes;
  private final Map<String, Double> groups;
  private final double[] bias;
  private final double[] known;
  private final double verdict;
  private final double alternative;
  private final double margin;

  /** The index of {@code UNKNOWN} in {@link #classes}, or -1. */
  private final int unknown;

  /** Each feature's number: its position in {@link #featureClasses} and {@link #featureWeights}. */
  private final Map<String, Integer> featureNumbers;

  private final List<int[]> featureClasses;
  private final List<double[]> featureWeights;
  private final WordingIndex index;

  private WordingModel(
      List<DiagnosisCode> classes,
      Map<String, Double> groups,
      double[] bias,
      double[] known,
      double verdict,
      double alternative,
      double margin,
      Map<String, Integer> featureNumbers,
      List<int[]> featureClasses,
      List<double[]> featureWeights,
      WordingIndex index) {
    this.classes = List.copyOf(classes);
    this.groups = Map.copyOf(groups);
    this.bias = bias.clone();
    this.known = known.clone();
    this.verdict = verdict;
    this.alternative = alternative;
    this.margin = margin;
    this.unknown = this.classes.indexOf(DiagnosisCode.UNKNOWN);
    this.featureNumbers = featureNumbers;
    this.featureClasses = featureClasses;
    this.featureWeights = featureWeights;
    this.index = index;
  }

  /** A code the wording points to, how confident the model is, and the runners-up. */
  record Guess(DiagnosisCode code, double confidence, List<DiagnosisCode> alternatives) {
    Guess {
      alternatives = List.copyOf(alternatives);
    }
  }

  /** Returns the shipped model, read on first use. */
  static WordingModel standard() {
    return Standard.MODEL;
  }

  /** Holds the shipped model, so that it is read only when the rules leave a text unexplained. */
  private static final class Standard {
    static final WordingModel MODEL = load();

    private static WordingModel load() {
      try (InputStream in = WordingModel.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new WordingModelException(RESOURCE, "file", "missing resource");
        }
        return parse(new InputStreamReader(in, UTF_8), RESOURCE);
      } catch (IOException e) {
        throw new WordingModelException(RESOURCE, "file", "cannot read: " + e.getMessage());
      }
    }
  }

  /** Reads a model from {@code text}; {@code file} names it in errors. */
  static WordingModel parse(String text, String file) {
    try {
      return parse(new StringReader(text), file);
    } catch (IOException e) {
      throw new WordingModelException(file, "file", "cannot read: " + e.getMessage());
    }
  }

  /**
   * Reads a model; {@code file} names it in errors.
   *
   * @throws WordingModelException naming the file, the field and the line of the first error
   */
  static WordingModel parse(Reader reader, String file) throws IOException {
    BufferedReader lines = new BufferedReader(reader);
    List<DiagnosisCode> classes = null;
    Map<String, Double> groups = null;
    double[] bias = null;
    double[] known = null;
    double verdict = Double.NaN;
    double alternative = Double.NaN;
    double margin = NO_MARGIN;
    boolean format = false;
    Map<String, Integer> featureNumbers = new HashMap<>();
    List<String> names = new ArrayList<>();
    List<int[]> featureClasses = new ArrayList<>();
    List<double[]> featureWeights = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (format && classes != null && line.startsWith(FEATURE)) {
        Feature feature = Feature.read(line, classes.size());
        if (feature != null && featureNumbers.putIfAbsent(feature.name(), names.size()) == null) {
          names.add(feature.name());
          featureClasses.add(feature.indexes());
          featureWeights.add(feature.weights());
          continue;
        }
        // Anything unusual, an error included, is read by the general path below.
      }
      String[] fields = line.split("\t", -1);
      String field = fields[0];
      String where = field + " (line " + number + ")";
      if (!format && !field.equals("format")) {
        throw new WordingModelException(file, where, "the first record must be \"format\"");
      }
      switch (field) {
        case "format" -> {
          if (fields.length != 3
              || !fields[1].equals(FORMAT)
              || !fields[2].equals(String.valueOf(VERSION))) {
            throw new WordingModelException(
                file, where, "expected \"" + FORMAT + "\" version " + VERSION);
          }
          format = true;
        }
        case "classes" -> classes = classes(fields, file, where);
        case "groups" -> groups = groups(fields, file, where);
        case "bias" -> bias = vector(fields, requireClasses(classes, file, where), file, where);
        case "known" -> known = vector(fields, requireClasses(classes, file, where), file, where);
        case "verdict" -> verdict = probability(fields, file, where);
        case "alternative" -> alternative = probability(fields, file, where);
        case "margin" -> margin = margin(fields, file, where);
        case "feature" -> {
          int size = requireClasses(classes, file, where).size();
          if (fields.length < 2 || fields[1].isEmpty()) {
            throw new WordingModelException(file, where, "no feature name");
          }
          if (featureNumbers.containsKey(fields[1])) {
            throw new WordingModelException(file, where, "feature defined twice: " + fields[1]);
          }
          int[] indexes = new int[fields.length - 2];
          double[] weights = new double[fields.length - 2];
          for (int i = 2; i < fields.length; i++) {
            int colon = fields[i].indexOf(':');
            int index = colon < 0 ? -1 : integer(fields[i].substring(0, colon), file, where);
            if (index < 0 || index >= size) {
              throw new WordingModelException(
                  file,
                  where,
                  "\"" + fields[i] + "\" is not class:weight for " + size + " classes");
            }
            indexes[i - 2] = index;
            weights[i - 2] = number(fields[i].substring(colon + 1), file, where);
          }
          featureNumbers.put(fields[1], names.size());
          names.add(fields[1]);
          featureClasses.add(indexes);
          featureWeights.add(weights);
        }
        default -> throw new WordingModelException(file, where, "unknown record");
      }
    }
    if (!format) {
      throw new WordingModelException(file, "format", "missing");
    }
    require(classes, file, "classes");
    require(groups, file, "groups");
    require(bias, file, "bias");
    require(known, file, "known");
    if (Double.isNaN(verdict)) {
      throw new WordingModelException(file, "verdict", "missing");
    }
    if (Double.isNaN(alternative)) {
      throw new WordingModelException(file, "alternative", "missing");
    }
    for (String feature : names) {
      if (!groups.containsKey(feature.substring(0, Math.max(0, feature.indexOf(' '))))) {
        throw new WordingModelException(file, "feature", feature + " has no known group");
      }
    }
    return new WordingModel(
        classes,
        groups,
        bias,
        known,
        verdict,
        alternative,
        margin,
        featureNumbers,
        featureClasses,
        featureWeights,
        new WordingIndex(names, featureClasses, featureWeights, groups, known));
  }

  /** Returns the codes the model tells apart, in the order of {@link #confidences}. */
  List<DiagnosisCode> classes() {
    return classes;
  }

  double verdictThreshold() {
    return verdict;
  }

  double alternativeThreshold() {
    return alternative;
  }

  /** The least lead of the verdict's confidence over {@code UNKNOWN}'s; -1 when not gated. */
  double marginThreshold() {
    return margin;
  }

  /** Returns the number of features the model knows. */
  int features() {
    return featureNumbers.size();
  }

  /**
   * Returns a confidence per class (summing to 1) for a message with {@code features}: the bias,
   * each known feature's weights times its group's weight, then, per group in {@link #groupOrder},
   * the number of its known features times group weight × {@code known}.
   */
  double[] confidences(List<String> features) {
    double[] scores = bias.clone();
    List<String> order = groupOrder(groups);
    int[] counts = new int[order.size()];
    for (String feature : features) {
      Integer number = featureNumbers.get(feature);
      if (number == null) {
        continue;
      }
      int[] indexes = featureClasses.get(number);
      String group = feature.substring(0, feature.indexOf(' '));
      double weight = groups.get(group);
      counts[order.indexOf(group)]++;
      double[] weights = featureWeights.get(number);
      for (int i = 0; i < indexes.length; i++) {
        scores[indexes[i]] += weight * weights[i];
      }
    }
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] > 0) {
        double weight = groups.get(order.get(g));
        for (int c = 0; c < scores.length; c++) {
          scores[c] += counts[g] * (weight * known[c]);
        }
      }
    }
    softmax(scores);
    return scores;
  }

  /** The feature groups in the order their known-feature constants are added: by name. */
  static List<String> groupOrder(Map<String, Double> groups) {
    return groups.keySet().stream().sorted().toList();
  }

  /**
   * Returns {@link #confidences(List)} of {@link WordingFeatures#of(CharSequence, String)}, bit for
   * bit, without building the feature names: the explainer's path.
   */
  double[] confidences(CharSequence errorLines, String cause) {
    return index.confidences(bias, errorLines, cause);
  }

  /**
   * Returns {@link #guess(List)} of {@link WordingFeatures#of(ErrorText, String)}: the code the
   * wording of a normalised text and its innermost cause point to, or empty.
   */
  Optional<Guess> guess(ErrorText cleaned, String cause) {
    return guess(confidences(cleaned.errorLinesText(), cause), verdict, alternative, margin);
  }

  /** Turns {@code scores} into confidences summing to 1, in place (the same on every machine). */
  static void softmax(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double score : scores) {
      max = Math.max(max, score);
    }
    double sum = 0;
    for (int c = 0; c < scores.length; c++) {
      scores[c] = StrictMath.exp(scores[c] - max);
      sum += scores[c];
    }
    for (int c = 0; c < scores.length; c++) {
      scores[c] /= sum;
    }
  }

  /**
   * Returns the code the wording points to when its confidence reaches the verdict threshold, with
   * the next codes above the alternative threshold; empty when the model abstains. {@code UNKNOWN}
   * and {@code OK} are never guessed: their confidence only keeps the others low.
   */
  Optional<Guess> guess(List<String> features) {
    return guess(confidences(features), verdict, alternative, margin);
  }

  /** As {@link #guess(List)}, for given confidences and thresholds, without a margin. */
  Optional<Guess> guess(double[] confidences, double verdictAt, double alternativeAt) {
    return guess(confidences, verdictAt, alternativeAt, NO_MARGIN);
  }

  /**
   * As {@link #guess(List)}, for given confidences and thresholds (for cross-validation): the
   * verdict needs {@code verdictAt} and a lead of {@code marginAt} over {@code UNKNOWN}.
   */
  Optional<Guess> guess(
      double[] confidences, double verdictAt, double alternativeAt, double marginAt) {
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < confidences.length; c++) {
      DiagnosisCode code = classes.get(c);
      if (code != DiagnosisCode.UNKNOWN && code != DiagnosisCode.OK) {
        order.add(c);
      }
    }
    // Highest confidence first; ties go to the earlier class, so the answer is deterministic.
    order.sort((a, b) -> Double.compare(confidences[b], confidences[a]));
    if (order.isEmpty() || confidences[order.get(0)] < verdictAt) {
      return Optional.empty();
    }
    if (unknown >= 0 && confidences[order.get(0)] - confidences[unknown] < marginAt) {
      return Optional.empty();
    }
    List<DiagnosisCode> alternatives = new ArrayList<>();
    for (int i = 1; i < order.size() && alternatives.size() < MAX_ALTERNATIVES; i++) {
      if (confidences[order.get(i)] >= alternativeAt) {
        alternatives.add(classes.get(order.get(i)));
      }
    }
    return Optional.of(
        new Guess(classes.get(order.get(0)), confidences[order.get(0)], alternatives));
  }

  private static List<DiagnosisCode> classes(String[] fields, String file, String where) {
    List<DiagnosisCode> classes = new ArrayList<>();
    for (int i = 1; i < fields.length; i++) {
      try {
        DiagnosisCode code = DiagnosisCode.valueOf(fields[i]);
        if (classes.contains(code)) {
          throw new WordingModelException(file, where, "class " + fields[i] + " twice");
        }
        classes.add(code);
      } catch (IllegalArgumentException e) {
        throw new WordingModelException(file, where, "unknown code " + fields[i]);
      }
    }
    if (classes.isEmpty()) {
      throw new WordingModelException(file, where, "no classes");
    }
    return classes;
  }

  private static Map<String, Double> groups(String[] fields, String file, String where) {
    if (fields.length < 3 || fields.length % 2 != 1) {
      throw new WordingModelException(file, where, "expected pairs of group and weight");
    }
    Map<String, Double> groups = new HashMap<>();
    for (int i = 1; i < fields.length; i += 2) {
      groups.put(fields[i], number(fields[i + 1], file, where));
    }
    return groups;
  }

  private static List<DiagnosisCode> requireClasses(
      List<DiagnosisCode> classes, String file, String where) {
    if (classes == null) {
      throw new WordingModelException(file, where, "comes before \"classes\"");
    }
    return classes;
  }

  private static double[] vector(
      String[] fields, List<DiagnosisCode> classes, String file, String where) {
    if (fields.length != classes.size() + 1) {
      throw new WordingModelException(
          file, where, "has " + (fields.length - 1) + " values for " + classes.size() + " classes");
    }
    double[] values = new double[classes.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = number(fields[i + 1], file, where);
    }
    return values;
  }

  private static double probability(String[] fields, String file, String where) {
    if (fields.length != 2) {
      throw new WordingModelException(file, where, "expected one value");
    }
    double value = number(fields[1], file, where);
    if (value < 0 || value > 1) {
      throw new WordingModelException(file, where, fields[1] + " is not between 0 and 1");
    }
    return value;
  }

  /** The margin of a model without a {@code margin} record: no confidence lead is required. */
  static final double NO_MARGIN = -1;

  private static double margin(String[] fields, String file, String where) {
    if (fields.length != 2) {
      throw new WordingModelException(file, where, "expected one value");
    }
    double value = number(fields[1], file, where);
    if (value < -1 || value > 1) {
      throw new WordingModelException(file, where, fields[1] + " is not between -1 and 1");
    }
    return value;
  }

  private static final String FEATURE = "feature\t";

  /**
   * A {@code feature} record read in place, without splitting the line: most of the file, so most
   * of the time a cold start spends on the model.
   */
  private record Feature(String name, int[] indexes, double[] weights) {
    /**
     * Reads a record of the plain form ({@code feature}, name, then class:weight fields with a
     * decimal class index below {@code size} and a plain decimal weight); null for any other form,
     * which the general path then reads, or rejects with its usual error.
     */
    static @Nullable Feature read(String line, int size) {
      int start = FEATURE.length();
      int end = line.indexOf('\t', start);
      if (end < 0) {
        end = line.length();
      }
      if (end == start) {
        return null;
      }
      int count = 0;
      for (int i = end; i >= 0 && i < line.length(); i = line.indexOf('\t', i + 1)) {
        count++;
      }
      int[] indexes = new int[count];
      double[] weights = new double[count];
      int from = end + 1;
      for (int k = 0; k < count; k++) {
        int to = line.indexOf('\t', from);
        if (to < 0) {
          to = line.length();
        }
        int index = 0;
        int i = from;
        while (i < to && i - from < 9 && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
          index = index * 10 + (line.charAt(i) - '0');
          i++;
        }
        if (i == from || i >= to || line.charAt(i) != ':' || index >= size) {
          return null;
        }
        double weight = plainDecimal(line, i + 1, to);
        if (Double.isNaN(weight)) {
          return null;
        }
        indexes[k] = index;
        weights[k] = weight;
        from = to + 1;
      }
      return new Feature(line.substring(start, end), indexes, weights);
    }
  }

  /** Exact powers of ten: every one up to 10^22 is a double without rounding. */
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /**
   * Returns {@link Double#parseDouble} of a plain decimal ({@code -0.234}, {@code 12}, {@code 3.5})
   * of at most 15 digits, or NaN for any other form. The digits make an integer below 2^53 and the
   * divisor a power of ten up to 10^22, both exact doubles, so the one correctly rounded division
   * is the correctly rounded value of the decimal: the same double {@code parseDouble} returns
   * (Clinger's fast path, which {@code parseDouble} itself takes for such input). It spares the
   * cold start most of the cost of reading the model's 12,000 weights.
   */
  static double plainDecimal(String text) {
    return plainDecimal(text, 0, text.length());
  }

  /**
   * As {@link #plainDecimal(String)}, for the characters of {@code text} from {@code i} to {@code
   * length}.
   */
  static double plainDecimal(String text, int i, int length) {
    boolean negative = length > i && text.charAt(i) == '-';
    if (negative) {
      i++;
    }
    long digits = 0;
    int count = 0;
    int fraction = -1;
    for (; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++count > 15) {
          return Double.NaN;
        }
        digits = digits * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    if (count == 0) {
      return Double.NaN;
    }
    double value = fraction > 0 ? digits / POWERS_OF_TEN[fraction] : (double) digits;
    return negative ? -value : value;
  }

  private static double number(String text, String file, String where) {
    double plain = plainDecimal(text);
    if (!Double.isNaN(plain)) {
      return plain;
    }
    try {
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        throw new NumberFormatException("not finite");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new WordingModelException(file, where, "\"" + text + "\" is not a number");
    }
  }

  private static int integer(String text, String file, String where) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new WordingModelException(file, where, "\"" + text + "\" is not a class index");
    }
  }

  private static void require(Object value, String file, String field) {
    if (value == null) {
      throw new WordingModelException(file, field, "missing");
    }
  }
}
