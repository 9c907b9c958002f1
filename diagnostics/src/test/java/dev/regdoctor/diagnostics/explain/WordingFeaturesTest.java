package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wording model reads words, not names, and a bounded number of them. */
class WordingFeaturesTest {
  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    WordingTokens.tokens(text, tokens, 1000);
    return tokens;
  }

  @Test
  void namesBecomePlaceholdersAndWordsAreLowerCased() {
    assertThat(
            tokens(
                "Get \"https://registry.example.com/v2/\": dial tcp 10.1.2.3:443: connect:"
                    + " Connection refused"))
        .containsExactly("get", "<url>", "dial", "tcp", "<ip>", "connect", "connection", "refused");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "registry.example.com:5000|<host>",
        "myregistry:5000|<host>",
        "[::1]:5000|<ip>",
        "sha256:0123456789abcdef0123|<digest>",
        "a3ed95caeb02ffe68cdd9fd844066|<hex>",
        "/var/lib/docker/overlay2|<path>",
        "docker.io/library/nginx:1.25|<ref>",
        "ghcr.io/owner/app@sha256:abc|<ref>",
        "application/vnd.oci.image.index.v1+json|<mediatype>",
        "503|503",
        "1234|<num>",
        "x509:|x509",
        "i/o|i o",
        "daemon.json|daemon json",
        "ERRO[0000]|erro <num>",
      })
  void readsEachFormAsAWordOrAPlaceholder(String text, String expected) {
    assertThat(String.join(" ", tokens(text))).isEqualTo(expected);
  }

  @Test
  void chineseCharactersAreWordsOfTheirOwn() {
    assertThat(tokens("拉取镜像失败: connection refused"))
        .containsExactly("拉", "取", "镜", "像", "失", "败", "connection", "refused");
  }

  @Test
  void httpStatusesAreFeaturesOfTheirOwnAndOfTheirClassAfterTheWords() {
    List<String> features =
        WordingFeatures.of(
            "error: received unexpected HTTP status: 503 Service Unavailable after 401",
            "unexpected status code 401 Unauthorized (1234)");

    // The cause's statuses first, then the text's; 401 twice counts once; 1234 is no status.
    assertThat(features.subList(features.size() - 4, features.size()))
        .containsExactly("s status=401", "s status=4xx", "s status=503", "s status=5xx");
    assertThat(features).filteredOn(f -> f.startsWith("s ")).hasSize(4);
    assertThat(features).contains("t 401", "c 401", "t after 401");
  }

  @Test
  void featuresAreUnigramsAndBigramsOfCauseAndTextOnceEach() {
    List<String> features = WordingFeatures.of("error: no such host", "no such host");

    assertThat(features)
        .startsWith("c no", "c ^ no", "c such", "c no such", "c host", "c such host")
        .contains("t error", "t ^ error", "t error no", "t such host")
        .doesNotHaveDuplicates();
  }

  @Test
  void aHugeTextGivesABoundedNumberOfFeaturesFromItsEnd() {
    String log = "layer 42 pulling fs layer waiting\n".repeat(50_000) + "x509: expired certificate";

    List<String> features = WordingFeatures.of(log, "x509: expired certificate");

    assertThat(features)
        .hasSizeLessThanOrEqualTo(
            2 * (WordingFeatures.MAX_TEXT_TOKENS + WordingFeatures.MAX_CAUSE_TOKENS))
        .contains("t expired certificate", "c x509 expired");
    assertThat(WordingFeatures.tail(log, 3)).containsExactly("x509", "expired", "certificate");
  }

  @Test
  void wordsAreCut() {
    assertThat(tokens("a".repeat(100))).containsExactly("a".repeat(WordingTokens.MAX_WORD));
  }
}
