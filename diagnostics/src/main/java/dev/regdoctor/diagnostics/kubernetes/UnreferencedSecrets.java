package dev.regdoctor.diagnostics.kubernetes;

import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * K8S_PULL_SECRET_NOT_REFERENCED: the secrets in a workload's namespace that would supply the
 * image's credential but that nothing applicable lists, and names listed where Kubernetes ignores
 * them; with the workloads that do reference each, and the service account's list a pod's own list
 * replaces.
 */
final class UnreferencedSecrets {
  /** The steps of an unreferenced secret when the pod's service account is not among the inputs. */
  static final String UNKNOWN_ACCOUNT_STEPS = "K8S_PULL_SECRET_NOT_REFERENCED.unknownAccount";

  private final Catalogue catalogue;
  private final KubernetesWording wording;
  private final KubernetesObjects objects;

  UnreferencedSecrets(Catalogue catalogue, KubernetesWording wording, KubernetesObjects objects) {
    this.catalogue = catalogue;
    this.wording = wording;
    this.objects = objects;
  }

  /**
   * Adds to {@code findings} the secrets that would match the image but nothing applicable lists,
   * plus misplaced lists, and to {@code about} what each of those findings is about.
   */
  void add(
      KubernetesObjects.Workload workload,
      ApplicableSecrets applicable,
      ImageReference reference,
      Map<String, String> values,
      List<Finding> findings,
      List<KubernetesAnalysis.Unreferenced> about) {
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
            || OfflineRules.controlledByAnotherInput(objects, other)) {
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
      about.add(new KubernetesAnalysis.Unreferenced(name, matching.get(name)));
    }
  }
}
