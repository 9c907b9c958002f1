package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.internal.http.Redaction;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets pasted along with an error (headers, passwords, tokens, signed URLs) reach neither the
 * JSON nor the text of an explanation, and the rest of the message is still explained.
 */
class ExplainSecretsTest {
  private static final String MESSAGE =
      ExplainCorpus.entry("docker-login-incorrect-username-password-1").message();

  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of(
            "Authorization header",
            "> GET /v2/ HTTP/1.1\n> Authorization: Basic dXNlcjpjYW5hcnk=\n" + MESSAGE,
            List.of("dXNlcjpjYW5hcnk=")),
        Arguments.of(
            "Basic credential in a Go header map",
            "headers: map[Authorization:[Basic dXNlcjpjYW5hcnk=]]\n" + MESSAGE,
            List.of("dXNlcjpjYW5hcnk=")),
        Arguments.of(
            "Bearer token",
            "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJl\n"
                + MESSAGE,
            List.of("eyJhbGciOiJSUzI1NiJ9", "eyJzdWIiOiJjYW5hcnkifQ", "c2lnbmF0dXJl")),
        Arguments.of(
            "docker login -p",
            "$ docker login -u ci -p Canary-S3cret! registry.example.com\n" + MESSAGE,
            List.of("Canary-S3cret!")),
        Arguments.of(
            "--password=",
            "docker login --username ci --password=Canary-S3cret registry.example.com\n" + MESSAGE,
            List.of("Canary-S3cret")),
        Arguments.of(
            "password=",
            "login with user=ci password=Canary-S3cret failed\n" + MESSAGE,
            List.of("Canary-S3cret")),
        Arguments.of(
            "password: ",
            "username: ci\npassword: Canary-S3cret\n" + MESSAGE,
            List.of("Canary-S3cret")),
        Arguments.of(
            "JSON password",
            "{\"username\":\"ci\",\"password\":\"Canary-S3cret\"}\n" + MESSAGE,
            List.of("Canary-S3cret")),
        Arguments.of(
            "Go-quoted JSON password",
            "time=\"2024-05-01T12:00:00Z\" level=error msg=\"login {\\\"password\\\":\\\"Canary-S3cret\\\"}\"\n"
                + MESSAGE,
            List.of("Canary-S3cret")),
        Arguments.of(
            "docker config auth",
            "{\"auths\":{\"registry.example.com\":{\"auth\":\"Y2k6Q2FuYXJ5LVMzY3JldA==\"}}}\n"
                + MESSAGE,
            List.of("Y2k6Q2FuYXJ5LVMzY3JldA==")),
        Arguments.of(
            "identity token",
            "{\"identitytoken\": \"Canary-Identity-Token\"}\n" + MESSAGE,
            List.of("Canary-Identity-Token")),
        Arguments.of(
            "user info in a URL",
            "Error response from daemon: Get \"https://ci:Canary-S3cret@registry.example.com/v2/\": x509: certificate signed by unknown authority",
            List.of("Canary-S3cret")),
        Arguments.of(
            "signed blob URL",
            "error pulling image configuration: Get https://bucket.s3.us-east-1.amazonaws.com/blobs/data?X-Amz-Credential=AKIAIOSFODNN7CANARY"
                + "&X-Amz-Signature=feedfacecanary&X-Amz-Security-Token=CanarySessionToken: net/http: TLS handshake timeout",
            List.of("AKIAIOSFODNN7CANARY", "feedfacecanary", "CanarySessionToken")),
        Arguments.of(
            "token in a query",
            "Get https://auth.example.com/token?service=registry&access_token=CanaryAccessToken: EOF",
            List.of("CanaryAccessToken")),
        // Issue 12: forms the hostile-input probe found printed by explain.
        Arguments.of(
            "skopeo --creds",
            "$ skopeo inspect --creds ci:Canary-S3cret docker://registry.example.com/shop/web\n"
                + MESSAGE,
            List.of("Canary-S3cret")),
        Arguments.of(
            "docker:// user info",
            "skopeo copy docker://ci:Canary-S3cret@registry.example.com/shop/web:1 dir:/tmp/x\n"
                + MESSAGE,
            List.of("Canary-S3cret")),
        Arguments.of(
            "CI_REGISTRY_PASSWORD=",
            "$ export CI_REGISTRY_PASSWORD=Canary-S3cret\n" + MESSAGE,
            List.of("Canary-S3cret")),
        Arguments.of(
            "X-Registry-Auth",
            "> X-Registry-Auth: eyJ1c2VybmFtZSI6ImNpIiwicGFzc3dvcmQiOiJDYW5hcnktUzNjcmV0In0=\n"
                + MESSAGE,
            List.of("eyJ1c2VybmFtZSI6ImNpIiwicGFzc3dvcmQiOiJDYW5hcnktUzNjcmV0In0")),
        Arguments.of(
            "single-quoted auth",
            "{'auths': {'registry.example.com': {'auth': 'Y2k6Q2FuYXJ5LVMzY3JldA=='}}}\n" + MESSAGE,
            List.of("Y2k6Q2FuYXJ5LVMzY3JldA")),
        Arguments.of(
            "YAML auth",
            "auths:\n  registry.example.com:\n    auth: Y2k6Q2FuYXJ5LVMzY3JldA==\n" + MESSAGE,
            List.of("Y2k6Q2FuYXJ5LVMzY3JldA")),
        Arguments.of(
            "base64 user:password after auth",
            "my auth is Y2k6Q2FuYXJ5LVMzY3JldA== and still\n" + MESSAGE,
            List.of("Y2k6Q2FuYXJ5LVMzY3JldA")),
        Arguments.of(
            "curl -u",
            "curl -u ci-bot:CanaryPass999 https://registry.example.com/v2/\n" + MESSAGE,
            List.of("CanaryPass999")),
        Arguments.of(
            "ctr --user",
            "ctr images pull --user bob:CanaryCtr17 registry.example.com/a:1\n" + MESSAGE,
            List.of("CanaryCtr17")),
        Arguments.of(
            "ctr --user=",
            "ctr images pull --user=bob:CanaryCtr17 registry.example.com/a:1\n" + MESSAGE,
            List.of("CanaryCtr17")),
        Arguments.of(
            "curl --user",
            "curl --user bob:CanaryU05 https://registry.example.com/v2/\n" + MESSAGE,
            List.of("CanaryU05")),
        Arguments.of(
            "GitHub token",
            "echo ghp_CanaryCanaryCanaryCanaryCanary0123 | docker login ghcr.io -u ci --password-stdin\n"
                + MESSAGE,
            List.of("ghp_CanaryCanaryCanaryCanaryCanary0123")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void secretsNeverReachTheExplanation(String kind, String text, List<String> secrets) {
    for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
      Explanation explanation = ErrorExplainer.create(locale).explain(text);

      for (String secret : secrets) {
        assertThat(explanation.toJson()).as("%s in JSON", kind).doesNotContain(secret);
        assertThat(explanation.toJsonLine()).as("%s in JSON line", kind).doesNotContain(secret);
        assertThat(explanation.toString()).as("%s in text", kind).doesNotContain(secret);
        assertThat(explanation.input()).as("%s in input", kind).doesNotContain(secret);
        assertThat(explanation.entities().toString())
            .as("%s in entities", kind)
            .doesNotContain(secret);
      }
      assertThat(explanation.verdict().code()).isNotEqualTo(DiagnosisCode.UNKNOWN);
    }
  }

  @Test
  void theMessageAroundASecretIsStillExplained() {
    Explanation explanation =
        ErrorExplainer.create(Locale.ENGLISH)
            .explain("> Authorization: Basic dXNlcjpjYW5hcnk=\n" + MESSAGE);

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
    assertThat(explanation.input())
        .contains("Authorization: Basic <redacted>", "incorrect username or password");
  }

  @Test
  void aLoginOnTheCommandLineMeansCredentialsWereSent() {
    for (String text :
        List.of(
            "ctr images pull --user bob:CanaryCtr17 reg.example.com/a:1  ctr: failed to resolve"
                + " reference: unexpected status: 401 Unauthorized",
            "curl -u ci-bot:CanaryPass999 https://registry.corp.example.com/v2/\ncurl: (22) The"
                + " requested URL returned error: 401",
            "crictl pull --creds bob:CanaryCr1 reg.example.com/a:1\nE0101 pull failed: unexpected"
                + " status: 401 Unauthorized")) {
      Explanation explanation = ErrorExplainer.create(Locale.ENGLISH).explain(text);

      assertThat(explanation.verdict().code()).as(text).isEqualTo(DiagnosisCode.AUTH_INVALID);
      assertThat(explanation.verdict().summary()).as(text).doesNotContain("none were sent");
      assertThat(explanation.alternatives())
          .extracting(alternative -> alternative.code())
          .contains(DiagnosisCode.AUTH_REQUIRED);
      assertThat(explanation.toJson()).doesNotContain("Canary");
    }
  }

  @Test
  void aTextAnonymisedByHandIsNotALogin() {
    assertThat(Redaction.showsCommandLineLogin("scope=repository:<redacted>:pull -u <redacted>"))
        .isFalse();
    assertThat(Redaction.showsCommandLineLogin("image \"docker.io/team/secret:<redacted>\""))
        .isFalse();
    assertThat(Redaction.showsCommandLineLogin("curl -u ci:<redacted> https://r/v2/")).isTrue();
    assertThat(Redaction.showsCommandLineLogin("skopeo --src-creds=ci:<redacted> a b")).isTrue();
  }

  @Test
  void realMessagesLoseNothingButSignedQueryValues() {
    for (ExplainCorpus.Entry entry : ExplainCorpus.entries()) {
      String redacted = Redaction.text(entry.message());

      assertThat(redacted).as(entry.id()).doesNotContain(Redaction.MASK);
      if (!entry.message().contains("?")) {
        assertThat(redacted).as(entry.id()).isEqualTo(entry.message());
      }
    }
  }

  @Test
  void redactingTwiceChangesNothing() {
    secrets()
        .forEach(
            arguments -> {
              String once = Redaction.text((String) arguments.get()[1]);

              assertThat(Redaction.text(once)).isEqualTo(once);
            });
  }
}
