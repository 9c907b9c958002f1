package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * One endpoint a runtime tries when it pulls an image: a mirror or the upstream registry, with the
 * transport rules that runtime applies to it.
 *
 * @param role whether this is a mirror or the upstream registry
 * @param order the position in the runtime's order, from 1
 * @param endpoint the scheme, host and port tried first
 * @param repository the repository path at this endpoint (a registries.conf prefix rewrite or a
 *     mirror location can change it), e.g. {@code library/nginx}
 * @param httpFallback whether the runtime falls back to plain HTTP when HTTPS fails
 * @param verifyTls whether the runtime verifies the certificate chain and host name
 * @param caFiles CA files the runtime trusts for this endpoint in addition to the system roots
 * @param capabilities containerd capabilities ({@code pull}, {@code resolve}, {@code push}); all
 *     three for the other runtimes
 * @param overridePath containerd {@code override_path}: the URL path is the API root, not {@code
 *     /v2}
 * @param path the URL path configured for the endpoint ({@code /v2} unless overridden), or {@code
 *     ""}
 * @param configuredAt where the endpoint was configured, e.g. {@code /etc/docker/daemon.json
 *     /registry-mirrors/0}, or {@code built-in default}
 */
public record PullSource(
    Role role,
    int order,
    RegistryEndpoint endpoint,
    String repository,
    boolean httpFallback,
    boolean verifyTls,
    List<Path> caFiles,
    List<String> capabilities,
    boolean overridePath,
    String path,
    String configuredAt) {

  /** Whether an endpoint is a mirror or the upstream registry. */
  public enum Role {
    /** A mirror, tried before the upstream. */
    MIRROR,
    /** The registry the image reference names. */
    UPSTREAM;

    /** Returns {@code mirror} or {@code upstream}, as in JSON. */
    public String label() {
      return this == MIRROR ? "mirror" : "upstream";
    }
  }

  /** Validates and copies. */
  public PullSource {
    requireNonNull(role, "role");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(repository, "repository");
    requireNonNull(path, "path");
    requireNonNull(configuredAt, "configuredAt");
    caFiles = List.copyOf(caFiles);
    capabilities = List.copyOf(capabilities);
    if (order < 1) {
      throw new IllegalArgumentException("order must be positive but was " + order);
    }
  }

  /** Returns whether the runtime resolves tags at this endpoint ({@code resolve} capability). */
  public boolean canResolve() {
    return capabilities.contains("resolve");
  }

  /** Returns whether the runtime fetches content here ({@code pull} capability). */
  public boolean canPull() {
    return capabilities.contains("pull");
  }

  /** Returns {@code scheme://host[:port]} with the scheme's default port left out. */
  public String url() {
    boolean defaultPort = endpoint.isHttps() ? endpoint.port() == 443 : endpoint.port() == 80;
    String host = endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host();
    return endpoint.scheme() + "://" + host + (defaultPort ? "" : ":" + endpoint.port());
  }

  /** Returns a copy at another position. */
  public PullSource withOrder(int newOrder) {
    return new PullSource(
        role,
        newOrder,
        endpoint,
        repository,
        httpFallback,
        verifyTls,
        caFiles,
        capabilities,
        overridePath,
        path,
        configuredAt);
  }

  static final List<String> ALL_CAPABILITIES = List.of("pull", "resolve", "push");
}
