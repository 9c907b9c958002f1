package dev.regdoctor.diagnostics.explain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The wording model's features numbered for scoring without building feature names: each word the
 * model knows gets a number, each known feature (group, previous word, word) a packed key in an
 * open-addressed table, and each group's per-feature constant ({@code groupWeight × known}) is
 * multiplied out once at load. {@link #confidences} gives bit for bit what {@link
 * WordingModel#confidences(List)} gives for {@link WordingFeatures#of(CharSequence, String)}: the
 * same products, added to each class's score in the same order (features in first-seen order, each
 * once), so no verdict or confidence can move.
 *
 * <p>Immutable once built and thread-safe; the work per message is linear in its length (the tokens
 * are read once, each costs one word lookup and at most two table probes).
 */
final class WordingIndex {
  /**
   * Slots of the per-message set of applied features: a power of two at least four times the word
   * features one message can have (a unigram and a bigram per token of the cause and the text), so
   * that the open-addressed set stays under a quarter full with those and under a third with the
   * status features (at most one per token, plus five classes), and its probe loop always ends.
   */
  static final int APPLIED_SLOTS =
      Integer.highestOneBit(
              8 * (WordingFeatures.MAX_CAUSE_TOKENS + WordingFeatures.MAX_TEXT_TOKENS) - 1)
          << 1;

  /** No word: a feature holding a word the model never saw is not a feature of the model. */
  private static final int NONE = -1;

  private final Map<String, Integer> words = new HashMap<>();

  /**
   * The words of {@link #words} that are all ASCII, by their characters (open addressing, hashed as
   * {@link #hash}; null for an empty slot), with their numbers beside them: a word read from a text
   * is looked up here without making a {@code String} when its characters are ASCII.
   */
  private final char[][] asciiWords;

  private final int[] asciiNumbers;
  private final int asciiShift;

  /** Packed feature keys (see {@link #key}), 0 for an empty slot; feature numbers beside them. */
  private final long[] keys;

  private final int[] numbers;
  private final int shift;

  /** Per feature: the group's index, the classes it has weights for, and weight × group weight. */
  private final int[] groupOf;

  private final int[][] classes;
  private final double[][] scaled;

  /** Per group: group weight × the model's {@code known} vector. */
  private final double[][] groupKnown;

  /**
   * Per group: whether every value of {@link #groupKnown} is +0.0 (the shipped model's {@code
   * known} is all zeros). Adding +0.0 changes no score but a -0.0, to +0.0, and the softmax
   * subtracts the maximum first, where both give the same; so skipping those additions changes no
   * confidence (the tests compare bit for bit).
   */
  private final boolean[] knownIsZero;

  private final int causeGroup;
  private final int textGroup;
  private final int start;

  /**
   * Per HTTP status (100 to 599): the feature number of {@code s status=N} ({@link
   * WordingFeatures#statusFeature}), or {@link #NONE}; per status class (1 to 5): of {@code s
   * status=Nxx}.
   */
  private final int[] statusFeatures = new int[600];

  private final int[] statusClassFeatures = new int[6];

  /**
   * Numbers the features of a model: {@code names[i]} is feature {@code i} ({@code "group word"} or
   * {@code "group previous word"}), with its class indexes and weights. A name of another shape can
   * never be produced by {@link WordingFeatures}, so it is left out: it never scores.
   */
  WordingIndex(
      List<String> names,
      List<int[]> featureClasses,
      List<double[]> featureWeights,
      Map<String, Double> groups,
      double[] known) {
    List<String> groupNames = WordingModel.groupOrder(groups);
    groupKnown = new double[groupNames.size()][];
    knownIsZero = new boolean[groupNames.size()];
    for (int g = 0; g < groupNames.size(); g++) {
      double weight = groups.get(groupNames.get(g));
      groupKnown[g] = new double[known.length];
      knownIsZero[g] = true;
      for (int c = 0; c < known.length; c++) {
        groupKnown[g][c] = weight * known[c];
        knownIsZero[g] &= Double.doubleToRawLongBits(groupKnown[g][c]) == 0;
      }
    }
    causeGroup = groupNames.indexOf(WordingFeatures.CAUSE);
    textGroup = groupNames.indexOf(WordingFeatures.TEXT);
    int bits = 4;
    while (1 << bits < names.size() * 2) {
      bits++;
    }
    keys = new long[1 << bits];
    numbers = new int[1 << bits];
    shift = 64 - bits;
    groupOf = new int[names.size()];
    classes = new int[names.size()][];
    scaled = new double[names.size()][];
    for (int f = 0; f < names.size(); f++) {
      String name = names.get(f);
      int space = name.indexOf(' ');
      int second = name.indexOf(' ', space + 1);
      String groupName = name.substring(0, space);
      int group = groupNames.indexOf(groupName);
      double weight = groups.get(groupName);
      groupOf[f] = group;
      classes[f] = featureClasses.get(f);
      scaled[f] = new double[classes[f].length];
      for (int i = 0; i < classes[f].length; i++) {
        scaled[f][i] = weight * featureWeights.get(f)[i];
      }
      if (second < 0) {
        if (space + 1 < name.length()) {
          put(key(group, NONE, word(name.substring(space + 1))), f);
        }
      } else if (second > space + 1
          && second + 1 < name.length()
          && name.indexOf(' ', second + 1) < 0) {
        put(
            key(group, word(name.substring(space + 1, second)), word(name.substring(second + 1))),
            f);
      }
    }
    start = words.getOrDefault(WordingFeatures.START, NONE);
    int statusGroup = groupNames.indexOf(WordingFeatures.STATUS);
    for (int status = 0; status < statusFeatures.length; status++) {
      statusFeatures[status] =
          status < 100 ? NONE : feature(statusGroup, WordingFeatures.statusFeature(status));
    }
    for (int c = 0; c < statusClassFeatures.length; c++) {
      statusClassFeatures[c] =
          c < 1 ? NONE : feature(statusGroup, WordingFeatures.statusClassFeature(c * 100));
    }
    int wordBits = 4;
    while (1 << wordBits < words.size() * 2) {
      wordBits++;
    }
    asciiWords = new char[1 << wordBits][];
    asciiNumbers = new int[1 << wordBits];
    asciiShift = 32 - wordBits;
    words.forEach(
        (word, number) -> {
          char[] chars = word.toCharArray();
          int h = 0;
          for (char c : chars) {
            if (c >= 128) {
              return; // never asked for: a word with other characters is looked up as a String
            }
            h = hash(h, c);
          }
          int slot = asciiSlot(h);
          while (asciiWords[slot] != null) {
            slot = (slot + 1) & (asciiWords.length - 1);
          }
          asciiWords[slot] = chars;
          asciiNumbers[slot] = number;
        });
  }

  /**
   * Returns a confidence per class for a message whose error lines read {@code text} and whose
   * innermost cause is {@code cause}: bias plus the known features' weights, then a softmax.
   */
  double[] confidences(double[] bias, CharSequence text, String cause) {
    double[] scores = bias.clone();
    int[] applied = new int[APPLIED_SLOTS];
    int[] counts = new int[groupKnown.length];
    Numbers head = new Numbers();
    WordingTokens.tokens(cause, 0, cause.length(), head, WordingFeatures.MAX_CAUSE_TOKENS);
    add(scores, causeGroup, head.numbers, 0, head.size, applied, counts);
    Numbers tail = WordingFeatures.tail(text, WordingFeatures.MAX_TEXT_TOKENS, Numbers::new);
    int max = WordingFeatures.MAX_TEXT_TOKENS;
    int from = Math.max(0, tail.size - max);
    add(scores, textGroup, tail.numbers, from, tail.size, applied, counts);
    addStatuses(scores, head, 0, head.size, applied, counts);
    addStatuses(scores, tail, from, tail.size, applied, counts);
    // Each known feature adds its group's known vector: once per group, times the count, in the
    // same order as WordingModel.confidences(List).
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] > 0 && !knownIsZero[g]) {
        double[] known = groupKnown[g];
        for (int c = 0; c < scores.length; c++) {
          scores[c] += counts[g] * known[c];
        }
      }
    }
    WordingModel.softmax(scores);
    return scores;
  }

  /**
   * Returns the number of the feature named {@code name} (one word after its group: {@code s
   * status=401}), or {@link #NONE} when the model lacks it.
   */
  private int feature(int group, String name) {
    if (group < 0) {
      return NONE;
    }
    Integer word = words.get(name.substring(name.indexOf(' ') + 1));
    return word == null ? NONE : find(key(group, NONE, word));
  }

  /** Adds the status feature and the status class feature of each status token, in order. */
  private void addStatuses(
      double[] scores, Numbers tokens, int from, int to, int[] applied, int[] counts) {
    int[] statuses = tokens.statuses;
    if (statuses == null) {
      return;
    }
    // Tokens after the last status may lie beyond the array: they are no statuses.
    for (int t = from; t < Math.min(to, statuses.length); t++) {
      int status = statuses[t];
      if (status != 0) {
        apply(scores, statusFeatures[status], applied, counts);
        apply(scores, statusClassFeatures[status / 100], applied, counts);
      }
    }
  }

  /**
   * Adds the unigram then the bigram of each token ({@code numbers[from, to)}, word numbers), in
   * order, each known feature once.
   */
  private void add(
      double[] scores, int group, int[] numbers, int from, int to, int[] applied, int[] counts) {
    if (group < 0) {
      return;
    }
    int previous = start;
    for (int t = from; t < to; t++) {
      int word = numbers[t];
      if (word != NONE) {
        apply(scores, find(key(group, NONE, word)), applied, counts);
        if (previous != NONE) {
          apply(scores, find(key(group, previous, word)), applied, counts);
        }
      }
      previous = word;
    }
  }

  /**
   * The tokens of a text as word numbers ({@link #NONE} for a word the model does not know), as
   * {@code words.getOrDefault(token, NONE)} gives for each token {@link WordingTokens} makes.
   */
  private final class Numbers implements WordingTokens.Sink {
    int[] numbers = new int[64];
    int size;

    /** Per token, the HTTP status it is (100 to 599) or 0; null while no token was a status. */
    int @Nullable [] statuses;

    @Override
    public int size() {
      return size;
    }

    @Override
    public void add(String token) {
      push(words.getOrDefault(token, NONE));
    }

    @Override
    public void addLowercase(CharSequence text, int from, int to) {
      int status = status(text, from, to);
      if (status != 0) {
        if (statuses == null) {
          statuses = new int[numbers.length];
        }
        if (statuses.length < numbers.length) {
          statuses = Arrays.copyOf(statuses, numbers.length);
        }
        if (size == statuses.length) {
          statuses = Arrays.copyOf(statuses, size * 2);
        }
        statuses[size] = status;
      }
      push(lowercaseNumber(text, from, to));
    }

    private void push(int number) {
      if (size == numbers.length) {
        numbers = Arrays.copyOf(numbers, size * 2);
      }
      numbers[size++] = number;
    }
  }

  /**
   * Returns the HTTP status the word {@code text[from, to)} is ({@link WordingFeatures#isStatus}),
   * or 0.
   */
  private static int status(CharSequence text, int from, int to) {
    if (to - from != 3) {
      return 0;
    }
    char a = text.charAt(from);
    char b = text.charAt(from + 1);
    char c = text.charAt(from + 2);
    if (a < '1' || a > '5' || b < '0' || b > '9' || c < '0' || c > '9') {
      return 0;
    }
    return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
  }

  /**
   * Returns the number of the word {@code text[from, to)} in lowercase: for ASCII from {@link
   * #asciiWords} (the lowercase of ASCII is ASCII, letter by letter), else through a {@code
   * String}.
   */
  private int lowercaseNumber(CharSequence text, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        return words.getOrDefault(
            text.subSequence(from, to).toString().toLowerCase(Locale.ROOT), NONE);
      }
      h = hash(h, lower(c));
    }
    int mask = asciiWords.length - 1;
    int slot = asciiSlot(h);
    char[] word;
    while ((word = asciiWords[slot]) != null) {
      if (sameLowercase(word, text, from, to)) {
        return asciiNumbers[slot];
      }
      slot = (slot + 1) & mask;
    }
    return NONE;
  }

  /** The first slot of {@link #asciiWords} to try for a word whose {@link #hash} is {@code h}. */
  private int asciiSlot(int h) {
    return h * 0x9E3779B1 >>> asciiShift;
  }

  private static boolean sameLowercase(char[] word, CharSequence text, int from, int to) {
    if (word.length != to - from) {
      return false;
    }
    for (int k = 0; k < word.length; k++) {
      if (word[k] != lower(text.charAt(from + k))) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static int hash(int h, char c) {
    return 31 * h + c;
  }

  private void apply(double[] scores, int feature, int[] applied, int[] counts) {
    if (feature < 0 || !firstTime(applied, feature)) {
      return;
    }
    counts[groupOf[feature]]++;
    int[] indexes = classes[feature];
    double[] weights = scaled[feature];
    for (int i = 0; i < indexes.length; i++) {
      scores[indexes[i]] += weights[i];
    }
  }

  /** The shift that turns a 32-bit hash into a slot of the {@link #APPLIED_SLOTS} set. */
  private static final int APPLIED_SHIFT = Integer.numberOfLeadingZeros(APPLIED_SLOTS - 1);

  /**
   * Records {@code feature} in {@code applied} (an open-addressed set of feature + 1 of {@link
   * #APPLIED_SLOTS} slots, never more than a quarter full) and returns whether it was new.
   */
  private static boolean firstTime(int[] applied, int feature) {
    int mask = applied.length - 1;
    int slot = (feature * 0x9E3779B1) >>> APPLIED_SHIFT;
    while (applied[slot] != 0) {
      if (applied[slot] == feature + 1) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    applied[slot] = feature + 1;
    return true;
  }

  private int word(String word) {
    Integer known = words.putIfAbsent(word, words.size());
    return known == null ? words.size() - 1 : known;
  }

  /** A feature's key: group, previous word + 1 (0 for a unigram) and word; never 0. */
  private static long key(int group, int previous, int word) {
    return (long) (group + 1) << 60 | (long) (previous + 1) << 30 | word;
  }

  private void put(long key, int feature) {
    int slot = slot(key);
    while (keys[slot] != 0) {
      if (keys[slot] == key) {
        return; // the parser rejects a feature defined twice, so this is never reached
      }
      slot = (slot + 1) & (keys.length - 1);
    }
    keys[slot] = key;
    numbers[slot] = feature;
  }

  private int find(long key) {
    int slot = slot(key);
    long at;
    while ((at = keys[slot]) != 0) {
      if (at == key) {
        return numbers[slot];
      }
      slot = (slot + 1) & (keys.length - 1);
    }
    return NONE;
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }
}
