package dev.regdoctor.diagnostics.explain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which of the rule table's prefilter literals occur in a text in one pass: literals are
 * grouped by their first two characters, so each position of the text is checked only against the
 * few literals that can start there. Answers exactly what {@code text.contains(literal)} would, for
 * every literal at once, instead of one scan of the text per literal.
 */
final class LiteralIndex {
  private static final int ASCII = 128;

  private final String[] literals;

  /** Literals by their first two characters when both are ASCII: {@code [c0 * 128 + c1]}. */
  private final int[][] byAsciiPrefix = new int[ASCII * ASCII][];

  /** Literals whose first two characters are not both ASCII. */
  private final Map<Integer, int[]> byPrefix = new HashMap<>();

  private final int[] singleCharacter;
  private final Map<RuleTable.Probe, int[]> ids = new IdentityHashMap<>();

  /** Indexes the literals of {@code probes}; each probe is later looked up by identity. */
  LiteralIndex(List<RuleTable.Probe> probes) {
    Map<String, Integer> numbers = new LinkedHashMap<>();
    for (RuleTable.Probe probe : probes) {
      int[] own = new int[probe.any().size()];
      for (int i = 0; i < own.length; i++) {
        own[i] = numbers.computeIfAbsent(probe.any().get(i), literal -> numbers.size());
      }
      ids.put(probe, own);
    }
    literals = numbers.keySet().toArray(new String[0]);
    Map<Integer, List<Integer>> groups = new HashMap<>();
    List<Integer> single = new ArrayList<>();
    for (int id = 0; id < literals.length; id++) {
      String literal = literals[id];
      if (literal.length() == 1) {
        single.add(id);
      } else {
        groups.computeIfAbsent(prefix(literal, 0), key -> new ArrayList<>()).add(id);
      }
    }
    groups.forEach(
        (key, members) -> {
          int[] ids = members.stream().mapToInt(Integer::intValue).toArray();
          char first = (char) (key >>> 16);
          char second = (char) (key & 0xFFFF);
          if (first < ASCII && second < ASCII) {
            byAsciiPrefix[first * ASCII + second] = ids;
          } else {
            byPrefix.put(key, ids);
          }
        });
    singleCharacter = single.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Returns the ids of the literals that occur in {@code lower} (already lowercase). */
  BitSet scan(String lower) {
    BitSet found = new BitSet(literals.length);
    for (int id : singleCharacter) {
      if (lower.indexOf(literals[id].charAt(0)) >= 0) {
        found.set(id);
      }
    }
    boolean wide = !byPrefix.isEmpty();
    for (int i = 0; i + 1 < lower.length(); i++) {
      char first = lower.charAt(i);
      char second = lower.charAt(i + 1);
      int[] candidates =
          first < ASCII && second < ASCII
              ? byAsciiPrefix[first * ASCII + second]
              : wide ? byPrefix.get(prefix(lower, i)) : null;
      if (candidates == null) {
        continue;
      }
      for (int id : candidates) {
        if (!found.get(id) && lower.startsWith(literals[id], i)) {
          found.set(id);
        }
      }
    }
    return found;
  }

  /**
   * Returns whether the pattern behind {@code probe} may match: it has no literals, or one of them
   * is in {@code found}.
   */
  boolean mayMatch(RuleTable.Probe probe, BitSet found) {
    int[] own = ids.get(probe);
    if (own == null) {
      throw new IllegalArgumentException("probe not indexed: " + probe.any());
    }
    if (own.length == 0) {
      return true;
    }
    for (int id : own) {
      if (found.get(id)) {
        return true;
      }
    }
    return false;
  }

  private static int prefix(String text, int at) {
    return text.charAt(at) << 16 | text.charAt(at + 1);
  }
}
