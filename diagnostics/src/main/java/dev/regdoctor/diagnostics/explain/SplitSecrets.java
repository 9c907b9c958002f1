package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.internal.http.Redaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Removes from an explanation the secrets that a hard line wrap split across lines of the pasted
 * text ({@link Redaction#textAcrossWraps}): the redaction the rules read sees each line on its own
 * and may leave a piece of such a secret, or all of it, and the explainer joins a terminal's
 * 80-column lines only after it. What the rules and the wording model read is left as it was, so
 * the verdict is the same; the explanation's input is the text with every piece masked in its line,
 * and every other string of the explanation loses each piece (three characters or more) it holds.
 * Most texts hold no such secret and are returned at once.
 */
final class SplitSecrets {
  /** Shorter pieces are left in text the explainer made: masking them would garble its words. */
  private static final int MIN_PIECE = 3;

  private SplitSecrets() {}

  /** Returns {@code explanation} of {@code pasted} without the pieces of split secrets. */
  static Explanation removed(Explanation explanation, String pasted) {
    String text = ErrorText.stripAnsi(pasted);
    int[] ranges = Redaction.wrapSplitRanges(text);
    if (ranges.length == 0) {
      return explanation;
    }
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < ranges.length; i += 2) {
      String needle = needle(text, ranges[i], ranges[i + 1]);
      if (needle != null) {
        pieces.add(needle);
      }
    }
    // longest first, so that a piece inside another is not masked in it first
    pieces.sort(Comparator.comparingInt(String::length).reversed());
    String input = ErrorText.examined(Redaction.textAcrossWraps(text));
    List<Finding> alternatives = new ArrayList<>();
    for (Finding alternative : explanation.alternatives()) {
      alternatives.add(finding(alternative, pieces));
    }
    Explanation.Entities e = explanation.entities();
    Explanation.Entities entities =
        new Explanation.Entities(
            maskedOrNull(e.registry(), pieces),
            maskedOrNull(e.repository(), pieces),
            maskedOrNull(e.reference(), pieces),
            e.status(),
            // an OCI error code is a word of the distribution spec, never a secret
            e.ociCode(),
            maskedOrNull(e.platform(), pieces),
            maskedOrNull(e.secret(), pieces),
            maskedOrNull(e.pod(), pieces),
            maskedOrNull(e.namespace(), pieces));
    return new Explanation(
        input,
        explanation.client(),
        finding(explanation.verdict(), pieces),
        alternatives,
        entities);
  }

  /**
   * Returns the piece at {@code [from, to)} with the character before it and the one after it in
   * its line, where it has them, so that the same letters elsewhere (a code, a word) stay; null for
   * a piece too short to look for.
   */
  private static @Nullable String needle(String text, int from, int to) {
    String piece = text.substring(from, to).strip();
    if (piece.length() < MIN_PIECE) {
      return null;
    }
    int start = from;
    while (start < to && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    int end = to;
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (start > 0 && !isBreak(text.charAt(start - 1))) {
      start--;
    }
    if (end < text.length() && !isBreak(text.charAt(end))) {
      end++;
    }
    return text.substring(start, end);
  }

  /** A line break or blank: excerpts join lines and collapse blanks, so it is not looked for. */
  private static boolean isBreak(char c) {
    return Character.isWhitespace(c);
  }

  private static Finding finding(Finding finding, List<String> pieces) {
    List<String> evidence = new ArrayList<>();
    for (String line : finding.evidence()) {
      evidence.add(masked(line, pieces));
    }
    List<Remedy> remediation = new ArrayList<>();
    for (Remedy remedy : finding.remediation()) {
      remediation.add(
          new Remedy(masked(remedy.text(), pieces), maskedOrNull(remedy.command(), pieces)));
    }
    return new Finding(
        finding.code(),
        finding.severity(),
        masked(finding.summary(), pieces),
        evidence,
        remediation,
        finding.guide());
  }

  private static String masked(String text, List<String> needles) {
    String result = text;
    for (String needle : needles) {
      if (result.contains(needle)) {
        result = result.replace(needle, Redaction.MASK);
      }
    }
    return result;
  }

  private static @Nullable String maskedOrNull(@Nullable String text, List<String> pieces) {
    return text == null ? null : masked(text, pieces);
  }
}
