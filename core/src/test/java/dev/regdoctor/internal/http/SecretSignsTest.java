package dev.regdoctor.internal.http;

import static dev.regdoctor.internal.http.PastedSecrets.containsAny;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The one-pass word scan answers what one {@code contains} per word on the lowercase text answered
 * before it, for every sign.
 */
class SecretSignsTest {

  @SeededProperty(cases = 2000)
  void findsTheWordsTheLowercaseTextContains(long seed) {
    Gen gen = new Gen(seed);
    String text = String.join("", gen.list(1, 12, () -> piece(gen)));

    assertThat(SecretSigns.of(text)).as(text).isEqualTo(expected(text));
  }

  @Test
  void findsWordsInAnyCase() {
    assertThat(SecretSigns.of("Authorization: Basic abc"))
        .isEqualTo(SecretSigns.AUTHORIZATION | SecretSigns.SCHEME);
    assertThat(SecretSigns.of("docker login -u me --PASSWORD-stdin"))
        .isEqualTo(
            SecretSigns.LOGIN | SecretSigns.FLAG | SecretSigns.SECRET_KEY | SecretSigns.USER_FLAG);
    assertThat(SecretSigns.of("key AKIAABCDEFGHIJKLMNOP")).isEqualTo(SecretSigns.TOKEN);
  }

  @Test
  void findsTheStartOfAJsonWebTokenOnlyAsWritten() {
    assertThat(SecretSigns.of("token eyJhbGciOi"))
        .isEqualTo(SecretSigns.SECRET_KEY | SecretSigns.JWT | SecretSigns.TOKEN_WORD);
    assertThat(SecretSigns.of("EYJ eyj")).isZero();
  }

  @Test
  void readsTheKelvinSignAsK() {
    assertThat(SecretSigns.of("upload to\u212Aen failed"))
        .isEqualTo(SecretSigns.SECRET_KEY | SecretSigns.TOKEN_WORD);
  }

  @Test
  void countsLastPartWordsOnlyBeforeAKeySeparator() {
    assertThat(SecretSigns.of("401 unauthorized: authentication required")).isZero();
    assertThat(SecretSigns.of("x-registry-auth: abc")).isEqualTo(SecretSigns.SECRET_KEY);
    assertThat(SecretSigns.of("sig         =abc")).isZero();
  }

  @Test
  void findsAShortPasswordFlagAfterABlank() {
    assertThat(SecretSigns.of("login\t-p x"))
        .isEqualTo(SecretSigns.LOGIN | SecretSigns.SHORT_PASSWORD_FLAG);
    assertThat(SecretSigns.of("login x-p")).isEqualTo(SecretSigns.LOGIN);
  }

  @Test
  void findsEveryUserFlagInAnyCase() {
    assertThat(SecretSigns.of("curl -U p:x")).isEqualTo(SecretSigns.USER_FLAG);
    assertThat(SecretSigns.of("ctr --user=bob:x")).isEqualTo(SecretSigns.USER_FLAG);
    assertThat(SecretSigns.of("curl --proxy-user p:x")).isEqualTo(SecretSigns.USER_FLAG);
  }

  /** The signs as separate scans of the lowercase text find them. */
  private static int expected(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    int signs = 0;
    if (lower.contains("authorization")) {
      signs |= SecretSigns.AUTHORIZATION;
    }
    if (lower.contains("basic") || lower.contains("bearer")) {
      signs |= SecretSigns.SCHEME;
    }
    if (containsAny(lower, SecretKeyNames.SECRET_WORDS) || lastPartBeforeSeparator(lower)) {
      signs |= SecretSigns.SECRET_KEY;
    }
    if (containsAny(lower, PastedSecrets.FLAG_WORDS)) {
      signs |= SecretSigns.FLAG;
    }
    if (containsAny(lower, PastedSecrets.TOKEN_PREFIXES)) {
      signs |= SecretSigns.TOKEN;
    }
    if (lower.contains("login")) {
      signs |= SecretSigns.LOGIN;
    }
    if (lower.contains(" -p") || lower.contains("\t-p")) {
      signs |= SecretSigns.SHORT_PASSWORD_FLAG;
    }
    if (text.contains("eyJ")) {
      signs |= SecretSigns.JWT;
    }
    if (lower.contains("-u")) {
      signs |= SecretSigns.USER_FLAG;
    }
    if (lower.contains("decoded auth")) {
      signs |= SecretSigns.DECODED_AUTH;
    }
    if (lower.contains("robot$")) {
      signs |= SecretSigns.ROBOT;
    }
    if (lower.contains("-----begin")) {
      signs |= SecretSigns.PRIVATE_KEY;
    }
    if (lower.contains("<password>") || lower.contains("<passphrase>")) {
      signs |= SecretSigns.XML_PASSWORD;
    }
    if (lower.contains("token ") || lower.contains("token\t")) {
      signs |= SecretSigns.TOKEN_WORD;
    }
    if (text.indexOf('@') >= 0 && text.indexOf('@') < text.length() - 1) {
      signs |= SecretSigns.AT;
    }
    return signs;
  }

  /** Whether a last-part word ({@code auth}, {@code sig}) ends a key somewhere in {@code lower}. */
  private static boolean lastPartBeforeSeparator(String lower) {
    List<String> words = new java.util.ArrayList<>(SecretKeyNames.SECRET_LAST_PARTS);
    words.addAll(SecretKeyNames.SECRET_SUFFIXES);
    for (String word : words) {
      for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
        if (SecretKeyNames.separatorAt(lower, at + word.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static final List<String> WORDS =
      List.of(
          "authorization",
          "Authorisation",
          "-u",
          "--USER",
          "BASIC",
          "bearer",
          "Bearer",
          "password",
          "PASSWD",
          "token",
          "to\u212Aen",
          "apikey",
          "api_key",
          "Private-Key",
          "auth",
          "AUTH",
          "pwd",
          "pass",
          "creds",
          "credentials",
          "sig",
          "signature",
          "cookie",
          "KEY",
          "api_key",
          "monkey",
          "unauthorized",
          "design",
          "--password",
          "--pass",
          "--token",
          "--identity-token",
          "--creds",
          "--src-creds",
          "--to-creds",
          "ghp_",
          "GHO_",
          "github_pat_",
          "glpat-",
          "AKIA",
          "asia",
          "a\u212Aia",
          "login",
          "LOGIN",
          " -p",
          "\t-P",
          "-p",
          "\u0130",
          "\u0130d",
          "logi\u0130n",
          "eyJ",
          "EYJ",
          "eyj",
          "ey",
          "J",
          "-----BEGIN",
          "-----begin ",
          "<Password>",
          "<passphrase>",
          "<pass",
          "@",
          "dckr_pat_",
          "GLDT-");

  private static String piece(Gen gen) {
    return switch (gen.between(0, 5)) {
      case 0, 1 -> gen.pick(WORDS);
      case 2 -> gen.pick(":", "=", " :", "\t=", "\"", "'", "\\\"", "\\'", "\\", "        :");
      case 3 -> gen.pick(" ", "\t", "\n", "-", "_", "{", "}");
      case 4 -> gen.string("abcgiklnoprstuxyzAKPT_-\u212A\u0130", 1, 8);
      default -> gen.anyString(6);
    };
  }
}
