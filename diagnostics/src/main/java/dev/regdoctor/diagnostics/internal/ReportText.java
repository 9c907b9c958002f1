package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a report for people: the verdict line, its summary, up to four evidence lines, up to
 * three remediation steps with their commands, the timed steps on one line, and other findings. A
 * common report fits in 15 lines; the JSON form carries everything.
 */
public final class ReportText {
  public static final int MAX_EVIDENCE = 4;
  public static final int MAX_STEPS = 3;
  public static final String RESET = "\u001b[0m";
  public static final String RED = "\u001b[31;1m";
  public static final String YELLOW = "\u001b[33;1m";
  public static final String GREEN = "\u001b[32;1m";
  public static final String DIM = "\u001b[2m";

  /**
   * Where the command line's text reports send a reader for what they leave out: its {@code --json}
   * option ({@code toText}).
   */
  public static final String MORE_CLI = "--json";

  /**
   * Where a library object's {@code toString()} sends a reader for what it leaves out: its {@code
   * toJson()} method (a JShell user has no {@code --json}).
   */
  public static final String MORE_LIBRARY = "toJson()";

  private ReportText() {}

  /**
   * Renders {@code report}; a line counting what the text leaves out points at {@code more} ({@link
   * #MORE_CLI} or {@link #MORE_LIBRARY}).
   */
  public static String render(Report report, Catalogue catalogue, boolean color, String more) {
    List<String> lines = new ArrayList<>();
    Finding verdict = report.verdict();
    String subject = report.reference().orElse(report.input());
    String paint =
        verdict.isError() ? RED : verdict.severity() == Severity.WARNING ? YELLOW : GREEN;
    lines.add(
        colored(color, paint, verdict.code().name())
            + "  "
            + subject
            + "  "
            + colored(
                color,
                DIM,
                "("
                    + report.requests()
                    + " "
                    + catalogue.label(report.requests() == 1 ? "request" : "requests")
                    + ", "
                    + millis(report.elapsed())
                    + " ms)"));
    lines.add("  " + verdict.summary());
    credentials(report)
        .map(
            who ->
                catalogue.locale().equals(Catalogue.ZH_CN) ? CredentialWording.chinese(who) : who)
        .ifPresent(who -> lines.add("  " + catalogue.label("credentials") + ": " + who));
    if (verdict.isError()) {
      appendFinding(lines, verdict, catalogue, color, more);
    }
    String steps = steps(report, catalogue);
    if (!steps.isEmpty()) {
      lines.add("  " + catalogue.label("steps") + ": " + steps);
    }
    if (report.runtime().isPresent()) {
      lines.add(
          "  "
              + catalogue.label("mirrors.pullsFrom")
              + " ("
              + report.runtime().get()
              + "): "
              + report.pullsFrom().orElse(catalogue.label("mirrors.none")));
    }
    if (report.probe().blobs() != null) {
      List<String> pull = PullAdvice.evidence(report.probe().blobs(), catalogue);
      lines.add(
          "  "
              + catalogue.label("pull")
              + ": "
              + String.join("; ", pull.subList(0, Math.min(3, pull.size()))));
    }
    List<Finding> others = report.findings().subList(1, report.findings().size());
    for (Finding other : others) {
      appendOther(lines, other, catalogue, color, more);
    }
    return String.join(System.lineSeparator(), lines);
  }

  /**
   * Appends a finding other than the verdict. A note (INFO) is one line, for advice codes with its
   * first step after a dash ("Note: … is large: … — Use a multi-stage build …"), so that a note
   * said for several images can be said once. A warning or error shows its steps as the verdict
   * does, numbered, with their commands: the step that says where to fix it is often text only
   * (review defect 19).
   */
  public static void appendOther(
      List<String> lines, Finding other, Catalogue catalogue, boolean color, String more) {
    if (other.severity() == Severity.INFO) {
      // Advice (LARGE_IMAGE, PULL_POLICY) is its steps; a finding lowered to a note (plain HTTP on
      // loopback) says why in its summary, and its steps are in the JSON.
      boolean advice = other.code().severity() == Severity.INFO;
      Remedy first = advice && !other.remediation().isEmpty() ? other.remediation().get(0) : null;
      lines.add(
          "  "
              + colored(
                  color,
                  DIM,
                  catalogue.label("note")
                      + ": "
                      + other.summary()
                      + (first == null ? "" : " — " + first.text())));
      if (first != null && first.command() != null) {
        lines.add("      $ " + first.command());
      }
      return;
    }
    String otherPaint = other.isError() ? RED : other.severity() == Severity.WARNING ? YELLOW : DIM;
    lines.add(
        "  "
            + catalogue.label("other")
            + ": "
            + colored(color, otherPaint, other.code().name())
            + " "
            + other.summary());
    if (catalogue.leavesDetailToEvidence(other.code(), null) && !other.evidence().isEmpty()) {
      // The Chinese summary leaves the probe's English detail to the evidence: show it here,
      // where an other finding shows no evidence block.
      lines.add(
          "      " + catalogue.label("evidence") + ": " + abbreviate(other.evidence().get(0)));
    }
    appendSteps(lines, other.remediation(), "      ", color, more);
  }

  private static void appendFinding(
      List<String> lines, Finding finding, Catalogue catalogue, boolean color, String more) {
    List<String> evidence = evidenceToShow(finding);
    if (!evidence.isEmpty()) {
      lines.add("  " + catalogue.label("evidence") + ":");
      evidence.stream().limit(MAX_EVIDENCE).forEach(line -> lines.add("    " + abbreviate(line)));
      if (evidence.size() > MAX_EVIDENCE) {
        lines.add("    " + leftOut(evidence.size() - MAX_EVIDENCE, color, more));
      }
    }
    if (!finding.remediation().isEmpty()) {
      lines.add("  " + catalogue.label("fix") + ":");
      appendSteps(lines, finding.remediation(), "    ", color, more);
    }
  }

  /**
   * The dim line that counts what a short text report leaves to the JSON: {@code … +2 (--json)} on
   * the command line, {@code … +2 (toJson())} in a library object's {@code toString()}.
   */
  public static String leftOut(int count, boolean color, String more) {
    return colored(color, DIM, "… +" + count + " (" + more + ")");
  }

  /**
   * Appends the first {@link #MAX_STEPS} of {@code steps}, numbered, each with its command, and a
   * dim {@code … +N (--json)} line when more exist: a step left out of the text (a verification, a
   * security caveat) must not vanish without a word (review item, session 15).
   */
  public static void appendSteps(
      List<String> lines, List<Remedy> steps, String indent, boolean color, String more) {
    String textIndent = indent + "   ";
    int number = 1;
    for (Remedy remedy : steps.subList(0, Math.min(MAX_STEPS, steps.size()))) {
      lines.add(indent + number++ + ". " + indented(remedy.text(), textIndent));
      if (remedy.command() != null) {
        lines.add(textIndent + "$ " + remedy.command());
      }
    }
    if (steps.size() > MAX_STEPS) {
      lines.add(indent + leftOut(steps.size() - MAX_STEPS, color, more));
    }
  }

  /**
   * Returns {@code text} with its later lines indented by {@code indent}: a step may quote lines to
   * add to a file (RUNTIME_MISMATCH's registries.conf block), which must not start at column 0.
   */
  static String indented(String text, String indent) {
    return text.indexOf('\n') < 0 ? text : text.replace("\n", System.lineSeparator() + indent);
  }

  /** Returns the timed steps on one line, in English: {@code dns -, connect 0.4ms, ping 1.1ms}. */
  public static String steps(Report report) {
    return steps(report, Catalogue.forLocale(Locale.ROOT));
  }

  /**
   * Returns the timed steps on one line: {@code dns -, connect 0.4ms, ping 1.1ms}. A step that did
   * not happen for this image because an earlier check's connection, ping answer or token was
   * reused reads {@code connect reused}: its zero time measures nothing (review item, session 14).
   */
  static String steps(Report report, Catalogue catalogue) {
    // On a reused connection no handshake happened either, whatever the TLS step's detail says.
    boolean connectionReused =
        report.steps().stream().anyMatch(step -> step.name() == StepName.CONNECT && reused(step));
    List<String> parts = new ArrayList<>();
    for (Step step : report.steps()) {
      if (step.name() == StepName.REFERENCE
          || step.name() == StepName.ENDPOINT
          || step.name() == StepName.CREDENTIALS) {
        continue;
      }
      String state =
          switch (step.status()) {
            case OK ->
                reused(step) || (step.name() == StepName.TLS && connectionReused)
                    ? catalogue.label("stepReused")
                    : String.format(Locale.ROOT, "%.1fms", step.millis());
            case SKIPPED -> "-";
            case FAILED -> "FAILED";
          };
      parts.add(step.name().label() + " " + state);
    }
    return String.join(", ", parts);
  }

  /**
   * Returns whether core marked {@code step} as reused rather than done: a ping shared with an
   * earlier check of the same registry ({@code 200 (cached)}), a pooled connection ({@code
   * 127.0.0.1:5000 (reused)}, {@code reused connection}) or a cached token ({@code token for
   * repository:team/app:pull (cached)}).
   */
  static boolean reused(Step step) {
    String detail = step.detail();
    return detail != null
        && (detail.equals("cached")
            || detail.endsWith(" (cached)")
            || detail.endsWith(" (reused)")
            || detail.equals("reused connection"));
  }

  /**
   * Returns the evidence worth printing under the summary: each line once, and none that only says
   * what the summary already says (the JSON keeps every line).
   */
  public static List<String> evidenceToShow(Finding finding) {
    String summary = normalized(finding.summary());
    List<String> shown = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String line : finding.evidence()) {
      String key = normalized(line);
      if (key.isEmpty() || !seen.add(key) || summary.contains(key)) {
        continue;
      }
      shown.add(line);
    }
    return shown;
  }

  static String normalized(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .filter(Character::isLetterOrDigit)
        .map(Character::toLowerCase)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  /** Returns where the credentials came from and for which user, when any were used. */
  private static java.util.Optional<String> credentials(Report report) {
    if (report.credentialSource().isEmpty()) {
      return java.util.Optional.empty();
    }
    return report.steps().stream()
        .filter(step -> step.name() == StepName.CREDENTIALS && step.detail() != null)
        .map(Step::detail)
        .findFirst()
        .or(report::credentialSource);
  }

  /** Width of one evidence line in the text report. */
  public static final int MAX_LINE = 160;

  /**
   * Shortens {@code line} to {@code max} characters at a word boundary, ending with "…"; the whole
   * line stays in the JSON.
   */
  public static String abbreviate(String line, int max) {
    if (line.length() <= max) {
      return line;
    }
    int cut = max - 1;
    int space = line.lastIndexOf(' ', cut);
    if (space >= max / 2) {
      cut = space;
    }
    // never split a surrogate pair
    if (Character.isHighSurrogate(line.charAt(cut - 1))) {
      cut--;
    }
    return line.substring(0, cut).stripTrailing() + "…";
  }

  private static String abbreviate(String line) {
    return abbreviate(line, MAX_LINE);
  }

  public static String colored(boolean color, String code, String text) {
    return color ? code + text + RESET : text;
  }

  /**
   * Returns {@code duration} in milliseconds with one decimal. Here rather than in {@link
   * ReportJson} so that a text report never loads Jackson.
   */
  public static BigDecimal millis(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos())
        .movePointLeft(6)
        .setScale(1, RoundingMode.HALF_UP);
  }
}
