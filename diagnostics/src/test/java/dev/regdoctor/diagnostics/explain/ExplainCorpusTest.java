package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.explain.ExplainCorpus.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the explainer on the labelled corpus of real messages: top-1 accuracy per code and
 * overall on unambiguous messages (at least 95 %), the labelled code among verdict and alternatives
 * for ambiguous ones, and the entities the corpus records.
 */
class ExplainCorpusTest {
  private static final double REQUIRED_ACCURACY = 0.95;

  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);
  private static final Map<String, Explanation> EXPLANATIONS = new TreeMap<>();

  @BeforeAll
  static void explainCorpus() {
    for (Entry entry : ExplainCorpus.entries()) {
      EXPLANATIONS.put(entry.id(), EXPLAINER.explain(entry.message()));
    }
  }

  @Test
  void corpusHoldsAtLeast150RealLabelledMessagesWithSources() {
    List<Entry> entries = ExplainCorpus.entries();
    Set<String> ids = new HashSet<>();

    assertThat(entries).hasSizeGreaterThanOrEqualTo(150);
    for (Entry entry : entries) {
      assertThat(ids.add(entry.id())).as("unique id %s", entry.id()).isTrue();
      assertThat(entry.source()).as("source of %s", entry.id()).startsWith("https://");
      assertThat(entry.message()).as("message of %s", entry.id()).isNotBlank();
    }
  }

  @Test
  void unambiguousMessagesAreClassifiedAtLeast95PercentTopOne() {
    Map<DiagnosisCode, int[]> perCode = new TreeMap<>();
    List<String> misses = new ArrayList<>();
    int right = 0;
    int total = 0;
    for (Entry entry : ExplainCorpus.entries()) {
      if (entry.ambiguous()) {
        continue;
      }
      DiagnosisCode verdict = EXPLANATIONS.get(entry.id()).verdict().code();
      int[] counts = perCode.computeIfAbsent(entry.code(), code -> new int[2]);
      counts[1]++;
      total++;
      if (verdict == entry.code()) {
        counts[0]++;
        right++;
      } else {
        misses.add(entry.id() + ": expected " + entry.code() + " but was " + verdict);
      }
    }
    double overall = (double) right / total;

    StringBuilder table = new StringBuilder("\nTop-1 accuracy on unambiguous corpus messages\n");
    table.append(String.format(Locale.ROOT, "%-32s %7s %9s%n", "code", "right", "accuracy"));
    perCode.forEach(
        (code, counts) ->
            table.append(
                String.format(
                    Locale.ROOT,
                    "%-32s %3d/%-3d %8.1f%%%n",
                    code,
                    counts[0],
                    counts[1],
                    100.0 * counts[0] / counts[1])));
    table.append(
        String.format(
            Locale.ROOT, "%-32s %3d/%-3d %8.1f%%%n", "overall", right, total, 100.0 * overall));
    misses.forEach(miss -> table.append("  miss ").append(miss).append('\n'));
    System.out.println(table);

    assertThat(overall)
        .as("overall top-1 accuracy; misses: %s", misses)
        .isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
  }

  @Test
  void ambiguousMessagesHaveTheirLabelAsVerdictOrAlternative() {
    List<String> misses = new ArrayList<>();
    int total = 0;
    int top1 = 0;
    for (Entry entry : ExplainCorpus.entries()) {
      if (!entry.ambiguous()) {
        continue;
      }
      total++;
      Explanation explanation = EXPLANATIONS.get(entry.id());
      if (explanation.verdict().code() == entry.code()) {
        top1++;
      } else if (explanation.alternatives().stream()
          .noneMatch(finding -> finding.code() == entry.code())) {
        misses.add(
            entry.id()
                + ": "
                + entry.code()
                + " not in "
                + explanation.verdict().code()
                + " "
                + explanation.alternatives().stream().map(Finding::code).toList());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nAmbiguous corpus messages: %d, label is the verdict for %d, among the alternatives for %d%n",
        total,
        top1,
        total - top1 - misses.size());

    assertThat(misses).isEmpty();
  }

  @Test
  void entitiesRecordedInTheCorpusAreExtracted() {
    int checked = 0;
    List<String> misses = new ArrayList<>();
    for (Entry entry : ExplainCorpus.entries()) {
      Explanation.Entities entities = EXPLANATIONS.get(entry.id()).entities();
      for (Map.Entry<String, Object> expected : entry.entities().entrySet()) {
        checked++;
        Object actual =
            switch (expected.getKey()) {
              case "registry" -> entities.registry();
              case "repository" -> entities.repository();
              case "reference" -> entities.reference();
              case "status" -> entities.status();
              case "ociCode" -> entities.ociCode();
              case "platform" -> entities.platform();
              case "secret" -> entities.secret();
              case "pod" -> entities.pod();
              case "namespace" -> entities.namespace();
              default ->
                  throw new IllegalStateException(
                      "unknown entity " + expected.getKey() + " in " + entry.id());
            };
        if (!matches(expected.getKey(), expected.getValue(), actual, entities)) {
          misses.add(
              entry.id()
                  + ": "
                  + expected.getKey()
                  + " expected "
                  + expected.getValue()
                  + " but was "
                  + actual);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nEntities: %d of %d recorded values extracted%n",
        checked - misses.size(),
        checked);
    misses.forEach(miss -> System.out.println("  entity miss " + miss));

    assertThat((double) (checked - misses.size()) / checked)
        .as("entity misses: %s", misses)
        .isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void clientIsRecognisedForMostMessages() {
    int right = 0;
    List<String> misses = new ArrayList<>();
    for (Entry entry : ExplainCorpus.entries()) {
      String client = EXPLANATIONS.get(entry.id()).client();
      if (client.equals(entry.client())) {
        right++;
      } else {
        misses.add(entry.id() + ": " + entry.client() + " but was " + client);
      }
    }
    System.out.printf(
        Locale.ROOT, "%nClients: %d of %d recognised%n", right, ExplainCorpus.entries().size());
    misses.forEach(miss -> System.out.println("  client miss " + miss));

    assertThat((double) right / ExplainCorpus.entries().size()).isGreaterThanOrEqualTo(0.85);
  }

  /**
   * The corpus records names literally; the explainer resolves Docker Hub short names ({@code
   * minio} is {@code library/minio} on {@code docker.io}), so a recorded short name matches its
   * resolved form.
   */
  private static boolean matches(
      String name, Object expected, Object actual, Explanation.Entities entities) {
    if (Objects.equals(expected, actual)) {
      return true;
    }
    return name.equals("repository")
        && actual != null
        && ImageMention.isDockerHub(entities.registry())
        && actual.equals("library/" + expected);
  }
}
