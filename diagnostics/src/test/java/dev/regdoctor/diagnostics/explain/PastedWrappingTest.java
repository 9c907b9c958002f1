package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Each wrapper of session 17 that the explainer undoes, on one real-shaped message. */
class PastedWrappingTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);
  private static final String DENIED =
      "Error response from daemon: pull access denied for team/app, repository does not exist or"
          + " may require 'docker login': denied: requested access to the resource is denied";
  private static final String REFUSED =
      "failed to resolve reference \"registry.example.com/team/app:1.4\": failed to do request:"
          + " Head \"https://registry.example.com/v2/team/app/manifests/1.4\": dial tcp"
          + " 10.0.0.7:443: connect: connection refused";

  @Test
  void forumSmartQuotesReadAsAsciiQuotes() {
    assertSame(REFUSED, PastedWrappers.smartQuotes(REFUSED));
    assertThat(PastedWrapping.typographic("“a” ‘b’")).isEqualTo("\"a\" 'b'");
  }

  @Test
  void chineseFullWidthPunctuationReadsAsGoChainPunctuation() {
    assertSame(REFUSED, REFUSED.replace(": ", "：").replace(", ", "，"));
    assertThat(PastedWrapping.typographic("a：b，c：\nd")).isEqualTo("a: b, c:\nd");
  }

  @Test
  void htmlEscapedTextIsUnescapedOnce() {
    assertSame(DENIED, DENIED.replace("'", "&#39;").replace("\"", "&quot;"));
    assertThat(PastedWrapping.htmlReferences("&amp;lt; &lt;a&gt; &quot;")).isEqualTo("&lt; <a> \"");
  }

  @Test
  void terminalLinesBrokenAtEightyColumnsAreJoinedWithoutASpace() {
    String long2 = REFUSED + " " + REFUSED;
    assertSame(long2, PastedWrappers.hardWrapped(long2));
    // one line of exactly 80 characters is a line of its own
    String eighty = "x".repeat(80) + "\nnext";
    assertThat(PastedWrapping.terminalWraps(eighty)).isSameAs(eighty);
  }

  @Test
  void markdownQuotesAreRemovedOnlyWhenEveryLineIsQuoted() {
    assertSame(DENIED, "> " + DENIED);
    String curl = "> GET /v2/ HTTP/1.1\n< HTTP/1.1 401 Unauthorized";
    assertThat(PastedWrapping.quoted(curl)).isSameAs(curl);
  }

  @Test
  void journalLinesWithGoQuotedMultiLineMessagesGetTheirLinesBack() {
    String message = "pulling image failed\n" + REFUSED;
    String journal =
        "Dec 05 10:00:00 node1 dockerd[1234]: time=\"2024-12-05T10:00:00.123456789Z\""
            + " level=error msg=\""
            + PastedWrappers.goQuoted(message)
            + "\"";
    assertSame(message, journal);
  }

  @Test
  void composeGithubAndKubectlPrefixesAreRemoved() {
    assertSame(REFUSED, "web-1       | " + REFUSED);
    assertSame(REFUSED, "2024-05-01T12:00:00.1234567Z ##[error]" + REFUSED);
    assertSame(
        REFUSED,
        "  Type     Reason     Age                From               Message\n"
            + "  Warning  Failed     3m (x4 over 5m)    kubelet            "
            + REFUSED);
  }

  @Test
  void jsonLogLinesInsideDockerJsonFileAreReducedTwice() {
    String inner = PastedWrappers.jsonLogLine(REFUSED);
    String outer =
        "{\"log\":\""
            + inner.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-01T12:00:00.1Z\"}";
    assertSame(REFUSED, outer);
  }

  @Test
  void dockerPyApiErrorIsReadAsTheDaemonsExplanation() {
    String python =
        "docker.errors.APIError: 500 Server Error for"
            + " http+docker://localhost/v1.45/containers/create: Internal Server Error (\""
            + DENIED
            + "\")";
    Explanation explanation = EXPLAINER.explain(python);

    assertThat(explanation.entities().registry()).isNotEqualTo("localhost");
    assertSame(DENIED, python);
  }

  private static void assertSame(String bare, String wrapped) {
    Explanation plain = EXPLAINER.explain(bare);
    Explanation noisy = EXPLAINER.explain(wrapped);
    assertThat(noisy.verdict().code()).as(wrapped).isEqualTo(plain.verdict().code());
    assertThat(noisy.verdict().code()).isNotEqualTo(DiagnosisCode.UNKNOWN);
    assertThat(noisy.entities()).as(wrapped).isEqualTo(plain.entities());
  }
}
