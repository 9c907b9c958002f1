package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import org.junit.jupiter.api.Test;

/**
 * The cheap check before masking {@code key=value} secrets never skips a text in which masking
 * would change something: when {@link SecretSigns#of} finds no {@link SecretSigns#SECRET_KEY},
 * {@link PastedSecrets#keyValues} leaves the text as it is.
 */
class SecretKeyGateTest {

  @SeededProperty(cases = 1000)
  void skipsOnlyTextsWithoutASecretKey(long seed) {
    Gen gen = new Gen(seed);
    String text = String.join("", gen.list(1, 10, () -> piece(gen)));

    if (!mayNameSecret(text)) {
      assertThat(PastedSecrets.keyValues(text)).as(text).isEqualTo(text);
    }
  }

  @Test
  void looksAtLastPartWordsOnlyWhereTheyEndAKey() {
    assertThat(mayNameSecret("401 unauthorized: authentication required")).isFalse();
    assertThat(mayNameSecret("x-registry-auth: abc")).isTrue();
    assertThat(mayNameSecret("{\\\"auth\\\" \t: \\\"abc\\\"}")).isTrue();
    assertThat(mayNameSecret("sig         =abc")).isFalse();
    assertThat(mayNameSecret("upload token failed")).isTrue();
  }

  /** The gate {@link PastedSecrets#redact} asks before {@link PastedSecrets#keyValues}. */
  private static boolean mayNameSecret(String text) {
    return (SecretSigns.of(text) & SecretSigns.SECRET_KEY) != 0;
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
