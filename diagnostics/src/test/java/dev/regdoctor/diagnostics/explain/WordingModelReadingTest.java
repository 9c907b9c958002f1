package dev.regdoctor.diagnostics.explain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The model's numbers are read by a fast path that must give exactly what parseDouble gives. */
class WordingModelReadingTest {
  private static void assertSameAsParseDouble(String text) {
    assertThat(Double.doubleToRawLongBits(WordingModel.plainDecimal(text)))
        .as(text)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  @Test
  void everyNumberOfTheShippedModelReadsAsParseDoubleReadsIt() throws IOException {
    String model;
    try (InputStream in = WordingModel.class.getResourceAsStream(WordingModel.RESOURCE)) {
      model = new String(in.readAllBytes(), UTF_8);
    }
    int numbers = 0;
    for (String line : model.split("\n")) {
      if (line.startsWith("#") || line.startsWith("format") || line.startsWith("classes")) {
        continue;
      }
      String[] fields = line.split("\t");
      for (int i = line.startsWith("feature") ? 2 : 1; i < fields.length; i++) {
        String field = fields[i];
        String number = field.substring(field.indexOf(':') + 1);
        if (!number.chars().allMatch(Character::isLetter)) {
          assertSameAsParseDouble(number);
          numbers++;
        }
      }
    }
    assertThat(numbers).isGreaterThan(1000);
  }

  /**
   * The feature records are read in place; a "+3:" class index is one the in-place reader declines
   * (parseInt takes it), so every record of the rewritten file goes through the general path.
   */
  @Test
  void featureRecordsReadInPlaceGiveTheModelTheGeneralPathGives() throws IOException {
    String shipped;
    try (InputStream in = WordingModel.class.getResourceAsStream(WordingModel.RESOURCE)) {
      shipped = new String(in.readAllBytes(), UTF_8);
    }
    WordingModel general =
        WordingModel.parse(shipped.replaceAll("\t([0-9]+):", "\t+$1:"), "rewritten");
    WordingModel inPlace = WordingModel.parse(shipped, "shipped");
    assertThat(inPlace.features()).isEqualTo(general.features()).isGreaterThan(1000);
    for (ExplainCorpus.Entry entry : ExplainCorpus.tunedOn()) {
      List<String> features = WordingFeatures.ofPasted(entry.message());
      assertThat(inPlace.confidences(features)).containsExactly(general.confidences(features));
    }
  }

  @Test
  void unusualFeatureRecordsAreReadOrRejectedAsBefore() {
    String head =
        "format\tregdoctor-wording-model\t1\nclasses\tUNKNOWN\tDNS_FAILURE\n"
            + "groups\tt\t1\nbias\t0\t0\nknown\t0\t0\nverdict\t0.5\nalternative\t0.2\n";
    WordingModel model =
        WordingModel.parse(head + "feature\tt host\t+1:1.5e0\t0:-2.5E-1\n", "unusual");
    assertThat(model.confidences(List.of("t host")))
        .containsExactly(
            WordingModel.parse(head + "feature\tt host\t1:1.5\t0:-0.25\n", "plain")
                .confidences(List.of("t host")));
    for (String broken :
        List.of(
            "feature\tt host\t2:1.5\n",
            "feature\tt host\t1:x\n",
            "feature\tt host\t1\n",
            "feature\tt host\t1:1\t\n",
            "feature\t\t1:1\n",
            "feature\tt host\t1:1\nfeature\tt host\t0:1\n")) {
      assertThatThrownBy(() -> WordingModel.parse(head + broken, "broken.tsv"))
          .as(broken)
          .isInstanceOf(WordingModelException.class)
          .hasMessageContaining("broken.tsv")
          .hasMessageContaining("feature (line ");
    }
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 200).mapToObj(i -> 0xDEC1_0000L + i);
  }

  /** Random plain decimals of 1 to 15 digits, the point anywhere, either sign. */
  @ParameterizedTest
  @MethodSource("seeds")
  void generatedPlainDecimalsReadAsParseDoubleReadsThem(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int n = 0; n < 50; n++) {
      int digits = 1 + random.nextInt(15);
      StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : "");
      int point = random.nextInt(digits + 1);
      for (int d = 0; d < digits; d++) {
        if (d == point) {
          text.append('.');
        }
        text.append((char) ('0' + random.nextInt(10)));
      }
      assertSameAsParseDouble(text.toString());
      assertSameAsParseDouble(String.format(Locale.ROOT, "%.3f", random.nextDouble(-50, 50)));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        ".",
        "1e5",
        "1.5E-3",
        "NaN",
        "Infinity",
        "0x1p3",
        "+1",
        "1.2.3",
        " 1",
        "1234567890123456",
        "0.1234567890123456"
      })
  void otherFormsAreLeftToParseDouble(String text) {
    assertThat(WordingModel.plainDecimal(text)).isNaN();
  }
}
