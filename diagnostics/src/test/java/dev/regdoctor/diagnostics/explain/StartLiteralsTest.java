package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Searching only where a pattern can start finds exactly what {@link Matcher#find()} finds: the
 * start texts read from a source are a necessary condition of every match, and the search sees the
 * text around each position as a whole-text search does.
 */
class StartLiteralsTest {
  private static final List<Pattern> PATTERNS = RuleTable.standard().patterns();

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '\'',
      value = {
        "connection refused|actively refused it|ECONNREFUSED => [connection refused, actively refused it, econnrefused]",
        "(?:FATA\\[[0-9]+\\]|level=fatal)[^\\n]{0,500}x => [fata[, level=fatal]",
        "(?m)^\\bError: (?<host>\\S+) => [error: ]",
        "(?-i:\\b(?<c>UNAUTHORIZED|DENIED)\\b)|\\b(?<d>denied)(?=: ) => [unauthorized, denied, denied]",
        "(?<![\\w.])docker\\.io/x => [docker.io/x]",
        "ab?c => [a]",
        "ab+c => [ab]",
        "a{2}b => null",
        "g?crane => null",
        "[Cc]rane => null",
        "(?:a|b)?c => null",
        "(?:a||b)c => null",
        "(?x)a b => null",
        "(?u)strasse => null",
        "\\Qa.b\\E => null",
        "(?>ab)c => null",
        "\\d+ms => null",
        "x\\tab => [x]",
        "(?=a)abc|(?!b)bcd => [abc, bcd]",
        "é+x => null",
      })
  void readsTheStartTextsFromTheSource(String regex, String expected) {
    List<String> starts = StartLiterals.of(regex.strip());

    assertThat(String.valueOf(starts)).isEqualTo(expected.strip());
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '\'',
      value = {
        "(?m)^[ \\t]*x => 1",
        "\\A[ \\t]*\\{\"x => 1",
        "^(?!Error:)\\S+: failed => 1",
        "(?m)^\\S+: Pulling from \\S|Unable to find image => 2",
        "\\b(?m)^(?:[0-9]+|x): => 1",
        "[0-9]+|^x => null",
        "(?m)^$ => 1",
        "x^ => [x]",
      })
  void anAlternativeAnchoredAtALineStartsWhereALineStarts(String regex, String expected) {
    List<String> starts = StartLiterals.of(regex.strip());

    if (expected.equals("null")) {
      assertThat(starts).isNull();
    } else if (expected.startsWith("[")) {
      assertThat(String.valueOf(starts)).isEqualTo(expected);
    } else {
      assertThat(starts).hasSize(Integer.parseInt(expected)).contains(StartLiterals.LINE_START);
      assertThat(starts.get(0)).isEqualTo(StartLiterals.LINE_START);
    }
  }

  @Test
  void readsCharactersWithoutCaseIntoStartTexts() {
    assertThat(StartLiterals.of("错误|失败: x|✘ y|é")).isNull();
    assertThat(StartLiterals.of("错误|失败: x|✘ y")).containsExactly("错误", "失败: x", "✘ y");
    assertThat(StartLiterals.of("x|Ärger")).isNull();
  }

  /** Patterns anchored at line starts, searched on text made of line breaks of every kind. */
  @SeededProperty(cases = 500)
  void anAnchoredPatternFindsTheSameOnTextWithEveryKindOfLineBreak(long seed) {
    Gen gen = new Gen(seed);
    List<Pattern> patterns =
        List.of(
            Pattern.compile("(?m)^[ \\t]*x", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t]*x|\\by\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\A\\s*\\{\"|(?m)^[0-9]+: x", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(?m)^(?!x)\\S+: y|(?m)^$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(?d)(?m)^x|(?-m)^y", Pattern.CASE_INSENSITIVE));
    String text =
        gen.joined(
            0,
            24,
            () ->
                gen.pick(
                    "x", "X", "y", " ", "\t", "{\"", "12: x", "ab: y", ": y", "\n", "\r", "\r\n",
                    "\u2028", "\u2029", "\u0085", "\u000b", "é"));
    ErrorText pasted = ErrorText.asPasted(text);
    for (Pattern pattern : patterns) {
      assertThat(StartLiterals.of(pattern.pattern())).isNotNull();
      assertSameMatches(pattern, pasted);
    }
  }

  /** The last URL of a region, found where {@code http} occurs, is the last one find() finds. */
  @SeededProperty(cases = 1000)
  void theLastMatchIsTheLastOneFindFinds(long seed) {
    Gen gen = new Gen(seed);
    Pattern url = Pattern.compile("(?i)https?://[^\\s\"'<>\\\\]+");
    String text =
        gen.joined(
            0,
            12,
            () ->
                gen.pick(
                    "http://a",
                    "HTTPS://b/c",
                    "http",
                    "https:/",
                    " ",
                    "\"",
                    "x",
                    "\n",
                    "İ",
                    "Http://",
                    "<",
                    "\\"));
    int from = gen.between(0, text.length());
    int to = gen.between(from, text.length());

    int[] last =
        StartLiterals.lastMatch(url, "http", text, text.toLowerCase(Locale.ROOT), from, to);

    Matcher plain = url.matcher(text).region(from, to);
    int[] expected = null;
    while (plain.find()) {
      expected = new int[] {plain.start(), plain.end()};
    }
    assertThat(last).as("%s [%d, %d)", text, from, to).isEqualTo(expected);
  }

  @Test
  void everyTablePatternFindsTheSameOnEveryCorpusMessage() {
    for (ExplainCorpus.Entry entry : ExplainCorpus.tunedOn()) {
      ErrorText text = ErrorText.of(entry.message());
      for (Pattern pattern : PATTERNS) {
        assertSameMatches(pattern, text);
      }
    }
  }

  @SeededProperty(cases = 300)
  void everyTablePatternFindsTheSameOnTextMadeOfItsStarts(long seed) {
    Gen gen = new Gen(seed);
    List<String> pieces = new ArrayList<>();
    for (Pattern pattern : PATTERNS) {
      List<String> starts = StartLiterals.of(pattern.pattern());
      if (starts != null) {
        for (String start : starts) {
          pieces.add(start.equals(StartLiterals.LINE_START) ? gen.pick("\n", "\r\n", "\r") : start);
        }
      }
    }
    String message =
        String.join(
            gen.pick("", " ", ": ", "\n", "\"", "/", "é", "İ"),
            gen.list(
                0,
                16,
                () ->
                    gen.chance(0.6)
                        ? gen.pick(pieces).toUpperCase(java.util.Locale.ROOT)
                        : gen.anyString(10)));
    ErrorText text = ErrorText.asPasted(message);
    for (Pattern pattern : PATTERNS) {
      assertSameMatches(pattern, text);
    }
  }

  private static void assertSameMatches(Pattern pattern, ErrorText text) {
    List<String> starts = StartLiterals.of(pattern.pattern());
    assertSameMatches(
        pattern, text, new StartLiterals.Search(pattern, text.text(), text.lower(), starts));
    // Start texts the text's pairs of characters rule out are not looked for: the same matches.
    assertSameMatches(
        pattern,
        text,
        new StartLiterals.Search(pattern, text.text(), text.lower(), starts, text.pairs()));
  }

  private static void assertSameMatches(
      Pattern pattern, ErrorText text, StartLiterals.Search search) {
    Matcher plain = pattern.matcher(text.text());
    for (int i = 0; i < 20; i++) {
      boolean expected = plain.find();
      assertThat(search.find()).as("%s on %s", pattern, text.text()).isEqualTo(expected);
      if (!expected) {
        return;
      }
      assertThat(search.matcher().start()).isEqualTo(plain.start());
      assertThat(search.matcher().end()).isEqualTo(plain.end());
      assertThat(search.matcher().group()).isEqualTo(plain.group());
    }
  }
}
