package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundedLinesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|''",
        "a|a",
        "a\\n|a",
        "a\\nb|a,b",
        "a\\n\\nb\\n|a,,b",
        "a\\r\\nb\\r\\n|a,b",
        "\\n|''",
        "\\n\\n|,",
        "a\\rb\\n|a\\rb"
      })
  void splitsAtNewlinesAndDropsACarriageReturnBeforeThem(String input, String expected) {
    String text = input.replace("\\n", "\n").replace("\\r", "\r");
    List<String> want =
        expected.isEmpty() && !text.isEmpty()
            ? List.of("")
            : expected.isEmpty()
                ? List.of()
                : List.of(expected.replace("\\r", "\r").split(",", -1));

    assertThat(lines(new StringReader(text))).isEqualTo(want);
  }

  @Test
  void readsLinesThatSpanManyReads() throws IOException {
    String first = "x".repeat(100_000);
    String text = first + "\nsecond\r\n" + "y".repeat(70_000);

    assertThat(lines(trickle(text, 7_000))).containsExactly(first, "second", "y".repeat(70_000));
  }

  @Test
  void keepsTheStartOfALineLongerThanTheLimit() throws IOException {
    String text = "a".repeat(BoundedLines.MAX_LINE_CHARS) + "tail\nnext";

    List<String> lines = lines(trickle(text, 50_000));

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).hasSize(BoundedLines.MAX_LINE_CHARS).doesNotContain("tail");
    assertThat(lines.get(1)).isEqualTo("next");
  }

  @Test
  void dropsACarriageReturnWhoseNewlineComesInTheNextRead() throws IOException {
    assertThat(lines(trickle("one\r\ntwo", 4))).containsExactly("one", "two");
  }

  private static List<String> lines(Reader reader) {
    List<String> lines = new ArrayList<>();
    try (BoundedLines source = BoundedLines.of(reader)) {
      String line;
      while ((line = source.next()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return lines;
  }

  /** A reader that hands out at most {@code chunk} characters per read. */
  private static Reader trickle(String text, int chunk) {
    return new StringReader(text) {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        return super.read(buffer, offset, Math.min(length, chunk));
      }
    };
  }
}
