package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The corpus reader's optional {@code clientsFromText} field and the three client figures. */
class CorpusScoreTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOCKER_TEXT =
      "Error response from daemon: Get https://registry.example.com/v2/: x509: certificate"
          + " signed by unknown authority";
  private static final String BARE_TEXT = "x509: certificate signed by unknown authority";

  private static ExplainCorpus.Entry line(String id, String message, String fromText) {
    String json =
        "{\"id\":\""
            + id
            + "\",\"client\":\"docker\",\"code\":\"TLS_UNTRUSTED\",\"ambiguous\":false,"
            + "\"alternatives\":[],\"message\":\""
            + message
            + "\",\"source\":\"https://example.com/"
            + id
            + "\",\"entities\":{}"
            + (fromText == null ? "" : ",\"clientsFromText\":" + fromText)
            + "}";
    try {
      return ExplainCorpus.entry(JSON.readTree(json), "test line " + id, ExplainCorpus.Fold.TUNED);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Four lines: a listed client, an unlisted one, a text that shows none, a missed one. */
  private static CorpusScore fourListedClients() {
    return CorpusScore.of(
        ExplainCorpus.Fold.TUNED,
        List.of(
            line("listed", DOCKER_TEXT, "[\"docker\",\"other\"]"),
            line("not-listed", DOCKER_TEXT, "[\"podman\"]"),
            line("no-client-shown", BARE_TEXT, "[]"),
            line("client-shown-but-unknown", BARE_TEXT, "[\"docker\"]")),
        EXPLAINER);
  }

  @Test
  void linesWithoutTheFieldReportNotApplicableForTheFromTextFigure() {
    CorpusScore score =
        CorpusScore.of(ExplainCorpus.Fold.TUNED, List.of(line("a", DOCKER_TEXT, null)), EXPLAINER);

    assertThat(line("a", DOCKER_TEXT, null).clientsFromText()).isNull();
    assertThat(score.clientFromText()).isNaN();
    assertThat(score.row()).endsWith("n/a");
    assertThat(score.clientDetection()).isEqualTo(1.0);
  }

  @Test
  void explainersClientAmongTheListedOnesCountsForTheFromTextFigure() {
    CorpusScore score = fourListedClients();

    assertThat(score.textClients).isEqualTo(4);
    assertThat(score.textClientsRight).isEqualTo(2);
    assertThat(score.textClientMisses)
        .containsExactly(
            "not-listed: [podman] but was docker",
            "client-shown-but-unknown: [docker] but was unknown");
    assertThat(score.row()).contains("2/4 50.0%");
  }

  @Test
  void theRemediationFamilyFigureCountsClientsWhoseStepsAreTheSame() {
    CorpusScore score = fourListedClients();

    // "unknown" gets the generic (docker) steps, which fit the last two; podman's do not.
    assertThat(score.familyRight).isEqualTo(3);
    assertThat(score.row()).endsWith("3/4 75.0%");
  }

  @Test
  void aFamilyFitsWhenOneListedClientSharesIt() {
    assertThat(CorpusScore.familyFits(List.of(), "docker")).isTrue();
    assertThat(CorpusScore.familyFits(List.of(), "kubelet")).isFalse();
    assertThat(CorpusScore.familyFits(List.of("other"), "docker")).isTrue();
    assertThat(CorpusScore.familyFits(List.of("skopeo", "other"), "podman")).isTrue();
    assertThat(CorpusScore.familyFits(List.of("crictl"), "podman")).isFalse();
  }

  @Test
  void anEmptyListIsRightOnlyWhenTheExplainerSaysUnknown() {
    assertThat(CorpusScore.fromText(List.of(), "unknown")).isTrue();
    assertThat(CorpusScore.fromText(List.of(), "other")).isFalse();
    assertThat(CorpusScore.fromText(List.of(), "docker")).isFalse();
    assertThat(CorpusScore.fromText(List.of("docker", "other"), "other")).isTrue();
  }

  @Test
  void aMalformedListIsATypedErrorNamingFileLineAndField() {
    assertThatThrownBy(() -> line("bad", BARE_TEXT, "\"docker\""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("test line bad: \"clientsFromText\" is not an array");
    assertThatThrownBy(() -> line("bad", BARE_TEXT, "[\"docker\", 3]"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("test line bad: \"clientsFromText\" holds 3, not a client name");
  }
}
