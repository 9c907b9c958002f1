package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The one-pass literal scan answers exactly what one {@code contains} per literal answered, so the
 * prefilter never hides a match it did not hide before.
 */
class LiteralIndexTest {
  private static final RuleTable TABLE = RuleTable.standard();
  private static final List<RuleTable.Probe> PROBES = probes();
  private static final LiteralIndex INDEX = new LiteralIndex(PROBES);
  private static final List<String> LITERALS =
      PROBES.stream().flatMap(probe -> probe.any().stream()).distinct().toList();

  private static List<RuleTable.Probe> probes() {
    List<RuleTable.Probe> probes = new ArrayList<>();
    TABLE.rules().forEach(rule -> probes.add(rule.probe()));
    TABLE.entities().forEach(entity -> probes.add(entity.probe()));
    return probes;
  }

  @SeededProperty(cases = 300)
  void scanAgreesWithContainsOnTextMadeOfLiterals(long seed) {
    Gen gen = new Gen(seed);
    String text =
        String.join(
                gen.pick("", " ", ": ", "\n", "é", "\"", "#"),
                gen.list(0, 12, () -> gen.chance(0.7) ? gen.pick(LITERALS) : gen.anyString(12)))
            .toLowerCase(Locale.ROOT);

    assertAgrees(text);
  }

  @Test
  void everyCorpusMessageGetsTheSamePrefilterAnswers() {
    for (ExplainCorpus.Entry entry : ExplainCorpus.tunedOn()) {
      assertAgrees(ErrorText.of(entry.message()).lower());
    }
  }

  @SeededProperty(cases = 300)
  void anIndexRestrictedToSomeProbesAnswersAsTheWholeOneForThem(long seed) {
    Gen gen = new Gen(seed);
    String text =
        String.join(
            gen.pick(" ", ": ", "\n"),
            gen.list(0, 12, () -> gen.chance(0.7) ? gen.pick(LITERALS) : gen.anyString(12)));
    int from = gen.between(0, PROBES.size() - 1);
    int count = gen.between(1, PROBES.size() - from);

    LiteralIndex restricted = INDEX.restrictedTo(from, count);
    BitSet found = restricted.scan(text.toLowerCase(Locale.ROOT));

    for (int p = from; p < from + count; p++) {
      assertThat(restricted.mayMatch(p, found))
          .as("literals %s in %s", PROBES.get(p).any(), text)
          .isEqualTo(PROBES.get(p).mayMatch(text.toLowerCase(Locale.ROOT)));
    }
  }

  @SeededProperty(cases = 300)
  void nextMayMatchVisitsExactlyTheProbesThatMayMatch(long seed) {
    Gen gen = new Gen(seed);
    String text =
        String.join(
                gen.pick(" ", ": ", "\n"),
                gen.list(0, 12, () -> gen.chance(0.7) ? gen.pick(LITERALS) : gen.anyString(12)))
            .toLowerCase(Locale.ROOT);
    int from = gen.between(0, PROBES.size() - 1);
    int count = gen.between(1, PROBES.size() - from);

    for (LiteralIndex index : List.of(INDEX, INDEX.restrictedTo(from, count))) {
      BitSet found = index.scan(text);
      List<Integer> expected = new ArrayList<>();
      for (int p = from; p < from + count; p++) {
        if (index.mayMatch(p, found)) {
          expected.add(p);
        }
      }
      List<Integer> visited = new ArrayList<>();
      for (int p = index.nextMayMatch(from, found);
          p >= 0 && p < from + count;
          p = index.nextMayMatch(p + 1, found)) {
        visited.add(p);
      }
      assertThat(visited)
          .as("probes %d to %d in %s", from, from + count - 1, text)
          .isEqualTo(expected);
    }
  }

  @Test
  void aRestrictedIndexIsBuiltOnceForTheSameProbes() {
    assertThat(INDEX.restrictedTo(3, 5)).isSameAs(INDEX.restrictedTo(3, 5)).isNotSameAs(INDEX);
  }

  private static void assertAgrees(String lower) {
    BitSet found = INDEX.scan(lower);
    for (RuleTable.Probe probe : PROBES) {
      assertThat(INDEX.mayMatch(probe, found))
          .as("literals %s in %s", probe.any(), lower)
          .isEqualTo(probe.mayMatch(lower));
    }
  }
}
