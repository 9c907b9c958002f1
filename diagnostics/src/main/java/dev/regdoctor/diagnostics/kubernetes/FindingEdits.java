package dev.regdoctor.diagnostics.kubernetes;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Small edits of findings for the Kubernetes analysis: lowered severity, added evidence, patches.
 */
final class FindingEdits {
  private FindingEdits() {}

  /**
   * Returns {@code finding} as a warning when it is about a listed secret the kubelet cannot fetch
   * (missing, or in another namespace) or does not read (a type or key other than a pull secret's:
   * its keyring skips those) while another listed secret supplies the credential.
   */
  static Finding skippedByTheKubelet(
      Finding finding, @Nullable String usedSource, KubernetesWording wording) {
    if (finding.code() != DiagnosisCode.K8S_PULL_SECRET_MISSING
        && finding.code() != DiagnosisCode.K8S_PULL_SECRET_WRONG_NAMESPACE
        && finding.code() != DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE) {
      return finding;
    }
    List<String> evidence = new ArrayList<>(finding.evidence());
    evidence.add(
        wording.say(
            "k8sSkippedByTheKubelet",
            "source",
            usedSource == null ? null : wording.credentialSource(usedSource)));
    return new Finding(
        finding.code(),
        Severity.WARNING,
        finding.summary(),
        evidence,
        finding.remediation(),
        finding.guide());
  }

  /**
   * Returns the strategic merge patch that makes a workload's pod template list {@code secrets}
   * ({@code imagePullSecrets} merges by name, so secrets the template lists already stay).
   */
  static String templatePatch(String kind, List<String> secrets) {
    String podSpec = "{\"imagePullSecrets\":" + nameList(secrets) + "}";
    String template = "{\"template\":{\"spec\":" + podSpec + "}}";
    return "CronJob".equals(kind)
        ? "{\"spec\":{\"jobTemplate\":{\"spec\":" + template + "}}}"
        : "{\"spec\":" + template + "}";
  }

  /** Returns {@code secrets} as a JSON list of {@code {"name": …}} objects. */
  static String nameList(List<String> secrets) {
    StringBuilder out = new StringBuilder("[");
    for (String secret : secrets) {
      out.append(out.length() == 1 ? "" : ",").append("{\"name\":\"").append(secret).append("\"}");
    }
    return out.append(']').toString();
  }

  /**
   * Offline, whether the registry needs credentials is unknown, except for Docker Hub's official
   * images.
   */
  static Finding offlineNeed(Finding finding, ImageReference reference, KubernetesWording wording) {
    if (reference.isDockerHub() && reference.repository().startsWith("library/")) {
      return lowered(finding, Severity.INFO, wording.say("k8sOfficialImage"), wording);
    }
    return evidence(
        finding,
        List.of(
            wording.say(
                "k8sOfflineNotChecked",
                "registry",
                reference.registry(),
                "repository",
                reference.repository())));
  }

  static List<Finding> adjust(
      List<Finding> findings, Set<DiagnosisCode> codes, Function<Finding, Finding> change) {
    List<Finding> adjusted = new ArrayList<>(findings.size());
    for (Finding finding : findings) {
      adjusted.add(codes.contains(finding.code()) ? change.apply(finding) : finding);
    }
    return adjusted;
  }

  /** Returns {@code finding} with {@code severity}, and why (in the report's language). */
  static Finding lowered(
      Finding finding, Severity severity, String reason, KubernetesWording wording) {
    List<String> evidence = new ArrayList<>(finding.evidence());
    evidence.add(wording.say("k8sSeverityLowered", "severity", severity.toString(), "why", reason));
    return new Finding(
        finding.code(),
        severity,
        finding.summary(),
        evidence,
        finding.remediation(),
        finding.guide());
  }

  static Finding evidence(Finding finding, List<String> more) {
    List<String> evidence = new ArrayList<>(finding.evidence());
    evidence.addAll(more);
    return new Finding(
        finding.code(),
        finding.severity(),
        finding.summary(),
        evidence,
        finding.remediation(),
        finding.guide());
  }

  static Map<String, String> with(Map<String, String> values, String key, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, value);
    return copy;
  }

  static Finding withRemediation(Finding finding, List<Remedy> remediation) {
    return new Finding(
        finding.code(),
        finding.severity(),
        finding.summary(),
        finding.evidence(),
        remediation,
        finding.guide());
  }
}
