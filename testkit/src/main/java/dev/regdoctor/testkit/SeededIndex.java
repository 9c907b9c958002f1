package dev.regdoctor.testkit;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A multi-platform image (OCI index or Docker manifest list) pushed by {@link ImageSeeder}.
 *
 * @param repository the repository, e.g. {@code team/app}
 * @param tag the tag of the index
 * @param digest the index digest, {@code sha256:…}
 * @param mediaType the index media type
 * @param size the index size in bytes
 * @param manifests the per-platform images, in index order
 */
public record SeededIndex(
    String repository,
    String tag,
    String digest,
    String mediaType,
    long size,
    List<SeededImage> manifests) {

  /** Validates the components and copies the manifest list. */
  public SeededIndex {
    requireNonNull(repository, "repository");
    requireNonNull(tag, "tag");
    requireNonNull(digest, "digest");
    requireNonNull(mediaType, "mediaType");
    manifests = List.copyOf(manifests);
  }

  /** Returns {@code repository:tag}. */
  public String reference() {
    return repository + ":" + tag;
  }

  /** Returns the platforms of {@link #manifests()}, in index order. */
  public List<Platform> platforms() {
    return manifests.stream().map(SeededImage::platform).toList();
  }
}
