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
 * text per literal.
 *
 * <p>Each literal is filed under its first four characters (or all of them when it is shorter), in
 * one hash table per key length. A position of the text is looked up only when its first two
 * characters start some literal (a 64 Ki-bit filter), and then costs at most four hash probes: a
 * two- or three-character key is the literal itself, a four-character key leaves only the literals
 * of up to seven characters that share those four to compare in full, and an eight-character key
 * the longer ones that share those eight. The scan reads each character a constant number of times,
 * however many literals share a common prefix such as {@code error} or {@code failed}.
 */
final class LiteralIndex {
  private static final int FILTER_BITS = 1 << 16;

  private final String[] literals;

  /** The characters of each literal, for comparing without {@code String} calls. */
  private final char[][] literalChars;

  /** Whether a pair of characters is a literal of two characters: see {@link #pair}. */
  private final long[] pairs = new long[FILTER_BITS / 64];

  /** Whether some literal of three or more characters starts with a triple: see {@link #triple}. */
  private final long[] triples = new long[FILTER_BITS / 64];

  /**
   * Literals of two and of three characters, by the literal; of four or more, by its first four.
   */
  private final KeyTable two;

  private final KeyTable three;

  /**
   * Literals of four to seven characters by their first four; an empty list when only longer ones
   * start with those four (it says that {@link #eight} is worth asking).
   */
  private final KeyTable four;

  /**
   * Literals of eight or more characters by their first eight, mixed into one key ({@link #mix}):
   * {@code error} starts 64 literals and {@code fail} 58, so filing them by four characters alone
   * compared each of them at every {@code error} in a text.
   */
  private final KeyTable eight;

  private final int[] singleCharacter;

  /** The literal ids of each probe, in the order the probes were given. */
  private final int[][] byProbe;

  /** The probes each literal belongs to, by literal id. */
  private final int[][] probesOf;

  /** The probes without literals: they may always match. */
  private final int[] unfiltered;

  private final Map<RuleTable.Probe, Integer> numbers = new IdentityHashMap<>();

  /**
   * Indexes the literals of {@code probes}; each probe is later named by its position in {@code
   * probes} (or looked up by identity).
   */
  LiteralIndex(List<RuleTable.Probe> probes) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    byProbe = new int[probes.size()][];
    for (int p = 0; p < probes.size(); p++) {
      RuleTable.Probe probe = probes.get(p);
      int[] own = new int[probe.any().size()];
      for (int i = 0; i < own.length; i++) {
        own[i] = ids.computeIfAbsent(probe.any().get(i), literal -> ids.size());
      }
      byProbe[p] = own;
      numbers.putIfAbsent(probe, p);
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
    literalChars = new char[literals.length][];
    for (int id = 0; id < literals.length; id++) {
      literalChars[id] = literals[id].toCharArray();
    }
    List<Integer> single = new ArrayList<>();
    Map<Long, List<Integer>> byTwo = new LinkedHashMap<>();
    Map<Long, List<Integer>> byThree = new LinkedHashMap<>();
    Map<Long, List<Integer>> byFour = new LinkedHashMap<>();
    Map<Long, List<Integer>> byEight = new LinkedHashMap<>();
    for (int id = 0; id < literals.length; id++) {
      String literal = literals[id];
      if (literal.length() == 1) {
        single.add(id);
        continue;
      }
      int bit =
          literal.length() == 2
              ? pair(literal.charAt(0), literal.charAt(1))
              : triple(literal.charAt(0), literal.charAt(1), literal.charAt(2));
      (literal.length() == 2 ? pairs : triples)[bit >>> 6] |= 1L << bit;
      Map<Long, List<Integer>> table =
          literal.length() == 2 ? byTwo : literal.length() == 3 ? byThree : byFour;
      List<Integer> filed = table.computeIfAbsent(key(literal), key -> new ArrayList<>());
      if (literal.length() >= 8) {
        byEight
            .computeIfAbsent(mix(key(literal), key(literal.substring(4))), key -> new ArrayList<>())
            .add(id);
      } else {
        filed.add(id);
      }
    }
    two = new KeyTable(byTwo);
    three = new KeyTable(byThree);
    four = new KeyTable(byFour);
    eight = new KeyTable(byEight);
    singleCharacter = single.stream().mapToInt(Integer::intValue).toArray();
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
    char[] text = lower.toCharArray();
    long[] found = new long[(literals.length + byProbe.length + 63) >>> 6];
    for (int id : singleCharacter) {
      if (lower.indexOf(literals[id].charAt(0)) >= 0) {
        found[id >>> 6] |= 1L << id;
      }
    }
    int length = text.length;
    if (length < 2) {
      return found;
    }
    long[] pairs = this.pairs;
    long[] triples = this.triples;
    char c0;
    char c1 = text[0];
    char c2 = text[1];
    for (int i = 0; i + 1 < length; i++) {
      c0 = c1;
      c1 = c2;
      int bit = pair(c0, c1);
      if ((pairs[bit >>> 6] & 1L << bit) != 0) {
        setAll(found, two.get((long) c0 << 16 | c1));
      }
      if (i + 2 >= length) {
        break;
      }
      c2 = text[i + 2];
      bit = triple(c0, c1, c2);
      if ((triples[bit >>> 6] & 1L << bit) == 0) {
        continue;
      }
      long key = ((long) c0 << 16 | c1) << 16 | c2;
      setAll(found, three.get(key));
      if (i + 3 < length) {
        long first = key << 16 | text[i + 3];
        int[] candidates = four.get(first);
        if (candidates != null) {
          compare(text, i, candidates, found);
          if (i + 7 < length) {
            long next =
                ((long) text[i + 4] << 16 | text[i + 5]) << 32
                    | (long) text[i + 6] << 16
                    | text[i + 7];
            int[] longer = eight.get(mix(first, next));
            if (longer != null) {
              compare(text, i, longer, found);
            }
          }
        }
      }
    }
    return found;
  }

  /** Returns {@code literals} (bits of words) followed by the probes they let match. */
  private BitSet withProbes(long[] literals) {
    BitSet found = BitSet.valueOf(literals);
    int base = this.literals.length;
    for (int p : unfiltered) {
      found.set(base + p);
    }
    for (int id = found.nextSetBit(0); id >= 0 && id < base; id = found.nextSetBit(id + 1)) {
      for (int p : probesOf[id]) {
        found.set(base + p);
      }
    }
    return found;
  }

  /** Sets the literals among {@code candidates} that occur in {@code text} at {@code at}. */
  private void compare(char[] text, int at, int[] candidates, long[] found) {
    for (int id : candidates) {
      if ((found[id >>> 6] & 1L << id) == 0 && startsWith(text, at, literalChars[id])) {
        found[id >>> 6] |= 1L << id;
      }
    }
  }

  private static boolean startsWith(char[] text, int at, char[] literal) {
    if (at + literal.length > text.length) {
      return false;
    }
    for (int k = 0; k < literal.length; k++) {
      if (text[at + k] != literal[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Mixes two four-character keys into one; two different pairs may share it, which costs only a
   * comparison, since every candidate is compared in full.
   */
  private static long mix(long first, long next) {
    return first * 0x9E3779B97F4A7C15L + next;
  }

  /**
   * Returns whether the pattern behind the probe at {@code probe} (its position in the list this
   * index was built from) may match: it has no literals, or one of them is in {@code found} (what
   * {@link #scan} returned).
   */
  boolean mayMatch(int probe, BitSet found) {
    return found.get(literals.length + probe);
  }

  /** Returns {@link #mayMatch(int, BitSet)} for a probe named by identity. */
  boolean mayMatch(RuleTable.Probe probe, BitSet found) {
    Integer number = numbers.get(probe);
    if (number == null) {
      throw new IllegalArgumentException("probe not indexed: " + probe.any());
    }
    return mayMatch(number, found);
  }

  private static void setAll(long[] found, int @Nullable [] ids) {
    if (ids != null) {
      for (int id : ids) {
        found[id >>> 6] |= 1L << id;
      }
    }
  }

  /** The filter bit of two characters: exact for ASCII pairs, hashed for others. */
  private static int pair(char first, char second) {
    return (first << 7 ^ second) & (FILTER_BITS - 1);
  }

  /** The filter bit of three characters, hashed. */
  private static int triple(char first, char second, char third) {
    return (first * 961 + second * 31 + third) & (FILTER_BITS - 1);
  }

  /** The key of a literal: its first four characters (all of them when shorter), 16 bits each. */
  private static long key(String literal) {
    long key = 0;
    for (int i = 0; i < Math.min(4, literal.length()); i++) {
      key = key << 16 | literal.charAt(i);
    }
    return key;
  }

  /** An open-addressing map from a packed key to the ids filed under it; immutable once built. */
  private static final class KeyTable {
    private final long[] keys;
    private final int[][] values;
    private final int shift;

    KeyTable(Map<Long, List<Integer>> entries) {
      int bits = 4;
      while (1 << bits < entries.size() * 2) {
        bits++;
      }
      keys = new long[1 << bits];
      values = new int[1 << bits][];
      shift = 64 - bits;
      entries.forEach(
          (key, ids) -> {
            int slot = slot(key);
            while (values[slot] != null) {
              slot = (slot + 1) & (keys.length - 1);
            }
            keys[slot] = key;
            values[slot] = ids.stream().mapToInt(Integer::intValue).toArray();
          });
    }

    int @Nullable [] get(long key) {
      int slot = slot(key);
      int[] ids;
      while ((ids = values[slot]) != null) {
        if (keys[slot] == key) {
          return ids;
        }
        slot = (slot + 1) & (keys.length - 1);
      }
      return null;
    }

    private int slot(long key) {
      return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
  }
}
