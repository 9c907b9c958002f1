package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.internal.probe.ManifestMediaTypes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the manifest request answered.
 *
 * @param url the manifest URL (redacted)
 * @param method {@code HEAD} or {@code GET}
 * @param status the HTTP status of the last attempt
 * @param digest the {@code Docker-Content-Digest} (or the digest computed from the body), or {@code
 *     null}
 * @param mediaType the manifest media type without parameters, or {@code null}
 * @param size the manifest size in bytes, or -1 when unknown
 * @param errors the registry errors in the body, if any
 * @param platforms for an image index, the platforms it lists as {@code os/arch[/variant]}; for a
 *     single-platform image whose config was read (a platform was requested), the config's one
 * @param platformDigest for an index, the digest of the manifest matching the requested platform
 */
public record ManifestInfo(
    String url,
    String method,
    int status,
    @Nullable String digest,
    @Nullable String mediaType,
    long size,
    List<RegistryError> errors,
    List<String> platforms,
    @Nullable String platformDigest) {

  /** Validates and copies. */
  public ManifestInfo {
    requireNonNull(url, "url");
    requireNonNull(method, "method");
    errors = List.copyOf(errors);
    platforms = List.copyOf(platforms);
  }

  /** Returns whether the media type is an OCI image index or a Docker manifest list. */
  public boolean isIndex() {
    return mediaType != null && ManifestMediaTypes.isIndex(mediaType);
  }
}
