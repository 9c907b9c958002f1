package dev.regdoctor.testkit;

/**
 * The media-type family of seeded manifests: OCI image spec or Docker image manifest v2 schema 2.
 */
public enum ManifestFormat {
  /** OCI image manifest, OCI image index, OCI config and gzip layers. */
  OCI(
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.oci.image.config.v1+json",
      "application/vnd.oci.image.layer.v1.tar+gzip"),
  /** Docker manifest v2 schema 2, Docker manifest list, Docker config and gzip layers. */
  DOCKER(
      "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.container.image.v1+json",
      "application/vnd.docker.image.rootfs.diff.tar.gzip");

  private final String manifestMediaType;
  private final String indexMediaType;
  private final String configMediaType;
  private final String layerMediaType;

  ManifestFormat(String manifest, String index, String config, String layer) {
    this.manifestMediaType = manifest;
    this.indexMediaType = index;
    this.configMediaType = config;
    this.layerMediaType = layer;
  }

  /** Returns the single-platform manifest media type. */
  public String manifestMediaType() {
    return manifestMediaType;
  }

  /** Returns the multi-platform index (manifest list) media type. */
  public String indexMediaType() {
    return indexMediaType;
  }

  /** Returns the image config media type. */
  public String configMediaType() {
    return configMediaType;
  }

  /** Returns the gzip layer media type. */
  public String layerMediaType() {
    return layerMediaType;
  }
}
