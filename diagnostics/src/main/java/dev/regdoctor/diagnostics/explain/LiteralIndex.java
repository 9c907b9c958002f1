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
 * <p>Literals of two and three characters are filed under themselves, longer ones under their first
 * four characters and then under each further block of four, chained into one key per block ({@link
 * #mix}): a literal of {@code 4k} to {@code 4k + 3} characters sits at block {@code k}, and every
 * shorter prefix of whole blocks is marked as worth following. A position of the text is looked up
 * only when its first two or three characters start some literal (64 Ki-bit filters); then the
 * blocks are followed for as long as some literal starts with them, and only the literals ending in
 * the last block reached are compared in full. {@code failed to } starts some sixty literals: an
 * index by the first four or eight characters compared all of them at every {@code failed to} in a
 * text, this one only those that share every block the text holds.
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

  /** Literals of two and of three characters, by the literal. */
  private final KeyTable two;

  private final KeyTable three;

  /**
   * Per block ({@code blocks[k]}: characters {@code 4k} to {@code 4k + 3}): the literals of {@code
   * 4k + 4} to {@code 4k + 7} characters by the chained key of their blocks up to {@code k}; an
   * empty list where only longer literals share those blocks (it says the next block is worth
   * asking). The key of block 0 is the four characters themselves.
   */
  private final KeyTable[] blocks;

  private final int[] singleCharacter;

  /**
   * The literals of one character as bits: characters 0–63, 64–127, and whether one is beyond
   * ASCII.
   */
  private final long singleLow;

  private final long singleHigh;
  private final boolean singleOther;

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
    literalChars = new char[literals.length][];
    for (int id = 0; id < literals.length; id++) {
      literalChars[id] = literals[id].toCharArray();
    }
    List<Integer> single = new ArrayList<>();
    Map<Long, List<Integer>> byTwo = new LinkedHashMap<>();
    Map<Long, List<Integer>> byThree = new LinkedHashMap<>();
    List<Map<Long, List<Integer>>> byBlock = new ArrayList<>();
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
      if (literal.length() < 4) {
        (literal.length() == 2 ? byTwo : byThree)
            .computeIfAbsent(key(literal), key -> new ArrayList<>())
            .add(id);
        continue;
      }
      int last = literal.length() / 4 - 1;
      long chained = key(literal);
      for (int block = 0; block <= last; block++) {
        if (block > 0) {
          chained = mix(chained, key(literal.substring(4 * block)));
        }
        while (byBlock.size() <= block) {
          byBlock.add(new LinkedHashMap<>());
        }
        List<Integer> filed = byBlock.get(block).computeIfAbsent(chained, key -> new ArrayList<>());
        if (block == last) {
          filed.add(id);
        }
      }
    }
    two = new KeyTable(byTwo);
    three = new KeyTable(byThree);
    blocks = byBlock.stream().map(KeyTable::new).toArray(KeyTable[]::new);
    singleCharacter = single.stream().mapToInt(Integer::intValue).toArray();
    long low = 0;
    long high = 0;
    boolean other = false;
    for (int id : singleCharacter) {
      char c = literals[id].charAt(0);
      if (c < 64) {
        low |= 1L << c;
      } else if (c < 128) {
        high |= 1L << c;
      } else {
        other = true;
      }
    }
    singleLow = low;
    singleHigh = high;
    singleOther = other;
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
    if (singleCharacter.length > 0) {
      singleCharacters(text, found);
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
      if (i + 3 < length && blocks.length > 0) {
        long chained = key << 16 | text[i + 3];
        for (int block = 0; ; block++) {
          int[] candidates = blocks[block].get(chained);
          if (candidates == null) {
            break;
          }
          // The first block's key is exact; the chained ones may collide, so compare in full.
          compare(text, i, block == 0 ? 4 : 0, candidates, found);
          int next = i + 4 * (block + 1);
          if (block + 1 == blocks.length || next + 3 >= length) {
            break;
          }
          chained =
              mix(
                  chained,
                  ((long) text[next] << 16 | text[next + 1]) << 32
                      | (long) text[next + 2] << 16
                      | text[next + 3]);
        }
      }
    }
    return found;
  }

  /** Sets the literals of one character that occur in {@code text}. */
  private void singleCharacters(char[] text, long[] found) {
    long low = singleLow;
    long high = singleHigh;
    boolean other = singleOther;
    long seenLow = 0;
    long seenHigh = 0;
    for (char c : text) {
      if (c < 64) {
        seenLow |= 1L << c;
      } else if (c < 128) {
        seenHigh |= 1L << c;
      }
    }
    for (int id : singleCharacter) {
      char c = literals[id].charAt(0);
      boolean seen =
          c < 64
              ? (seenLow & low & 1L << c) != 0
              : c < 128 ? (seenHigh & high & 1L << c) != 0 : other && contains(text, c);
      if (seen) {
        found[id >>> 6] |= 1L << id;
      }
    }
  }

  private static boolean contains(char[] text, char c) {
    for (char t : text) {
      if (t == c) {
        return true;
      }
    }
    return false;
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
   * Sets the literals among {@code candidates} that occur in {@code text} at {@code at}, their
   * first {@code known} characters known to be there.
   */
  private void compare(char[] text, int at, int known, int[] candidates, long[] found) {
    for (int id : candidates) {
      if ((found[id >>> 6] & 1L << id) == 0 && startsWith(text, at, known, literalChars[id])) {
        found[id >>> 6] |= 1L << id;
      }
    }
  }

  private static boolean startsWith(char[] text, int at, int known, char[] literal) {
    if (at + literal.length > text.length) {
      return false;
    }
    for (int k = known; k < literal.length; k++) {
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
    return found.get(literals.length + probe - offset);
  }

  /**
   * Returns the first probe at or after {@code probe} that {@link #mayMatch(int, BitSet)}, or -1
   * when none does: a loop over the probes that may match skips the others a word of bits at a time
   * instead of asking about each (most of the rules' probes have no literal in a text).
   */
  int nextMayMatch(int probe, BitSet found) {
    int bit = found.nextSetBit(literals.length + probe - offset);
    return bit < 0 ? -1 : bit - literals.length + offset;
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
