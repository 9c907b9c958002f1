package dev.regdoctor.internal.probe;

import java.util.List;

/** Manifest media types and the {@code Accept} header a runtime sends for them. */
public final class ManifestMediaTypes {
  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** Docker manifest list (schema 2). */
  public static final String DOCKER_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** Docker image manifest (schema 2). */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker schema 1 (signed), asked for last. */
  public static final String DOCKER_SCHEMA1 =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** All types in the order they are asked for. */
  public static final List<String> ACCEPTED =
      List.of(OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST, DOCKER_SCHEMA1);

  private ManifestMediaTypes() {}

  /** Returns the {@code Accept} header value: the list types first, schema 1 last with q=0.5. */
  public static String acceptHeader() {
    return OCI_INDEX
        + ", "
        + DOCKER_LIST
        + ", "
        + OCI_MANIFEST
        + ", "
        + DOCKER_MANIFEST
        + ", "
        + DOCKER_SCHEMA1
        + ";q=0.5";
  }

  /** Returns whether {@code mediaType} (parameters ignored) is an index or manifest list. */
  public static boolean isIndex(String mediaType) {
    String type = withoutParameters(mediaType);
    return type.equals(OCI_INDEX) || type.equals(DOCKER_LIST);
  }

  /** Returns {@code mediaType} without {@code ;} parameters, trimmed and lower-cased. */
  public static String withoutParameters(String mediaType) {
    int semicolon = mediaType.indexOf(';');
    String type = semicolon >= 0 ? mediaType.substring(0, semicolon) : mediaType;
    return type.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
