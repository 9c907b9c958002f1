package dev.regdoctor.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineStartsTest {
  @Test
  void textWithoutBreaksIsOneLineStartingAtZero() {
    assertThat(LineStarts.of("")).containsExactly(0);
    assertThat(LineStarts.of("no break")).containsExactly(0);
  }

  @Test
  void eachLineStartsAfterItsBreakIncludingAnEmptyLastLine() {
    assertThat(LineStarts.of("a\nbc\n\nd")).containsExactly(0, 2, 5, 6);
    assertThat(LineStarts.of("a\n")).containsExactly(0, 2);
  }

  @Test
  void startsAreWhereSplittingOnBreaksPutsTheLines() {
    Random random = new Random(17);
    for (int round = 0; round < 500; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(60);
      for (int i = 0; i < length; i++) {
        text.append(random.nextInt(4) == 0 ? '\n' : (char) ('a' + random.nextInt(3)));
      }
      List<Integer> expected = new ArrayList<>();
      int start = 0;
      for (String line : text.toString().split("\n", -1)) {
        expected.add(start);
        start += line.length() + 1;
      }

      assertThat(LineStarts.of(text.toString()))
          .as("%s", text)
          .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
