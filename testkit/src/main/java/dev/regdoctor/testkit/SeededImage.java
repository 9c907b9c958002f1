package dev.regdoctor.testkit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A single-platform image pushed by {@link ImageSeeder}.
 *
 * @param repository the repository, e.g. {@code team/app}
 * @param tag the tag, or {@code null} for a manifest pushed by digest only (index children)
 * @param digest the manifest digest, {@code sha256:…}
 * @param mediaType the manifest media type
 * @param size the manifest size in bytes
 * @param configDigest the config blob digest
 * @param layerDigests the layer blob digests, base layer first
 * @param platform the platform written to the config
 */
public record SeededImage(
    String repository,
    @Nullable String tag,
    String digest,
    String mediaType,
    long size,
    String configDigest,
    List<String> layerDigests,
    Platform platform) {

  /** Validates the required components and copies the layer list. */
  public SeededImage {
    requireNonNull(repository, "repository");
    requireNonNull(digest, "digest");
    requireNonNull(mediaType, "mediaType");
    requireNonNull(configDigest, "configDigest");
    requireNonNull(platform, "platform");
    layerDigests = List.copyOf(layerDigests);
  }

  /** Returns {@code repository:tag}, or {@code repository@digest} without a tag. */
  public String reference() {
    return tag != null ? repository + ":" + tag : digestReference();
  }

  /** Returns {@code repository@digest}. */
  public String digestReference() {
    return repository + "@" + digest;
  }
}
