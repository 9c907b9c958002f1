package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints the explainer's accuracy on the held-out fold N of the corpus ({@code
 * explain/corpus-heldout-n.jsonl}), real messages collected and labelled by people who never saw
 * the rules and added after the last rule change (issue 13). Only aggregate figures are printed,
 * never messages or ids, and nothing is asserted on them: a failing build would invite tuning
 * against the held-out fold. The size is asserted so that a lost or truncated file fails the build.
 *
 * <p>Fold H played this role in session 1 (77.9 % unambiguous top-1, scored once); it has been
 * tuning data since and is asserted by {@link ExplainCorpusTest}.
 */
class ExplainHeldOutTest {
  @Test
  void printsHeldOutAccuracy() {
    assertThat(ExplainCorpus.entries(ExplainCorpus.Fold.HELDOUT_N))
        .as("held-out fold N (%s)", ExplainCorpus.Fold.HELDOUT_N.resource)
        .hasSize(845);
    CorpusScore score =
        CorpusScore.of(ExplainCorpus.Fold.HELDOUT_N, ErrorExplainer.create(Locale.ENGLISH));

    System.out.println(
        "\nExplainer accuracy on held-out fold N (never tuned on)\n"
            + CorpusScore.header()
            + score.row()
            + "\n"
            + score.perCodeTable());
  }
}
