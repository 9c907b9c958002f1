package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagDistanceTest {

  @Nested
  class Closest {
    @Test
    void tagsExtendingTheMissingOneComeFirst() {
      assertThat(TagDistance.closest("1.4", List.of("latest", "2.0", "1.4.2", "1.0", "1.4.1"), 5))
          .containsExactly("1.4.1", "1.4.2", "1.0", "2.0");
    }

    @Test
    void typoFindsTheIntendedTag() {
      assertThat(TagDistance.closest("lastest", List.of("latest", "stable", "1.0"), 5))
          .startsWith("latest");
    }

    @Test
    void comparisonIgnoresCaseButKeepsTheTagAsListed() {
      assertThat(TagDistance.closest("V1.2", List.of("v1.2.0", "V1.3"), 5))
          .containsExactly("v1.2.0", "V1.3");
    }

    @Test
    void unrelatedTagsAreLeftOut() {
      assertThat(TagDistance.closest("nightly", List.of("1.0", "2.0", "3.1.4"), 5)).isEmpty();
    }

    @Test
    void sharedPrefixKeepsALongerDistantTag() {
      // "alpine-3.19-slim" is 10 edits from "alpine" but shares a long prefix; "zzzzzzzz" shares
      // nothing.
      assertThat(TagDistance.closest("alpine", List.of("zzzzzzzz", "alpine-3.19-slim"), 5))
          .containsExactly("alpine-3.19-slim");
    }

    @Test
    void equalCandidatesAreOrderedByName() {
      assertThat(TagDistance.closest("1.5", List.of("1.7", "1.6", "1.8"), 5))
          .containsExactly("1.6", "1.7", "1.8");
    }

    @Test
    void duplicatesAppearOnce() {
      assertThat(TagDistance.closest("1.0", List.of("1.0.1", "1.0.1", "1.1"), 5))
          .containsExactly("1.0.1", "1.1");
    }

    @Test
    void resultIsCappedAtTheLimit() {
      assertThat(TagDistance.closest("1", List.of("10", "11", "12", "13", "14", "15", "16"), 3))
          .containsExactly("10", "11", "12");
    }

    @Test
    void noTagsMeansNoSuggestions() {
      assertThat(TagDistance.closest("1.0", List.of(), 5)).isEmpty();
    }
  }

  @Nested
  class Distance {
    @ParameterizedTest
    @CsvSource({
      "kitten, sitting, 3",
      "'', abc, 3",
      "abc, '', 3",
      "'', '', 0",
      "1.4, 1.4.1, 2",
      "latest, lastest, 1",
      "flaw, lawn, 2",
      "abc, abc, 0",
      "ab, ba, 2"
    })
    void isTheLevenshteinDistance(String a, String b, int expected) {
      assertThat(TagDistance.distance(a, b)).isEqualTo(expected);
    }
  }

  // ---- properties -----------------------------------------------------------------------------

  @SeededProperty(cases = 1000)
  void distanceIsAMetric(long seed) {
    Gen gen = new Gen(seed);
    String a = tag(gen);
    String b = tag(gen);
    String c = tag(gen);
    assertThat(TagDistance.distance(a, a)).isZero();
    assertThat(TagDistance.distance(a, b)).isEqualTo(TagDistance.distance(b, a));
    assertThat(TagDistance.distance(a, c))
        .isLessThanOrEqualTo(TagDistance.distance(a, b) + TagDistance.distance(b, c));
    assertThat(TagDistance.distance(a, b))
        .isBetween(Math.abs(a.length() - b.length()), Math.max(a.length(), b.length()));
  }

  @SeededProperty(cases = 1000)
  void closestIsABoundedDuplicateFreeSubsetWithExtensionsFirst(long seed) {
    Gen gen = new Gen(seed);
    String wanted = tag(gen);
    List<String> tags = gen.list(0, 12, () -> tag(gen));
    int limit = gen.between(0, 6);
    List<String> closest = TagDistance.closest(wanted, tags, limit);

    assertThat(closest).hasSizeLessThanOrEqualTo(limit).doesNotHaveDuplicates();
    assertThat(tags).containsAll(closest);
    String lower = wanted.toLowerCase(Locale.ROOT);
    int firstOther = closest.size();
    for (int i = 0; i < closest.size(); i++) {
      if (!closest.get(i).toLowerCase(Locale.ROOT).startsWith(lower)) {
        firstOther = Math.min(firstOther, i);
      } else {
        assertThat(i)
            .as("extension %s after a non-extension in %s", closest.get(i), closest)
            .isLessThanOrEqualTo(firstOther);
      }
    }
  }

  private static String tag(Gen gen) {
    return gen.string("ab1.-_L", 0, 10);
  }
}
