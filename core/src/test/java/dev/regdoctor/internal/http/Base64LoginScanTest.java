package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scan for base64 logins masks exactly what replacing every match of {@link
 * Base64Logins#BASE64_TOKEN} that decodes to a login masked.
 */
class Base64LoginScanTest {

  @SeededProperty(cases = 500)
  void masksWhatTheRegularExpressionMasks(long seed) {
    Gen gen = new Gen(seed);
    String text = String.join("", gen.list(0, 12, () -> piece(gen)));

    assertThat(Base64Logins.masked(text)).as(text).isEqualTo(byRegex(text));
  }

  @Test
  void capsATokenAtItsLongestAndSkipsTheRestOfTheRun() {
    String login =
        Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));
    for (String text :
        new String[] {
          "x".repeat(5000) + " " + login,
          login + "x".repeat(5000),
          "a".repeat(4096) + login,
          "=" + login,
          login + "===",
          "-" + login
        }) {
      assertThat(Base64Logins.masked(text)).isEqualTo(byRegex(text));
    }
  }

  private static String piece(Gen gen) {
    return switch (gen.between(0, 7)) {
      case 0, 1, 2 -> gen.string("ABCxyz0189+/_-", 1, 30);
      case 3, 4 -> gen.pick("=", "==", "===", " ", ":", "\n", "é", "\uD83D\uDE00");
      case 5, 6 -> login(gen);
      default -> gen.anyString(8);
    };
  }

  private static String login(Gen gen) {
    String plain =
        gen.pick("user:", "{\"auth\":\"", "name with space:") + gen.string("abcXYZ019:{}", 1, 20);
    byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
    return gen.bool()
        ? Base64.getEncoder().encodeToString(bytes)
        : Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String byRegex(String text) {
    Matcher matcher = Base64Logins.BASE64_TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String token = matcher.group();
      matcher.appendReplacement(
          out,
          Matcher.quoteReplacement(Base64Logins.encodedLogin(token) ? PastedSecrets.MASK : token));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
