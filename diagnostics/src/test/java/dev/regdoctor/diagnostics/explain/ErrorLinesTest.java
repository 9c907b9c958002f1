package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The lines that look like errors, found by one search of the whole text, are those in which {@link
 * ErrorText#ERROR_LINE} finds a match reading the line alone, or, when no line has such words,
 * those whose log prefix said error.
 */
class ErrorLinesTest {
  @SeededProperty(cases = 2000)
  void oneSearchFindsTheLinesThePatternFindsLineByLine(long seed) {
    Gen gen = new Gen(seed);
    String message =
        gen.joined(
            0,
            20,
            () ->
                gen.chance(0.3)
                    ? gen.anyString(6)
                    : gen.pick(
                        "error",
                        "ERROR",
                        "Failed",
                        "xError",
                        "aException",
                        "CannotPullError",
                        "_error",
                        "1error",
                        "é",
                        "e\u0301Error",
                        "\u0301",
                        "FATA[0000] ",
                        "FATA",
                        "[",
                        "curl: (7)",
                        "curl: (7)x",
                        "exit status 2",
                        "dial tcp4",
                        "错误",
                        "超时",
                        "timed out",
                        "timed\nout",
                        "couldn't",
                        "couldnt",
                        " ",
                        "\n",
                        "\t",
                        ":",
                        "level=error msg=x ",
                        "E0101 12:00:00.1 1 a.go:1] ",
                        "2024-01-01T00:00:00Z ",
                        "no such",
                        "not found",
                        "EOF",
                        "eof",
                        "İ",
                        "\r\n"));
    assertSameLines(ErrorText.asPasted(message));
    assertSameLines(ErrorText.of(message));
  }

  @Test
  void everyCorpusMessageHasTheSameErrorLines() {
    for (ExplainCorpus.Entry entry : ExplainCorpus.tunedOn()) {
      assertSameLines(ErrorText.of(entry.message()));
    }
  }

  private static void assertSameLines(ErrorText text) {
    boolean[] lines = text.errorLines();
    Matcher matcher = ErrorText.ERROR_LINE.matcher(text.text());
    boolean[] worded = new boolean[lines.length];
    boolean anyWorded = false;
    for (int line = 0; line < lines.length; line++) {
      int from = text.lineStart(line);
      // A region with opaque bounds: the pattern sees the line alone, as in a substring.
      worded[line] = matcher.region(from, text.lineEnd(from)).find();
      anyWorded |= worded[line];
    }
    for (int line = 0; line < lines.length; line++) {
      // A log level counts only when no line's words mark an error.
      boolean expected = anyWorded ? worded[line] : text.prefixSaysError(line);
      assertThat(lines[line]).as("line %d of %s", line, text.text()).isEqualTo(expected);
    }
  }
}
