package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes Secret as the kubelet sees it when it is listed in a pod's {@code imagePullSecrets}
 * (kubernetes {@code pkg/credentialprovider/secrets/secrets.go}).
 *
 * <p>The kubelet reads a secret only when its type is {@code kubernetes.io/dockerconfigjson} with a
 * non-empty {@code .dockerconfigjson} key, or {@code kubernetes.io/dockercfg} with a non-empty
 * {@code .dockercfg} key; anything else is silently ignored ({@link Status#IGNORED}). A secret
 * whose content the kubelet cannot decode makes it fail every pull of the pod ({@link
 * Status#INVALID}). The kubelet uses only user name and password: {@code identitytoken} and {@code
 * registrytoken} are dropped.
 *
 * <p>{@code toString} never shows secrets.
 *
 * @param source the file (and document) the secret came from
 * @param namespace {@code metadata.namespace}, {@code default} when absent
 * @param name {@code metadata.name}
 * @param type {@code type}, {@code Opaque} when absent
 * @param status whether the kubelet uses, ignores or chokes on this secret
 * @param entries the {@code auths} entries, in document order
 * @param problems what is wrong, each message starting with a JSON pointer into the Secret
 */
public record PullSecret(
    String source,
    String namespace,
    String name,
    String type,
    Status status,
    List<Entry> entries,
    List<CredentialProblem> problems) {

  /** The type of secrets holding a {@code config.json} document. */
  public static final String TYPE_DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";

  /** The type of secrets holding a legacy {@code .dockercfg} document. */
  public static final String TYPE_DOCKERCFG = "kubernetes.io/dockercfg";

  /** Validates and copies the lists. */
  public PullSecret {
    requireNonNull(source, "source");
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(status, "status");
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /** How the kubelet treats a secret. */
  public enum Status {
    /** The kubelet adds its entries to the pull keyring. */
    USABLE,
    /** Wrong type or key: the kubelet skips it without a word. */
    IGNORED,
    /** Undecodable content: the kubelet fails every pull of a pod that lists it. */
    INVALID
  }

  /**
   * One {@code auths} entry.
   *
   * @param key the key as written, e.g. {@code https://index.docker.io/v1/}
   * @param kubeletKey the key the kubelet matches with, e.g. {@code index.docker.io}, or {@code
   *     null} when it cannot parse the key (and skips the entry)
   * @param username the user name, or {@code null} when empty
   * @param password the password, or {@code null} when empty
   */
  public record Entry(
      String key,
      @Nullable String kubeletKey,
      @Nullable String username,
      @Nullable Secret password) {

    /** Validates the key; empty user names become {@code null}. */
    public Entry {
      requireNonNull(key, "key");
      username = username == null || username.isEmpty() ? null : username;
    }

    /** Returns the user name and password the kubelet sends, when both are present. */
    public Optional<Credential> credential() {
      return username != null && password != null
          ? Optional.of(new Credential.UsernamePassword(username, password))
          : Optional.empty();
    }
  }

  /** Returns {@code secret <namespace>/<name>}, as used in sources and problems. */
  public String label() {
    return "secret " + namespace + "/" + name;
  }

  /**
   * Returns the entry the kubelet would use first for an image if this were the pod's only pull
   * secret, following {@link KubernetesSecrets#kubeletMatches(String, String)} and the keyring's
   * ordering (reverse-sorted keys, so longer paths win).
   *
   * @param registry the normalised registry, {@code docker.io} for Docker Hub
   * @param repository the repository, e.g. {@code library/nginx}
   * @return the entry, or empty when none applies or the secret is not {@link Status#USABLE}
   */
  public Optional<Entry> match(String registry, String repository) {
    requireNonNull(registry, "registry");
    requireNonNull(repository, "repository");
    if (status != Status.USABLE) {
      return Optional.empty();
    }
    List<KubeletKeyring.Keyed<Entry>> keyed = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.kubeletKey() != null) {
        keyed.add(new KubeletKeyring.Keyed<>(entry.kubeletKey(), entry));
      }
    }
    return KubeletKeyring.lookup(keyed, KubernetesSecrets.imageName(registry, repository)).stream()
        .findFirst();
  }
}
