package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.explain.ExplainCorpus.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real messages wrapped the way they arrive in pasted logs (ANSI colors, timestamps, JSON and
 * logfmt log lines, Windows line endings, Chinese text around them, long logs) are explained
 * exactly as the bare messages are.
 */
class ExplainNoiseTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  /** Session 2's wrappers ({@link PastedWrappers#original()}) over the tuned corpus. */
  static Stream<Arguments> noise() {
    return PastedWrappers.original().stream()
        .map(
            wrapper -> Arguments.of(wrapper.name(), (UnaryOperator<String>) wrapper.wrap()::apply));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noise")
  void noiseDoesNotChangeVerdictOrEntities(String noise, UnaryOperator<String> wrap) {
    List<String> changed = new ArrayList<>();
    for (Entry entry : ExplainCorpus.entries()) {
      Explanation plain = EXPLAINER.explain(entry.message());
      Explanation noisy = EXPLAINER.explain(wrap.apply(entry.message()));
      if (plain.verdict().code() != noisy.verdict().code()
          || !plain.entities().equals(noisy.entities())) {
        changed.add(
            entry.id()
                + ": "
                + plain.verdict().code()
                + " "
                + plain.entities()
                + " became "
                + noisy.verdict().code()
                + " "
                + noisy.entities());
      }
    }

    assertThat(changed).as(noise).isEmpty();
  }

  @Test
  void logfmtLinesWithGoQuotingAreUnquoted() {
    List<String> changed = new ArrayList<>();
    for (Entry entry : ExplainCorpus.entries()) {
      // Go quoting turns line breaks into \n, which no longer separates lines; single lines only.
      if (entry.message().contains("\n") || entry.message().contains("\\")) {
        continue;
      }
      String quoted = entry.message().replace("\"", "\\\"");
      Explanation plain = EXPLAINER.explain(entry.message());
      Explanation noisy =
          EXPLAINER.explain(
              "time=\"2024-05-01T12:00:00+08:00\" level=error msg=\"" + quoted + "\"");
      if (plain.verdict().code() != noisy.verdict().code()
          || !plain.entities().equals(noisy.entities())) {
        changed.add(
            entry.id()
                + ": "
                + plain.verdict().code()
                + " became "
                + noisy.verdict().code()
                + " "
                + noisy.entities());
      }
    }

    assertThat(changed).isEmpty();
  }

  @Test
  void evidenceShowsTheMessageWithoutTheNoise() {
    String message = ExplainCorpus.entry("docker-dns-no-such-host-1").message();
    String noisy =
        "\u001b[2m2024-05-01T12:00:00.123Z\u001b[0m \u001b[31m" + message + "\u001b[0m\r\n";

    Finding verdict = EXPLAINER.explain(noisy).verdict();

    assertThat(verdict.evidence().get(0)).isEqualTo(message);
    assertThat(verdict.summary()).doesNotContain("\u001b", "\r");
  }

  @Test
  void jsonLogLineKeepsLevelMessageAndError() {
    String line =
        "{\"level\":\"error\",\"ts\":1714560000.1,\"msg\":\"failed to pull image\","
            + "\"image\":\"registry.example.com/team/app:1.4\","
            + "\"error\":\"failed to resolve reference \\\"registry.example.com/team/app:1.4\\\": "
            + "failed to do request: Head \\\"https://registry.example.com/v2/team/app/manifests/1.4\\\": "
            + "dial tcp 10.0.0.7:443: connect: connection refused\"}";

    Explanation explanation = EXPLAINER.explain(line);

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
    assertThat(explanation.verdict().evidence().get(0))
        .startsWith("failed to pull image: failed to resolve reference");
    assertThat(explanation.entities().registry()).isEqualTo("registry.example.com");
    assertThat(explanation.entities().repository()).isEqualTo("team/app");
    assertThat(explanation.entities().reference()).isEqualTo("1.4");
  }

  @Test
  void errorBodiesThatAreJsonButNotLogLinesStayAsTheyAre() {
    String body =
        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"1.9\"}}]}";

    Explanation explanation = EXPLAINER.explain(body);

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
    assertThat(explanation.entities().ociCode()).isEqualTo("MANIFEST_UNKNOWN");
  }
}
