package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import org.junit.jupiter.api.Test;

/** The pair filter never says a string is absent from a text that holds it. */
class CharPairsTest {
  @SeededProperty(cases = 500)
  void everySubstringOfATextMayBeInIt(long seed) {
    Gen gen = new Gen(seed);
    String text = gen.chance(0.5) ? gen.string("ab :\n错误é", 0, 60) : gen.anyString(60);
    CharPairs pairs = CharPairs.of(text);

    for (int from = 0; from <= text.length(); from++) {
      for (int to = from; to <= Math.min(text.length(), from + 12); to++) {
        assertThat(pairs.mayContain(text.substring(from, to)))
            .as("%s in %s", text.substring(from, to), text)
            .isTrue();
      }
    }
  }

  @SeededProperty(cases = 300)
  void aStringWithAPairTheTextLacksIsNeverThereWhenTheFilterSaysSo(long seed) {
    Gen gen = new Gen(seed);
    String text = gen.string("abcdefgh :", 0, 40);
    String s = gen.string("abcdefghij :", 1, 6);
    CharPairs pairs = CharPairs.of(text);

    if (!pairs.mayContain(s)) {
      assertThat(text).doesNotContain(s);
    }
  }

  @Test
  void saysAbsentForAPairTheTextLacks() {
    CharPairs pairs = CharPairs.of("failed to pull image");

    assertThat(pairs.mayContain("failed to")).isTrue();
    assertThat(pairs.mayContain("x")).isTrue();
    assertThat(pairs.mayContain("connection refused")).isFalse();
  }
}
