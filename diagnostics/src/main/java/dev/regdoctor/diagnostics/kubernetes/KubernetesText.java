package dev.regdoctor.diagnostics.kubernetes;

import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.ReportText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link KubernetesReport} for people, grouped by workload and container: each error with
 * up to four evidence lines and three remediation steps, warnings and advice on one line with their
 * first command. The JSON form carries everything.
 */
final class KubernetesText {
  // Colors and styling are the human report's, so both reports look alike.
  private static final String RED = ReportText.RED;
  private static final String YELLOW = ReportText.YELLOW;
  private static final String GREEN = ReportText.GREEN;
  private static final String DIM = ReportText.DIM;

  private KubernetesText() {}

  static String render(KubernetesReport report, Catalogue catalogue, boolean color) {
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
        container(lines, container, catalogue, color);
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
      boolean color) {
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
      if (finding.isError()) {
        details(lines, finding, catalogue, color);
      } else if (finding.severity() == Severity.WARNING) {
        // A warning's steps say where to fix it, often as text without a command (review
        // defect 19): show them, without the evidence.
        steps(lines, finding, catalogue);
      } else {
        finding.remediation().stream()
            .filter(remedy -> remedy.command() != null)
            .findFirst()
            .ifPresent(remedy -> lines.add("        $ " + remedy.command()));
      }
    }
  }

  private static void details(
      List<String> lines, Finding finding, Catalogue catalogue, boolean color) {
    if (!finding.evidence().isEmpty()) {
      lines.add("      " + catalogue.label("evidence") + ":");
      finding.evidence().stream()
          .limit(ReportText.MAX_EVIDENCE)
          .forEach(line -> lines.add("        " + line));
      if (finding.evidence().size() > ReportText.MAX_EVIDENCE) {
        lines.add(
            "        "
                + ReportText.colored(
                    color,
                    DIM,
                    "… +" + (finding.evidence().size() - ReportText.MAX_EVIDENCE) + " (--json)"));
      }
    }
    steps(lines, finding, catalogue);
  }

  private static void steps(List<String> lines, Finding finding, Catalogue catalogue) {
    if (!finding.remediation().isEmpty()) {
      lines.add("      " + catalogue.label("fix") + ":");
      int number = 1;
      for (Remedy remedy :
          finding
              .remediation()
              .subList(0, Math.min(ReportText.MAX_STEPS, finding.remediation().size()))) {
        lines.add("        " + number++ + ". " + remedy.text());
        if (remedy.command() != null) {
          lines.add("           $ " + remedy.command());
        }
      }
    }
  }
}
