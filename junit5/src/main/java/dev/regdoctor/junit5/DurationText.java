package dev.regdoctor.junit5;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the durations of settings: a whole number with a unit ({@code 500ms}, {@code 10s}, {@code
 * 2m}, {@code 1h}), as the CLI's {@code --timeout} takes them, or ISO-8601 ({@code PT10S}).
 */
final class DurationText {
  private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private DurationText() {}

  /**
   * Parses {@code text}, which must describe a positive duration.
   *
   * @param name what the text is, for the message, e.g. {@code regdoctor.timeout}
   * @throws IllegalArgumentException naming {@code name} and the text when it is not a positive
   *     duration in one of the accepted forms
   */
  static Duration parse(String name, String text) {
    requireNonNull(name, "name");
    requireNonNull(text, "text");
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Duration duration =
        trimmed.startsWith("pt") ? iso(name, text, trimmed) : numberAndUnit(name, text, trimmed);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive but was " + text);
    }
    return duration;
  }

  private static Duration iso(String name, String text, String trimmed) {
    try {
      return Duration.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw invalid(name, text, e);
    }
  }

  private static Duration numberAndUnit(String name, String text, String trimmed) {
    Matcher matcher = NUMBER_AND_UNIT.matcher(trimmed);
    if (!matcher.matches()) {
      throw invalid(name, text, null);
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private static IllegalArgumentException invalid(
      String name, String text, @Nullable DateTimeParseException cause) {
    return new IllegalArgumentException(
        name + " must be a duration such as 500ms, 10s, 2m or PT10S but was \"" + text + "\"",
        cause);
  }
}
