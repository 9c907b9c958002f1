package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The automaton finds exactly the literals the block scan it replaced found ({@link
 * LiteralBlockScan}, the specification), and what one {@code contains} per literal finds: on the
 * rule table's literals over generated text and every corpus message the rules are tuned on, and on
 * small random sets of literals over a few letters, where literals overlap and nest in every way.
 */
class LiteralAutomatonTest {
  private static final RuleTable TABLE = RuleTable.standard();
  private static final LiteralIndex INDEX = new LiteralIndex(probes());
  private static final String[] LITERALS = INDEX.literals();
  private static final LiteralBlockScan BLOCKS = new LiteralBlockScan(LITERALS);

  private static List<RuleTable.Probe> probes() {
    List<RuleTable.Probe> probes = new ArrayList<>();
    TABLE.rules().forEach(rule -> probes.add(rule.probe()));
    TABLE.entities().forEach(entity -> probes.add(entity.probe()));
    return probes;
  }

  @SeededProperty(cases = 500)
  void theIndexFindsWhatTheBlockScanFoundInTextMadeOfLiterals(long seed) {
    Gen gen = new Gen(seed);
    String text =
        String.join(
                gen.pick("", " ", ": ", "\n", "é", "\"", "#", "不"),
                gen.list(
                    0,
                    16,
                    () ->
                        gen.chance(0.6)
                            ? gen.pick(LITERALS)
                            : gen.chance(0.5) ? cut(gen, gen.pick(LITERALS)) : gen.anyString(12)))
            .toLowerCase(Locale.ROOT);

    assertAgrees(text);
  }

  @Test
  void theIndexFindsWhatTheBlockScanFoundInEveryCorpusMessage() {
    for (ExplainCorpus.Entry entry : ExplainCorpus.tunedOn()) {
      assertAgrees(ErrorText.of(entry.message()).lower());
      assertAgrees(entry.message().toLowerCase(Locale.ROOT));
    }
  }

  @SeededProperty(cases = 1000)
  void smallOverlappingLiteralsAreFoundAsContainsFindsThem(long seed) {
    Gen gen = new Gen(seed);
    String letters = gen.pick("ab", "abc", "aé", "a不b");
    Set<String> distinct = new LinkedHashSet<>(gen.list(1, 12, () -> gen.string(letters, 1, 6)));
    String[] literals = distinct.toArray(new String[0]);
    String text = gen.string(letters + "x", 0, 40);

    BitSet found = new BitSet();
    long[] words = new long[(literals.length + 63) >>> 6];
    new LiteralAutomaton(literals).scan(text.toCharArray(), words);
    found.or(BitSet.valueOf(words));

    BitSet expected = new BitSet();
    for (int id = 0; id < literals.length; id++) {
      expected.set(id, text.contains(literals[id]));
    }
    assertThat(found).as("%s in %s", distinct, text).isEqualTo(expected);
    assertThat(BitSet.valueOf(new LiteralBlockScan(literals).literalsIn(text)))
        .as("block scan, %s in %s", distinct, text)
        .isEqualTo(expected);
  }

  /** Returns a piece of {@code literal}: the start of a literal that the text then leaves. */
  private static String cut(Gen gen, String literal) {
    int from = gen.between(0, literal.length() - 1);
    return literal.substring(from, gen.between(from, literal.length()));
  }

  private static void assertAgrees(String lower) {
    BitSet found = INDEX.scan(lower).get(0, LITERALS.length);
    BitSet expected = BitSet.valueOf(BLOCKS.literalsIn(lower));
    assertThat(found).as("literals in %s", lower).isEqualTo(expected);
  }
}
