package dev.regdoctor.diagnostics.kubernetes;

import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.ReportText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link KubernetesReport} for people, grouped by workload and container: every finding
 * with up to four evidence lines, errors and warnings with up to three remediation steps, advice
 * with its first command. The JSON form carries everything.
 */
final class KubernetesText {
  // Colors and styling are the human report's, so both reports look alike.
  private static final String RED = ReportText.RED;
  private static final String YELLOW = ReportText.YELLOW;
  private static final String GREEN = ReportText.GREEN;
  private static final String DIM = ReportText.DIM;

  private KubernetesText() {}

  static String render(KubernetesReport report, Catalogue catalogue, boolean color, String more) {
    List<String> lines = new ArrayList<>();
    if (report.offline()) {
      lines.add(ReportText.colored(color, DIM, catalogue.label("k8sOffline")));
    }
    report.notes().forEach(note -> lines.add(ReportText.colored(color, DIM, note)));
    if (report.workloads().isEmpty()) {
      lines.add(catalogue.label("k8sNoWorkloads"));
      return String.join(System.lineSeparator(), lines);
    }
    int containers = 0;
    int failing = 0;
    for (KubernetesReport.Workload workload : report.workloads()) {
      if (!lines.isEmpty()) {
        lines.add("");
      }
      lines.add(
          workload.kind()
              + " "
              + workload.namespace()
              + "/"
              + workload.name()
              + "  "
              + ReportText.colored(
                  color,
                  DIM,
                  "("
                      + catalogue.label("k8sServiceAccount")
                      + " "
                      + workload.serviceAccount()
                      + ")"));
      for (KubernetesReport.Container container : workload.containers()) {
        containers++;
        failing += container.ok() ? 0 : 1;
        container(lines, container, catalogue, color, more);
      }
    }
    lines.add("");
    lines.add(
        Catalogue.fill(
            catalogue.label("k8sSummary"),
            Map.of(
                "workloads",
                String.valueOf(report.workloads().size()),
                "containers",
                String.valueOf(containers),
                "failing",
                String.valueOf(failing))));
    return String.join(System.lineSeparator(), lines);
  }

  private static void container(
      List<String> lines,
      KubernetesReport.Container container,
      Catalogue catalogue,
      boolean color,
      String more) {
    String type =
        switch (container.type()) {
          case INIT -> " (" + catalogue.label("k8sInit") + ")";
          case EPHEMERAL -> " (" + catalogue.label("k8sEphemeral") + ")";
          case REGULAR -> "";
        };
    String secrets =
        container.pullSecrets().isEmpty()
            ? catalogue.label("k8sNone")
            : String.join(", ", container.pullSecrets());
    String status =
        container.ok()
            ? ReportText.colored(color, GREEN, catalogue.label("ok"))
            : ReportText.colored(
                color,
                RED,
                container.findings().stream()
                    .filter(Finding::isError)
                    .findFirst()
                    .orElseThrow()
                    .code()
                    .name());
    lines.add(
        "  "
            + container.name()
            + type
            + "  "
            + (container.image().isEmpty() ? "-" : container.image())
            + "  "
            + ReportText.colored(
                color, DIM, "[" + catalogue.label("k8sPullSecrets") + ": " + secrets + "]")
            + "  "
            + status);
    for (Finding finding : container.findings()) {
      String paint =
          finding.isError() ? RED : finding.severity() == Severity.WARNING ? YELLOW : DIM;
      lines.add(
          "    "
              + ReportText.colored(color, paint, finding.code().name())
              + "  "
              + finding.summary());
      // Every finding shows why (a warning's may be that its severity was lowered, and why).
      evidence(lines, finding, catalogue, color, more);
      if (finding.isError() || finding.severity() == Severity.WARNING) {
        // A warning's steps say where to fix it, often as text without a command (review
        // defect 19): show them as an error's.
        steps(lines, finding, catalogue, color, more);
      } else {
        finding.remediation().stream()
            .filter(remedy -> remedy.command() != null)
            .findFirst()
            .ifPresent(remedy -> lines.add("        $ " + remedy.command()));
      }
    }
  }

  /**
   * Adds the evidence: all of it when it is short, else the first lines, how many more {@code
   * --json} shows, and the last line, which is where an edit of the finding says why it was changed
   * (its severity lowered, or the secret skipped by the kubelet).
   */
  private static void evidence(
      List<String> lines, Finding finding, Catalogue catalogue, boolean color, String more) {
    List<String> evidence = finding.evidence();
    if (evidence.isEmpty()) {
      return;
    }
    lines.add("      " + catalogue.label("evidence") + ":");
    if (evidence.size() <= ReportText.MAX_EVIDENCE) {
      evidence.forEach(line -> lines.add("        " + line));
      return;
    }
    evidence.subList(0, ReportText.MAX_EVIDENCE - 1).forEach(line -> lines.add("        " + line));
    lines.add(
        "        " + ReportText.leftOut(evidence.size() - ReportText.MAX_EVIDENCE, color, more));
    lines.add("        " + evidence.get(evidence.size() - 1));
  }

  private static void steps(
      List<String> lines, Finding finding, Catalogue catalogue, boolean color, String more) {
    if (!finding.remediation().isEmpty()) {
      lines.add("      " + catalogue.label("fix") + ":");
      ReportText.appendSteps(lines, finding.remediation(), "        ", color, more);
    }
  }
}
