package dev.regdoctor.diagnostics.kubernetes;

import java.util.List;

/**
 * The pull secrets that apply to a pod, and who lists them; {@code known} is false when they would
 * come from a service account that is not among the inputs.
 */
record ApplicableSecrets(List<String> names, String listedBy, boolean fromPod, boolean known) {
  PodPullSecrets podSecrets(String kind) {
    return new PodPullSecrets(kind, fromPod, known ? names : null);
  }
}
