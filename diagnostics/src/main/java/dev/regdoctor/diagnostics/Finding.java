package dev.regdoctor.diagnostics;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One diagnosis: what is wrong (or right), the evidence that shows it, and what to do about it.
 * Holds no secret material. {@code toString} prints the code, severity and summary.
 *
 * @param code the diagnosis code
 * @param severity how much it matters
 * @param summary one line naming the host, repository or secret concerned
 * @param evidence requests, answers and observations that show it
 * @param remediation what to do, in order
 * @param guide the guide section the advice comes from, or {@code null}
 */
public record Finding(
    DiagnosisCode code,
    Severity severity,
    String summary,
    List<String> evidence,
    List<Remedy> remediation,
    @Nullable String guide) {

  /** Validates and copies. */
  public Finding {
    requireNonNull(code, "code");
    requireNonNull(severity, "severity");
    requireNonNull(summary, "summary");
    evidence = List.copyOf(evidence);
    remediation = List.copyOf(remediation);
  }

  /** Returns whether this finding blocks the pull. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return code + " (" + severity + "): " + summary;
  }
}
