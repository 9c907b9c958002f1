package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The cheap check before masking {@code key=value} secrets never skips a text in which masking
 * would change something: when {@link PastedSecrets#mayNameSecret} says no, {@link
 * PastedSecrets#keyValues} leaves the text as it is.
 */
class SecretKeyGateTest {

  @SeededProperty(cases = 1000)
  void skipsOnlyTextsWithoutASecretKey(long seed) {
    Gen gen = new Gen(seed);
    String text = String.join("", gen.list(1, 10, () -> piece(gen)));

    if (!SecretKeyNames.mayNameSecret(text.toLowerCase(Locale.ROOT))) {
      assertThat(PastedSecrets.keyValues(text)).as(text).isEqualTo(text);
    }
  }

  @Test
  void looksAtLastPartWordsOnlyWhereTheyEndAKey() {
    assertThat(SecretKeyNames.mayNameSecret("401 unauthorized: authentication required")).isFalse();
    assertThat(SecretKeyNames.mayNameSecret("x-registry-auth: abc")).isTrue();
    assertThat(SecretKeyNames.mayNameSecret("{\\\"auth\\\" \t: \\\"abc\\\"}")).isTrue();
    assertThat(SecretKeyNames.mayNameSecret("sig         =abc")).isFalse();
    assertThat(SecretKeyNames.mayNameSecret("upload token failed")).isTrue();
  }

  private static String piece(Gen gen) {
    return switch (gen.between(0, 6)) {
      case 0 ->
          gen.pick(
              "auth",
              "AUTH",
              "pwd",
              "pass",
              "Creds",
              "credential",
              "credentials",
              "sig",
              "signature",
              "cookie",
              "unauthorized",
              "design",
              "passage",
              "authority");
      case 1 -> gen.pick("registry_", "X-", "docker.", "--", "-", "my", "");
      case 2 -> gen.pick(":", "=", " :", "\t=", "\"", "'", "\\\"", "\\'", "\\", "        :");
      case 3 -> gen.pick(" ", "\t", "\n", "         ", ",", "{", "}");
      case 4 -> gen.string("abcXYZ019_.-", 1, 12);
      case 5 -> gen.pick("<redacted>", "s3cr3t", "user:pw", "\"v\"");
      default -> gen.anyString(6);
    };
  }
}
