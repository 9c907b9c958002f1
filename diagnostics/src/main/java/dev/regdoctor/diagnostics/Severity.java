package dev.regdoctor.diagnostics;

/** How much a finding matters. */
public enum Severity {
  /** Blocks the pull. */
  ERROR,
  /** The pull works but is risky or slow. */
  WARNING,
  /** Worth knowing. */
  INFO
}
