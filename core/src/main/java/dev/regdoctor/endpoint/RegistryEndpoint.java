package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;

/**
 * Where a registry's API is reached: scheme, host and port, e.g. {@code
 * https://registry-1.docker.io:443}.
 *
 * @param scheme {@code https} or {@code http}
 * @param host the host name or IP literal (IPv6 without brackets)
 * @param port the TCP port
 */
public record RegistryEndpoint(String scheme, String host, int port) {

  /** Validates the fields. */
  public RegistryEndpoint {
    requireNonNull(scheme, "scheme");
    requireNonNull(host, "host");
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("scheme must be https or http but was " + scheme);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535 but was " + port);
    }
  }

  /**
   * Parses an endpoint URL such as {@code https://mirror.example.com} or {@code
   * http://127.0.0.1:5000}; the default port follows the scheme. A path is not allowed.
   *
   * @throws IllegalArgumentException if {@code url} is not an http(s) URL without a path
   */
  public static RegistryEndpoint parse(String url) {
    requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("endpoint is not a URL: " + e.getMessage(), e);
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("endpoint needs a scheme and host, e.g. https://host");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
      throw new IllegalArgumentException("endpoint must not have a path but has " + uri.getPath());
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("endpoint must not carry user info");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new RegistryEndpoint(scheme, host, port);
  }

  /** Returns whether the scheme is HTTPS. */
  public boolean isHttps() {
    return scheme.equals("https");
  }

  /** Returns {@code host:port}, with IPv6 hosts in brackets. */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** Returns the same host and port with another scheme. */
  public RegistryEndpoint withScheme(String newScheme) {
    return new RegistryEndpoint(newScheme, host, port);
  }

  /** Returns the base URL, e.g. {@code https://registry.example.com:443}. */
  @Override
  public String toString() {
    return scheme + "://" + authority();
  }
}
