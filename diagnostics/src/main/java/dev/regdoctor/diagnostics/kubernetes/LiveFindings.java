package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.kubernetes.KubernetesAnalysis.Draft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Folds the live check of a container's credential into its offline pull-secret findings (a working
 * anonymous pull, or a registry that answers an anonymous manifest request with a verdict about the
 * image, lowers the claims that credentials are needed; a registry that rejects a secret's
 * credentials turns "reference it" into "replace it"), and words the Kubernetes steps {@link
 * KubernetesAnalysis} adds from the catalogue's labels.
 */
final class LiveFindings {
  private static final Set<DiagnosisCode> SECRET_CODES =
      Set.of(
          DiagnosisCode.K8S_PULL_SECRET_MISSING,
          DiagnosisCode.K8S_PULL_SECRET_WRONG_NAMESPACE,
          DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE,
          DiagnosisCode.K8S_PULL_SECRET_MALFORMED,
          DiagnosisCode.K8S_PULL_SECRET_NO_MATCH,
          DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);

  /** Codes that claim the registry needs credentials, which a working anonymous pull disproves. */
  static final Set<DiagnosisCode> NEEDS_CREDENTIALS =
      Set.of(DiagnosisCode.K8S_PULL_SECRET_NO_MATCH, DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);

  /**
   * Verdicts only a registry that answered the manifest request can give. Not {@code
   * REPOSITORY_NOT_FOUND} (a repository may be invisible without credentials) nor {@code
   * BLOB_FAILURE} (a blob may be refused with 401 although the manifest was served).
   */
  private static final Set<DiagnosisCode> PAST_THE_MANIFEST =
      Set.of(DiagnosisCode.MANIFEST_NOT_FOUND, DiagnosisCode.PLATFORM_MISMATCH);

  /** A command that runs the docker CLI: {@code docker pull …}, {@code … | docker login …}. */
  private static final Pattern DOCKER_COMMAND = Pattern.compile("(^|[|&;]\\s*)docker\\s");

  private final KubernetesWording wording;
  private final Catalogue catalogue;

  LiveFindings(KubernetesWording wording) {
    this.wording = requireNonNull(wording, "wording");
    this.catalogue = wording.catalogue();
  }

  /**
   * Returns the secrets (by label, {@code secret <namespace>/<name>}) whose credentials a live
   * check saw rejected, each with the workload that showed it.
   */
  static Map<String, String> rejectedSecrets(List<Draft> drafts, Map<String, Report> live) {
    Map<String, String> rejected = new LinkedHashMap<>();
    for (Draft draft : drafts) {
      Report report = draft.live() == null ? null : live.get(draft.live().key());
      String source = draft.live() == null ? null : draft.live().lookup().source();
      if (report != null
          && source != null
          && draft.credentialMatched()
          && report.verdict().code() == DiagnosisCode.AUTH_INVALID) {
        KubernetesObjects.Workload workload = draft.workload();
        rejected.putIfAbsent(
            source, workload.kind() + " " + workload.namespace() + "/" + workload.name());
      }
    }
    return rejected;
  }

  /**
   * Turns "reference the secret" into "replace it, then reference it" when the registry rejected
   * that secret's credentials for another workload: referencing it as it is would only move the
   * failure. A finding is about a rejected secret when that secret has an entry the kubelet would
   * use for the image ({@link Draft#unreferenced()}), whatever the report's language.
   */
  List<Finding> notRecommendedAsIs(
      List<Finding> findings, Draft draft, Map<String, String> rejected) {
    // The n-th NOT_REFERENCED finding is about draft.unreferenced().get(n): every edit since the
    // draft maps findings one to one and keeps their order, and a live report has no K8S_* finding.
    long count =
        findings.stream()
            .filter(finding -> finding.code() == DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED)
            .count();
    if (count != draft.unreferenced().size()) {
      // Cannot happen (tests run with assertions); a user keeps the advice as it was.
      assert false : count + " NOT_REFERENCED findings for " + draft.unreferenced().size();
      return findings;
    }
    List<Finding> changed = new ArrayList<>(findings.size());
    int next = 0;
    for (Finding finding : findings) {
      if (finding.code() == DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED) {
        PullSecret matching = draft.unreferenced().get(next++).matching();
        String rejectedBy = matching == null ? null : rejected.get(matching.label());
        if (rejectedBy != null) {
          finding = notRecommendedAsIs(finding, draft, matching, rejectedBy);
        }
      }
      changed.add(finding);
    }
    return changed;
  }

  private Finding notRecommendedAsIs(
      Finding finding, Draft draft, PullSecret secret, String rejectedBy) {
    Map<String, String> values = draft.podSecrets().values(draft.values(), secret.name());
    values.put("rejectedBy", rejectedBy);
    List<Remedy> remedies =
        catalogue.remedies(DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED, "rejected", values);
    Finding changed =
        FindingEdits.evidence(
            finding,
            List.of(
                wording.say(
                    "k8sRejectedCredentials",
                    "secret",
                    wording.secret(secret),
                    "workload",
                    rejectedBy)));
    return remedies.isEmpty() ? changed : FindingEdits.withRemediation(changed, remedies);
  }

  List<Finding> withLive(Draft draft, List<Finding> findings, Report live) {
    List<Finding> liveFindings =
        new ArrayList<>(
            live.findings().stream()
                .filter(finding -> finding.code() != DiagnosisCode.MUTABLE_TAG)
                .map(finding -> kubeletSteps(finding, draft, live))
                .toList());
    Finding verdict = live.verdict();
    if (draft.credentialMatched()) {
      String source = live.credentialSource().orElse("?");
      liveFindings =
          FindingEdits.adjust(
              liveFindings,
              Set.of(DiagnosisCode.OK),
              ok ->
                  FindingEdits.evidence(
                      ok,
                      List.of(
                          wording.say(
                              "k8sCredentials", "source", wording.credentialSource(source)))));
      Map<String, String> values =
          FindingEdits.with(
              draft.values(), "secret", source.substring(source.lastIndexOf('/') + 1));
      liveFindings =
          FindingEdits.adjust(
              liveFindings,
              Set.of(DiagnosisCode.AUTH_INVALID),
              invalid -> remedies(invalid, values, "k8sReplaceSecret"));
      findings.addAll(0, liveFindings);
      return findings;
    }
    if (live.ok() || answeredAnonymously(live)) {
      String image = live.reference().orElse(live.input());
      String reason =
          live.ok()
              ? wording.say("k8sAnonymousWorks", "image", image)
              : wording.say("k8sAnonymousManifest", "image", image, "code", verdict.code().name());
      findings =
          FindingEdits.adjust(
              findings,
              NEEDS_CREDENTIALS,
              finding -> FindingEdits.lowered(finding, Severity.INFO, reason, wording));
    } else if (verdict.code() == DiagnosisCode.AUTH_REQUIRED) {
      List<Finding> explained =
          findings.stream()
              .filter(finding -> finding.isError() && SECRET_CODES.contains(finding.code()))
              .toList();
      if (explained.isEmpty()) {
        // Nothing in the manifests names a secret for this registry: say how to create and attach
        // one.
        // Review 15, finding 2: attaching it must keep the secrets the pod pulls with now.
        Map<String, String> values =
            draft.podSecrets().values(draft.values(), catalogue.label("k8sNewSecret"));
        liveFindings.set(
            0,
            draft.podSecrets().known()
                ? remedies(verdict, values, "k8sCreateSecret", "k8sAttachSecret", "k8sAttachToPod")
                : remedies(verdict, values, "k8sCreateSecret", "k8sAppendToAccount"));
      } else {
        List<String> anonymous =
            verdict.evidence().stream()
                .limit(2)
                .map(line -> wording.say("k8sAnonymousPull", "line", line))
                .toList();
        findings =
            FindingEdits.adjust(
                findings,
                SECRET_CODES,
                finding ->
                    explained.contains(finding)
                        ? FindingEdits.evidence(finding, anonymous)
                        : finding);
        liveFindings.remove(0); // the secret findings are the cause; their remediation is the fix
      }
    }
    findings.addAll(liveFindings);
    return findings;
  }

  /**
   * Returns {@code finding} without the steps that run the docker CLI: the kubelet pulls through
   * its CRI runtime with the pod's pull secrets, so {@code docker pull} proves nothing about the
   * pod and {@code docker login} writes credentials it never reads (review 15, finding 5). A login
   * step becomes the pull-secret step: replace the secret the kubelet sends, or create one.
   */
  private Finding kubeletSteps(Finding finding, Draft draft, Report live) {
    List<Remedy> kept = new ArrayList<>();
    boolean login = false;
    for (Remedy remedy : finding.remediation()) {
      String command = remedy.command();
      if (command != null && DOCKER_COMMAND.matcher(command).find()) {
        login |= command.contains("docker login");
      } else {
        kept.add(remedy);
      }
    }
    if (kept.size() == finding.remediation().size()) {
      return finding;
    }
    if (login) {
      String source = live.credentialSource().orElse(null);
      kept.addAll(
          draft.credentialMatched() && source != null
              ? labelRemedies(
                  FindingEdits.with(
                      draft.values(), "secret", source.substring(source.lastIndexOf('/') + 1)),
                  "k8sReplaceSecret")
              : labelRemedies(
                  draft.podSecrets().values(draft.values(), catalogue.label("k8sNewSecret")),
                  "k8sCreateSecret"));
    }
    return FindingEdits.withRemediation(finding, kept);
  }

  /**
   * Returns whether the registry let a request without credentials through to the manifest: its
   * verdict is about the image itself (the tag is missing, the index lacks the platform), which
   * only a registry that served the repository can say. Then the registry's verdict is the cause,
   * not a missing secret entry.
   */
  private static boolean answeredAnonymously(Report live) {
    return !live.probe().credentialsSent() && PAST_THE_MANIFEST.contains(live.verdict().code());
  }

  /**
   * Replaces the remediation of {@code finding} with Kubernetes steps from the labels {@code
   * names}.
   */
  private Finding remedies(Finding finding, Map<String, String> values, String... names) {
    List<Remedy> remedies = labelRemedies(values, names);
    return remedies.isEmpty() ? finding : FindingEdits.withRemediation(finding, remedies);
  }

  /**
   * Returns the steps {@code label.NAME} with command {@code label.NAMECommand} whose placeholders
   * are all known.
   */
  List<Remedy> labelRemedies(Map<String, String> values, String... names) {
    List<Remedy> remedies = new ArrayList<>();
    for (String name : names) {
      String text = Catalogue.fill(catalogue.label(name), values);
      String command = Catalogue.fill(catalogue.label(name + "Command"), values);
      if (text != null && command != null) {
        remedies.add(new Remedy(text, command));
      }
    }
    return remedies;
  }
}
