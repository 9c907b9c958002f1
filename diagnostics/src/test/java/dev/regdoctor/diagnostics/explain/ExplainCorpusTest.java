package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

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
  private static final double REQUIRED_AMBIGUOUS = 0.90;

  /** Fold Q's "client (from text)" figure, held at the level its tuning rotation reached. */
  private static final double REQUIRED_CLIENT_FROM_TEXT_Q = 0.845;

  /**
   * Fold R's counts (unambiguous right of 515, ambiguous right of 512) as the fifth rotation left
   * them after tuning on it, with the shipped wording model (trained on R too): floors that must
   * not drop. Tuned figures; the once-only held-out score was 467/518 and 455/509 (three messages
   * moved from unambiguous to ambiguous when relabelled, see CORPUS-NOTES.md). The ambiguous floor
   * was 508 until the eighth rotation: its wording model, trained with fold V, speaks from 0.39
   * (was 0.31; chosen by the out-of-fold replay), so two fold-R messages that only the model had
   * right, in sample, are UNKNOWN again; "no error" only with success words brought one back.
   * Session 17's model (naive Bayes mixed in, status features, trained on the text the pasted
   * wrappers' cleaning leaves) has 513 and 505 in sample: the ambiguous floor is 505, the
   * unambiguous one stays. The change was chosen by leave-one-fold-out cross-validation over all
   * tuned folds, where top-1 and in-set both rose (docs/explainer.md, session 17).
   */
  private static final int[] TUNED_FLOOR_R = {508, 505};

  /**
   * Fold S's counts (unambiguous right, ambiguous right) as the sixth rotation left them after
   * tuning on it, with the shipped wording model (trained on S too): floors that must not drop.
   * Tuned figures; the once-only held-out score was 378/422 and 382/431.
   */
  private static final int[] TUNED_FLOOR_S = {409, 414};

  /**
   * Fold U's counts (unambiguous right, ambiguous right) as the seventh rotation left them after
   * tuning on it, with the shipped wording model (trained on U too): floors that must not drop.
   * Tuned figures; the once-only held-out score was 354/377 and 364/407.
   */
  private static final int[] TUNED_FLOOR_U = {375, 398};

  /**
   * Fold V's counts (unambiguous right, ambiguous right) as the eighth rotation left them after
   * tuning on it, with the shipped wording model (trained on V too): floors that must not drop.
   * Tuned figures; the once-only held-out score was 164/183 and 143/160.
   */
  private static final int[] TUNED_FLOOR_V = {180, 159};

  /**
   * Fold W's counts (unambiguous right, ambiguous right) as the ninth rotation left them after
   * tuning on it, with the shipped wording model (trained on W too): floors that must not drop.
   * Tuned figures; the once-only held-out score was 397/433 and 284/316.
   */
  private static final int[] TUNED_FLOOR_W = {426, 307};

  /**
   * Fold X's counts (unambiguous right, ambiguous right) as the tenth rotation left them after
   * tuning on it, with the shipped wording model (trained on X too): floors that must not drop.
   * Tuned figures; the once-only held-out score was 179/196 and 112/130. The ambiguous floor is 129
   * since session 17's model (130 before; in sample, see fold R's note).
   */
  private static final int[] TUNED_FLOOR_X = {195, 129};

  /**
   * Fold Y's counts (unambiguous right, ambiguous right) as the eleventh rotation left them after
   * tuning on it, with the shipped wording model (trained on Y too): floors that must not drop.
   * Tuned figures; the once-only held-out score (of the tenth rotation, on folds Y and Z before
   * they were split) was 188/217 and 135/150 on this half. Session 12 made one message ambiguous
   * (pack's "ensure registry read access", UNKNOWN here and ACCESS_DENIED in fold A3-T: the text
   * cannot tell), so it moved from the first count to the second.
   */
  private static final int[] TUNED_FLOOR_Y = {210, 149};

  /**
   * Fold Z's counts (unambiguous right, ambiguous right) as the twelfth rotation left them after
   * tuning on it, with the shipped wording model (trained on Z too): floors that must not drop.
   * Tuned figures; the held-out score on session 10's final rules was 233/261 and 145/156.
   */
  private static final int[] TUNED_FLOOR_Z = {253, 153};

  /**
   * Fold A3-T's counts (unambiguous right, ambiguous right) as the thirteenth rotation left them
   * after tuning on it, with the shipped wording model (trained on A3-T too, which alone lifts it
   * from 122/134 and 99/112 with the rules): floors that must not drop. Tuned figures; the held-out
   * score on session 10's final rules was 104/134 and 90/112. (One message, Trivy's list where a
   * remote x509 error follows "Cannot connect to the Docker daemon", is left a miss: the look-ahead
   * that fixed it was not linear-time.)
   */
  private static final int[] TUNED_FLOOR_A3T = {132, 110};

  /**
   * Fold A2's counts (unambiguous right, ambiguous right) as the fourteenth rotation left them
   * after tuning on it, with the shipped wording model (trained on A2 too): floors that must not
   * drop. Tuned figures; its last held-out score, on session 13's final code, was 370/402 and
   * 232/250.
   */
  private static final int[] TUNED_FLOOR_A2 = {400, 248};

  /**
   * Fold A3's counts (unambiguous right, ambiguous right) as the fourteenth rotation left them
   * after tuning on it, with the shipped wording model (trained on A3 too): floors that must not
   * drop. Tuned figures; its last held-out score, on session 13's final code, was 132/154 and
   * 93/103.
   */
  private static final int[] TUNED_FLOOR_A3 = {152, 101};

  /**
   * The program wordings from source (fold {@code SOURCE}) as session 12 left them after writing
   * rules from them and training the model on them: floors that must not drop. Tuned figures; the
   * score on session 11's final rules, before any of this, was 372/479 and 220/269. The first count
   * was 465 until session 14: zot's bare {@code UNSUPPORTED} JSON body
   * (tc-zot-bearer-multiple-auth-headers, labelled UNKNOWN) is answered by the wording model alone,
   * in sample, and the model retrained with folds A2 and A3 reads it as a token-service failure.
   */
  private static final int[] TUNED_FLOOR_SOURCE = {464, 281};

  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);
  private static final Map<String, Explanation> EXPLANATIONS = new TreeMap<>();

  @BeforeAll
  static void explainCorpus() {
    for (Entry entry : ExplainCorpus.entries()) {
      EXPLANATIONS.put(entry.id(), EXPLAINER.explain(entry.message()));
    }
  }

  @Test
  void corpusHoldsOverAThousandRealLabelledMessagesWithSources() {
    Set<String> ids = new HashSet<>();
    int real = 0;
    for (ExplainCorpus.Fold fold : ExplainCorpus.Fold.values()) {
      for (Entry entry : ExplainCorpus.entries(fold)) {
        assertThat(ids.add(entry.id())).as("unique id %s", entry.id()).isTrue();
        assertThat(entry.message()).as("message of %s", entry.id()).isNotBlank();
        assertThat(entry.alternatives())
            .as("alternatives of %s", entry.id())
            .doesNotContain(entry.code());
        if (fold == ExplainCorpus.Fold.CLIENTS) {
          assertThat(entry.source())
              .as("source of %s", entry.id())
              .startsWith("generated on loopback: ");
        } else if (fold == ExplainCorpus.Fold.SOURCE) {
          assertThat(entry.source())
              .as("source line of %s", entry.id())
              .matches("https://github\\.com/[^/]+/[^/]+/blob/[0-9a-f]{40}/\\S+#L[0-9]+");
        } else {
          assertThat(entry.source()).as("source of %s", entry.id()).matches("https?://\\S+");
          real++;
        }
      }
    }

    assertThat(real).isGreaterThanOrEqualTo(1000);
    assertThat(ExplainCorpus.entries(ExplainCorpus.Fold.SPENT_H)).hasSize(508);
    assertThat(ExplainCorpus.entries(ExplainCorpus.Fold.SPENT_N)).hasSize(845);
    assertThat(ExplainCorpus.entries(ExplainCorpus.Fold.SPENT_P)).hasSize(601);
    frozenWithClientsFromText(ExplainCorpus.Fold.SPENT_Q, 839, "");
    frozenWithClientsFromText(ExplainCorpus.Fold.SPENT_R, 1027, "");
    frozenWithClientsFromText(ExplainCorpus.Fold.SPENT_S, 853, "sha256 1733f916…");
    frozenWithClientsFromText(ExplainCorpus.Fold.SPENT_U, 784, "sha256 b4dcd3de…");
    frozenWithClientsFromText(
        ExplainCorpus.Fold.SPENT_V, 343, "sha256 20371a34…, one client label changed since");
    frozenWithClientsFromText(
        ExplainCorpus.Fold.SPENT_W, 749, "sha256 a390adff…, eight client labels changed since");
    frozenWithClientsFromText(
        ExplainCorpus.Fold.SPENT_X, 326, "sha256 7cd313e8…, two client labels changed since");
    frozenWithClientsFromText(
        ExplainCorpus.Fold.SPENT_Y,
        367,
        "sha256 6e90747d…, two client labels and one code's alternatives changed since");
    frozenWithClientsFromText(
        ExplainCorpus.Fold.SPENT_Z, 417, "sha256 5b63e85e…, one client label changed since");
    frozenWithClientsFromText(
        ExplainCorpus.Fold.SPENT_A3T, 246, "sha256 2bbeca73…, one code label changed since");
    frozenWithClientsFromText(ExplainCorpus.Fold.SPENT_A2, 652, "sha256 bfdcd480…");
    frozenWithClientsFromText(ExplainCorpus.Fold.SPENT_A3, 257, "sha256 610d29c9…");
    frozenWithClientsFromText(
        ExplainCorpus.Fold.SOURCE, 748, "22 labels aligned, see CORPUS-NOTES");
  }

  /** Holds a fold that carries {@code clientsFromText} to its frozen size and to the field. */
  private static void frozenWithClientsFromText(
      ExplainCorpus.Fold fold, int size, String checksum) {
    assertThat(ExplainCorpus.entries(fold))
        .as("%s as frozen %s", fold.title, checksum)
        .hasSize(size);
    assertThat(ExplainCorpus.entries(fold))
        .as("every line of %s says which clients the text alone could come from", fold.title)
        .allSatisfy(entry -> assertThat(entry.clientsFromText()).isNotNull());
  }

  /**
   * Prints the accuracy table for the data the rules were tuned on (the tuned corpus, folds T, H,
   * N, P, Q, R, S, U and V, the real-client corpus) and holds each to issue 13's targets, and folds
   * R, S, U and V also to the counts the fifth to eighth rotations reached on them (floors that
   * must not drop). Folds H, N, P, Q, R, S, U and V were each held out once and are tuning data
   * since. The held-out fold W (once the lead adds it) is printed by {@link ExplainHeldOutTest} and
   * never asserted, so that no build failure invites tuning against it.
   */
  @Test
  void tunedDataMeetsTheTargets() {
    List<CorpusScore> scores = new ArrayList<>();
    StringBuilder table = new StringBuilder("\nExplainer accuracy on data it was tuned on\n");
    table.append(CorpusScore.header());
    CorpusScore clients = null;
    for (ExplainCorpus.Fold fold : ExplainCorpus.Fold.tuned()) {
      CorpusScore score = CorpusScore.of(fold, EXPLAINER);
      scores.add(score);
      table.append(score.row()).append('\n');
      if (fold == ExplainCorpus.Fold.CLIENTS) {
        clients = score;
      }
    }
    for (CorpusScore score : scores) {
      table.append(score.perCodeTable());
      score.misses.forEach(miss -> table.append("  miss ").append(miss).append('\n'));
    }
    System.out.println(table);

    for (CorpusScore score : scores) {
      assertThat(score.unambiguousTopOne())
          .as("%s: unambiguous top-1; misses %s", score.fold.title, score.misses)
          .isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
      assertThat(score.ambiguousInSet())
          .as(
              "%s: ambiguous label in verdict + alternatives; misses %s",
              score.fold.title, score.misses)
          .isGreaterThanOrEqualTo(REQUIRED_AMBIGUOUS);
    }
    assertThat(clients.misses).as("real-client corpus agrees with the scenarios").isEmpty();
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_R, TUNED_FLOOR_R, "fifth");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_S, TUNED_FLOOR_S, "sixth");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_U, TUNED_FLOOR_U, "seventh");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_V, TUNED_FLOOR_V, "eighth");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_W, TUNED_FLOOR_W, "ninth");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_X, TUNED_FLOOR_X, "tenth");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_Y, TUNED_FLOOR_Y, "eleventh");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_Z, TUNED_FLOOR_Z, "twelfth");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_A3T, TUNED_FLOOR_A3T, "thirteenth");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_A2, TUNED_FLOOR_A2, "fourteenth");
    holdsFloor(scores, ExplainCorpus.Fold.SPENT_A3, TUNED_FLOOR_A3, "fourteenth");
    holdsFloor(scores, ExplainCorpus.Fold.SOURCE, TUNED_FLOOR_SOURCE, "session-12 source");
    CorpusScore foldQ =
        scores.stream().filter(score -> score.fold == ExplainCorpus.Fold.SPENT_Q).findFirst().get();
    // The level session 3's fourth rotation reached when it tuned on fold Q (712/839, 84.9 %).
    assertThat(foldQ.clientFromText())
        .as("fold Q: client fits clientsFromText; misses %s", foldQ.textClientMisses)
        .isGreaterThanOrEqualTo(REQUIRED_CLIENT_FROM_TEXT_Q);
  }

  /** Holds a tuned fold to the counts (unambiguous, ambiguous right) its rotation reached. */
  private static void holdsFloor(
      List<CorpusScore> scores, ExplainCorpus.Fold fold, int[] floor, String rotation) {
    CorpusScore score =
        scores.stream().filter(candidate -> candidate.fold == fold).findFirst().orElseThrow();
    assertThat(score.unambiguousRight)
        .as(
            "%s: unambiguous right, the %s rotation's floor; misses %s",
            fold.title, rotation, score.misses)
        .isGreaterThanOrEqualTo(floor[0]);
    assertThat(score.ambiguousRight)
        .as(
            "%s: ambiguous in set, the %s rotation's floor; misses %s",
            fold.title, rotation, score.misses)
        .isGreaterThanOrEqualTo(floor[1]);
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

    // This corpus labels crictl's output by the runtime behind it ("containerd"); folds T and H and
    // the documented client list call it crictl, which the explainer follows (issue 13, session 2:
    // 86.4 % here before, 83.4 % after, while folds T and H gained 43 messages).
    assertThat((double) right / ExplainCorpus.entries().size()).isGreaterThanOrEqualTo(0.80);
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
