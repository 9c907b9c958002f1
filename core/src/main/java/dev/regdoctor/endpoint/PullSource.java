package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.endpoint.CertificateFiles.ClientCertificate;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param clientCertificates client certificates the runtime presents to this endpoint (containerd
 *     {@code client}, {@code *.cert}/{@code *.key} pairs in a {@code certs.d} directory)
 * @param headers extra headers the runtime sends to this endpoint (containerd {@code
 *     [host."…".header]}); values may be credentials and are never printed
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
    String configuredAt,
    List<ClientCertificate> clientCertificates,
    Map<String, List<String>> headers) {

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
    clientCertificates = List.copyOf(clientCertificates);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
    if (order < 1) {
      throw new IllegalArgumentException("order must be positive but was " + order);
    }
  }

  /** Returns a copy presenting these client certificates. */
  public PullSource withClientCertificates(List<ClientCertificate> certificates) {
    return copy(order, certificates, headers);
  }

  /** Describes the source without header values, which may be credentials. */
  @Override
  public String toString() {
    return "PullSource["
        + role.label()
        + " "
        + order
        + " "
        + url()
        + path
        + ", repository="
        + repository
        + ", httpFallback="
        + httpFallback
        + ", verifyTls="
        + verifyTls
        + ", caFiles="
        + caFiles
        + ", capabilities="
        + capabilities
        + ", clientCertificates="
        + clientCertificates
        + ", headers="
        + headers.keySet()
        + ", configuredAt="
        + configuredAt
        + "]";
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
    return copy(newOrder, clientCertificates, headers);
  }

  private PullSource copy(
      int newOrder, List<ClientCertificate> certificates, Map<String, List<String>> extra) {
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
        configuredAt,
        certificates,
        extra);
  }

  static final List<String> ALL_CAPABILITIES = List.of("pull", "resolve", "push");
}
