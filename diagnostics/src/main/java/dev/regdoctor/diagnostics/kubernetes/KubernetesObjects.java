package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.PullSecret;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The parts of Kubernetes objects that decide which pull secrets a container uses: pod specs (of
 * Pods and of the workloads that template them), service accounts and secrets.
 *
 * @param workloads objects with a pod spec, in input order
 * @param serviceAccounts service accounts, in input order
 * @param secrets every Secret, as the kubelet reads it (from the credentials module)
 * @param duplicateKeys keys given twice in one mapping; the last value was kept, as kubectl does
 */
record KubernetesObjects(
    List<Workload> workloads,
    List<ServiceAccount> serviceAccounts,
    List<PullSecret> secrets,
    List<DuplicateKey> duplicateKeys) {

  KubernetesObjects {
    workloads = List.copyOf(workloads);
    serviceAccounts = List.copyOf(serviceAccounts);
    secrets = List.copyOf(secrets);
    duplicateKeys = List.copyOf(duplicateKeys);
  }

  /**
   * A key given twice in one mapping.
   *
   * @param source the file and document
   * @param pointer the JSON pointer of the key, e.g. {@code /spec/template/metadata/labels/app}
   * @param line the line of the second occurrence
   * @param column its column
   */
  record DuplicateKey(String source, String pointer, int line, int column) {}

  /** Returns the service account {@code namespace/name} when it is among the inputs. */
  Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return serviceAccounts.stream()
        .filter(account -> account.namespace().equals(namespace) && account.name().equals(name))
        .findFirst();
  }

  /** Returns the secret {@code namespace/name} when it is among the inputs. */
  Optional<PullSecret> secret(String namespace, String name) {
    return secrets.stream()
        .filter(secret -> secret.namespace().equals(namespace) && secret.name().equals(name))
        .findFirst();
  }

  /**
   * Returns whether an object of {@code kind} named {@code name} in {@code namespace} is among the
   * workloads.
   */
  boolean hasWorkload(String kind, String namespace, String name) {
    return workloads.stream()
        .anyMatch(
            workload ->
                workload.kind().equals(kind)
                    && workload.namespace().equals(namespace)
                    && workload.name().equals(name));
  }

  /**
   * An object with a pod spec: a Pod, or a workload's pod template.
   *
   * @param kind e.g. {@code Deployment}
   * @param namespace the object's namespace, defaulted like kubectl
   * @param name the object's name
   * @param serviceAccount {@code serviceAccountName}, else the deprecated {@code serviceAccount},
   *     else {@code default}
   * @param pullSecrets the names in the pod spec's {@code imagePullSecrets}, empty names dropped
   * @param misplaced {@code imagePullSecrets} lists where Kubernetes ignores them
   * @param containers init, regular and ephemeral containers, in that order
   * @param source where the object came from, e.g. {@code deploy.yaml (document 2)}
   * @param controller the controlling owner as {@code Kind/name}, or {@code null}
   */
  record Workload(
      String kind,
      String namespace,
      String name,
      String serviceAccount,
      List<String> pullSecrets,
      List<Misplaced> misplaced,
      List<Container> containers,
      String source,
      @Nullable String controller) {

    Workload {
      requireNonNull(kind, "kind");
      requireNonNull(namespace, "namespace");
      requireNonNull(name, "name");
      requireNonNull(serviceAccount, "serviceAccount");
      pullSecrets = List.copyOf(pullSecrets);
      misplaced = List.copyOf(misplaced);
      containers = List.copyOf(containers);
      requireNonNull(source, "source");
    }
  }

  /**
   * One container of a pod spec.
   *
   * @param name the container name
   * @param image the image as written, or {@code null} when absent
   * @param type init, regular or ephemeral
   * @param pullPolicy {@code imagePullPolicy} as written, or {@code null} when absent (defaulted by
   *     the API server)
   * @param pointer the JSON pointer of the container in its document
   */
  record Container(
      String name,
      @Nullable String image,
      KubernetesReport.ContainerType type,
      @Nullable String pullPolicy,
      String pointer) {
    Container {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      requireNonNull(pointer, "pointer");
    }
  }

  /**
   * An {@code imagePullSecrets} list written where Kubernetes ignores it, such as inside a
   * container or in a Deployment's {@code spec} instead of its pod template.
   *
   * @param pointer where it is, e.g. {@code /spec/template/spec/containers/0/imagePullSecrets}
   * @param names the secret names it lists
   */
  record Misplaced(String pointer, List<String> names) {
    Misplaced {
      requireNonNull(pointer, "pointer");
      names = List.copyOf(names);
    }
  }

  /**
   * A service account.
   *
   * @param namespace its namespace
   * @param name its name
   * @param pullSecrets the names in its {@code imagePullSecrets}
   * @param source where it came from
   */
  record ServiceAccount(String namespace, String name, List<String> pullSecrets, String source) {
    ServiceAccount {
      requireNonNull(namespace, "namespace");
      requireNonNull(name, "name");
      pullSecrets = List.copyOf(pullSecrets);
      requireNonNull(source, "source");
    }
  }
}
