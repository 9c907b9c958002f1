package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Something wrong with a credential source, found while looking credentials up. The message never
 * holds secret material.
 *
 * @param kind what went wrong
 * @param source the source, e.g. {@code credHelper ecr-login} or {@code
 *     /home/u/.docker/config.json}
 * @param message a one-line explanation, e.g. {@code /auths/registry.example.com/auth: not valid
 *     base64}
 * @param untriedMatches the pull-secret entries that match the image but are never tried because of
 *     this problem, in keyring order: set on the problem of source {@code kubelet} that {@link
 *     KubernetesCredentialResolver} reports when an invalid secret stops the kubelet from building
 *     its keyring; empty for every other problem
 */
public record CredentialProblem(
    Kind kind, String source, String message, List<SecretEntry> untriedMatches) {

  /** The kinds of credential problems. */
  public enum Kind {
    /**
     * A {@code credsStore} or {@code credHelpers} helper is missing, failed, hung or answered
     * badly.
     */
    HELPER_FAILED,
    /** A configuration file or document cannot be read or parsed. */
    CONFIG_INVALID,
    /** The credential carries an expiry (a JWT {@code exp}) that has passed. */
    EXPIRED
  }

  /**
   * One {@code auths} entry of a Kubernetes pull secret, named without its credentials.
   *
   * @param namespace the secret's namespace, e.g. {@code shop}
   * @param secret the secret's name, e.g. {@code pull}
   * @param key the entry's key as written, e.g. {@code registry.example.com}
   */
  public record SecretEntry(String namespace, String secret, String key) {
    /** Validates the fields. */
    public SecretEntry {
      requireNonNull(namespace, "namespace");
      requireNonNull(secret, "secret");
      requireNonNull(key, "key");
    }
  }

  /** Validates the fields and copies the list. */
  public CredentialProblem {
    requireNonNull(kind, "kind");
    requireNonNull(source, "source");
    requireNonNull(message, "message");
    untriedMatches = List.copyOf(untriedMatches);
  }

  /** Returns a problem that leaves no matching entry untried. */
  public CredentialProblem(Kind kind, String source, String message) {
    this(kind, source, message, List.of());
  }
}
