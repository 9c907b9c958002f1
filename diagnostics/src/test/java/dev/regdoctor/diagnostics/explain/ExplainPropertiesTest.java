package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.List;
import java.util.Locale;

/** Whatever the text, explaining it never throws and always gives a verdict (UNKNOWN at worst). */
class ExplainPropertiesTest {
  private static final ErrorExplainer ENGLISH = ErrorExplainer.create(Locale.ENGLISH);
  private static final ErrorExplainer CHINESE = ErrorExplainer.create(Locale.SIMPLIFIED_CHINESE);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Pieces of real error text, so that random combinations reach deep into the rules and
   * extractors.
   */
  private static final List<String> FRAGMENTS =
      List.of(
          "Error response from daemon: ",
          "Get ",
          "Head \"",
          "https://",
          "http://",
          "registry-1.docker.io",
          "auth.docker.io/token?scope=",
          "/v2/",
          "/v1/",
          "library/nginx",
          "/manifests/",
          "/blobs/",
          "sha256:",
          "@",
          ":",
          ": ",
          "\"",
          "\\\"",
          "\\\\",
          "'",
          "\n",
          "\r\n",
          "\t",
          " ",
          "lookup ",
          " on ",
          "dial tcp ",
          "i/o timeout",
          "connection refused",
          "x509: ",
          "certificate signed by unknown authority",
          "pull access denied for ",
          ", repository does not exist or may require 'docker login'",
          "unauthorized: authentication required",
          "denied: ",
          "manifest unknown",
          "toomanyrequests",
          "401 Unauthorized",
          "403 Forbidden",
          "503 Service Unavailable",
          "{\"level\":\"error\",\"msg\":\"",
          "\"}",
          "level=error msg=\"",
          "time=\"",
          "\u001b[31m",
          "\u001b[0m",
          "[0m",
          "FATA[0000] ",
          "2024-05-01T12:00:00Z ",
          "Failed to pull image \"",
          "docker://",
          "error getting credentials - err: ",
          "docker-credential-",
          "Unable to retrieve pull secret ",
          "default/",
          "(",
          ")",
          "[",
          "]",
          "{",
          "}",
          "<html>",
          "invalid character '<' looking for beginning of value",
          "no matching manifest for linux/arm64/v8",
          "Authorization: Basic ",
          "password=",
          "?X-Amz-Signature=",
          "&",
          "=",
          "错误：",
          "拉取失败",
          "\uD83D\uDE00",
          "\uD800",
          "é",
          "..",
          "//",
          "proxyconnect tcp: ",
          "error pulling image configuration: ",
          "failed to fetch anonymous token: ",
          "EOF",
          "%2F",
          "%3A");

  @SeededProperty(cases = 1000)
  void arbitraryTextNeverThrowsAndAlwaysHasAVerdict(long seed) {
    String text = new Gen(seed).anyString(3000);
    check(ENGLISH.explain(text));
  }

  @SeededProperty(cases = 1000)
  void combinationsOfRealErrorFragmentsNeverThrow(long seed) {
    String text = errorText(new Gen(seed));
    check(ENGLISH.explain(text));
    check(CHINESE.explain(text));
  }

  @SeededProperty(cases = 300)
  void realMessagesAmidArbitraryTextKeepAVerdict(long seed) {
    Gen gen = new Gen(seed);
    String message = gen.pick(ExplainCorpus.entries()).message();
    String before = gen.anyString(400);
    String after = gen.anyString(400);
    check(ENGLISH.explain(before + "\n" + message + "\n" + after));
  }

  static String errorText(Gen gen) {
    return gen.joined(0, 80, () -> gen.pick(FRAGMENTS));
  }

  private static void check(Explanation explanation) {
    assertThat(explanation.verdict()).isNotNull();
    assertThat(explanation.verdict().code()).isNotNull();
    assertThat(explanation.verdict().summary()).isNotBlank();
    assertThat(explanation.alternatives())
        .doesNotContain(explanation.verdict())
        .noneMatch(finding -> finding.code() == explanation.verdict().code());
    assertThat(explanation.toString().lines().count()).isLessThanOrEqualTo(17);
    try {
      JsonNode node = JSON.readTree(explanation.toJsonLine());
      assertThat(node.path("schema").asText()).isEqualTo(Explanation.SCHEMA);
      assertThat(node.path("verdict").path("code").asText())
          .isEqualTo(explanation.verdict().code().name());
    } catch (Exception e) {
      throw new AssertionError("explanation JSON does not parse: " + e, e);
    }
  }
}
