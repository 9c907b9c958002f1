package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The explainer scores the wording model through {@link WordingIndex} (numbered words, no feature
 * names built); these tests hold it to the named-feature path bit for bit, so that no confidence,
 * verdict or alternative can differ from what the model was trained and cross-validated with.
 */
class WordingIndexTest {
  private static final WordingModel MODEL = WordingModel.standard();

  /** Words the model knows, some it does not, and names that become placeholders. */
  private static final List<String> WORDS = vocabulary();

  private static List<String> vocabulary() {
    List<String> words = new ArrayList<>();
    for (ExplainCorpus.Entry entry : ExplainCorpus.tunedOn().subList(0, 400)) {
      words.addAll(Arrays.asList(entry.message().split("\\s+")));
    }
    words.addAll(List.of("frobnicate", "拉取镜像失败", "10.0.0.1:5000", "^", "sha256:0123456789abcdef"));
    // Known words in other cases, and words whose lowercase is not ASCII letter by letter (the
    // Kelvin sign, the dotted capital I), which the numbered path looks up as strings.
    words.addAll(
        List.of("CONNECTION", "Refused", "TimeOut", "\u212Aey", "İmage", "straße", "ÉRROR"));
    return words;
  }

  private static void assertSameAsNamedFeatures(String pasted) {
    ErrorText cleaned = ErrorExplainer.cleaned(ErrorExplainer.redacted(pasted));
    String cause = ErrorChain.innermost(cleaned, cleaned.lastErrorLine());
    double[] named = MODEL.confidences(WordingFeatures.of(cleaned, cause));
    double[] numbered = MODEL.confidences(cleaned.errorLinesText(), cause);
    assertThat(Arrays.equals(numbered, named))
        .as("confidences of %s: %s against %s", pasted, numbered, named)
        .isTrue();
    assertThat(MODEL.guess(cleaned, cause))
        .isEqualTo(MODEL.guess(WordingFeatures.of(cleaned, cause)));
  }

  @Test
  void everyCorpusMessageScoresBitForBitAsWithNamedFeatures() {
    for (ExplainCorpus.Entry entry : ExplainCorpus.entries()) {
      assertSameAsNamedFeatures(entry.message());
    }
  }

  @Test
  void messagesInsideALongLogScoreAsWithNamedFeatures() {
    String progress = "a3ed95caeb02: Pulling fs layer\n5c110056cd4f: Waiting\n";
    for (ExplainCorpus.Entry entry : ExplainCorpus.tunedOn().subList(0, 300)) {
      assertSameAsNamedFeatures(progress.repeat(100) + entry.message() + "\n" + progress);
    }
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 300).mapToObj(i -> 0x5EED_0000L + i);
  }

  /** Word soups with repeats (features seen twice count once) and texts longer than 300 tokens. */
  @ParameterizedTest
  @MethodSource("seeds")
  void generatedTextsScoreAsWithNamedFeatures(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int lines = 1 + random.nextInt(8);
    StringBuilder text = new StringBuilder();
    for (int line = 0; line < lines; line++) {
      text.append(random.nextBoolean() ? "error: " : "");
      int words = random.nextInt(120);
      for (int w = 0; w < words; w++) {
        text.append(WORDS.get(random.nextInt(WORDS.size())))
            .append(random.nextInt(9) == 0 ? ": " : " ");
      }
      text.append('\n');
    }
    assertSameAsNamedFeatures(text.toString());
  }

  @Test
  void statusFeaturesScoreAsWithNamedFeaturesWhereverTheStatusStands() {
    WordingModel model =
        WordingModel.parse(
            "format\tregdoctor-wording-model\t1\nclasses\tUNKNOWN\tAUTH_REQUIRED\tREGISTRY_UNAVAILABLE\n"
                + "groups\tc\t0.5\tt\t1\ts\t1\nbias\t0.1\t-0.2\t0\nknown\t-0.3\t-0.25\t-0.2\n"
                + "verdict\t0.5\nalternative\t0.2\n"
                + "feature\tc 401\t1:0.5\n"
                + "feature\ts status=401\t1:2.5\n"
                + "feature\ts status=4xx\t1:0.75\t0:0.125\n"
                + "feature\ts status=5xx\t2:1.5\n"
                + "feature\tt status\t2:0.25\n",
            "test");
    String longLog = "layer 200 pulling\n".repeat(400);
    for (String text :
        List.of(
            "status 401",
            "got 418 then 503 and 401 again, 401 and 599",
            "no status here 1234 99 600",
            longLog + "unexpected status 502",
            "401 " + "word ".repeat(300) + "end",
            "")) {
      for (String cause : List.of("401 Unauthorized", "status 503", "none", "")) {
        assertThat(model.confidences(text, cause))
            .as("%s / %s", text.length() > 60 ? text.substring(text.length() - 60) : text, cause)
            .containsExactly(model.confidences(WordingFeatures.of(text, cause)));
      }
    }
  }

  @Test
  void aModelWithoutACauseGroupOrUnusualNamesScoresAsWithNamedFeatures() {
    WordingModel model =
        WordingModel.parse(
            "format\tregdoctor-wording-model\t1\nclasses\tUNKNOWN\tDNS_FAILURE\n"
                + "groups\tt\t1.5\nbias\t0.1\t-0.2\nknown\t-0.3\t-0.25\n"
                + "verdict\t0.5\nalternative\t0.2\n"
                + "feature\tt such host\t1:2.5\n"
                + "feature\tt ^ lookup\t1:0.75\t0:0.125\n"
                + "feature\tt a b c\t1:9\n"
                + "feature\tt host\t0:0.5\n",
            "test");
    for (String text :
        List.of("lookup x: no such host", "a b c", "host host such host", "", "lookup")) {
      assertThat(model.confidences(text, "no such host"))
          .containsExactly(model.confidences(WordingFeatures.of(text, "no such host")));
    }
  }
}
