package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.internal.http.Redaction;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The {@code regdoctor.explanation/v1} object of {@code docs/json-contract.md}: field names, order,
 * types and nulls.
 */
class ExplainJsonContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);

  private JsonNode json(String corpusId) throws Exception {
    return JSON.readTree(explainer.explain(ExplainCorpus.entry(corpusId).message()).toJson());
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void topLevelFieldsComeInContractOrder() throws Exception {
    JsonNode root = json("docker-pull-access-denied-1");

    assertThat(fields(root))
        .containsExactly("schema", "input", "client", "verdict", "alternatives", "entities");
    assertThat(root.get("schema").asText()).isEqualTo("regdoctor.explanation/v1");
    assertThat(root.get("input").asText())
        .isEqualTo(ExplainCorpus.entry("docker-pull-access-denied-1").message());
    assertThat(root.get("client").asText()).isEqualTo("docker");
  }

  @Test
  void verdictAndAlternativesAreFindingsAsInReports() throws Exception {
    JsonNode root = json("docker-pull-access-denied-1");
    JsonNode verdict = root.get("verdict");

    assertThat(fields(verdict))
        .containsExactly("code", "severity", "summary", "evidence", "remediation", "guide");
    assertThat(verdict.get("code").asText()).isEqualTo("NOT_FOUND_OR_DENIED");
    assertThat(verdict.get("severity").asText()).isEqualTo("ERROR");
    assertThat(verdict.get("guide").asText()).isEqualTo("4.1");
    assertThat(verdict.get("evidence").isArray()).isTrue();
    assertThat(fields(verdict.get("remediation").get(0))).containsExactly("text", "command");
    assertThat(verdict.get("remediation").get(0).get("command").isNull()).isTrue();
    assertThat(root.get("alternatives")).hasSize(2);
    assertThat(root.get("alternatives").get(0).get("code").asText())
        .isEqualTo("REPOSITORY_NOT_FOUND");
    assertThat(fields(root.get("alternatives").get(1))).isEqualTo(fields(verdict));
  }

  @Test
  void entitiesListEveryNameWithNullsForUnknownOnes() throws Exception {
    JsonNode entities = json("docker-incorrect-username-password-401-1").get("entities");

    assertThat(fields(entities))
        .containsExactly(
            "registry",
            "repository",
            "reference",
            "status",
            "ociCode",
            "platform",
            "secret",
            "pod",
            "namespace");
    assertThat(entities.get("registry").asText()).isEqualTo("registry-1.docker.io");
    assertThat(entities.get("repository").asText()).isEqualTo("kitematic/hello-world-nginx");
    assertThat(entities.get("reference").asText()).isEqualTo("latest");
    assertThat(entities.get("status").isInt()).isTrue();
    assertThat(entities.get("status").asInt()).isEqualTo(401);
    assertThat(entities.get("ociCode").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(entities.get("platform").isNull()).isTrue();
    assertThat(entities.get("secret").isNull()).isTrue();
    assertThat(entities.get("pod").isNull()).isTrue();
    assertThat(entities.get("namespace").isNull()).isTrue();
  }

  @Test
  void unknownTextHasAnUnknownVerdictEmptyAlternativesAndNullEntities() throws Exception {
    // Words no corpus message uses: since the wording model trains on fold S it reads "error:
    // nothing to see here" as LOCAL_ENVIRONMENT (38 %), so the contract needs text it cannot read.
    JsonNode root = JSON.readTree(explainer.explain("error: qwzx vbnm").toJson());

    assertThat(root.get("verdict").get("code").asText()).isEqualTo("UNKNOWN");
    assertThat(root.get("alternatives").isArray()).isTrue();
    assertThat(root.get("alternatives")).isEmpty();
    root.get("entities").forEach(value -> assertThat(value.isNull()).isTrue());
  }

  @Test
  void jsonLineIsOneLineWithTheSameContent() throws Exception {
    Explanation explanation =
        explainer.explain(
            ExplainCorpus.entry("podman-multi-registry-manifest-unknown-quay-unauthorized-1")
                .message());

    assertThat(explanation.toJsonLine()).doesNotContain("\n", "\r");
    assertThat(JSON.readTree(explanation.toJsonLine()))
        .isEqualTo(JSON.readTree(explanation.toJson()));
  }

  @Test
  void writingAJsonLineGivesTheCharactersOfToJsonLineWithoutFlushingOrClosing() {
    for (ExplainCorpus.Entry entry : ExplainCorpus.entries()) {
      Explanation explanation = explainer.explain(entry.message());
      StringWriter out =
          new StringWriter() {
            @Override
            public void flush() {
              throw new AssertionError("flushed");
            }

            @Override
            public void close() {
              throw new AssertionError("closed");
            }
          };
      out.write("before ");

      explanation.writeJsonLine(out);
      out.write(" after");

      assertThat(out.toString())
          .as(entry.id())
          .isEqualTo("before " + explanation.toJsonLine() + " after");
    }
  }

  @Test
  void batchGivesOneJsonLinePerMessageInOrder() throws Exception {
    List<String> batch =
        ExplainCorpus.entries().stream().map(ExplainCorpus.Entry::message).toList();

    List<Explanation> explanations = explainer.explainAll(batch);

    assertThat(explanations).hasSameSizeAs(batch);
    for (int i = 0; i < batch.size(); i++) {
      JsonNode line = JSON.readTree(explanations.get(i).toJsonLine());
      assertThat(line.get("input").asText()).isEqualTo(Redaction.text(batch.get(i)));
    }
  }
}
