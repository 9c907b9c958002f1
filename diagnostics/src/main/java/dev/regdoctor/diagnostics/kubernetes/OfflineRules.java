package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.credentials.KubernetesCredentialResolver;
import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Kubernetes rules that need no network, container by container: which pull secrets apply (the
 * pod's {@code imagePullSecrets}, else its service account's, never merged), whether they exist,
 * have the right type and decode, which entry the kubelet's keyring would use for the image, the
 * secrets nothing applicable lists ({@link UnreferencedSecrets}), an invalid image name, and the
 * live check to make: exactly the credential the kubelet would send.
 */
final class OfflineRules {
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

  private final Catalogue catalogue;
  private final KubernetesWording wording;
  private final KubernetesObjects objects;
  private final ListedSecretFindings listedSecrets;
  private final UnreferencedSecrets unreferencedSecrets;
  private final boolean offline;

  /** The analysis' notes: a service account that is not among the inputs is noted here. */
  private final Set<String> notes;

  OfflineRules(
      Catalogue catalogue,
      KubernetesWording wording,
      KubernetesObjects objects,
      boolean offline,
      Set<String> notes) {
    this.catalogue = catalogue;
    this.wording = wording;
    this.objects = objects;
    this.listedSecrets = new ListedSecretFindings(catalogue, wording, objects);
    this.unreferencedSecrets = new UnreferencedSecrets(catalogue, wording, objects);
    this.offline = offline;
    this.notes = notes;
  }

  /** Applies the rules to every container of every workload no other input controls. */
  List<KubernetesAnalysis.Draft> plan() {
    List<KubernetesAnalysis.Draft> drafts = new ArrayList<>();
    for (KubernetesObjects.Workload workload : objects.workloads()) {
      if (controlledByAnotherInput(objects, workload)) {
        continue; // its controller's pod template says the same, once
      }
      ApplicableSecrets applicable = applicable(workload);
      for (KubernetesObjects.Container container : workload.containers()) {
        drafts.add(draft(workload, applicable, container));
      }
    }
    return drafts;
  }

  /** Returns whether {@code workload}'s controller is among the inputs too. */
  static boolean controlledByAnotherInput(
      KubernetesObjects objects, KubernetesObjects.Workload workload) {
    String controller = workload.controller();
    if (controller == null) {
      return false;
    }
    int slash = controller.indexOf('/');
    return objects.hasWorkload(
        controller.substring(0, slash), workload.namespace(), controller.substring(slash + 1));
  }

  private ApplicableSecrets applicable(KubernetesObjects.Workload workload) {
    if (!workload.pullSecrets().isEmpty()) {
      return new ApplicableSecrets(
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
        .map(found -> new ApplicableSecrets(found.pullSecrets(), account, false, true))
        .orElseGet(
            () -> {
              notes.add(
                  wording.say(
                      "k8sUnknownServiceAccount",
                      "serviceAccount",
                      workload.serviceAccount(),
                      "namespace",
                      workload.namespace()));
              return new ApplicableSecrets(
                  List.of(), wording.say("k8sNotAmongTheInputs", "account", account), false, false);
            });
  }

  private KubernetesAnalysis.Draft draft(
      KubernetesObjects.Workload workload,
      ApplicableSecrets applicable,
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
    Drafting drafting = new Drafting(workload, container, applicable, findings, values);
    if (reference == null) {
      findings.add(invalidImage(container, invalid, values));
      return drafting.unchecked(invalid == null ? "" : invalid.input(), null);
    }
    if (undecodable) {
      return drafting.unchecked(image, reference);
    }
    requireNonNull(lookup, "lookup"); // made for every valid reference of a decodable keyring
    if (matched) {
      // The kubelet skips a listed secret it cannot fetch or use and uses the next one: with a
      // working one listed too, the pull goes ahead, so the skipped one is a warning, not the
      // verdict.
      findings.replaceAll(
          finding -> FindingEdits.skippedByTheKubelet(finding, lookup.source(), wording));
    }
    List<KubernetesAnalysis.Unreferenced> unreferenced = new ArrayList<>();
    if (!matched) {
      for (PullSecret secret : usable) {
        findings.add(listedSecrets.unmatched(secret, reference, lookup, values));
      }
      unreferencedSecrets.add(workload, applicable, reference, values, findings, unreferenced);
    }
    KubernetesAnalysis.LiveCheck live = null;
    if (!offline) {
      List<CredentialProblem> expiry =
          lookup.problems().stream()
              .filter(problem -> problem.kind() == CredentialProblem.Kind.EXPIRED)
              .toList();
      // Secret problems are reported above as K8S_* findings; only expiry is evidence for the live
      // check.
      live =
          new KubernetesAnalysis.LiveCheck(
              image,
              new CredentialLookup(
                  lookup.credential(),
                  lookup.source(),
                  lookup.consulted(),
                  lookup.nearMisses(),
                  expiry));
    }
    return drafting.draft(image, reference, matched, live, unreferenced);
  }

  /** What every draft of one container holds, whatever its image turned out to be. */
  private record Drafting(
      KubernetesObjects.Workload workload,
      KubernetesObjects.Container container,
      ApplicableSecrets applicable,
      List<Finding> findings,
      Map<String, String> values) {

    /** Returns the draft of an image no credential was looked up for, hence no live check. */
    KubernetesAnalysis.Draft unchecked(String image, @Nullable ImageReference reference) {
      return draft(image, reference, false, null, List.of());
    }

    KubernetesAnalysis.Draft draft(
        String image,
        @Nullable ImageReference reference,
        boolean credentialMatched,
        KubernetesAnalysis.@Nullable LiveCheck live,
        List<KubernetesAnalysis.Unreferenced> unreferenced) {
      return new KubernetesAnalysis.Draft(
          workload,
          container,
          image,
          applicable.names(),
          findings,
          values,
          reference,
          credentialMatched,
          live,
          unreferenced,
          applicable.podSecrets(workload.kind()));
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
}
