package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The check that lets text without escapes skip the ANSI pattern never skips text the pattern would
 * change.
 */
class StripAnsiTest {
  private static final Pattern ANSI = ErrorText.patterns().get(0);

  @SeededProperty(cases = 2000)
  void textTheCheckLetsThroughHasNothingThePatternRemoves(long seed) {
    Gen gen = new Gen(seed);
    String text =
        gen.joined(
            0,
            12,
            () ->
                gen.chance(0.2)
                    ? gen.anyString(4)
                    : gen.pick(
                        "[",
                        "[0",
                        "[31m",
                        "[0;1;31m",
                        "[1234m",
                        "[0;;m",
                        "[0000]",
                        "m",
                        ";",
                        "1",
                        "FATA[0000] ",
                        "\u001B[31m",
                        "\u001B]0;x\u0007",
                        "[1;2;3;4;5;6m",
                        " "));

    if (!ErrorText.hasLostEscape(text) && text.indexOf('\u001B') < 0) {
      assertThat(ANSI.matcher(text).replaceAll("")).isEqualTo(text);
    }
    assertThat(ErrorText.stripAnsi(text)).isEqualTo(ANSI.matcher(text).replaceAll(""));
  }

  @Test
  void aBracketAndDigitsWithoutMAreNoEscape() {
    assertThat(ErrorText.hasLostEscape("FATA[0000] failed")).isFalse();
    assertThat(ErrorText.hasLostEscape("[1/2] step")).isFalse();
    assertThat(ErrorText.hasLostEscape("x [0;31mred")).isTrue();
    assertThat(ErrorText.stripAnsi("x [0;31mred[0m")).isEqualTo("x red");
  }
}
