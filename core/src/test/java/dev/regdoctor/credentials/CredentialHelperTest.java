package dev.regdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CredentialHelperTest {

  @TempDir Path dir;
  HelperScripts scripts;

  @BeforeEach
  void setUp() {
    scripts = new HelperScripts(dir);
  }

  private CredentialHelper helper(String name) {
    return CredentialHelper.credHelper(name, scripts.environment());
  }

  private static CredentialProblem failure(CredentialHelper.Result result) {
    assertThat(result).isInstanceOf(CredentialHelper.Result.Failed.class);
    CredentialProblem problem = ((CredentialHelper.Result.Failed) result).problem();
    assertThat(problem.kind()).isEqualTo(CredentialProblem.Kind.HELPER_FAILED);
    return problem;
  }

  @Nested
  class Answers {

    @Test
    void successReturnsUserAndSecretAndSendsServerUrlOnStdin() {
      scripts.credentials("fake", "robot", "s3cret");

      CredentialHelper.Result result = helper("fake").get("registry.example.com:5000");

      assertThat(result)
          .isInstanceOfSatisfying(
              CredentialHelper.Result.Found.class,
              found ->
                  assertThat(TestTokens.describe(found.credential()))
                      .isEqualTo("basic robot:s3cret"));
      assertThat(scripts.stdinOf("fake")).isEqualTo("registry.example.com:5000");
    }

    @Test
    void tokenUserNameMeansIdentityToken() {
      scripts.credentials("fake", "<token>", "refresh-token-1");

      CredentialHelper.Result result = helper("fake").get("https://index.docker.io/v1/");

      assertThat(result)
          .isInstanceOfSatisfying(
              CredentialHelper.Result.Found.class,
              found -> {
                assertThat(found.credential()).isInstanceOf(Credential.IdentityToken.class);
                assertThat(found.credential().username()).isNull();
                assertThat(found.credential().secret().reveal()).isEqualTo("refresh-token-1");
              });
    }

    @Test
    void fieldNamesMatchCaseInsensitivelyAndExtraFieldsAreIgnored() {
      scripts.answering("fake", "{\"username\":\"u\",\"SECRET\":\"p\",\"Extra\":[1]}");

      assertThat(helper("fake").get("r.example.com"))
          .isInstanceOf(CredentialHelper.Result.Found.class);
    }

    @Test
    void notFoundMessageMeansNoCredentials() {
      scripts.notFound("fake");

      assertThat(helper("fake").get("registry.example.com"))
          .isInstanceOf(CredentialHelper.Result.NotFound.class);
      assertThat(scripts.stdinOf("fake")).isEqualTo("registry.example.com");
    }

    @Test
    void emptySecretIsReportedBecauseDockerThenPullsAnonymously() {
      // docker-credential-pass answers like this when pass is not set up.
      scripts.answering(
          "pass",
          "{\"ServerURL\":\"registry.example.com\",\"Username\":\"\"," + "\"Secret\":\"\"}\n");

      CredentialProblem problem =
          failure(
              CredentialHelper.credsStore("pass", scripts.environment())
                  .get("registry.example.com"));

      assertThat(problem.source()).isEqualTo("credsStore pass");
      assertThat(problem.message()).contains("empty secret", "anonymously");
    }
  }

  @Nested
  class Failures {

    @Test
    void otherFailureReportsStatusAndWithholdsStderr() {
      scripts.script(
          "fake",
          "cat >/dev/null\n"
              + "echo 'token-on-stdout-XYZ'\n"
              + "echo 'cannot reach keychain: token-on-stdout-XYZ' >&2\n"
              + "exit 3");

      CredentialProblem problem = failure(helper("fake").get("registry.example.com"));

      assertThat(problem.source()).isEqualTo("credHelper fake");
      assertThat(problem.message())
          .contains(
              "exited with status 3",
              "stderr withheld (43 bytes; it may hold the secret; it mentions the keychain)",
              "see it with: echo registry.example.com | docker-credential-fake get")
          .doesNotContain("token-on-stdout-XYZ", "cannot reach");
    }

    // Issue 12: a helper that fails with the password on stderr printed it in the report.
    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        value = {
          "plain on stderr only        | echo 'login failed for Canary-Pw-91x' >&2",
          "JSON on stderr only         | echo '{\"Username\":\"u\",\"Secret\":\"Canary-Pw-91x\"}' >&2",
          "stdout and stderr           | echo '{\"Secret\":\"Canary-Pw-91x\"}'; echo 'Canary-Pw-91x' >&2",
          "JSON-escaped on stderr      | echo '{\"Secret\":\"Canary\\\"Pw\\\\91x\"}'; echo 'Canary\\\"Pw\\\\91x' >&2",
          "base64 on stderr            | echo 'Q2FuYXJ5LVB3LTkxeA==' >&2",
        })
    void failingHelperNeverEchoesItsSecret(String kind, String output) {
      scripts.script("fake", "cat >/dev/null\n" + output + "\nexit 1");

      CredentialProblem problem = failure(helper("fake").get("registry.example.com"));

      assertThat(problem.message())
          .as(kind)
          .contains("exited with status 1", "stderr withheld")
          .doesNotContain("Canary", "Q2FuYXJ5", "91x");
      assertThat(problem.toString()).doesNotContain("Canary", "91x");
    }

    @Test
    void knownStdoutMessageIsNamedInOurWords() {
      scripts.script("fake", "cat >/dev/null\necho 'no credentials server URL'\nexit 1");

      assertThat(failure(helper("fake").get("")).message())
          .contains("helper says: no credentials server URL");
    }

    @Test
    void badJsonIsAFailureWithPosition() {
      scripts.answering("fake", "{\"Username\": \"u\", \"Secret\": sekrit}");

      CredentialProblem problem = failure(helper("fake").get("registry.example.com"));

      assertThat(problem.message())
          .contains("invalid JSON on stdout at line 1")
          .doesNotContain("sekrit");
    }

    @Test
    void emptyOutputIsAFailure() {
      scripts.script("fake", "cat >/dev/null");

      assertThat(failure(helper("fake").get("registry.example.com")).message())
          .contains("no output");
    }

    @Test
    void nonStringSecretIsAFailure() {
      scripts.answering("fake", "{\"Username\":\"u\",\"Secret\":42}");

      assertThat(failure(helper("fake").get("registry.example.com")).message())
          .contains("non-string");
    }

    @Test
    void oversizedOutputIsAFailure() {
      scripts.script("fake", "cat >/dev/null\nhead -c 100000 /dev/zero | tr '\\0' 'a'");

      assertThat(failure(helper("fake").get("registry.example.com")).message())
          .contains("more than 65536 bytes");
    }

    @Test
    void missingExecutableIsAFailure() {
      CredentialProblem problem = failure(helper("ecr-login").get("registry.example.com"));

      assertThat(problem.source()).isEqualTo("credHelper ecr-login");
      assertThat(problem.message())
          .contains("docker-credential-ecr-login not found in PATH", "error getting credentials");
    }

    @Test
    void helperNameWithPathSeparatorIsRefused() {
      assertThat(failure(helper("../../bin/sh").get("registry.example.com")).message())
          .contains("invalid helper name");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void hangingHelperIsKilledPromptlyWithItsChildren() throws Exception {
      Path pids = dir.resolve("pids");
      scripts.script(
          "fake", "echo $$ > '" + pids + "'\n" + "sleep 30 &\necho $! >> '" + pids + "'\nwait");

      long start = System.nanoTime();
      CredentialHelper.Result result =
          helper("fake").withTimeout(Duration.ofMillis(300)).get("registry.example.com");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(failure(result).message()).contains("did not answer within 300 ms; killed it");
      assertThat(millis).isLessThan(3000);
      for (String pid : Files.readAllLines(pids)) {
        assertThat(eventuallyGone(Long.parseLong(pid.trim())))
            .as("process %s is gone", pid)
            .isTrue();
      }
    }

    @Test
    void timeoutMustBePositive() {
      assertThatThrownBy(() -> helper("x").withTimeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout must be positive but was PT0S");
    }
  }

  /** Returns whether {@code pid} stops running (exits, or is only a zombie) within 2 s. */
  static boolean eventuallyGone(long pid) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (!isRunning(pid)) {
        return true;
      }
      Thread.sleep(20);
    }
    return !isRunning(pid);
  }

  private static boolean isRunning(long pid) throws IOException {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      if (!Files.exists(stat)) {
        return false;
      }
      String text = Files.readString(stat);
      // The state follows the parenthesised command name; a zombie (Z) no longer runs.
      String state = text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
      return !state.equals("Z") && !state.equals("X");
    }
    return false;
  }

  @Nested
  class Lookup {

    @Test
    void emptyPathFindsNothing() {
      scripts.credentials("fake", "u", "p");

      assertThat(CredentialHelper.credHelper("fake", Map.of()).findExecutable()).isEmpty();
    }

    @Test
    void relativePathEntriesAreSkippedAsGoRefusesThem() {
      scripts.credentials("fake", "u", "p");

      assertThat(CredentialHelper.credHelper("fake", Map.of("PATH", ".:relative")).findExecutable())
          .isEmpty();
    }

    @Test
    void nonExecutableFileIsSkipped() throws IOException {
      Files.writeString(dir.resolve("docker-credential-fake"), "#!/bin/sh\n");

      assertThat(helper("fake").findExecutable()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"docker-credential-fake.cmd, .EXE;.CMD", "docker-credential-fake.exe, ''"})
    void windowsLookupTriesPathExtensions(String fileName, String pathext) {
      Path file =
          scripts.write(
              fileName, "cat >/dev/null\n" + "echo '{\"Username\":\"u\",\"Secret\":\"p\"}'");
      Map<String, String> env = new LinkedHashMap<>();
      env.put("Path", "C:\\nowhere;" + dir);
      if (!pathext.isEmpty()) {
        env.put("PATHEXT", pathext);
      }

      CredentialHelper windowsHelper =
          CredentialHelper.credHelper("fake", env).withWindowsLookup(true);

      assertThat(windowsHelper.findExecutable()).contains(file);
      assertThat(windowsHelper.get("registry.example.com"))
          .isInstanceOf(CredentialHelper.Result.Found.class);
    }

    @Test
    void toStringHidesTheEnvironment() {
      Map<String, String> env = Map.of("PATH", "/usr/bin", "AWS_SECRET_ACCESS_KEY", "aws-secret");

      assertThat(CredentialHelper.credsStore("ecr-login", env).toString())
          .isEqualTo("CredentialHelper[credsStore ecr-login, timeout=PT10S]");
    }
  }

  @Nested
  class RealHelpers {

    @ParameterizedTest
    @CsvSource({"secretservice", "pass"})
    void installedHelperFailsWithoutItsBackend(String name) {
      Path binary = Path.of("/usr/bin/docker-credential-" + name);
      assumeTrue(Files.isExecutable(binary), binary + " is not installed");
      Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString());

      CredentialHelper.Result result =
          CredentialHelper.credsStore(name, env)
              .withTimeout(Duration.ofSeconds(10))
              .get("registry.example.com");

      // Neither backend exists here: secretservice has no D-Bus session, pass has no store
      // (docker-credential-pass then answers with an empty secret, exit 0).
      CredentialProblem problem = failure(result);
      assertThat(problem.source()).isEqualTo("credsStore " + name);
      assertThat(problem.message()).containsAnyOf("exited with status", "empty secret");
    }
  }
}
