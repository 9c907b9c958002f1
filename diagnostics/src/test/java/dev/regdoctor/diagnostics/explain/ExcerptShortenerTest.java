package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import org.junit.jupiter.api.Test;

/**
 * Shortening an excerpt that holds only single spaces returns what collapsing its white space
 * returned, with the focus where it was, whatever the line and the focus positions.
 */
class ExcerptShortenerTest {
  @SeededProperty(cases = 2000)
  void shortenAgreesWithCollapsing(long seed) {
    Gen gen = new Gen(seed);
    String line =
        gen.chance(0.5)
            ? String.join(
                gen.pick(" ", "  ", "\t", " \u00a0", "\u2003"),
                gen.list(0, 80, () -> gen.string("ab:/é错…", 1, 8)))
            : gen.anyString(400);
    int focusStart = gen.between(-2, line.length() + 2);
    int focusEnd = gen.between(-2, line.length() + 2);

    assertThat(ExcerptShortener.shorten(line, focusStart, focusEnd))
        .as("%s at %d-%d", line, focusStart, focusEnd)
        .isEqualTo(collapsed(line, focusStart, focusEnd));
  }

  @Test
  void singleSpacedMeansOnlySingleSpacesBetweenOtherCharacters() {
    assertThat(ExcerptShortener.singleSpaced("failed to pull: denied")).isTrue();
    assertThat(ExcerptShortener.singleSpaced("")).isTrue();
    assertThat(ExcerptShortener.singleSpaced("a  b")).isFalse();
    assertThat(ExcerptShortener.singleSpaced(" a")).isFalse();
    assertThat(ExcerptShortener.singleSpaced("a ")).isFalse();
    assertThat(ExcerptShortener.singleSpaced("a\tb")).isFalse();
    assertThat(ExcerptShortener.singleSpaced("a\u2003b")).isFalse();
    assertThat(ExcerptShortener.singleSpaced("a\u00a0b")).isTrue();
  }

  /**
   * {@link ExcerptShortener#shorten}, copying the line whatever it holds: the specification of its
   * single-space fast path and of its char-array collapsing.
   */
  private static String collapsed(String line, int focusStart, int focusEnd) {
    StringBuilder out = new StringBuilder(line.length());
    int start = 0;
    int end = 0;
    boolean space = false;
    for (int i = 0; i < line.length(); i++) {
      if (i == focusStart) {
        start = out.length() + (space ? 1 : 0);
      }
      if (i == focusEnd) {
        end = out.length() + (space ? 1 : 0);
      }
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        space = true;
      } else {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.append(c);
      }
    }
    if (focusEnd >= line.length()) {
      end = out.length();
    }
    return ExcerptShortener.window(
        out.toString(),
        Math.min(start, out.length()),
        Math.min(Math.max(start, end), out.length()));
  }
}
