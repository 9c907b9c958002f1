package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Kubernetes pull-secret rules. {@link #plan()} applies everything that needs no network: which
 * pull secrets apply to each container (the pod's {@code imagePullSecrets}, else its service
 * account's, never merged — the service-account admission plugin copies them only into pods that
 * list none), whether they exist, have the right type and decode, and which entry the kubelet's
 * keyring would use for the image (from the credentials module). {@link #report} then folds in the
 * live check of exactly that credential (or of an anonymous pull when none matches) and adds
 * advice.
 *
 * <p>The offline rules are {@link OfflineRules} (with {@link UnreferencedSecrets} for secrets
 * nothing applicable lists), the advice is {@link ContainerAdvice}'s, and the live report's effect
 * on the findings is {@link LiveFindings}'; this class holds the analysis' notes and orders each
 * container's findings.
 */
final class KubernetesAnalysis {
  private final KubernetesWording wording;
  private final LiveFindings liveFindings;
  private final OfflineRules rules;
  private final ContainerAdvice advice;
  private final boolean offline;
  private final Set<String> notes = new LinkedHashSet<>();

  KubernetesAnalysis(Catalogue catalogue, KubernetesObjects objects, boolean offline) {
    requireNonNull(catalogue, "catalogue");
    requireNonNull(objects, "objects");
    this.wording = new KubernetesWording(catalogue);
    this.liveFindings = new LiveFindings(wording);
    this.rules = new OfflineRules(catalogue, wording, objects, offline, notes);
    this.advice = new ContainerAdvice(catalogue, wording, liveFindings);
    this.offline = offline;
    for (KubernetesObjects.DuplicateKey duplicate : objects.duplicateKeys()) {
      notes.add(
          wording.say(
              "k8sDuplicateKey",
              "source",
              wording.source(duplicate.source()),
              "key",
              duplicate.pointer(),
              "line",
              String.valueOf(duplicate.line()),
              "column",
              String.valueOf(duplicate.column())));
    }
  }

  /**
   * Notes what the live checks take as the node's: its containerd hosts directory, or none
   * (containerd's built-in defaults, since this machine's is not the node's), and the CA files
   * trusted as if the node's system CA bundle held them. Without a hosts directory, the note names
   * {@code setting}, where the user gives one.
   */
  void assumeNode(
      @Nullable Path hostsDir, List<Path> caFiles, KubernetesDoctor.HostsDirSetting setting) {
    notes.add(
        hostsDir == null
            ? wording.say("k8sLiveNoHostsDir", "setting", wording.say(settingLabel(setting)))
            : wording.say("k8sLiveHostsDir", "dir", hostsDir.toString()));
    if (!caFiles.isEmpty()) {
      notes.add(
          wording.say(
              "k8sLiveCaFiles",
              "files",
              String.join(", ", caFiles.stream().map(Path::toString).toList())));
    }
  }

  /** Returns the label that words {@code setting}: {@code --hosts-dir DIR} for the option. */
  private static String settingLabel(KubernetesDoctor.HostsDirSetting setting) {
    return switch (setting) {
      case BUILDER_METHOD -> "k8sHostsDirSetting.builderMethod";
      case COMMAND_LINE_OPTION -> "k8sHostsDirSetting.commandLineOption";
      case PROBES_YAML -> "k8sHostsDirSetting.probesYaml";
    };
  }

  /** What to verify: an image and exactly the credential the kubelet would send. */
  record LiveCheck(String image, CredentialLookup lookup) {
    /**
     * Checks with the same image, credential source and near misses (shown as evidence) give the
     * same report.
     */
    String key() {
      return image
          + "\u0000"
          + lookup.source()
          + "\u0000"
          + String.join("\u0000", lookup.nearMisses());
    }
  }

  /**
   * One container after the offline rules. {@code image} is the image as reports show it: as the
   * manifest spells it when it is a valid reference, else as the parser's error quotes it ({@link
   * InvalidReferenceException#input()}: a password pasted in a URL masked), {@code ""} for none.
   */
  record Draft(
      KubernetesObjects.Workload workload,
      KubernetesObjects.Container container,
      String image,
      List<String> pullSecrets,
      List<Finding> findings,
      Map<String, String> values,
      @Nullable ImageReference reference,
      boolean credentialMatched,
      @Nullable LiveCheck live,
      List<Unreferenced> unreferenced,
      PodPullSecrets podSecrets) {}

  /**
   * The secret a {@code K8S_PULL_SECRET_NOT_REFERENCED} finding of a draft is about, in the order
   * of those findings: its name, and the secret itself when it has an entry the kubelet would use
   * for the image (a name listed only where Kubernetes ignores it may name no such secret).
   */
  record Unreferenced(String name, @Nullable PullSecret matching) {}

  /** Applies the offline rules to every container of every workload no other input controls. */
  List<Draft> plan() {
    return rules.plan();
  }

  /**
   * Builds the report from the drafts and the live reports by {@link LiveCheck#key()} (empty when
   * offline).
   */
  KubernetesReport report(List<Draft> drafts, Map<String, Report> live, Locale locale) {
    Map<String, String> rejected = LiveFindings.rejectedSecrets(drafts, live);
    Map<KubernetesObjects.Workload, List<KubernetesReport.Container>> containers =
        new java.util.LinkedHashMap<>();
    for (Draft draft : drafts) {
      Report report = draft.live() == null ? null : live.get(draft.live().key());
      containers
          .computeIfAbsent(draft.workload(), key -> new ArrayList<>())
          .add(finish(draft, report, rejected));
    }
    List<KubernetesReport.Workload> workloads = new ArrayList<>();
    containers.forEach(
        (workload, list) ->
            workloads.add(
                new KubernetesReport.Workload(
                    workload.kind(),
                    workload.namespace(),
                    workload.name(),
                    workload.serviceAccount(),
                    list)));
    return new KubernetesReport(workloads, offline, List.copyOf(notes), locale);
  }

  /**
   * Builds the report of one container alone, with its live report when one was made. Synchronized:
   * finishing a container may add notes, and several threads may finish pulls of one analysis.
   */
  synchronized KubernetesReport single(Draft draft, @Nullable Report live, Locale locale) {
    KubernetesObjects.Workload workload = draft.workload();
    KubernetesReport.Workload one =
        new KubernetesReport.Workload(
            workload.kind(),
            workload.namespace(),
            workload.name(),
            workload.serviceAccount(),
            List.of(finish(draft, live, Map.of())));
    return new KubernetesReport(List.of(one), offline, List.copyOf(notes), locale);
  }

  /**
   * Folds the live report into the offline findings, adds advice, and orders them: errors, OK,
   * warnings, information.
   */
  private KubernetesReport.Container finish(
      Draft draft, @Nullable Report live, Map<String, String> rejected) {
    List<Finding> findings = new ArrayList<>(draft.findings());
    ImageReference reference = draft.reference();
    if (live != null) {
      findings = liveFindings.withLive(draft, findings, live);
    } else if (reference != null && !draft.credentialMatched()) {
      findings =
          FindingEdits.adjust(
              findings,
              LiveFindings.NEEDS_CREDENTIALS,
              finding -> FindingEdits.offlineNeed(finding, reference, wording));
      // A listed secret without an entry is a mistake either way; an unlisted one matters only
      // if the registry needs credentials, which offline nobody knows.
      findings =
          FindingEdits.adjust(
              findings,
              Set.of(DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED),
              finding ->
                  finding.severity() == Severity.ERROR
                      ? FindingEdits.lowered(
                          finding, Severity.WARNING, wording.say("k8sOfflineNeedUnknown"), wording)
                      : finding);
    }
    if (!rejected.isEmpty()) {
      findings = liveFindings.notRecommendedAsIs(findings, draft, rejected);
    }
    if (reference != null) {
      advice.advise(draft, reference, live, findings);
    }
    // As in a Report, the first finding is the verdict: the first error, else the live OK.
    findings.sort(
        Comparator.comparingInt(
            finding ->
                finding.isError()
                    ? 0
                    : finding.code() == DiagnosisCode.OK ? 1 : 2 + finding.severity().ordinal()));
    KubernetesObjects.Container container = draft.container();
    return new KubernetesReport.Container(
        container.name(), draft.image(), container.type(), draft.pullSecrets(), findings);
  }
}
