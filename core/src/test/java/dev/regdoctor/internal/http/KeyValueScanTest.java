package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The hand-written key-value scan finds, from every position, the match {@link
 * PastedSecrets#KEY_VALUE} finds with {@code Matcher.find(from)}, with the same group boundaries.
 */
class KeyValueScanTest {

  @SeededProperty(cases = 1000)
  void findsWhatTheRegularExpressionFinds(long seed) {
    Gen gen = new Gen(seed);
    String text = gen.joined(0, 14, () -> piece(gen));

    assertSameMatches(text);
  }

  @Test
  void findsTheFormsTheRedactorMasks() {
    for (String text :
        new String[] {
          "password=hunter2",
          "\"password\": \"x\"",
          "\\\"token\\\":\\\"abc\\\"",
          "--password\t=  x",
          "---password=x",
          "-=x",
          "a.b-c_d: e",
          "x" + "k".repeat(70) + "=v",
          "k".repeat(64) + "=v",
          "k".repeat(65) + "=v",
          "key" + " ".repeat(9) + "=v",
          "key" + " ".repeat(8) + "=" + " ".repeat(9) + "'v",
          "'\\key:v",
          "\\'",
          "",
          "é=1 ü:2 _a=3 .b=4 9c=5"
        }) {
      assertSameMatches(text);
    }
  }

  private static void assertSameMatches(String text) {
    KeyValueScan scan = new KeyValueScan(text);
    Matcher m = PastedSecrets.KEY_VALUE.matcher(text);
    for (int from = 0; from <= text.length(); from++) {
      boolean found = m.find(from);
      assertThat(scan.find(from)).as("%s from %d", text, from).isEqualTo(found);
      if (found) {
        assertThat(
                new int[] {
                  scan.start, scan.keyStart, scan.keyEnd, scan.separatorEnd, scan.valueStart
                })
            .as("%s from %d", text, from)
            .containsExactly(m.start(), m.start(2), m.end(2), m.end(3), m.end(4));
      }
    }
  }

  private static String piece(Gen gen) {
    return switch (gen.between(0, 7)) {
      case 0, 1 -> gen.string("abXY09_.-", 1, 12);
      case 2 -> gen.string("k", 60, 70);
      case 3, 4 -> gen.pick("\"", "'", "\\", "\\\"", "-", "--", ":", "=", " ", "\t", "\n");
      case 5 -> gen.string(" \t", 0, 10);
      case 6 -> gen.pick("password", "token", "x-registry-auth", "Secret", "é", "\u212A");
      default -> gen.anyString(6);
    };
  }
}
