package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Edge cases of the redaction of pasted command lines and error text found in review: a container's
 * {@code -u uid:gid}, a login glued to {@code -u}, a secret key glued to a {@code .}, a repository
 * named {@code secret}; and the one predicate that tells a login the redactor left on a command
 * line. Each property checks both sides: secrets never survive, what is not one survives as is.
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
  class ContainerUser {
    @Test
    void uidAndGidOfADockerRunAreKept() {
      assertThat(Redaction.text("docker run -u 1000:1000 alpine id"))
          .isEqualTo("docker run -u 1000:1000 alpine id");
      assertThat(Redaction.text("podman exec --user=app:app web id"))
          .isEqualTo("podman exec --user=app:app web id");
    }

    @Test
    void aLoginAfterTheImageBelongsToTheContainersCommandAndIsMasked() {
      assertThat(Redaction.text("docker run --rm curlimages/curl -u bob:hunter2 https://r/v2/"))
          .isEqualTo("docker run --rm curlimages/curl -u bob:<redacted> https://r/v2/");
    }

    /** Session 11 review: an option it does not know may be a switch, and the image follow. */
    @Test
    void anOptionItDoesNotKnowLeavesTheContainersLoginMasked() {
      for (String text :
          List.of(
              "docker run --rm --use-api-socket curlimages/curl -u bob:S3cretPw1 https://r/v2/",
              "podman exec -l curl -u bob:S3cretPw3 https://r/v2/",
              "podman run --rootfs /tmp/rootfs -u bob:S3cretPw4 https://r/",
              "podman run --rm --passwd curlimages/curl -u bob:S3cretPw2 https://r/")) {
        assertThat(Redaction.text(text)).as(text).doesNotContain("S3cretPw");
      }
    }

    @SeededProperty(cases = 500)
    void aLoginAfterAnUnknownOptionNeverSurvives(long seed) {
      Gen gen = new Gen(seed);
      String secret = secret(gen);
      String text =
          gen.pick("docker", "podman", "nerdctl")
              + " "
              + gen.pick("run", "create", "exec")
              + gen.pick(" --rm", "", " -d")
              + " --"
              + gen.string(Gen.LOWER, 3, 12)
              + gen.pick("", "-" + gen.string(Gen.LOWER, 2, 6))
              + " "
              + gen.pick("curlimages/curl", "alpine", "web")
              + gen.pick(" curl", "")
              + " -u bob:"
              + secret
              + " https://r.test/v2/";

      assertThat(Redaction.text(text)).as(text).doesNotContain(secret);
    }

    @SeededProperty(cases = 500)
    void userAndGroupOfAContainerCommandSurvive(long seed) {
      Gen gen = new Gen(seed);
      String user =
          gen.oneOf(
              () -> gen.string(Gen.DIGITS, 1, 6),
              () -> gen.pick("root", "app", "nobody", "www-data", "$UID"));
      String group = gen.oneOf(() -> gen.string(Gen.DIGITS, 1, 6), () -> gen.pick("root", "app"));
      String engine = gen.pick("docker", "podman", "nerdctl", "sudo docker", "/usr/bin/podman");
      String global = gen.pick("", " --context ci", " -n k8s.io", " --log-level debug");
      String subcommand = gen.pick("run", "create", "exec", "container run", "container exec");
      String options =
          gen.joined(
              0,
              4,
              () ->
                  gen.pick(
                      " --rm",
                      " -it",
                      " -d",
                      " --name web",
                      " -e A=b",
                      " -v /a:/b",
                      " --pull=always",
                      " -p 8080:80",
                      " --privileged",
                      " --network host"));
      String flag = gen.pick(" -u ", " -u", " --user ", " --user=");
      String quote = flag.endsWith(" ") ? gen.pick("", "\"", "'") : "";
      String command =
          gen.pick("", "$ ", "+ ")
              + engine
              + global
              + " "
              + subcommand
              + options
              + flag
              + quote
              + user
              + ":"
              + group
              + quote
              + " "
              + gen.pick("alpine id", "web sh", "r.test/team/app:1.0 ls /", "ctr");
      String text = gen.pick("", "error: ", "> ") + command + gen.pick("", "\n", "\nexit 1\n");

      assertThat(Redaction.text(text)).as(text).isEqualTo(text);
    }

    @SeededProperty(cases = 500)
    void loginsOutsideAContainersOwnOptionsNeverSurvive(long seed) {
      Gen gen = new Gen(seed);
      String secret = secret(gen);
      String user = gen.string(Gen.LOWER + Gen.DIGITS + "-_.", 0, 12);
      String command =
          gen.pick(
              "curl -fsS",
              "ctr images pull",
              "nerdctl login",
              "nerdctl pull",
              "docker pull",
              "docker login",
              "skopeo inspect",
              "crane auth",
              "wget",
              "",
              "run",
              "the command was",
              "docker run --rm curlimages/curl",
              "docker run -it alpine:3 curl -s",
              "podman run --network host img",
              "docker run img; curl",
              "docker run -u 1:1 img\ncurl",
              "nerdctl create web && curl",
              "docker image inspect x | curl");
      String flag = gen.pick(" -u ", " -u", " --user ", " --user=", " -U ", " --proxy-user ");
      String text =
          noise(gen)
              + command
              + flag
              + user
              + ":"
              + secret
              + gen.pick(" https://r.test/v2/", " r.test/a:1", "", "\n401 Unauthorized");

      String redacted = Redaction.text(text);

      assertThat(redacted).as(text).doesNotContain(secret);
      assertThat(redacted).as(text).contains(flag + user + ":<redacted>");
      assertThat(Redaction.text(redacted)).isEqualTo(redacted);
    }
  }

  @Nested
  class GluedUserFlag {
    @Test
    void aLoginGluedToTheShortFlagIsMasked() {
      assertThat(Redaction.text("curl -ubob:pw https://r.test/v2/"))
          .isEqualTo("curl -ubob:<redacted> https://r.test/v2/");
    }

    @SeededProperty(cases = 500)
    void aGluedLoginNeverSurvivesAndItsUserNameDoes(long seed) {
      Gen gen = new Gen(seed);
      String secret = secret(gen);
      String user = gen.string(Gen.LOWER + Gen.DIGITS + "-_.", 1, 12);
      String flag = gen.pick("-u", "-U");
      String quote = gen.pick("", "\"", "'");
      String text =
          noise(gen)
              + gen.pick(" curl ", " curl -fsS ", " ctr images pull ", "\n$ curl ", " ")
              + flag
              + quote
              + user
              + ":"
              + secret
              + quote
              + gen.pick(" https://r.test/v2/", "\n", "");

      String redacted = Redaction.text(text);

      assertThat(redacted).as(text).doesNotContain(secret);
      assertThat(redacted).as(text).contains(flag + quote + user + ":<redacted>");
      assertThat(Redaction.text(redacted)).isEqualTo(redacted);
    }

    @SeededProperty(cases = 500)
    void wordsThatOnlyLookGluedSurvive(long seed) {
      Gen gen = new Gen(seed);
      // A -u inside a word, a long flag or an option without a login is no glued login.
      String text =
          noise(gen)
              + gen.pick(
                  "x86_64-unknown-linux-gnu: ok",
                  "--user-agent curl/8",
                  "docker run -u app alpine",
                  "curl -uapp https://r.test/v2/",
                  "Get \"https://r.test/v2/\": EOF",
                  "file-u:1",
                  "-u")
              + noise(gen);

      assertThat(Redaction.text(text)).as(text).isEqualTo(text);
    }
  }

  @Nested
  class DottedKey {
    @Test
    void aSecretKeyAfterADotIsMasked() {
      assertThat(Redaction.text(".x.registry-password: s3cr"))
          .isEqualTo(".x.registry-password: <redacted>");
    }

    @SeededProperty(cases = 500)
    void aSecretAtTheEndOfADottedPathNeverSurvives(long seed) {
      Gen gen = new Gen(seed);
      String secret = secret(gen);
      String key = gen.pick("password", "registry-password", "client_secret", "token", "api_key");
      // Long paths too: a key is read for at most 64 characters.
      String before = gen.pick("\n", " ", "--set ", " jq ");
      boolean colonKey = key.endsWith("password") || key.endsWith("secret");
      // At a line's start, a path of key characters and dots: "token: x" there is YAML.
      String path =
          (before.equals("\n") && !colonKey ? gen.pick("", ".") : gen.pick("", ".", "$.", "]"))
              + gen.joined(1, 12, () -> gen.string(Gen.LOWER + Gen.DIGITS + "_-", 1, 10) + ".")
              + key;
      // Mid-line, "token: x" and "auth: x" are prose ("token: unexpected status"), by design.
      String separator =
          colonKey
              ? gen.pick(": ", "=", "=\"", ":\"")
              : before.equals("\n") ? gen.pick(": ", "=") : gen.pick("=", "=\"");
      String text =
          noise(gen)
              + before
              + path
              + separator
              + secret
              + gen.pick("", "\"", " ", "\n")
              + noise(gen);

      String redacted = Redaction.text(text);

      assertThat(redacted).as(text).doesNotContain(secret);
      assertThat(Redaction.text(redacted)).isEqualTo(redacted);
    }

    @Test
    void aSignatureTagIsNoKey() {
      String text = "sha256-" + "0b1341532c".repeat(6) + "0b13.sig: Pulling from icystudio/telegpt";

      assertThat(Redaction.text(text)).isEqualTo(text);
    }

    @SeededProperty(cases = 500)
    void aHarmlessKeyAfterADotSurvives(long seed) {
      Gen gen = new Gen(seed);
      String text =
          noise(gen)
              + gen.pick(" ", "\n")
              + gen.pick(".", "x.", ".auths.r.", "spec.template.")
              + gen.pick("password_file", "token_url", "auth.realm", "secret.name", "image", "tag")
              + gen.pick(": ", "=")
              + gen.string(Gen.LOWER + "/.", 1, 10)
              + " "
              + noise(gen);

      assertThat(Redaction.text(text)).as(text).isEqualTo(text);
    }
  }

  @Nested
  class RepositoryNamedLikeASecret {
    @Test
    void theTagOfARepositoryNamedSecretIsKept() {
      assertThat(Redaction.text("Failed to pull image \"myorg/secret:1.0\": not found"))
          .isEqualTo("Failed to pull image \"myorg/secret:1.0\": not found");
    }

    /** Session 11 review: only a whole version, and only a digest after "@", is a tag. */
    @Test
    void aPasswordThatMerelyStartsLikeAVersionStaysMasked() {
      for (String text :
          List.of(
              "login with admin/password:1qaz@WSX failed: 401 Unauthorized",
              "creds were ci/secret:v9Xk2pLm then 401",
              "ci user config admin/password:1Passw0rd login failed 401",
              "Error: pull failed for harbor.local/team/password:Hunter2Secret")) {
        String redacted = Redaction.text(text);
        assertThat(redacted).as(text).contains(Redaction.MASK);
        assertThat(redacted)
            .as(text)
            .doesNotContain("WSX", "v9Xk2pLm", "1Passw0rd", "Hunter2Secret");
      }
    }

    @SeededProperty(cases = 500)
    void imageReferencesSurvive(long seed) {
      Gen gen = new Gen(seed);
      String name = gen.pick("secret", "password", "passwd", "client-secret", "db_password");
      String tag =
          gen.oneOf(
              () -> gen.string(Gen.DIGITS, 1, 3) + gen.joined(0, 2, () -> "." + gen.between(0, 20)),
              () -> "v" + gen.between(0, 9) + "." + gen.between(0, 9),
              () -> "latest",
              () -> gen.between(1, 9) + "-" + gen.pick("alpine", "slim", "rc1"));
      String registry = gen.pick("", "docker.io/", "r.test:5000/", "localhost/", "ghcr.io/");
      String hostTag = tag;
      String image =
          registry
              + gen.joined(1, 2, () -> gen.string(Gen.LOWER + Gen.DIGITS, 1, 8) + "/")
              + name
              + ":"
              + hostTag;
      String text =
          gen.pick(
              "Failed to pull image \"" + image + "\": rpc error: not found",
              "Error response from daemon: manifest for " + image + " not found",
              "pull access denied for " + image + ", repository does not exist",
              "image: " + image,
              "  image: " + image + "\n",
              "docker pull " + image);

      assertThat(Redaction.text(text)).as(text).isEqualTo(text);
    }

    @SeededProperty(cases = 500)
    void secretValuesNeverSurvive(long seed) {
      Gen gen = new Gen(seed);
      String secret = secret(gen);
      String key = gen.pick("secret", "password", "client_secret", "Secret", "db-password");
      String text =
          noise(gen)
              + gen.pick(" ", "\n", "\n  ", " user/", " login/", " team/app/", " the ")
              + key
              + gen.pick(": ", ":", " : ", "=", ": \"", "=\"")
              + secret
              + gen.pick("", "\"", " ", "\n")
              + noise(gen);

      String redacted = Redaction.text(text);

      assertThat(redacted).as(text).doesNotContain(secret);
      assertThat(Redaction.text(redacted)).isEqualTo(redacted);
    }
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
                  "docker run -u 1000:1000 alpine id",
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
