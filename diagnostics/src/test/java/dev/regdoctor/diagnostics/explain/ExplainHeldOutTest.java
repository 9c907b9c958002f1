package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints the explainer's accuracy on the held-out folds of the corpus: fold A4 ({@code
 * explain/corpus-heldout-a4.jsonl}), collected in session 13 before any change of that session to
 * the explainer, and fold A5 ({@code explain/corpus-heldout-a5.jsonl}), collected and frozen in
 * session 14 while the fourteenth rotation tuned on folds A2 and A3, and fold A6 ({@code
 * explain/corpus-heldout-a6.jsonl}), collected and frozen in session 16 before any change of that
 * session to the explainer, and fold A7 ({@code explain/corpus-heldout-a7.jsonl}), collected and
 * frozen in session 17 before any change of that session to the explainer. All four hold real
 * messages collected and labelled by people who never saw the rules; their misses are never read.
 * Only aggregate figures are printed, never messages or ids, and nothing is asserted on them: a
 * failing build would invite tuning against the held-out fold. Each fold's size is pinned, so that
 * a lost or truncated file fails the build.
 *
 * <p>Fold H played this role in session 1 (77.9 % unambiguous top-1), fold N in session 2 (89.4 %),
 * fold P in session 2's second rotation (90.4 %), fold Q in session 3's third rotation (89.6 %
 * unambiguous top-1, 85.0 % ambiguous in set, client 58.2 % page context and 74.7 % from text),
 * fold R in session 4 (90.2 %, 89.4 %, client 59.9 % and 74.6 %), fold S in session 5 (89.6 %, 88.6
 * %, client 67.2 % and 70.5 %), fold U in session 6 (93.9 %, 89.4 %, client 62.6 % and 72.6 %),
 * fold V in session 7 (89.6 %, 89.4 %, client 71.5 % and 65.0 %), fold W in session 8's eighth
 * rotation (749 messages, frozen 14:50 UTC, sha256 a390adff…: 397/433 91.7 % unambiguous top-1,
 * 284/316 89.9 % ambiguous in set, client 68.9 % page context, 70.2 % from text, 94.5 % remediation
 * family; without the 116 messages of the one collector that had read a note on fold V's misses,
 * 334/363 92.0 % and 246/270 91.1 %), fold X in its ninth (326 messages from 307 sources, frozen
 * 15:17 UTC, sha256 7cd313e8…: 179/196 91.3 % unambiguous top-1, 112/130 86.2 % ambiguous in set,
 * 28 UNKNOWN, client 60.9 % page context, 57.4 % from text, 89.9 % remediation family) and folds Y
 * and Z together in its tenth (784 messages from 743 sources, frozen 17:39 UTC in session 9, sha256
 * bc1aa1be…: 420/478 87.9 % unambiguous top-1, 281/306 91.8 % ambiguous in set, 59 UNKNOWN, client
 * 56.8 % page context, 64.8 % from text, 96.6 % remediation family; fold Z alone 232/261 88.9 % and
 * 146/156 93.6 %). All were scored once; fold Z was held out in sessions 9 and 10 (233/261 89.3 %,
 * 145/156 92.9 % on session 10's final rules), fold A2 in sessions 10 to 13 (369/402 91.8 % and
 * 228/250 91.2 % on session 9's final code, 370/402 92.0 % and 232/250 92.8 % on session 13's) and
 * fold A3 in sessions 11 to 13 (132/154 85.7 % and 93/103 90.3 % on session 13's final code). All
 * of them are tuning data since, asserted by {@link ExplainCorpusTest}.
 */
class ExplainHeldOutTest {
  /** Fold A4's size when it was frozen (session 13, 03:58 UTC). */
  private static final int FROZEN_SIZE_A4 = 523;

  /** Fold A5's size when it was frozen (session 14, 06:16 UTC). */
  private static final int FROZEN_SIZE_A5 = 234;

  /** Fold A6's size when it was frozen (session 16, 11:24 UTC). */
  private static final int FROZEN_SIZE_A6 = 82;

  /** Fold A7's size when it was frozen (session 17, 14:05 UTC). */
  private static final int FROZEN_SIZE_A7 = 86;

  @Test
  void printsHeldOutAccuracyOfFoldA4() {
    print(ExplainCorpus.Fold.HELDOUT_A4, FROZEN_SIZE_A4, "fold A4");
  }

  @Test
  void printsHeldOutAccuracyOfFoldA5() {
    print(ExplainCorpus.Fold.HELDOUT_A5, FROZEN_SIZE_A5, "fold A5");
  }

  @Test
  void printsHeldOutAccuracyOfFoldA6() {
    print(ExplainCorpus.Fold.HELDOUT_A6, FROZEN_SIZE_A6, "fold A6");
  }

  @Test
  void printsHeldOutAccuracyOfFoldA7() {
    print(ExplainCorpus.Fold.HELDOUT_A7, FROZEN_SIZE_A7, "fold A7");
  }

  private static void print(ExplainCorpus.Fold fold, int frozenSize, String name) {
    List<ExplainCorpus.Entry> entries = ExplainCorpus.entries(fold);
    assertThat(entries).as("%s as frozen (%s)", name, fold.resource).hasSize(frozenSize);
    assertThat(entries)
        .as("every %s line says which clients the text alone could come from", name)
        .allSatisfy(entry -> assertThat(entry.clientsFromText()).isNotNull());
    CorpusScore score = CorpusScore.of(fold, ErrorExplainer.create(Locale.ENGLISH));

    System.out.println(
        "\nExplainer accuracy on held-out "
            + name
            + " (never tuned on, misses never read)\n"
            + CorpusScore.header()
            + score.row()
            + "\n"
            + score.perCodeTable()
            + score.perPathTable());
  }
}
