package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The check before decoding a base64 token finds a colon or brace exactly where decoding would. */
class Base64SeparatorTest {

  @SeededProperty(cases = 2000)
  void findsASeparatorExactlyWhenTheDecodedBytesHoldOne(long seed) {
    Gen gen = new Gen(seed);
    byte[] bytes = new byte[gen.between(1, 40)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = gen.chance(0.05) ? (byte) (gen.bool() ? ':' : '{') : (byte) gen.anyInt();
    }
    Base64.Encoder encoder =
        gen.pick(
            Base64.getEncoder(),
            Base64.getEncoder().withoutPadding(),
            Base64.getUrlEncoder(),
            Base64.getUrlEncoder().withoutPadding());
    char[] token = encoder.encodeToString(bytes).toCharArray();

    assertThat(Base64Logins.decodesToSeparator(token, 0, token.length))
        .as(new String(token))
        .isEqualTo(holdsSeparator(bytes));
  }

  @Test
  void readsOnlyTheGivenRange() {
    char[] text = ("x " + encoded("user:password") + " y").toCharArray();

    assertThat(Base64Logins.decodesToSeparator(text, 2, text.length - 2)).isTrue();
    assertThat(Base64Logins.decodesToSeparator(text, 2, 4)).isFalse();
  }

  @Test
  void findsNoSeparatorInADigest() {
    char[] digest =
        "d72a74c56330b347f7d18b64d2effd93edd695fde25dc301d52c37efbcf4844e".toCharArray();

    assertThat(Base64Logins.decodesToSeparator(digest, 0, digest.length))
        .isEqualTo(holdsSeparator(Base64.getDecoder().decode(new String(digest))));
  }

  private static String encoded(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean holdsSeparator(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ':' || b == '{') {
        return true;
      }
    }
    return false;
  }
}
