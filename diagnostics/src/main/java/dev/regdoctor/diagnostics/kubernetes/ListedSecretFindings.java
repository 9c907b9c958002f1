package dev.regdoctor.diagnostics.kubernetes;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The findings about one pull secret a pod lists: absent from its namespace (missing, or only in
 * another namespace), unusable as the kubelet reads it (type, key, content), or usable but without
 * an entry for the image's registry. {@link KubernetesAnalysis} decides which applies.
 */
final class ListedSecretFindings {
  private final Catalogue catalogue;
  private final KubernetesWording wording;
  private final KubernetesObjects objects;

  ListedSecretFindings(Catalogue catalogue, KubernetesWording wording, KubernetesObjects objects) {
    this.catalogue = catalogue;
    this.wording = wording;
    this.objects = objects;
  }

  /** A listed secret that is not in the pod's namespace: missing, or in another namespace. */
  Finding absent(String name, String namespace, String listed, Map<String, String> values) {
    List<PullSecret> elsewhere =
        objects.secrets().stream()
            .filter(secret -> secret.name().equals(name) && !secret.namespace().equals(namespace))
            .toList();
    List<String> evidence = new ArrayList<>();
    evidence.add(listed);
    if (elsewhere.isEmpty()) {
      evidence.add(
          wording.say("k8sNoSecretAmongTheInputs", "secret", name, "namespace", namespace));
      evidence.add(wording.say("k8sPullsWithoutIt"));
      return catalogue.finding(DiagnosisCode.K8S_PULL_SECRET_MISSING, values, evidence);
    }
    evidence.add(wording.say("k8sNoSecretInNamespace", "secret", name, "namespace", namespace));
    elsewhere.forEach(
        secret ->
            evidence.add(
                wording.say(
                    "k8sSecretExists",
                    "secret",
                    wording.secret(secret),
                    "source",
                    wording.source(secret.source()))));
    return catalogue.finding(
        DiagnosisCode.K8S_PULL_SECRET_WRONG_NAMESPACE,
        FindingEdits.with(values, "otherNamespace", elsewhere.get(0).namespace()),
        evidence);
  }

  /**
   * The variant of the steps that recreate an existing secret as a docker-registry secret: {@code
   * kubectl apply} updates one of type {@code kubernetes.io/dockerconfigjson} in place, but a
   * secret's type cannot change, so one of another type is replaced ({@code kubectl replace
   * --force}: deleted and created again).
   */
  static @Nullable String recreating(PullSecret secret) {
    return PullSecret.TYPE_DOCKER_CONFIG_JSON.equals(secret.type()) ? null : "retype";
  }

  Finding secretProblem(
      DiagnosisCode code,
      @Nullable String variant,
      PullSecret secret,
      String listed,
      Map<String, String> values,
      List<String> more) {
    List<String> evidence = new ArrayList<>();
    evidence.add(listed);
    evidence.add(
        wording.say(
            "k8sSecretType",
            "secret",
            wording.secret(secret),
            "source",
            wording.source(secret.source()),
            "type",
            secret.type()));
    secret.problems().forEach(problem -> evidence.add(catalogue.coreMessage(problem.message())));
    evidence.addAll(more);
    String detail =
        secret.problems().isEmpty()
            ? secret.type()
            : catalogue.coreMessage(secret.problems().get(0).message());
    return catalogue.finding(
        code, code.severity(), variant, FindingEdits.with(values, "detail", detail), evidence);
  }

  /**
   * A usable secret the keyring found nothing in for the image: no matching key, or a matching key
   * without credentials.
   */
  Finding unmatched(
      PullSecret secret,
      ImageReference reference,
      CredentialLookup lookup,
      Map<String, String> values) {
    Map<String, String> secretValues = FindingEdits.with(values, "secret", secret.name());
    List<String> evidence = new ArrayList<>();
    String prefix = secret.label() + " ";
    List<String> keys = secret.entries().stream().map(entry -> "\"" + entry.key() + "\"").toList();
    evidence.add(
        keys.isEmpty()
            ? wording.say("k8sNoAuthsEntries", "secret", wording.secret(secret))
            : wording.say(
                "k8sAuthsKeys", "secret", wording.secret(secret), "keys", String.join(", ", keys)));
    if (secret.match(reference.registry(), reference.repository()).isPresent()) {
      // The kubelet matched a key, but the entry holds no user name and password: it pulls
      // anonymously.
      secret.problems().forEach(problem -> evidence.add(catalogue.coreMessage(problem.message())));
      String detail =
          secret.problems().isEmpty()
              ? wording.say("k8sEntryWithoutCredentials", "registry", reference.registry())
              : catalogue.coreMessage(secret.problems().get(0).message());
      return catalogue.finding(
          DiagnosisCode.K8S_PULL_SECRET_MALFORMED,
          DiagnosisCode.K8S_PULL_SECRET_MALFORMED.severity(),
          recreating(secret),
          FindingEdits.with(secretValues, "detail", detail),
          evidence);
    }
    evidence.add(wording.say("k8sMatchesKeysAgainst", "name", reference.name()));
    // Core words a near miss (and names the secret by its label), in the report's language.
    lookup.nearMisses().stream()
        .filter(miss -> miss.startsWith(prefix))
        .forEach(
            miss -> evidence.add(wording.say("k8sNearMiss", "miss", catalogue.coreMessage(miss))));
    secret.problems().forEach(problem -> evidence.add(catalogue.coreMessage(problem.message())));
    // Adding an entry edits the secret's document, whose layout its type decides.
    return catalogue.finding(
        DiagnosisCode.K8S_PULL_SECRET_NO_MATCH,
        DiagnosisCode.K8S_PULL_SECRET_NO_MATCH.severity(),
        PullSecret.TYPE_DOCKERCFG.equals(secret.type()) ? "legacy" : null,
        secretValues,
        evidence);
  }
}
