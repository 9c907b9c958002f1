package dev.regdoctor.diagnostics.internal;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Recognises an English message by its form, a template with {@code {placeholders}}, and words it
 * by the same key in another language: core's messages ({@link CoreMessages}), the sentences core
 * writes in English ({@link EnglishForms}) and the command line's own ({@code ErrorText} in the
 * cli, hence public; internal, not API).
 *
 * <p>A placeholder may hold another message of the same kind ({@code nested}): its pattern then
 * admits only those forms, and its value is worded the same way, so a message is worded whole or
 * not at all. Any other placeholder's value is given to a {@link Values} to keep or word.
 */
public final class FormMatcher {
  private final UnaryOperator<String> english;
  private final Map<String, List<String>> nested;
  private final UnaryOperator<String> valueRegex;
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
  private final Map<String, String> alternatives = new ConcurrentHashMap<>();

  /**
   * Creates a matcher of the forms {@code english} gives by key.
   *
   * @param english a key's English form; throws for a key it has none of
   * @param nested the placeholders that hold another message, and the keys of the forms it can take
   * @param valueRegex what any other placeholder's value can be, as a regex
   */
  public FormMatcher(
      UnaryOperator<String> english,
      Map<String, List<String>> nested,
      UnaryOperator<String> valueRegex) {
    this.english = requireNonNull(english, "english");
    this.nested = Map.copyOf(nested);
    this.valueRegex = requireNonNull(valueRegex, "valueRegex");
  }

  /** How the value of a placeholder that holds no nested message is worded. */
  @FunctionalInterface
  public interface Values {
    /** Returns {@code value} of {@code placeholder} worded, or null when it cannot be. */
    @Nullable String word(String placeholder, String value);
  }

  /** Returns the key of the first of {@code keys} whose English form {@code text} has. */
  public @Nullable String formOf(List<String> keys, String text) {
    for (String key : keys) {
      if (pattern(key).matcher(text).matches()) {
        return key;
      }
    }
    return null;
  }

  /** The English form a text has, by key, and each placeholder's value as the text has it. */
  public record Match(String key, Map<String, String> values) {
    /** Validates and copies; a placeholder that occurs twice has its last value. */
    public Match {
      requireNonNull(key, "key");
      values = Map.copyOf(values);
    }
  }

  /**
   * Returns the first of {@code keys} whose English form {@code text} has, with the values of its
   * placeholders as they are (nested messages not worded); null when it has none of the forms.
   */
  public @Nullable Match match(List<String> keys, String text) {
    for (String key : keys) {
      Matcher matcher = pattern(key).matcher(text);
      if (matcher.matches()) {
        Map<String, String> values = new HashMap<>();
        String[] parts = Catalogue.parts(english.apply(key));
        for (int i = 1, group = 1; i < parts.length; i += 2, group++) {
          values.put(parts[i], matcher.group(group));
        }
        return new Match(key, values);
      }
    }
    return null;
  }

  /**
   * Returns {@code text} worded by the first of {@code keys} whose English form it has: the form
   * {@code target} gives for that key, filled with the values, nested messages worded likewise and
   * the others by {@code values}. Null when it has none of the forms, or a value cannot be worded.
   */
  public @Nullable String word(
      List<String> keys, String text, UnaryOperator<String> target, Values values) {
    Match match = match(keys, text);
    if (match == null) {
      return null;
    }
    Map<String, String> worded = new HashMap<>();
    for (Map.Entry<String, String> entry : match.values().entrySet()) {
      String name = entry.getKey();
      List<String> forms = nested.get(name);
      String value =
          forms != null
              ? word(forms, entry.getValue(), target, values)
              : values.word(name, entry.getValue());
      if (value == null) {
        return null;
      }
      worded.put(name, value);
    }
    return Catalogue.fillAll(target.apply(match.key()), worded, "");
  }

  /** Returns the pattern of {@code key}'s English form, each placeholder a group. */
  private Pattern pattern(String key) {
    return patterns.computeIfAbsent(
        key, k -> Pattern.compile(regex(english.apply(k), true), Pattern.DOTALL));
  }

  /** Returns the regex of {@code template}, its placeholders capturing groups or not. */
  private String regex(String template, boolean capturing) {
    return Catalogue.templateRegex(template, capturing, this::placeholderRegex);
  }

  /** Returns the regex of a placeholder's value: the alternatives of its forms, or valueRegex's. */
  private String placeholderRegex(String placeholder) {
    List<String> forms = nested.get(placeholder);
    if (forms == null) {
      return valueRegex.apply(placeholder);
    }
    // Not computeIfAbsent: a nested form's alternatives are built while building another's.
    String cached = alternatives.get(placeholder);
    if (cached == null) {
      StringBuilder regex = new StringBuilder("(?:");
      for (int i = 0; i < forms.size(); i++) {
        regex.append(i == 0 ? "" : "|").append(regex(english.apply(forms.get(i)), false));
      }
      cached = regex.append(')').toString();
      alternatives.put(placeholder, cached);
    }
    return cached;
  }
}
