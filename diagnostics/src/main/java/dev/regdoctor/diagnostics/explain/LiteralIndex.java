package dev.regdoctor.diagnostics.explain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds which of the rule table's prefilter literals occur in a text in one pass. Answers exactly
 * what {@code text.contains(literal)} would, for every literal at once, instead of one scan of the
 * text per literal: one {@link LiteralAutomaton} over all the literals, built with the index, reads
 * each character of the text once.
 */
final class LiteralIndex {
  private final String[] literals;

  /** Finds every literal of a text in one pass; literal ids are positions in {@link #literals}. */
  private final LiteralAutomaton automaton;

  /** The literal ids of each probe, in the order the probes were given. */
  private final int[][] byProbe;

  /** The probes each literal belongs to, by literal id. */
  private final int[][] probesOf;

  /** The probes without literals: they may always match. */
  private final int[] unfiltered;

  private final Map<RuleTable.Probe, Integer> numbers = new IdentityHashMap<>();

  /** The number of this index's first probe: 0, or where {@link #restrictedTo} restricted it. */
  private final int offset;

  /** The literals of the probes {@link #restrictedTo} restricts to, built on first use. */
  private volatile @Nullable LiteralIndex restricted;

  /**
   * Indexes the literals of {@code probes}; each probe is later named by its position in {@code
   * probes} (or looked up by identity).
   */
  LiteralIndex(List<RuleTable.Probe> probes) {
    this(probes.stream().map(RuleTable.Probe::any).toList(), 0);
    for (int p = 0; p < probes.size(); p++) {
      numbers.putIfAbsent(probes.get(p), p);
    }
  }

  /**
   * Indexes {@code literalsByProbe}, the literals of the probes numbered from {@code offset} on.
   */
  private LiteralIndex(List<List<String>> literalsByProbe, int offset) {
    this.offset = offset;
    Map<String, Integer> ids = new LinkedHashMap<>();
    byProbe = new int[literalsByProbe.size()][];
    for (int p = 0; p < literalsByProbe.size(); p++) {
      List<String> any = literalsByProbe.get(p);
      int[] own = new int[any.size()];
      for (int i = 0; i < own.length; i++) {
        own[i] = ids.computeIfAbsent(any.get(i), literal -> ids.size());
      }
      byProbe[p] = own;
    }
    literals = ids.keySet().toArray(new String[0]);
    List<List<Integer>> owners = new ArrayList<>();
    for (int id = 0; id < literals.length; id++) {
      owners.add(new ArrayList<>());
    }
    List<Integer> open = new ArrayList<>();
    for (int p = 0; p < byProbe.length; p++) {
      if (byProbe[p].length == 0) {
        open.add(p);
      }
      for (int id : byProbe[p]) {
        owners.get(id).add(p);
      }
    }
    probesOf = new int[literals.length][];
    for (int id = 0; id < literals.length; id++) {
      probesOf[id] = owners.get(id).stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    unfiltered = open.stream().mapToInt(Integer::intValue).toArray();
    automaton = new LiteralAutomaton(literals);
  }

  /**
   * Returns what {@link #mayMatch(int, BitSet)} reads: the ids of the literals that occur in {@code
   * lower} (already lowercase) and, after them (from the number of literals on), the probes that
   * may match, so that asking about a probe is one bit however many literals it has.
   */
  BitSet scan(String lower) {
    return withProbes(literalsIn(lower));
  }

  /** Returns the ids of the literals that occur in {@code lower} as bits of words. */
  private long[] literalsIn(String lower) {
    // Reading a char array costs a fraction of String.charAt in the launcher's C1-compiled code.
    long[] found = new long[(literals.length + byProbe.length + 63) >>> 6];
    automaton.scan(lower.toCharArray(), found);
    return found;
  }

  /**
   * Returns the literals, each once, by id: bit {@code id} of what {@link #scan} returns says
   * whether {@code literals()[id]} occurs in the text.
   */
  String[] literals() {
    return literals.clone();
  }

  /**
   * Returns {@code found} (the literals' bits, in words) as a set, with the probes they let match
   * set after them.
   */
  private BitSet withProbes(long[] found) {
    int base = literals.length;
    for (int p : unfiltered) {
      int bit = base + p;
      found[bit >>> 6] |= 1L << bit;
    }
    for (int word = 0; word << 6 < base; word++) {
      long bits = found[word];
      while (bits != 0) {
        int id = word << 6 | Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        if (id >= base) {
          break;
        }
        for (int p : probesOf[id]) {
          int bit = base + p;
          found[bit >>> 6] |= 1L << bit;
        }
      }
    }
    return BitSet.valueOf(found);
  }

  /**
   * Returns whether the pattern behind the probe at {@code probe} (its position in the list this
   * index was built from) may match: it has no literals, or one of them is in {@code found} (what
   * {@link #scan} returned).
   */
  boolean mayMatch(int probe, BitSet found) {
    return found.get(literals.length + probe - offset);
  }

  /**
   * Returns an index of the literals of the probes {@code from} to {@code from + count - 1} alone
   * (a fraction of the literals to look for, for a text read only for those probes); its answer of
   * {@link #mayMatch(int, BitSet)} for them is this one's.
   */
  LiteralIndex restrictedTo(int from, int count) {
    LiteralIndex index = restricted;
    if (index == null || index.offset != from || index.byProbe.length != count) {
      List<List<String>> any = new ArrayList<>();
      for (int p = from; p < from + count; p++) {
        List<String> own = new ArrayList<>();
        for (int id : byProbe[p]) {
          own.add(literals[id]);
        }
        any.add(own);
      }
      // Built at most a few times under a race, each time the same: no lock needed.
      index = new LiteralIndex(any, from);
      restricted = index;
    }
    return index;
  }

  /** Returns {@link #mayMatch(int, BitSet)} for a probe named by identity. */
  boolean mayMatch(RuleTable.Probe probe, BitSet found) {
    Integer number = numbers.get(probe);
    if (number == null) {
      throw new IllegalArgumentException("probe not indexed: " + probe.any());
    }
    return mayMatch(number, found);
  }
}
