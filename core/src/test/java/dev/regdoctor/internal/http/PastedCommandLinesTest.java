package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import org.junit.jupiter.api.Nested;

/**
 * The one predicate that tells a login the redactor left on a command line. Each property checks
 * both sides.
 */
class PastedCommandLinesTest {
  private static final String SECRET_CHARACTERS = Gen.LOWER + Gen.UPPER + Gen.DIGITS + "-_.!$%";

  /** A secret that no mask or generated word holds by chance. */
  private static String secret(Gen gen) {
    return "Zq" + gen.string(SECRET_CHARACTERS, 3, 24) + "9";
  }

  private static String noise(Gen gen) {
    return gen.string(Gen.LOWER + " ", 0, 30);
  }

  @Nested
  class CommandLineLogin {
    @SeededProperty(cases = 500)
    void everyLoginFlagTheRedactorMasksIsShownAsALogin(long seed) {
      Gen gen = new Gen(seed);
      String secret = secret(gen);
      // A value that starts with "-" is the next flag: "--creds -v" gives no login.
      String user = gen.string(Gen.LOWER, 1, 1) + gen.string(Gen.LOWER + Gen.DIGITS + "-_.", 0, 11);
      String flag =
          gen.pick(
              "-u ",
              "-u",
              "-U ",
              "--user ",
              "--user=",
              "--proxy-user ",
              "--creds ",
              "--creds=",
              "--src-creds ",
              "--dest-creds=",
              "--from-creds ",
              "--to-creds ",
              "--CREDS ");
      String text =
          gen.pick("curl ", "ctr images pull ", "skopeo copy ", "crictl pull ", "$ ")
              + flag
              + user
              + ":"
              + secret
              + " r.test/a:1\n401 Unauthorized";

      String redacted = Redaction.text(text);

      assertThat(redacted).as(text).contains(flag + user + ":<redacted>");
      assertThat(Redaction.showsCommandLineLogin(redacted)).as(redacted).isTrue();
    }

    @SeededProperty(cases = 500)
    void noLoginIsShownWhereNoneWasMasked(long seed) {
      Gen gen = new Gen(seed);
      String text =
          gen.pick(
                      "scope=repository:<redacted>:pull -u <redacted>",
                  "image \"docker.io/team/secret:<redacted>\"",
                  "--user <redacted>:<redacted>",
                  "password: <redacted>",
                  "--password <redacted> -u bob",
                  "curl -u bob https://r.test/v2/")
              + noise(gen);

      assertThat(Redaction.showsCommandLineLogin(Redaction.text(text))).as(text).isFalse();
    }
  }
}
