package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.CountingText;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every pattern the explainer runs on pasted text reads each character a bounded number of times
 * (issue 12: a backtracking pattern turned a 1 MB line into minutes). The input repeats fragments
 * of the rules' own literals and of real messages, the material most likely to make a pattern
 * backtrack; the cost is counted in characters read, not measured with a clock.
 */
class ExplainLinearityTest {
  private static final List<String> FRAGMENTS = fragments();

  /**
   * Characters a pattern may read per character of text while finding every match. A ratio test
   * alone misses bounded spans with a large constant: {@code [^\\n]{0,2000}?} followed by another
   * lazy span read about 2,000 characters per character of a repeated {@code (Mirrors also failed:
   * [a]): b: } (13.6 s for 1 MiB), yet grew only linearly between 2,000 and 8,000 characters. The
   * worst pattern over 310 units measured 130 after the session-5 fix.
   */
  private static final int MAX_READS_PER_CHARACTER = 400;

  /** Repeated units found to make patterns backtrack (session 5 review); kept as fixed cases. */
  private static final List<String> HOSTILE_UNITS =
      List.of(
          "/v2//manifests/",
          "/v2/a/manifests/",
          "(Mirrors also failed: [a]): b: ",
          "(Mirrors also failed: [",
          "v2/a/blobs/",
          "v2/a/",
          "/v1/repositories/a/",
          "/v2/a in ",
          "image=",
          // Session 11 review: a look-ahead for Trivy's "* remote error: " after a 500-character
          // span read about 1.5 million characters per occurrence (64 s for 1 MB).
          "Cannot connect to the Docker daemon " + "x".repeat(440) + "\n  * remote error: b\n");

  private static List<String> fragments() {
    List<String> fragments = new ArrayList<>();
    for (RuleTable.Rule rule : RuleTable.standard().rules()) {
      fragments.addAll(rule.probe().any());
    }
    fragments.addAll(
        List.of(
            "https://",
            "http://a/",
            "registry.example.com",
            "a.b.c.d.e.f.g.h.i.j.",
            "127.0.0.1:5000/",
            "[::1]:",
            "team/app:1.0",
            "@sha256:",
            "0123456789abcdef",
            "aaaaaaaaaaaaaaaa",
            "---",
            "___",
            " ",
            "\"",
            ":",
            "/",
            "x509: ",
            "Get \"",
            "\u001b[",
            "\u001b]",
            "time=\"",
            "[ERROR] "));
    return fragments;
  }

  private static List<Pattern> patterns() {
    List<Pattern> patterns = new ArrayList<>(RuleTable.standard().patterns());
    patterns.addAll(ErrorText.patterns());
    return patterns;
  }

  /** A unit of one to four fragments, and it repeated to about 2,000 and about 8,000 characters. */
  private record Repeated(String unit, String small, String large) {
    static Repeated of(long seed) {
      Gen gen = new Gen(seed);
      String unit = gen.joined(1, 4, () -> gen.pick(FRAGMENTS));
      return new Repeated(
          unit, unit.repeat(2_000 / unit.length() + 1), unit.repeat(8_000 / unit.length() + 1));
    }
  }

  @SeededProperty(cases = 200)
  void everyPatternStaysLinearOnRepeatedFragments(long seed) {
    Repeated texts = Repeated.of(seed);
    String unit = texts.unit();
    for (Pattern pattern : patterns()) {
      long smallReads = CountingText.readsToFindAll(pattern, texts.small());
      long largeReads = CountingText.readsToFindAll(pattern, texts.large());

      assertThat(largeReads)
          .as("%s on %s", pattern.pattern(), unit)
          .isLessThan(6 * smallReads + 50_000);
      assertThat(largeReads)
          .as("reads per character of %s on %s", pattern.pattern(), unit)
          .isLessThan((long) MAX_READS_PER_CHARACTER * texts.large().length());
    }
  }

  @ParameterizedTest
  @FieldSource("HOSTILE_UNITS")
  void everyPatternReadsABoundedNumberOfCharactersOnKnownHostileUnits(String unit) {
    String text = unit.repeat(8_000 / unit.length() + 1);
    for (Pattern pattern : patterns()) {
      assertThat(CountingText.readsToFindAll(pattern, text))
          .as("reads per character of %s on %s", pattern.pattern(), unit)
          .isLessThan((long) MAX_READS_PER_CHARACTER * text.length());
    }
  }

  /**
   * The wording model's tokenizer, feature reader and numbered scoring (issue 13) are plain scans:
   * the characters they read grow with the text, never faster, and the features and scores of a
   * long text read no more than a few times its length.
   */
  @SeededProperty(cases = 100)
  void wordingTokensAndFeaturesStayLinearOnRepeatedFragments(long seed) {
    Repeated texts = Repeated.of(seed);
    String unit = texts.unit();
    CountingText smallText = new CountingText(texts.small());
    CountingText largeText = new CountingText(texts.large());

    WordingTokens.tokens(smallText, new ArrayList<>(), Integer.MAX_VALUE);
    WordingTokens.tokens(largeText, new ArrayList<>(), Integer.MAX_VALUE);
    CountingText hugeText = new CountingText(texts.large().repeat(50));
    WordingFeatures.of(hugeText, unit);
    // The explainer's path scores numbered features (WordingIndex) over the same scan.
    CountingText scoredText = new CountingText(texts.large().repeat(50));
    WordingModel.standard().confidences(scoredText, unit);

    assertThat(largeText.reads())
        .as("tokens of %s", unit)
        .isLessThan(6 * smallText.reads() + 50_000);
    assertThat(largeText.reads())
        .as("reads per character")
        .isLessThan(12L * texts.large().length());
    assertThat(hugeText.reads())
        .as("features of a long text")
        .isLessThan(12L * 50 * texts.large().length());
    assertThat(scoredText.reads())
        .as("scores of a long text")
        .isLessThan(12L * 50 * texts.large().length());
  }
}
