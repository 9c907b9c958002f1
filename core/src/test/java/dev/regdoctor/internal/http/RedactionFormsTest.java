package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.testkit.CountingText;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one redactor (issue 12): every form of every known secret, every secret-looking field in
 * pasted text, idempotence, and linear time on adversarial input.
 */
class RedactionFormsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY = "Canary-S3cret-7Qx";

  @Nested
  class PastedText {
    // Each form below was found printed by the hostile-input probe of issue 12.
    static Stream<Arguments> leaks() {
      String basicLogin =
          Base64.getEncoder().encodeToString(("ci:" + CANARY).getBytes(StandardCharsets.UTF_8));
      String registryAuth =
          Base64.getUrlEncoder()
              .encodeToString(
                  ("{\"username\":\"ci\",\"password\":\"" + CANARY + "\"}")
                      .getBytes(StandardCharsets.UTF_8));
      return Stream.of(
          Arguments.of("skopeo --creds", "skopeo inspect --creds ci:" + CANARY + " docker://r/x"),
          Arguments.of("skopeo --creds=", "skopeo copy --src-creds=ci:" + CANARY + " a b"),
          Arguments.of("docker:// user info", "skopeo inspect docker://ci:" + CANARY + "@r.test/x"),
          Arguments.of("oci:// user info", "copy oci://ci:" + CANARY + "@r.test/x:1 failed"),
          Arguments.of("CI_REGISTRY_PASSWORD=", "export CI_REGISTRY_PASSWORD=" + CANARY),
          Arguments.of("env with colon", "  CI_REGISTRY_PASSWORD: " + CANARY),
          Arguments.of("X-Registry-Auth header", "> X-Registry-Auth: " + registryAuth),
          Arguments.of("X-Registry-Auth bare base64", "sending header " + registryAuth),
          Arguments.of(
              "X-Registry-Auth after the daemon's word missing",
              "Bad parameters and missing X-Registry-Auth: " + registryAuth),
          Arguments.of("single-quoted auth", "{'auth': '" + basicLogin + "', 'email': 'x'}"),
          Arguments.of("single-quoted password", "{'password': '" + CANARY + "'}"),
          Arguments.of("YAML auth", "auths:\n  r.test:\n    auth: " + basicLogin + "\n"),
          Arguments.of("YAML password", "- password: " + CANARY),
          Arguments.of("base64 login after auth", "auth " + basicLogin + " rejected"),
          Arguments.of("base64 login in prose", "the value was " + basicLogin + ", so"),
          Arguments.of("JSON password", "{\"password\":\"" + CANARY + "\"}"),
          Arguments.of("escaped JSON", "msg=\"{\\\"password\\\":\\\"" + CANARY + "\\\"}\""),
          Arguments.of("--password value", "docker login --password " + CANARY + " r.test"),
          Arguments.of("login -p", "docker login -u ci -p " + CANARY + " r.test"),
          Arguments.of("Authorization", "Authorization: Bearer " + CANARY + "0123"),
          Arguments.of("token query", "GET https://r.test/x?token=" + CANARY + " failed"),
          Arguments.of("api key", "api_key=" + CANARY),
          Arguments.of("identity token", "{\"identitytoken\":\"" + CANARY + "\"}"),
          Arguments.of("secret: value", "client secret: " + CANARY + " \"rejected\""),
          Arguments.of("curl -u", "curl -u ci-bot:" + CANARY + " https://r.test/v2/"),
          Arguments.of("curl --user", "curl --user bob:" + CANARY + " https://r.test/v2/"),
          Arguments.of("ctr --user", "ctr images pull --user bob:" + CANARY + " r.test/a:1"),
          Arguments.of("ctr --user=", "ctr images pull --user=bob:" + CANARY + " r.test/a:1"),
          Arguments.of("nerdctl -u quoted", "nerdctl pull -u \"bob:" + CANARY + "\" r.test/a:1"),
          Arguments.of("curl -U proxy login", "curl -U proxy:" + CANARY + " https://r.test/v2/"),
          Arguments.of("curl --proxy-user", "curl --proxy-user p:" + CANARY + " https://r/v2/"),
          Arguments.of("Secret-looking value", "secret: Secret" + CANARY + " \"x\""),
          Arguments.of(
              "containerd's decoded auth without a colon",
              "failed to resolve reference \"r.test/a:1\": invalid decoded auth: \""
                  + CANARY
                  + "\""),
          Arguments.of(
              "Harbor robot login",
              "failed to authenticate robot account: robot$ci+builder:" + CANARY + "a.b"),
          Arguments.of(
              "password echoed into --password-stdin",
              "echo " + CANARY + " | docker login --username ci --password-stdin r.test"),
          Arguments.of(
              "quoted password echoed into --password-stdin",
              "echo '" + CANARY + "' | docker login -u ci --password-stdin r.test"),
          Arguments.of(
              "decoded auth in a Go-quoted log field",
              "msg=\"invalid decoded auth: \\\"" + CANARY + "\\\"\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaks")
    void everyFormFoundPrintedIsMasked(String kind, String text) {
      String redacted = Redaction.text(text);

      assertThat(redacted).as(kind).doesNotContain(CANARY).doesNotContain("7Qx");
      assertThat(Redaction.text(redacted)).as("idempotent").isEqualTo(redacted);
    }

    @Test
    void anAwsSecretKeyNextToItsKeyIdIsMasked() {
      String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKE1";

      String redacted =
          Redaction.text("get credentials: AKIAIOSFODNN7EXAMPLE/" + secret + " invalid");

      assertThat(redacted).doesNotContain(secret).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void robotNamesShellVariablesAndDigestsStay() {
      assertThat(Redaction.text("failed to authenticate robot account: robot$ci-pipeline"))
          .isEqualTo("failed to authenticate robot account: robot$ci-pipeline");
      assertThat(Redaction.text("robot$ci: dial tcp 10.0.0.5:443: i/o timeout"))
          .isEqualTo("robot$ci: dial tcp 10.0.0.5:443: i/o timeout");
      assertThat(
              Redaction.text("echo $CI_REGISTRY_PASSWORD | docker login -u ci --password-stdin r"))
          .isEqualTo("echo $CI_REGISTRY_PASSWORD | docker login -u ci --password-stdin r");
      String digest = "sha256:" + "a".repeat(64);
      assertThat(Redaction.text("pulled " + digest)).isEqualTo("pulled " + digest);
    }

    @Test
    void credsKeepTheUserName() {
      assertThat(Redaction.text("--creds ci:" + CANARY)).isEqualTo("--creds ci:<redacted>");
    }

    @Test
    void userFlagsKeepTheUserName() {
      assertThat(Redaction.text("curl -u ci-bot:" + CANARY + " https://r.test/v2/"))
          .isEqualTo("curl -u ci-bot:<redacted> https://r.test/v2/");
      assertThat(Redaction.text("ctr images pull --user=bob:" + CANARY + " r.test/a:1"))
          .isEqualTo("ctr images pull --user=bob:<redacted> r.test/a:1");
    }

    @Test
    void wordsAfterAFilePathAreNotAPassword() {
      assertThat(Redaction.text("/etc/passwd: line 1: expected = after key root"))
          .isEqualTo("/etc/passwd: line 1: expected = after key root");
      assertThat(Redaction.text("open /run/secrets/registry_token: no such file or directory"))
          .isEqualTo("open /run/secrets/registry_token: no such file or directory");
      // A key inside a word or after a relative name is still a key.
      assertThat(Redaction.text("user/password: " + CANARY)).isEqualTo("user/password: <redacted>");
      assertThat(Redaction.text("password: hunter2")).isEqualTo("password: <redacted>");
    }

    @Test
    void userInfoIsRemovedWhateverTheScheme() {
      assertThat(Redaction.text("docker://ci:" + CANARY + "@r.test/team/app:1"))
          .isEqualTo("docker://r.test/team/app:1");
    }

    @ParameterizedTest
    @MethodSource("dev.regdoctor.internal.http.RedactionFormsTest#prose")
    void proseAboutSecretsIsKept(String text) {
      assertThat(Redaction.text(text)).isEqualTo(text);
    }
  }

  static Stream<String> prose() {
    return Stream.of(
        "failed to fetch anonymous token: unexpected status: 401 Unauthorized",
        "WWW-Authenticate: Bearer realm=\"https://auth.docker.io/token\",service=\"registry\"",
        "Basic authentication is required",
        "no basic auth credentials",
        "error: token_type=bearer expires_in=300",
        "docker login --password-stdin r.test",
        "sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1",
        "mkdir -p /etc/docker/certs.d",
        "auth_url=https://auth.example.com/token",
        "pull access denied for shop/web, repository does not exist or may require 'docker login'",
        "error: failed to create secret: Secret \"regcred\" is invalid: data[.dockerconfigjson]",
        "Warning  Failed  kubelet  failed to get secret: secrets \"regcred\" not found",
        // The same inside a JSON log line, quotes escaped (Kubewarden's controller).
        "{\"error\": \"cannot get spec.ImagePullSecret: secrets \\\"localregcred\\\" not found\"}",
        // The Docker Engine's complaint about a malformed header: the decoder's words, not the
        // header (moby api/server/router/image: "Bad parameters and missing X-Registry-Auth").
        "Error response from daemon: Bad parameters and missing X-Registry-Auth: invalid character"
            + " 'e' looking for beginning of value",
        "Error response from daemon: Bad parameters and missing X-Registry-Auth: EOF",
        // A user flag without a password, or with a URL, holds no secret.
        "docker run -u app registry.example.com/app:1",
        "curl -u ci-bot https://registry.example.com/v2/",
        "pip install -U https://example.com/simple/pkg",
        // The last name of a path before a colon is a file, and what follows an error about it.
        "open /etc/passwd: permission denied",
        "write /usr/bin/smbpasswd: no space left on device",
        "regdoctor: --docker-config ~/.docker/passwd: invalid JSON at line 1",
        "cat: ./token: No such file or directory");
  }

  @Nested
  class KnownSecrets {
    @Test
    void jsonEscapedFormIsMasked() throws Exception {
      String secret = "pa\"ss\\w/ord<é>&";
      String escaped = JSON.writeValueAsString(secret);

      String scrubbed = Redaction.scrub("body: {\"secret\": " + escaped + "}", List.of(secret));

      assertThat(scrubbed).doesNotContain(escaped.substring(1, escaped.length() - 1));
    }

    @Test
    void authorizationEchoedInABodyIsMasked() {
      String body =
          "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"denied; request had Authorization: Bearer "
              + CANARY
              + "\"}]}";

      assertThat(Redaction.scrub(body, List.of(CANARY))).doesNotContain(CANARY);
      assertThat(Redaction.text(body)).doesNotContain(CANARY);
    }
  }

  /** Every form a known secret takes, built independently of {@code SecretForms}. */
  private static List<String> printedForms(String secret) throws Exception {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    List<String> forms = new ArrayList<>();
    forms.add(secret);
    forms.add(Base64.getEncoder().encodeToString(bytes));
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
    String json = JSON.writeValueAsString(secret);
    forms.add(json.substring(1, json.length() - 1));
    return forms;
  }

  @SeededProperty(cases = 500)
  void noFormOfAKnownSecretSurvives(long seed) throws Exception {
    Gen gen = new Gen(seed);
    // A distinctive start keeps the secret from occurring by chance in the mask itself.
    String secret = "Zq" + gen.anyString(24) + gen.string(Gen.DIGITS, 1, 3);
    for (String form : printedForms(secret)) {
      String text = gen.anyString(40) + form + gen.pick(" ", "\"", "", "\n") + gen.anyString(40);

      String scrubbed = Redaction.scrub(text, List.of(secret));

      assertThat(scrubbed).as("form %s", form).doesNotContain(form);
    }
  }

  @SeededProperty(cases = 500)
  void nothingSecretLookingSurvives(long seed) {
    Gen gen = new Gen(seed);
    String secret = "Zq" + gen.string(Gen.LOWER + Gen.UPPER + Gen.DIGITS + "-_.!$%", 6, 30) + "9";
    String key =
        gen.pick(
            "password",
            "Password",
            "CI_REGISTRY_PASSWORD",
            "DOCKER_PASSWORD",
            "registry_token",
            "identitytoken",
            "auth",
            "client_secret",
            "api_key",
            "X-Registry-Auth",
            "--password",
            "--creds");
    String field =
        switch (gen.between(0, 6)) {
          case 0 -> key + "=" + secret;
          case 1 -> "\"" + key + "\": \"" + secret + "\"";
          case 2 -> "'" + key + "': '" + secret + "'";
          case 3 -> "\n" + gen.pick("", "  ", "    - ") + key + ": " + secret + "\n";
          case 4 -> "\\\"" + key + "\\\":\\\"" + secret + "\\\"";
          case 5 -> key.startsWith("--") ? key + " u:" + secret : key + "=" + secret;
          default ->
              gen.pick("auth ", "auth: ", "", "header ")
                  + Base64.getEncoder()
                      .encodeToString(("user:" + secret).getBytes(StandardCharsets.UTF_8));
        };
    String noise = gen.string(Gen.LOWER + " .,:/", 0, 40);
    String text = noise + " " + field + " " + gen.string(Gen.LOWER + " .,:/", 0, 40);

    String redacted = Redaction.text(text);

    assertThat(redacted).as(text).doesNotContain(secret);
    assertThat(Redaction.text(redacted)).isEqualTo(redacted);
  }

  @SeededProperty(cases = 500)
  void userFlagPasswordNeverSurvives(long seed) {
    Gen gen = new Gen(seed);
    String secret = "Zq" + gen.string(Gen.LOWER + Gen.UPPER + Gen.DIGITS + "-_.!$%@:", 3, 30) + "9";
    String user = gen.string(Gen.LOWER + Gen.DIGITS + "-_.@", 0, 12);
    String flag = gen.pick("-u", "-U", "--user", "--USER", "--proxy-user");
    String separator = gen.pick(" ", "  ", "\t", "=");
    String quote = gen.pick("", "\"", "'");
    String command = gen.pick("curl ", "ctr images pull ", "nerdctl pull ", "$ curl -fsS ", "");
    String text =
        command
            + flag
            + separator
            + quote
            + user
            + ":"
            + secret
            + quote
            + gen.pick(" ", "\n")
            + gen.string(Gen.LOWER + " .,/", 0, 40);

    String redacted = Redaction.text(text);

    assertThat(redacted).as(text).doesNotContain(secret);
    assertThat(redacted).as(text).contains(flag + separator + quote + user + ":<redacted>");
    assertThat(Redaction.text(redacted)).isEqualTo(redacted);
  }

  @SeededProperty(cases = 500)
  void wordsAfterAFilePathSurvive(long seed) {
    Gen gen = new Gen(seed);
    String start = gen.pick("/", "~/", "./", "../", "/var/lib/");
    String path =
        start
            + gen.joined(0, 3, () -> gen.string(Gen.LOWER + Gen.DIGITS + "_-", 1, 8) + "/")
            + gen.pick("", "x", "db_", "registry-")
            + gen.pick("passwd", "password", "secret", "token", "credentials", "auth", "pass");
    // Short words, so that no run of them reads as a base64 login.
    String error = gen.joined(1, 5, () -> gen.string(Gen.LOWER, 1, 8) + " ").strip();
    String text = gen.pick("", "open ", "regdoctor: ", "stat ") + path + ": " + error;

    String redacted = Redaction.text(text);

    assertThat(redacted).as(text).endsWith(": " + error);
    assertThat(Redaction.text(redacted)).isEqualTo(redacted);
  }

  @SeededProperty(cases = 500)
  void secretAfterAKeyThatEndsNoPathIsStillMasked(long seed) {
    Gen gen = new Gen(seed);
    String secret = "Zq" + gen.string(Gen.LOWER + Gen.UPPER + Gen.DIGITS + "-_.!$%", 6, 30) + "9";
    String key =
        gen.pick("", "user/", "login/", "Enter ", "the ", "my ", "db_", "registry-")
            + gen.pick("password", "Password", "passwd", "passphrase", "secret");
    String text =
        gen.string(Gen.LOWER + " .,", 0, 30)
            + gen.pick(" ", "\n")
            + key
            + gen.pick(": ", ":", " : ", "=")
            + secret
            + gen.pick("", " ", "\n")
            + gen.string(Gen.LOWER + " .,", 0, 30);

    String redacted = Redaction.text(text);

    assertThat(redacted).as(text).doesNotContain(secret);
    assertThat(Redaction.text(redacted)).isEqualTo(redacted);
  }

  @Nested
  class LinearTime {
    static Stream<String> units() {
      return Stream.of(
          "https://",
          "https://a?",
          "docker://a:b",
          "a://",
          "password=",
          "password: ",
          "\"auth\":\"",
          "'auth': '",
          "Authorization: Basic ",
          "Basic Basic ",
          "Bearer a",
          "login -p",
          "--creds ",
          "-u a:",
          "--user=",
          "eyJhbGciOi.",
          "invalid decoded auth: \"",
          "robot$a:",
          "echo a ",
          "echo a | ",
          "<redacted>/",
          "AAAA",
          "a=a=",
          "ghp_",
          "\\\"",
          "-",
          // Session 13: quoted and attached login passwords, here-strings, logins before a
          // registry, private keys, Maven passwords, padded columns.
          "login -p '",
          "login -p \"a",
          "-pa",
          "echo -n a",
          "printf '%s' 'a",
          "--password-stdin <<< '",
          "<<<",
          "a:b@",
          "a:b@c.d",
          "-----BEGIN PRIVATE KEY-----",
          "-----END ",
          "<password>a",
          "</password>",
          "API_KEY:        ",
          "glpat-aaaaaaaa",
          "password: ab ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("units")
    void everyPatternReadsEachCharacterABoundedNumberOfTimes(String unit) {
      for (Pattern pattern : PastedSecrets.PATTERNS) {
        long small = CountingText.readsToFindAll(pattern, unit.repeat(20_000 / unit.length()));
        long large = CountingText.readsToFindAll(pattern, unit.repeat(80_000 / unit.length()));

        // Quadrupling the input may at most quadruple the work (plus slack), and each character
        // is read a bounded number of times.
        assertThat(large).as("%s on %s", pattern, unit).isLessThan(5 * small + 100_000);
        assertThat(large).as("%s on %s", pattern, unit).isLessThan(200L * 80_000);
      }
    }

    @SeededProperty(cases = 500)
    void generatedAdversarialTextStaysLinear(long seed) {
      Gen gen = new Gen(seed);
      List<String> pieces = units().toList();
      String unit = String.join("", gen.list(1, 4, () -> gen.pick(pieces)));
      for (Pattern pattern : PastedSecrets.PATTERNS) {
        long small = CountingText.readsToFindAll(pattern, unit.repeat(4_000 / unit.length() + 1));
        long large = CountingText.readsToFindAll(pattern, unit.repeat(16_000 / unit.length() + 1));

        assertThat(large).as("%s on %s", pattern, unit).isLessThan(5 * small + 50_000);
      }
    }

    @Test
    void aMegabyteOfPrivateKeyStartsIsRedactedInOnePass() {
      // Test-only adversarial input, not a key: private-key armour around four base64 characters,
      // repeated.
      String text =
          "-----BEGIN PRIVATE KEY-----\nMIIE".repeat(32_768) + "\n-----END PRIVATE KEY-----";

      String redacted = Redaction.text(text);

      assertThat(redacted).doesNotContain("MIIE").endsWith("<redacted>\n-----END PRIVATE KEY-----");
    }

    @Test
    void aMegabyteOfRepeatedUrlsIsRedactedInOnePass() {
      String text = "https://".repeat(131_072) + "?token=x";

      String redacted = Redaction.text(text);

      assertThat(redacted).endsWith("?token=REDACTED");
    }
  }
}
