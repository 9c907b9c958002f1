package dev.regdoctor.junit5;

import dev.regdoctor.diagnostics.Report;

/**
 * Writes the messages of failed assertions and unmet requirements: one headline saying what was
 * expected and the verdict code, then the human report of Registry Doctor (verdict, evidence,
 * remediation, timed steps). Reports hold no secrets, so neither do the messages.
 */
final class FailureMessage {
  private FailureMessage() {}

  /** Returns the message for an image that was expected to be pullable. */
  static String notPullable(Report report) {
    return of(
        "expected "
            + report.input()
            + " to be pullable, but the verdict is "
            + report.verdict().code(),
        report);
  }

  /**
   * Returns the message for an image whose registry was expected to be reachable and to authorise
   * access.
   */
  static String notReachable(Report report) {
    String repository = report.repository().map(name -> " to " + name).orElse("");
    return of(
        "expected the registry of "
            + report.input()
            + " to be reachable and to authorise access"
            + repository
            + ", but the verdict is "
            + report.verdict().code(),
        report);
  }

  /** Returns the message for a host that was expected to answer {@code /v2/} as a registry. */
  static String notUp(String host, Report report) {
    return of(
        "expected "
            + host
            + " to answer /v2/ as a registry, but the verdict is "
            + report.verdict().code(),
        report);
  }

  /** Returns the reason a requirement is unmet, for skipped and failed tests alike. */
  static String unmet(Requirement requirement, Report report) {
    return of(
        requirement.describe()
            + ": the image cannot be pulled, the verdict is "
            + report.verdict().code(),
        report);
  }

  /** Returns the message for an annotation whose image is not a valid reference. */
  static String invalidReference(Requirement requirement, Report report) {
    return of(requirement.describe() + " does not name a valid image", report);
  }

  private static String of(String headline, Report report) {
    return headline + System.lineSeparator() + report;
  }
}
