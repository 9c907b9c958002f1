package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client detection (issue 13, session 5): which program printed a pasted text. Prints, for every
 * fold, the share of messages whose client equals the collectors' page-context label and the share
 * that fits {@code clientsFromText}, with a confusion list of (clients from text → answered) pairs;
 * holds the tuned folds Q, R and S to the level sessions reached on them (tuned figures: all three
 * folds were read while writing the signatures); checks the signatures on texts written from the
 * programs' own formats rather than copied from the corpus; and checks that the remediation follows
 * the client's family.
 */
class ExplainClientDetectionTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  /** Fold Q's "client (from text)" after session 6 (734/839, tuned; 727/839 after session 5). */
  private static final double CLIENT_FROM_TEXT_Q = 0.87;

  /** Fold R's "client (from text)" after session 6 (898/1027, tuned; 766/1027 held out). */
  private static final double CLIENT_FROM_TEXT_R = 0.87;

  /** Fold R's page-context figure after session 6 (779/1027, tuned; 615/1027 held out). */
  private static final double CLIENT_PAGE_CONTEXT_R = 0.75;

  /**
   * Fold S's "client (from text)" after session 6 (607/853; 601/853 held out). Session 6's
   * signatures were written without reading fold S's messages or confusions.
   */
  private static final double CLIENT_FROM_TEXT_S = 0.71;

  /** Fold S's page-context figure after session 6 (578/853; 573/853 held out). */
  private static final double CLIENT_PAGE_CONTEXT_S = 0.67;

  /** Fold U's "client (from text)" after session 7 (569/784, tuned; 569/784 held out). */
  private static final double CLIENT_FROM_TEXT_U = 0.72;

  /** Fold U's page-context figure after session 7 (486/776; 486/776 held out). */
  private static final double CLIENT_PAGE_CONTEXT_U = 0.62;

  /** Fold V's "client (from text)" after session 8 (223/343, tuned; 223/343 held out). */
  private static final double CLIENT_FROM_TEXT_V = 0.65;

  /** Fold V's page-context figure after session 8 (tuned; 71.5 % held out). */
  private static final double CLIENT_PAGE_CONTEXT_V = 0.71;

  /**
   * Fold W's "client (from text)" after session 8 (534/749 tuned, 8 docker-modem lines relabelled;
   * 526/749 held out).
   */
  private static final double CLIENT_FROM_TEXT_W = 0.71;

  /** Fold W's page-context figure after session 8 (tuned; 510/740, 68.9 %, held out). */
  private static final double CLIENT_PAGE_CONTEXT_W = 0.68;

  /** Fold X's "client (from text)" after session 8 (187/326, tuned; 187/326 held out). */
  private static final double CLIENT_FROM_TEXT_X = 0.57;

  /** Fold X's page-context figure after session 8 (tuned; 196/322, 60.9 %, held out). */
  private static final double CLIENT_PAGE_CONTEXT_X = 0.60;

  /** Fold Y's "client (from text)" after session 9 (237/367, tuned; the same held out). */
  private static final double CLIENT_FROM_TEXT_Y = 0.64;

  /** Fold Y's page-context figure after session 9 (tuned; 205/360, 56.9 %, held out). */
  private static final double CLIENT_PAGE_CONTEXT_Y = 0.56;

  /** docker-modem's error prefix ({@code (HTTP code 500) server error - …}) and Kitematic's. */
  private static final Pattern DOCKER_MODEM =
      Pattern.compile("\\(HTTP code [0-9]{3}\\) |HTTP code is [0-9]{3} which indicates error");

  /** The Docker CLI's own lines, which make a text the CLI's even inside a wrapper's log. */
  private static final Pattern DOCKER_CLI =
      Pattern.compile("(?m)Error response from daemon|^\\S*\\$ docker |/usr/bin/docker ");

  /** One fold's client figures and its confusion list. */
  record FoldClients(
      ExplainCorpus.Fold fold,
      int pageRight,
      int pageTotal,
      int textRight,
      int textTotal,
      Map<String, Integer> confusion) {

    double fromText() {
      return textTotal == 0 ? Double.NaN : (double) textRight / textTotal;
    }

    double pageContext() {
      return (double) pageRight / pageTotal;
    }

    String row() {
      return String.format(
          Locale.ROOT,
          "%-44s %4d/%-4d %5.1f%%   %s",
          fold.title,
          pageRight,
          pageTotal,
          100 * pageContext(),
          textTotal == 0
              ? "n/a"
              : String.format(
                  Locale.ROOT, "%4d/%-4d %5.1f%%", textRight, textTotal, 100 * fromText()));
    }
  }

  static FoldClients score(ExplainCorpus.Fold fold) {
    int pageRight = 0;
    int pageTotal = 0;
    int textRight = 0;
    int textTotal = 0;
    Map<String, Integer> confusion = new LinkedHashMap<>();
    for (ExplainCorpus.Entry entry : ExplainCorpus.entries(fold)) {
      String client = EXPLAINER.explain(entry.message()).client();
      if (!CorpusScore.REGISTRY_LABELS.contains(entry.client())) {
        pageTotal++;
        pageRight += entry.client().equals(client) ? 1 : 0;
      }
      if (entry.clientsFromText() != null) {
        textTotal++;
        if (CorpusScore.fromText(entry.clientsFromText(), client)) {
          textRight++;
        } else {
          confusion.merge(entry.clientsFromText() + " -> " + client, 1, Integer::sum);
        }
      }
    }
    return new FoldClients(fold, pageRight, pageTotal, textRight, textTotal, confusion);
  }

  @Test
  void printsClientDetectionPerFoldAndHoldsTheTunedFolds() {
    StringBuilder table =
        new StringBuilder("\nClient detection per fold (every fold here is tuned)\n");
    table.append(
        String.format(Locale.ROOT, "%-44s %-17s   %s%n", "fold", "page context", "from text"));
    Map<ExplainCorpus.Fold, FoldClients> scores = new LinkedHashMap<>();
    // only tuned folds: a held-out fold's figures are printed once, by ExplainHeldOutTest
    for (ExplainCorpus.Fold fold : ExplainCorpus.Fold.tuned()) {
      FoldClients score = score(fold);
      scores.put(fold, score);
      table.append(score.row()).append('\n');
    }
    for (FoldClients score : scores.values()) {
      if (score.confusion().isEmpty()) {
        continue;
      }
      table.append(String.format(Locale.ROOT, "%nConfusion (from text), %s%n", score.fold().title));
      score.confusion().entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .forEach(
              pair ->
                  table.append(
                      String.format(Locale.ROOT, "  %3d  %s%n", pair.getValue(), pair.getKey())));
    }
    System.out.println(table);

    FoldClients q = scores.get(ExplainCorpus.Fold.SPENT_Q);
    FoldClients r = scores.get(ExplainCorpus.Fold.SPENT_R);
    assertThat(q.fromText())
        .as("fold Q, client from text")
        .isGreaterThanOrEqualTo(CLIENT_FROM_TEXT_Q);
    holdsClientFloors(r, "R", CLIENT_FROM_TEXT_R, CLIENT_PAGE_CONTEXT_R);
    holdsClientFloors(
        scores.get(ExplainCorpus.Fold.SPENT_S), "S", CLIENT_FROM_TEXT_S, CLIENT_PAGE_CONTEXT_S);
    holdsClientFloors(
        scores.get(ExplainCorpus.Fold.SPENT_U), "U", CLIENT_FROM_TEXT_U, CLIENT_PAGE_CONTEXT_U);
    holdsClientFloors(
        scores.get(ExplainCorpus.Fold.SPENT_V), "V", CLIENT_FROM_TEXT_V, CLIENT_PAGE_CONTEXT_V);
    holdsClientFloors(
        scores.get(ExplainCorpus.Fold.SPENT_W), "W", CLIENT_FROM_TEXT_W, CLIENT_PAGE_CONTEXT_W);
    holdsClientFloors(
        scores.get(ExplainCorpus.Fold.SPENT_X), "X", CLIENT_FROM_TEXT_X, CLIENT_PAGE_CONTEXT_X);
    holdsClientFloors(
        scores.get(ExplainCorpus.Fold.SPENT_Y), "Y", CLIENT_FROM_TEXT_Y, CLIENT_PAGE_CONTEXT_Y);
  }

  /** Holds a tuned fold's two client figures to the levels its rotation reached. */
  private static void holdsClientFloors(
      FoldClients score, String fold, double fromText, double pageContext) {
    assertThat(score).as("fold %s is in the tree", fold).isNotNull();
    assertThat(score.fromText())
        .as("fold %s, client from text", fold)
        .isGreaterThanOrEqualTo(fromText);
    assertThat(score.pageContext())
        .as("fold %s, client page context", fold)
        .isGreaterThanOrEqualTo(pageContext);
  }

  @Test
  void everyFoldLabelsDockerModemTextAsTheWrapperThatPrintedIt() {
    List<String> contradicting = new ArrayList<>();
    // tuned folds only: a held-out fold keeps its collectors' labels until it is scored
    for (ExplainCorpus.Fold fold : ExplainCorpus.Fold.tuned()) {
      for (ExplainCorpus.Entry entry : ExplainCorpus.entries(fold)) {
        String text = entry.message();
        if (!DOCKER_MODEM.matcher(text).find() || DOCKER_CLI.matcher(text).find()) {
          continue;
        }
        boolean pageOk =
            entry.client().equals("other") || CorpusScore.REGISTRY_LABELS.contains(entry.client());
        boolean textOk =
            entry.clientsFromText() == null || entry.clientsFromText().contains("other");
        if (!pageOk || !textOk) {
          contradicting.add(entry.id() + " (" + fold.title + ")");
        }
      }
    }
    assertThat(contradicting).as("docs/explainer.md, session 5 relabelling").isEmpty();
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            "FATAL:   While making image from oci registry: error fetching image to cache: failed"
                + " to get checksum for docker://shop/web:1.4: pinging container registry"
                + " registry.example:5000: Get \"https://registry.example:5000/v2/\": EOF",
            "other"),
        Arguments.of(
            "[INFO] Querying registry for permission grant\n[ERROR] URL"
                + " https://registry.example/v2/shop/web/manifests/1.4 returned error code: 401",
            "other"),
        Arguments.of(
            "(HTTP code 500) server error - {\"message\":\"Get https://registry.example/v2/: EOF\"}",
            "other"),
        Arguments.of(
            "E0301 08:15:02.123456    4711 image_sync.go:88] pull of shop/web:1.4 failed: EOF",
            "other"),
        Arguments.of(
            "E0301 08:15:02.123456    4711 kuberuntime_image.go:53] Pull image \"shop/web:1.4\""
                + " failed: rpc error: code = Unknown desc = EOF",
            "kubelet"),
        Arguments.of(
            "Error from server (BadRequest): container \"web\" in pod \"web-7d9\" is waiting to"
                + " start: trying and failing to pull image",
            "other"),
        Arguments.of(
            "ERROR: failed to solve: shop/web:1.4: failed to resolve source metadata for"
                + " registry.example/shop/web:1.4: EOF",
            "buildkit"),
        Arguments.of(
            "ERROR: unexpected status from HEAD request to"
                + " https://registry.example/v2/shop/web/manifests/1.4: 503 Service Unavailable",
            "buildkit"),
        Arguments.of(
            "ERROR: failed to register layer: write /usr/lib/x: no space left on device", "docker"),
        Arguments.of(
            "Error: failed to perform \"Push\" on destination: PUT"
                + " \"https://registry.example/v2/charts/web/manifests/1.4\": response status code"
                + " 401: unauthorized",
            "helm"),
        Arguments.of(
            " \u2718 web Error manifest for registry.example/shop/web:1.4 not found", "docker"),
        Arguments.of(
            "api Error Head \"https://registry.example/v2/shop/api/manifests/2\": denied",
            "docker"),
        Arguments.of(
            "Error: initializing source docker://registry.example/shop/web:1.4: reading manifest"
                + " 1.4 in registry.example/shop/web: manifest unknown",
            "podman"),
        Arguments.of("FATA[0000] Error listing repository tags: unexpected EOF", "skopeo"),
        Arguments.of("No such image: registry.example/shop/web:1.4", "docker"),
        Arguments.of(
            "Mar 01 08:15:02 node1 dockerd[913]: time=\"2026-03-01T08:15:02Z\" level=error"
                + " msg=\"pulling image failed\" error=\"EOF\"",
            "docker"));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void recognisesTheClientFromTheShapeOfItsOutput(String text, String client) {
    assertThat(EXPLAINER.explain(text).client()).as(text).isEqualTo(client);
  }

  @Test
  void anApplicationLogLineWithTheWordErrorIsNotComposeOutput() {
    // Compose prints "<service> Error <cause>"; a program's own "main Error …" line is not that.
    String text =
        "main Error connecting to database: dial tcp 10.0.0.5:5432: connect: connection refused";

    assertThat(EXPLAINER.explain(text).client()).isNotEqualTo("docker");
  }

  @Test
  void helmTextGetsHelmRegistryLogin() {
    Explanation explanation =
        EXPLAINER.explain(
            "Error: failed to perform \"FetchReference\" on source: GET"
                + " \"https://registry.example:5000/v2/charts/web/manifests/1.4\": response status"
                + " code 401: unauthorized: authentication required");

    assertThat(explanation.client()).isEqualTo("helm");
    assertThat(ExplainerTest.commands(explanation.verdict()))
        .anySatisfy(command -> assertThat(command).contains("helm registry login"))
        .noneSatisfy(command -> assertThat(command).startsWith("docker login"));
  }

  @Test
  void wrapperTextKeepsDockerSteps() {
    Explanation explanation =
        EXPLAINER.explain(
            "FATAL:   While making image from oci registry: error fetching image to cache: failed"
                + " to get checksum for docker://registry.example:5000/shop/web:1.4: reading"
                + " manifest 1.4 in registry.example:5000/shop/web: unauthorized: authentication"
                + " required");

    assertThat(explanation.client()).isEqualTo("other");
    assertThat(explanation.verdict().code())
        .isIn(DiagnosisCode.AUTH_REQUIRED, DiagnosisCode.NOT_FOUND_OR_DENIED);
    assertThat(ExplainerTest.commands(explanation.verdict()))
        .anySatisfy(command -> assertThat(command).contains("docker login"))
        .noneSatisfy(command -> assertThat(command).contains("podman login"));
  }

  @Test
  void skopeoTextGetsPodmanFamilySteps() {
    Explanation explanation =
        EXPLAINER.explain(
            "FATA[0000] Error reading manifest latest in registry.example:5000/shop/web:"
                + " unauthorized: authentication required");

    assertThat(explanation.client()).isEqualTo("skopeo");
    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
    assertThat(ExplainerTest.commands(explanation.verdict()))
        .contains("podman login registry.example:5000")
        .noneSatisfy(command -> assertThat(command).startsWith("docker login"));
  }
}
