package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

/**
 * Finds the credentials a container runtime would use for an image. Implementations must be
 * thread-safe and must not throw for broken sources: they report them as {@link CredentialProblem}s
 * in the returned lookup.
 */
@FunctionalInterface
public interface CredentialResolver {

  /**
   * Looks up credentials for an image.
   *
   * @param registry the normalised registry of the image as in {@code ImageReference.registry()}:
   *     {@code docker.io} for Docker Hub, else the host with its port, e.g. {@code localhost:5000}
   * @param repository the repository path, e.g. {@code library/nginx}; Kubernetes key matching
   *     compares it with the path part of a key
   */
  CredentialLookup lookup(String registry, String repository);

  /** Returns a resolver that always answers anonymously. */
  static CredentialResolver anonymous() {
    return (registry, repository) -> CredentialLookup.anonymous();
  }

  /**
   * Returns a resolver that answers {@code credential} for every image, with source {@code explicit
   * credentials}.
   */
  static CredentialResolver explicit(Credential credential) {
    requireNonNull(credential, "credential");
    return (registry, repository) -> CredentialLookup.found(credential, "explicit credentials");
  }
}
