package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;

/** What the explain tests ask of an explanation's findings. */
final class ExplainFindings {
  private ExplainFindings() {}

  /** Returns whether {@code code} is among the explanation's alternatives (not its verdict). */
  static boolean offers(Explanation explanation, DiagnosisCode code) {
    return explanation.alternatives().stream().map(Finding::code).anyMatch(code::equals);
  }
}
