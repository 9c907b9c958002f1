package dev.regdoctor.diagnostics.explain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The features the wording model reads from one message: word unigrams and bigrams ({@link
 * WordingTokens}) in two groups, the innermost cause of the error chain ({@code c} features) and
 * the lines of the text that look like errors ({@code t} features), then each HTTP status among
 * those tokens as a feature of its own and of its class ({@code s status=401}, {@code s
 * status=4xx}; session 17), each present at most once. At most {@link #MAX_TEXT_TOKENS} tokens of
 * the text (its last ones: a log ends with its error) and {@link #MAX_CAUSE_TOKENS} of the cause
 * are read, so a message has at most {@code 3 × (MAX_TEXT_TOKENS + MAX_CAUSE_TOKENS) + 5} features.
 */
final class WordingFeatures {
  static final int MAX_TEXT_TOKENS = 300;
  static final int MAX_CAUSE_TOKENS = 60;

  /** Prefix of features from the innermost cause. */
  static final String CAUSE = "c";

  /** Prefix of features from the text (its lines that look like errors). */
  static final String TEXT = "t";

  /**
   * Prefix of the HTTP status features: {@code s status=N} and {@code s status=Nxx} for each status
   * token ({@link #isStatus}) of the cause, then of the text.
   */
  static final String STATUS = "s";

  /** The word before a group's first token, in its first bigram. */
  static final String START = "^";

  private WordingFeatures() {}

  /**
   * Returns the features of a message whose normalised text is {@code text} and whose innermost
   * cause is {@code cause}, in first-seen order.
   */
  static List<String> of(CharSequence text, String cause) {
    Set<String> features = new LinkedHashSet<>();
    List<String> causeTokens = head(cause, MAX_CAUSE_TOKENS);
    List<String> textTokens = tail(text, MAX_TEXT_TOKENS);
    add(features, CAUSE, causeTokens);
    add(features, TEXT, textTokens);
    addStatuses(features, causeTokens);
    addStatuses(features, textTokens);
    return List.copyOf(features);
  }

  /**
   * Returns the features of normalised text whose innermost cause is {@code cause}: the text group
   * reads the lines that look like errors (all of them when none does), so that the progress lines
   * of a pasted pull log do not count as wording of the failure.
   */
  static List<String> of(ErrorText cleaned, String cause) {
    return of(cleaned.errorLinesText(), cause);
  }

  /** Returns the features of {@code text} as the explainer normalises it (for training). */
  static List<String> ofPasted(String pasted) {
    ErrorText cleaned = ErrorExplainer.cleaned(ErrorExplainer.redacted(pasted));
    return of(cleaned, ErrorChain.innermost(cleaned, cleaned.lastErrorLine()));
  }

  static List<String> head(CharSequence text, int max) {
    List<String> tokens = new ArrayList<>();
    WordingTokens.tokens(text, tokens, max);
    return tokens;
  }

  /**
   * Returns the last {@code max} tokens of {@code text}: the tokens of its last part, found by
   * reading backwards in steps that double, so the work stays linear in the length read.
   */
  static List<String> tail(CharSequence text, int max) {
    List<String> tokens = new ArrayList<>();
    WordingTokens.Sink sink = WordingTokens.sink(tokens);
    tail(
        text,
        max,
        () -> {
          tokens.clear();
          return sink;
        });
    return tokens.size() <= max ? tokens : tokens.subList(tokens.size() - max, tokens.size());
  }

  /**
   * Gives the tokens of the last part of {@code text} to a sink from {@code sinks} (a new or
   * emptied one per step) and returns the sink that read at least {@code max} tokens, or all of
   * them; its last {@code max} tokens are {@link #tail(CharSequence, int)}.
   */
  static <S extends WordingTokens.Sink> S tail(CharSequence text, int max, Supplier<S> sinks) {
    int window = Math.min(text.length(), max * 16);
    while (true) {
      int from = text.length() - window;
      // Start at a white space so that the first token is whole.
      while (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) {
        from--;
      }
      S tokens = sinks.get();
      WordingTokens.tokens(text, from, text.length(), tokens, Integer.MAX_VALUE);
      if (tokens.size() >= max || from == 0) {
        return tokens;
      }
      window = Math.min(text.length(), window * 2);
    }
  }

  /**
   * Returns whether a token is an HTTP status: three digits, the first 1 to 5 (the tokenizer keeps
   * only those numbers as words; every other number is {@code <num>}).
   */
  static boolean isStatus(String token) {
    return token.length() == 3
        && token.charAt(0) >= '1'
        && token.charAt(0) <= '5'
        && isDigit(token.charAt(1))
        && isDigit(token.charAt(2));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The name of the status feature of {@code status} (100 to 599). */
  static String statusFeature(int status) {
    return STATUS + " status=" + status;
  }

  /** The name of the status class feature of {@code status} (100 to 599): {@code s status=4xx}. */
  static String statusClassFeature(int status) {
    return STATUS + " status=" + status / 100 + "xx";
  }

  private static void addStatuses(Set<String> features, List<String> tokens) {
    for (String token : tokens) {
      if (isStatus(token)) {
        int status = Integer.parseInt(token);
        features.add(statusFeature(status));
        features.add(statusClassFeature(status));
      }
    }
  }

  private static void add(Set<String> features, String group, List<String> tokens) {
    String previous = START;
    for (String token : tokens) {
      features.add(group + ' ' + token);
      features.add(group + ' ' + previous + ' ' + token);
      previous = token;
    }
  }
}
