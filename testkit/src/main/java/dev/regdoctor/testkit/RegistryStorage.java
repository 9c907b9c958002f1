package dev.regdoctor.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory content of an {@link EmbeddedRegistry}, laid out like distribution's storage: blob
 * bytes once per digest, and per repository the linked blobs, the manifests by digest and the tags.
 * A blob is visible in a repository only once linked there (uploaded or mounted into it), as in
 * registry 2.8.
 *
 * <p>Byte arrays handed in or out are never modified. Thread-safe; several registries may share one
 * instance.
 */
final class RegistryStorage {

  /** A stored manifest: its digest, the media type it was pushed with, and its exact bytes. */
  record Manifest(String digest, String mediaType, byte[] content) {}

  private static final class Repository {
    final Set<String> blobs = new HashSet<>();
    final Map<String, Manifest> manifests = new HashMap<>();
    final Map<String, String> tags = new TreeMap<>();
  }

  private final Map<String, byte[]> blobs = new HashMap<>();
  private final Map<String, Repository> repositories = new TreeMap<>();

  /** Returns the blob if it is linked in {@code repository}. */
  synchronized Optional<byte[]> blob(String repository, String digest) {
    Repository repo = repositories.get(repository);
    return repo != null && repo.blobs.contains(digest)
        ? Optional.ofNullable(blobs.get(digest))
        : Optional.empty();
  }

  /** Stores {@code content} under {@code digest} and links it in {@code repository}. */
  synchronized void putBlob(String repository, String digest, byte[] content) {
    blobs.putIfAbsent(digest, content);
    repository(repository).blobs.add(digest);
  }

  /**
   * Links the blob {@code digest} of {@code from} in {@code repository}; returns false when {@code
   * from} has no such blob.
   */
  synchronized boolean mount(String repository, String digest, String from) {
    Repository source = repositories.get(from);
    if (source == null || !source.blobs.contains(digest)) {
      return false;
    }
    repository(repository).blobs.add(digest);
    return true;
  }

  /** Returns the digest {@code tag} points to in {@code repository}. */
  synchronized Optional<String> tag(String repository, String tag) {
    Repository repo = repositories.get(repository);
    return repo == null ? Optional.empty() : Optional.ofNullable(repo.tags.get(tag));
  }

  synchronized Optional<Manifest> manifest(String repository, String digest) {
    Repository repo = repositories.get(repository);
    return repo == null ? Optional.empty() : Optional.ofNullable(repo.manifests.get(digest));
  }

  /** Stores {@code manifest} in {@code repository} and points {@code tag}, if any, to it. */
  synchronized void putManifest(String repository, @Nullable String tag, Manifest manifest) {
    Repository repo = repository(repository);
    repo.manifests.put(manifest.digest(), manifest);
    if (tag != null) {
      repo.tags.put(tag, manifest.digest());
    }
  }

  /** Returns the tags of {@code repository} in lexical order; empty when it has none. */
  synchronized List<String> tags(String repository) {
    Repository repo = repositories.get(repository);
    return repo == null ? List.of() : List.copyOf(repo.tags.keySet());
  }

  /** Returns the names of repositories holding any blob or manifest, in lexical order. */
  synchronized List<String> repositories() {
    return new ArrayList<>(repositories.keySet());
  }

  private Repository repository(String name) {
    return repositories.computeIfAbsent(name, n -> new Repository());
  }
}
