package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.credentials.KubernetesCredentialResolver;
import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 */
final class KubernetesAnalysis {
  /** Workloads whose pod template can be patched; a Pod's and a Job's cannot. */
  private static final Map<String, String> PATCHABLE =
      Map.of(
          "Deployment",
          "deployment",
          "StatefulSet",
          "statefulset",
          "DaemonSet",
          "daemonset",
          "ReplicaSet",
          "replicaset",
          "ReplicationController",
          "replicationcontroller",
          "CronJob",
          "cronjob");

  /** The steps of an unreferenced secret when the pod's service account is not among the inputs. */
  static final String UNKNOWN_ACCOUNT_STEPS = "K8S_PULL_SECRET_NOT_REFERENCED.unknownAccount";

  private final Catalogue catalogue;
  private final KubernetesWording wording;
  private final LiveFindings liveFindings;
  private final ListedSecretFindings listedSecrets;
  private final KubernetesObjects objects;
  private final boolean offline;
  private final Set<String> notes = new LinkedHashSet<>();

  KubernetesAnalysis(Catalogue catalogue, KubernetesObjects objects, boolean offline) {
    this.catalogue = requireNonNull(catalogue, "catalogue");
    this.wording = new KubernetesWording(catalogue);
    this.liveFindings = new LiveFindings(wording);
    this.objects = requireNonNull(objects, "objects");
    this.listedSecrets = new ListedSecretFindings(catalogue, wording, objects);
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
   * trusted as if the node's system CA bundle held them.
   */
  void assumeNode(@Nullable Path hostsDir, List<Path> caFiles) {
    notes.add(
        hostsDir == null
            ? wording.say("k8sLiveNoHostsDir")
            : wording.say("k8sLiveHostsDir", "dir", hostsDir.toString()));
    if (!caFiles.isEmpty()) {
      notes.add(
          wording.say(
              "k8sLiveCaFiles",
              "files",
              String.join(", ", caFiles.stream().map(Path::toString).toList())));
    }
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
    List<Draft> drafts = new ArrayList<>();
    for (KubernetesObjects.Workload workload : objects.workloads()) {
      if (controlledByAnotherInput(workload)) {
        continue; // its controller's pod template says the same, once
      }
      Applicable applicable = applicable(workload);
      for (KubernetesObjects.Container container : workload.containers()) {
        drafts.add(draft(workload, applicable, container));
      }
    }
    return drafts;
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

  private boolean controlledByAnotherInput(KubernetesObjects.Workload workload) {
    String controller = workload.controller();
    if (controller == null) {
      return false;
    }
    int slash = controller.indexOf('/');
    return objects.hasWorkload(
        controller.substring(0, slash), workload.namespace(), controller.substring(slash + 1));
  }

  /**
   * The pull secrets that apply to a pod, and who lists them; {@code known} is false when they
   * would come from a service account that is not among the inputs.
   */
  private record Applicable(List<String> names, String listedBy, boolean fromPod, boolean known) {
    PodPullSecrets podSecrets(String kind) {
      return new PodPullSecrets(kind, fromPod, known ? names : null);
    }
  }

  private Applicable applicable(KubernetesObjects.Workload workload) {
    if (!workload.pullSecrets().isEmpty()) {
      return new Applicable(
          workload.pullSecrets(),
          wording.say(
              "k8sPodSpecOf",
              "kind",
              workload.kind(),
              "namespace",
              workload.namespace(),
              "name",
              workload.name()),
          true,
          true);
    }
    String account =
        wording.say(
            "k8sServiceAccountOf",
            "namespace",
            workload.namespace(),
            "serviceAccount",
            workload.serviceAccount());
    return objects
        .serviceAccount(workload.namespace(), workload.serviceAccount())
        .map(found -> new Applicable(found.pullSecrets(), account, false, true))
        .orElseGet(
            () -> {
              notes.add(
                  wording.say(
                      "k8sUnknownServiceAccount",
                      "serviceAccount",
                      workload.serviceAccount(),
                      "namespace",
                      workload.namespace()));
              return new Applicable(
                  List.of(), wording.say("k8sNotAmongTheInputs", "account", account), false, false);
            });
  }

  private Draft draft(
      KubernetesObjects.Workload workload,
      Applicable applicable,
      KubernetesObjects.Container container) {
    String namespace = workload.namespace();
    Map<String, String> values = new HashMap<>();
    values.put("namespace", namespace);
    if (!applicable.fromPod()) {
      values.put(
          "serviceAccount",
          workload.serviceAccount()); // its imagePullSecrets matter only when the pod lists none
    }
    String patchable = PATCHABLE.get(workload.kind());
    if (patchable != null) {
      values.put("resource", patchable + "/" + workload.name());
    }
    ImageReference reference = null;
    InvalidReferenceException invalid = null;
    String image = container.image() == null ? "" : container.image();
    values.put("image", image);
    try {
      reference = ImageReference.parse(image);
      values.put("image", reference.familiar());
      values.put("canonical", reference.canonical());
      values.put("name", reference.name());
      values.put("registry", reference.registry());
    } catch (InvalidReferenceException e) {
      invalid = e; // reported below, after the secret findings that do not depend on the image
      values.put("image", e.input()); // without a password pasted in a URL
    }
    List<Finding> findings = new ArrayList<>();
    List<PullSecret> usable = new ArrayList<>();
    boolean undecodable = false;
    for (String name : applicable.names()) {
      PullSecret secret = objects.secret(namespace, name).orElse(null);
      if (secret != null && secret.status() == PullSecret.Status.USABLE) {
        usable.add(secret);
      }
      undecodable |= secret != null && secret.status() == PullSecret.Status.INVALID;
    }
    // The kubelet's keyring (MakeDockerKeyring) skips a listed secret whose type or key it does not
    // read and uses the others: when they supply the credential, such a secret is not the verdict.
    CredentialLookup lookup =
        reference == null || undecodable
            ? null
            : KubernetesCredentialResolver.of(usable)
                .lookup(reference.registry(), reference.repository());
    boolean matched = lookup != null && lookup.hasCredential();
    for (String name : applicable.names()) {
      Map<String, String> secretValues = FindingEdits.with(values, "secret", name);
      String listed =
          wording.say("k8sListsPullSecret", "listedBy", applicable.listedBy(), "secret", name);
      PullSecret secret = objects.secret(namespace, name).orElse(null);
      if (secret == null) {
        findings.add(listedSecrets.absent(name, namespace, listed, secretValues));
      } else if (secret.status() == PullSecret.Status.IGNORED) {
        // Undecodable base64 never reaches the kubelet (the API server rejects it), but it is
        // content, not type.
        boolean base64 =
            secret.problems().stream()
                .anyMatch(problem -> problem.message().contains("not valid base64"));
        findings.add(
            listedSecrets.secretProblem(
                base64
                    ? DiagnosisCode.K8S_PULL_SECRET_MALFORMED
                    : DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE,
                // Skipped while another secret supplies the credential: its advice names no
                // registry, since the image's registry is not the one it was meant for.
                !base64 && matched ? "skipped" : ListedSecretFindings.recreating(secret),
                secret,
                listed,
                secretValues,
                List.of()));
      } else if (secret.status() == PullSecret.Status.INVALID) {
        findings.add(
            listedSecrets.secretProblem(
                DiagnosisCode.K8S_PULL_SECRET_MALFORMED,
                ListedSecretFindings.recreating(secret),
                secret,
                listed,
                secretValues,
                List.of(wording.say("k8sUndecodableKeyring"))));
      }
    }
    if (reference == null) {
      findings.add(invalidImage(container, invalid, values));
      return new Draft(
          workload,
          container,
          invalid == null ? "" : invalid.input(),
          applicable.names(),
          findings,
          values,
          null,
          false,
          null,
          List.of(),
          applicable.podSecrets(workload.kind()));
    }
    if (undecodable) {
      return new Draft(
          workload,
          container,
          image,
          applicable.names(),
          findings,
          values,
          reference,
          false,
          null,
          List.of(),
          applicable.podSecrets(workload.kind()));
    }
    requireNonNull(lookup, "lookup"); // made for every valid reference of a decodable keyring
    if (matched) {
      // The kubelet skips a listed secret it cannot fetch or use and uses the next one: with a
      // working one listed too, the pull goes ahead, so the skipped one is a warning, not the
      // verdict.
      findings.replaceAll(
          finding -> FindingEdits.skippedByTheKubelet(finding, lookup.source(), wording));
    }
    List<Unreferenced> unreferenced = new ArrayList<>();
    if (!matched) {
      for (PullSecret secret : usable) {
        findings.add(listedSecrets.unmatched(secret, reference, lookup, values));
      }
      unreferenced(workload, applicable, reference, values, findings, unreferenced);
    }
    LiveCheck live = null;
    if (!offline) {
      List<CredentialProblem> expiry =
          lookup.problems().stream()
              .filter(problem -> problem.kind() == CredentialProblem.Kind.EXPIRED)
              .toList();
      // Secret problems are reported above as K8S_* findings; only expiry is evidence for the live
      // check.
      live =
          new LiveCheck(
              image,
              new CredentialLookup(
                  lookup.credential(),
                  lookup.source(),
                  lookup.consulted(),
                  lookup.nearMisses(),
                  expiry));
    }
    return new Draft(
        workload,
        container,
        image,
        applicable.names(),
        findings,
        values,
        reference,
        matched,
        live,
        unreferenced,
        applicable.podSecrets(workload.kind()));
  }

  /**
   * Adds to {@code findings} the secrets that would match the image but nothing applicable lists,
   * plus misplaced lists, and to {@code about} what each of those findings is about.
   */
  private void unreferenced(
      KubernetesObjects.Workload workload,
      Applicable applicable,
      ImageReference reference,
      Map<String, String> values,
      List<Finding> findings,
      List<Unreferenced> about) {
    Set<String> names = new LinkedHashSet<>();
    Map<String, PullSecret> matching = new HashMap<>();
    Map<String, List<String>> why = new HashMap<>();
    for (PullSecret secret : objects.secrets()) {
      if (secret.namespace().equals(workload.namespace())
          && !applicable.names().contains(secret.name())
          && secret
              .match(reference.registry(), reference.repository())
              .flatMap(PullSecret.Entry::credential)
              .isPresent()) {
        names.add(secret.name());
        matching.putIfAbsent(secret.name(), secret);
        why.computeIfAbsent(secret.name(), key -> new ArrayList<>())
            .add(
                wording.say(
                    "k8sSecretWouldMatch",
                    "secret",
                    wording.secret(secret),
                    "source",
                    wording.source(secret.source()),
                    "name",
                    reference.name()));
      }
    }
    for (KubernetesObjects.Misplaced misplaced : workload.misplaced()) {
      for (String name : misplaced.names()) {
        if (!applicable.names().contains(name)) {
          names.add(name);
          why.computeIfAbsent(name, key -> new ArrayList<>())
              .add(
                  wording.say(
                      "k8sMisplacedList",
                      "pointer",
                      misplaced.pointer(),
                      "source",
                      wording.source(workload.source()),
                      "secret",
                      name));
        }
      }
    }
    for (String name : names) {
      List<String> evidence = new ArrayList<>(why.get(name));
      evidence.add(
          applicable.names().isEmpty()
              ? wording.say("k8sListsNoPullSecrets", "listedBy", applicable.listedBy())
              : wording.say(
                  "k8sListsOnly",
                  "listedBy",
                  applicable.listedBy(),
                  "secrets",
                  String.join(", ", applicable.names())));
      if (applicable.fromPod()) {
        evidence.add(
            wording.say("k8sPodListReplaces", "serviceAccount", workload.serviceAccount()));
      } else {
        objects
            .serviceAccount(workload.namespace(), workload.serviceAccount())
            .filter(account -> !account.pullSecrets().isEmpty())
            .ifPresent(
                account ->
                    evidence.add(
                        wording.say(
                            "k8sPatchReplacesList",
                            "serviceAccount",
                            account.name(),
                            "secrets",
                            String.join(", ", account.pullSecrets()))));
      }
      // Review 15, finding 2: the steps repeat the secrets in effect, since both edits replace
      // what the pod pulls with now.
      PodPullSecrets podSecrets = applicable.podSecrets(workload.kind());
      Map<String, String> secretValues = podSecrets.values(values, name);
      secretValues.put(
          "workload", workload.kind() + " " + workload.namespace() + "/" + workload.name());
      // Review defect 12: the finding is about this workload; others may well reference the
      // secret, and saying "nothing references it" sent the user looking at the wrong object.
      List<String> referencing = new ArrayList<>();
      for (KubernetesObjects.Workload other : objects.workloads()) {
        if (other == workload
            || !other.namespace().equals(workload.namespace())
            || controlledByAnotherInput(other)) {
          continue;
        }
        String label = other.kind() + " " + other.namespace() + "/" + other.name();
        if (other.pullSecrets().contains(name)) {
          referencing.add(label);
          evidence.add(wording.say("k8sOtherLists", "workload", label, "secret", name));
        } else if (other.pullSecrets().isEmpty()
            && objects
                .serviceAccount(other.namespace(), other.serviceAccount())
                .filter(account -> account.pullSecrets().contains(name))
                .isPresent()) {
          referencing.add(label);
          evidence.add(
              wording.say(
                  "k8sOtherUsesThrough",
                  "workload",
                  label,
                  "secret",
                  name,
                  "serviceAccount",
                  other.serviceAccount()));
        }
      }
      if (!referencing.isEmpty()) {
        secretValues.put("referencedBy", String.join(", ", referencing));
      }
      // "Nothing references it" is wrong when the service account does but the pod's own list
      // replaces the service account's.
      boolean shadowed =
          applicable.fromPod()
              && objects
                  .serviceAccount(workload.namespace(), workload.serviceAccount())
                  .filter(account -> account.pullSecrets().contains(name))
                  .isPresent();
      if (shadowed) {
        secretValues.put("serviceAccount", workload.serviceAccount());
        secretValues.put("podSecrets", String.join(", ", applicable.names()));
      }
      Finding finding =
          catalogue.finding(
              DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED,
              DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED.severity(),
              shadowed ? "shadowed" : referencing.isEmpty() ? null : "elsewhere",
              secretValues,
              evidence);
      if (!podSecrets.known()) {
        // The service account's list is unknown: no list can be written out, only appended to.
        finding =
            FindingEdits.withRemediation(
                finding, catalogue.remedies(UNKNOWN_ACCOUNT_STEPS, secretValues));
      }
      findings.add(finding);
      about.add(new Unreferenced(name, matching.get(name)));
    }
  }

  private Finding invalidImage(
      KubernetesObjects.Container container,
      @Nullable InvalidReferenceException invalid,
      Map<String, String> values) {
    boolean absent = container.image() == null || container.image().isEmpty();
    // invalid.reason() and getMessage() are core's parser's words, in the report's language.
    String detail =
        absent || invalid == null
            ? wording.say("k8sNoImage")
            : catalogue.coreMessage(invalid.reason());
    if (!absent && invalid != null && container.image().contains("{{")) {
      detail = wording.say("k8sUnrenderedTemplate", "image", invalid.input());
    }
    String evidence =
        wording.say(
            "k8sInvalidImageName",
            "message",
            absent || invalid == null
                ? wording.say("k8sImageMissing", "pointer", container.pointer())
                : catalogue.coreMessage(invalid.getMessage()));
    return catalogue.finding(
        DiagnosisCode.INVALID_REFERENCE,
        DiagnosisCode.INVALID_REFERENCE.severity(),
        !absent && container.image().contains("{{") ? "template" : null,
        FindingEdits.with(values, "detail", detail),
        List.of(evidence));
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
      advice(draft, reference, live, findings);
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

  /**
   * Returns the steps that pin a container's image to a digest where the kubelet reads it: the
   * workload's image reference ({@code kubectl set image}, and the manifest that is applied), not a
   * {@code docker pull} on some machine. {@code lookUp}: the digest is not known, so the steps
   * first say where to read it (the registry, or a node that runs the pods, with crictl or ctr).
   */
  private List<Remedy> pinSteps(Draft draft, Map<String, String> values, boolean lookUp) {
    Map<String, String> pin = new HashMap<>(values);
    KubernetesObjects.Workload workload = draft.workload();
    pin.put("container", draft.container().name());
    pin.put("workload", workload.kind() + " " + workload.namespace() + "/" + workload.name());
    if (lookUp) {
      pin.put("digest", catalogue.label("k8sDigestPlaceholder"));
    }
    List<Remedy> steps = new ArrayList<>();
    if (lookUp) {
      steps.addAll(liveFindings.labelRemedies(pin, "k8sFindDigest", "k8sFindDigestOnNode"));
    }
    if (pin.containsKey("resource")) {
      steps.addAll(liveFindings.labelRemedies(pin, "k8sPinDigest"));
    } else {
      // A Pod or Job (whose pods' template cannot change): the manifest is where the pin lives.
      steps.addAll(liveFindings.labelRemedies(pin, "k8sPinRecreate"));
    }
    return steps;
  }

  private void advice(
      Draft draft, ImageReference reference, @Nullable Report live, List<Finding> findings) {
    Map<String, String> values = new HashMap<>(draft.values());
    boolean moving = reference.digest() == null && "latest".equals(reference.tag());
    String written = draft.container().image();
    if (moving) {
      String digest = live == null ? null : live.digest().orElse(null);
      List<String> evidence = new ArrayList<>();
      // A ':' after the last '/' is a tag (an earlier one is the registry port); here it can only
      // be :latest.
      boolean tagged = written != null && written.lastIndexOf(':') > written.lastIndexOf('/');
      evidence.add(
          wording.say(
              tagged ? "k8sUsesTheTag" : "k8sNoTagMeansLatest", "image", written, "tag", "latest"));
      if (digest != null) {
        values.put("digest", digest);
        evidence.add(wording.say("k8sTagPointsAt", "tag", "latest", "digest", digest));
        Finding pin = catalogue.finding(DiagnosisCode.MUTABLE_TAG, values, evidence);
        findings.add(FindingEdits.withRemediation(pin, pinSteps(draft, values, false)));
      } else {
        String summary = Catalogue.fill(catalogue.label("k8sMutableTag"), values);
        findings.add(
            new Finding(
                DiagnosisCode.MUTABLE_TAG,
                DiagnosisCode.MUTABLE_TAG.severity(),
                summary == null ? reference.familiar() : summary,
                evidence,
                pinSteps(draft, values, true),
                DiagnosisCode.MUTABLE_TAG.guide().orElse(null)));
      }
    }
    String policy = draft.container().pullPolicy();
    String reason = null;
    if ("Always".equals(policy) && reference.digest() != null) {
      reason = wording.say("k8sAlwaysWithDigest");
    } else if ("IfNotPresent".equals(policy) && moving) {
      reason = wording.say("k8sIfNotPresentWithTag", "tag", "latest");
    }
    if (reason != null) {
      findings.add(
          catalogue.finding(
              DiagnosisCode.PULL_POLICY,
              FindingEdits.with(values, "policy", policy),
              List.of(reason)));
    }
  }
}
