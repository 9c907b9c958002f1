package dev.regdoctor.diagnostics.explain;

import java.util.Arrays;

/**
 * An Aho–Corasick automaton over a set of literals: one pass over a text, one transition per
 * character, finds every literal that occurs in it (what {@code text.contains(literal)} answers,
 * for all of them at once). Immutable once built.
 *
 * <p>An ASCII character is its own column of a transition row; a character beyond ASCII that some
 * literal holds has a column after them, and any other character beyond ASCII, held by no literal,
 * leads back to the root. States are numbered breadth first, so the shallow ones come first; those
 * up to {@link #DENSE_DEPTH} characters deep (where a scan spends most of its time) have a full row
 * of transitions, deeper ones only their children and their failure link. A deeper state's missing
 * transition follows failure links until a state has the child or a full row: each link leads to a
 * shallower state, so a scan stays linear in the length of the text. A transition to a state where
 * some literal ends is stored as the state's complement ({@code ~state}, negative), so a scan reads
 * one number per character.
 */
final class LiteralAutomaton {
  /** States this many characters deep or less get a full row of transitions. */
  private static final int DENSE_DEPTH = 4;

  /**
   * The characters beyond ASCII that literals hold, sorted; the one at {@code j} is column 128 + j.
   */
  private final char[] otherChars;

  /** Columns per full row: the 128 ASCII characters, then {@link #otherChars}. */
  private final int width;

  /** States {@code 0} to {@code denseStates - 1} have full rows; 0 is the root. */
  private final int denseStates;

  /** The full rows, {@code width} transitions per dense state (complemented: see the class). */
  private final int[] rows;

  /**
   * A deeper state's children: column {@code childColumn[k]} to {@code childTarget[k]}, k in
   * [start, end).
   */
  private final int[] childStart;

  private final int[] childColumn;

  /** Transitions to the children, complemented as in {@link #rows}. */
  private final int[] childTarget;

  /** Each state's failure link: the state of its longest proper suffix that some literal starts. */
  private final int[] failure;

  /**
   * Where each state's literals start in {@link #outputs} (a count, then the ids), or -1 when no
   * literal ends there. A state's literals are those ending at it and at the states of its
   * suffixes.
   */
  private final int[] outputAt;

  private final int[] outputs;

  /** Builds the automaton of {@code literals}; literal {@code i} is reported as id {@code i}. */
  LiteralAutomaton(String[] literals) {
    otherChars = otherCharacters(literals);
    width = 128 + otherChars.length;

    // The trie, numbered in insertion order, children as linked lists.
    int capacity = 1;
    for (String literal : literals) {
      capacity += literal.length();
    }
    int[] firstChild = new int[capacity];
    int[] nextSibling = new int[capacity];
    int[] label = new int[capacity];
    int[] depth = new int[capacity];
    int[] ending = new int[capacity];
    Arrays.fill(firstChild, -1);
    Arrays.fill(ending, -1);
    int nodes = 1;
    for (int id = 0; id < literals.length; id++) {
      String literal = literals[id];
      if (literal.isEmpty()) {
        throw new IllegalArgumentException("empty literal");
      }
      int node = 0;
      for (int i = 0; i < literal.length(); i++) {
        int c = column(literal.charAt(i));
        int child = firstChild[node];
        while (child >= 0 && label[child] != c) {
          child = nextSibling[child];
        }
        if (child < 0) {
          child = nodes++;
          label[child] = c;
          depth[child] = depth[node] + 1;
          nextSibling[child] = firstChild[node];
          firstChild[node] = child;
        }
        node = child;
      }
      ending[node] = id;
    }

    // Breadth-first numbering: order[state] is the trie node, stateOf[node] the state.
    int[] order = new int[nodes];
    int[] stateOf = new int[nodes];
    int tail = 1;
    int dense = 0;
    for (int head = 0; head < tail; head++) {
      int node = order[head];
      stateOf[node] = head;
      if (depth[node] <= DENSE_DEPTH) {
        dense = head + 1;
      }
      for (int child = firstChild[node]; child >= 0; child = nextSibling[child]) {
        order[tail++] = child;
      }
    }
    denseStates = dense;
    rows = new int[dense * width];
    childStart = new int[nodes + 1];
    int children = 0;
    for (int state = 0; state < nodes; state++) {
      childStart[state] = children;
      if (state >= dense) {
        for (int child = firstChild[order[state]]; child >= 0; child = nextSibling[child]) {
          children++;
        }
      }
    }
    childStart[nodes] = children;
    childColumn = new int[children];
    childTarget = new int[children];
    failure = new int[nodes];
    outputAt = new int[nodes];
    Arrays.fill(outputAt, -1);
    int[] out = new int[16];
    int outLength = 0;

    // In breadth-first order every shallower state is complete before a deeper one needs it.
    for (int state = 0; state < nodes; state++) {
      int node = order[state];
      int fail = failure[state];
      if (state < dense) {
        int row = state * width;
        if (state > 0) {
          System.arraycopy(rows, fail * width, rows, row, width);
        }
        for (int child = firstChild[node]; child >= 0; child = nextSibling[child]) {
          rows[row + label[child]] = stateOf[child];
        }
      } else {
        int k = childStart[state];
        for (int child = firstChild[node]; child >= 0; child = nextSibling[child]) {
          childColumn[k] = label[child];
          childTarget[k++] = stateOf[child];
        }
      }
      for (int child = firstChild[node]; child >= 0; child = nextSibling[child]) {
        failure[stateOf[child]] = state == 0 ? 0 : step(fail, label[child]);
      }
      // A failure link leads to a shallower state, whose literals are known by now.
      int own = ending[node];
      if (own < 0) {
        outputAt[state] = state == 0 ? -1 : outputAt[fail];
      } else {
        int inherited = state == 0 || outputAt[fail] < 0 ? 0 : out[outputAt[fail]];
        if (outLength + inherited + 2 > out.length) {
          out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + inherited + 2));
        }
        outputAt[state] = outLength;
        out[outLength] = inherited + 1;
        out[outLength + 1] = own;
        if (inherited > 0) {
          System.arraycopy(out, outputAt[fail] + 1, out, outLength + 2, inherited);
        }
        outLength += inherited + 2;
      }
    }
    // Every state's literals are known now: complement the transitions to states with literals.
    complementWhereLiteralsEnd(rows);
    complementWhereLiteralsEnd(childTarget);
    outputs = Arrays.copyOf(out, outLength);
  }

  /**
   * Sets bit {@code id} of {@code found} (in words) for every literal id that occurs in {@code
   * text}.
   */
  void scan(char[] text, long[] found) {
    int[] rows = this.rows;
    int width = this.width;
    int dense = denseStates;
    int state = 0;
    for (char ch : text) {
      int next;
      if (ch < 128) {
        next = state < dense ? rows[state * width + ch] : step(state, ch);
      } else {
        int at = Arrays.binarySearch(otherChars, ch);
        next = at < 0 ? 0 : step(state, 128 + at);
      }
      if (next >= 0) {
        state = next;
      } else {
        state = ~next;
        int[] outputs = this.outputs;
        int at = outputAt[state];
        for (int k = at + 1, end = at + 1 + outputs[at]; k < end; k++) {
          int id = outputs[k];
          found[id >>> 6] |= 1L << id;
        }
      }
    }
  }

  /**
   * Returns the transition from {@code state} on column {@code c}: complemented when literals end
   * there, once built; while building, from a state whose transitions are stored, not complemented.
   */
  private int step(int state, int c) {
    int s = state;
    while (s >= denseStates) {
      for (int k = childStart[s], end = childStart[s + 1]; k < end; k++) {
        if (childColumn[k] == c) {
          return childTarget[k];
        }
      }
      s = failure[s];
    }
    return rows[s * width + c];
  }

  private void complementWhereLiteralsEnd(int[] transitions) {
    int[] outputAt = this.outputAt;
    for (int i = 0; i < transitions.length; i++) {
      int state = transitions[i];
      if (outputAt[state] >= 0) {
        transitions[i] = ~state;
      }
    }
  }

  private int column(char c) {
    return c < 128 ? c : 128 + Arrays.binarySearch(otherChars, c);
  }

  /** Returns the characters beyond ASCII that the literals hold, sorted, each once. */
  private static char[] otherCharacters(String[] literals) {
    StringBuilder all = new StringBuilder();
    for (String literal : literals) {
      for (int i = 0; i < literal.length(); i++) {
        if (literal.charAt(i) >= 128) {
          all.append(literal.charAt(i));
        }
      }
    }
    char[] chars = all.toString().toCharArray();
    Arrays.sort(chars);
    int distinct = 0;
    for (int i = 0; i < chars.length; i++) {
      if (i == 0 || chars[i] != chars[i - 1]) {
        chars[distinct++] = chars[i];
      }
    }
    return Arrays.copyOf(chars, distinct);
  }
}
