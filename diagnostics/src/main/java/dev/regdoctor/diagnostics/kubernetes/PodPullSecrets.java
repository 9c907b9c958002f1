package dev.regdoctor.diagnostics.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The pull secrets a pod uses now, and the edits that add one more without dropping any (review 15,
 * finding 2).
 *
 * <p>A service account's {@code imagePullSecrets} has no merge key, so {@code kubectl patch} (a
 * strategic merge or merge patch alike) replaces the whole list: the account patch repeats the
 * secrets it lists. A pod spec's list merges by name, but once a pod lists any secret the
 * ServiceAccount admission plugin no longer copies the account's in: a pod-template patch for a pod
 * that lists none repeats the account's secrets. When the account is not among the inputs its list
 * is unknown, so neither list can be written out; its steps append to the account's list instead
 * ({@code K8S_PULL_SECRET_NOT_REFERENCED.unknownAccount.*}).
 *
 * @param kind the workload's kind, which decides where its pod template is
 * @param fromPod whether the pod spec lists its own {@code imagePullSecrets}
 * @param current the secrets the pod uses now (its own, or its service account's), or {@code null}
 *     when they would come from a service account that is not among the inputs
 */
record PodPullSecrets(String kind, boolean fromPod, @Nullable List<String> current) {

  PodPullSecrets {
    current = current == null ? null : List.copyOf(current);
  }

  /** Returns whether the secrets the pod uses now are known. */
  boolean known() {
    return current != null;
  }

  /**
   * Returns {@code base} with what the steps that add {@code secret} need: {@code podList} (the pod
   * spec's list with it), {@code patch} (a pod-template patch, when {@code base} names a {@code
   * resource}) and, when the secrets come from the service account, {@code accountPatch} (its whole
   * new list). Without a known current list, only {@code secret} is added.
   */
  Map<String, String> values(Map<String, String> base, String secret) {
    Map<String, String> values = FindingEdits.with(base, "secret", secret);
    if (current == null) {
      return values;
    }
    List<String> names = new ArrayList<>(current);
    if (!names.contains(secret)) {
      names.add(secret);
    }
    values.put(
        "podList",
        names.stream()
            .map(name -> "{name: " + name + "}")
            .collect(Collectors.joining(", ", "imagePullSecrets: [", "]")));
    if (base.containsKey("resource")) {
      values.put("patch", FindingEdits.templatePatch(kind, names));
    }
    if (!fromPod) {
      values.put("accountPatch", "{\"imagePullSecrets\":" + FindingEdits.nameList(names) + "}");
    }
    return values;
  }
}
