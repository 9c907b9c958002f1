package dev.regdoctor.diagnostics.internal;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.endpoint.HostPort;
import dev.regdoctor.endpoint.RegistryEndpoint;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One host:port model from the reference to the remediation text. Each command needs the registry
 * in a different shape, and mixing them up is how advice goes wrong:
 *
 * <ul>
 *   <li>{@code host}: the registry API host as the user wrote it, port only when written ({@code
 *       registry.example.com}, {@code myreg:5000}, {@code [::1]:5000}); summaries use it;
 *   <li>{@code hostName}: the name alone ({@code myreg}, {@code ::1}), for {@code nslookup} and
 *       {@code openssl -servername};
 *   <li>{@code hostPort}: always with the port the connection used ({@code
 *       registry.example.com:443}), for {@code openssl s_client -connect};
 *   <li>{@code url}: {@code scheme://host[:port]} without the scheme's default port;
 *   <li>{@code dockerHost}: the name Docker files the registry under, which is the registry exactly
 *       as written in the image reference: {@code /etc/docker/certs.d/localhost} for {@code
 *       localhost/app} (port 443), {@code certs.d/myreg:5000} for {@code myreg:5000/app}, and the
 *       same key in {@code insecure-registries} and containerd's {@code certs.d}.
 * </ul>
 *
 * @param scheme {@code https} or {@code http}
 * @param host the host without brackets
 * @param port the port connected to
 * @param written the registry as written ({@code host}, {@code host:port} or {@code [v6]:port})
 * @param apiHost where the API lives as written (differs from {@code written} for Docker Hub)
 */
public record RegistryAddress(
    String scheme, String host, int port, String written, String apiHost) {

  /** Validates. */
  public RegistryAddress {
    requireNonNull(scheme, "scheme");
    requireNonNull(host, "host");
    requireNonNull(written, "written");
    requireNonNull(apiHost, "apiHost");
  }

  /**
   * Reads the registry as an image reference or an error message writes it: {@code host}, {@code
   * host:port}, {@code [v6]:port}; no port means the scheme's default port.
   *
   * @param written the registry as written (Docker files certificates and insecure entries under
   *     it)
   * @param apiHost where the API is reached as written, e.g. {@code registry-1.docker.io} for
   *     {@code docker.io}; usually the same as {@code written}
   * @param scheme {@code https} or {@code http}
   */
  public static RegistryAddress of(String written, String apiHost, String scheme) {
    HostPort parsed = HostPort.parse(apiHost);
    int port = parsed.portNumber();
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    return new RegistryAddress(
        lowerScheme, parsed.host(), port > 0 ? port : defaultPort(lowerScheme), written, apiHost);
  }

  /** Returns the address of a reached endpoint for a registry written as {@code written}. */
  public static RegistryAddress of(RegistryEndpoint endpoint, String written, String apiHost) {
    boolean portWritten = HostPort.parse(apiHost).portNumber() > 0;
    String shown =
        portWritten || endpoint.port() != defaultPort(endpoint.scheme())
            ? endpoint.authority()
            : bracketed(endpoint.host());
    if (!HostPort.parse(apiHost).host().equalsIgnoreCase(endpoint.host())) {
      shown = apiHost; // a mirror or an override: keep what the user wrote
    }
    return new RegistryAddress(endpoint.scheme(), endpoint.host(), endpoint.port(), written, shown);
  }

  /**
   * Reads a URL's {@code scheme://host[:port]} as an address; the registry as written is the
   * authority without the scheme's default port, as Docker prints it.
   *
   * @return the address, or {@code null} when {@code url} has no http(s) authority
   */
  public static @Nullable RegistryAddress fromUrl(String url) {
    int scheme = url.indexOf("://");
    if (scheme <= 0) {
      return null;
    }
    String schemeName = url.substring(0, scheme).toLowerCase(Locale.ROOT);
    if (!schemeName.equals("https") && !schemeName.equals("http")) {
      return null;
    }
    int end = scheme + 3;
    while (end < url.length() && "/?#\"".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(scheme + 3, end);
    if (authority.isEmpty() || authority.indexOf('@') >= 0) {
      return null;
    }
    HostPort parsed = HostPort.parse(authority);
    String written =
        parsed.portNumber() == defaultPort(schemeName) ? bracketed(parsed.host()) : authority;
    return of(written, written, schemeName);
  }

  /** Returns whether the port was the scheme's default and nobody wrote it. */
  public boolean defaultPortImplied() {
    return HostPort.parse(apiHost).port().isEmpty() && port == defaultPort(scheme);
  }

  /** Returns {@code host:port} with brackets for IPv6. */
  public String hostPort() {
    return HostPort.authority(host, port);
  }

  /** Returns {@code scheme://host[:port]} without the scheme's default port. */
  public String url() {
    return scheme
        + "://"
        + (port == defaultPort(scheme) ? bracketed(host) : HostPort.authority(host, port));
  }

  /**
   * Puts {@code host}, {@code hostName}, {@code hostPort}, {@code url}, {@code probeUrl} (the
   * registry API's base, {@code url/v2/}, that a step asks by hand) and {@code dockerHost}.
   */
  public void putInto(Map<String, String> values) {
    values.put("host", apiHost);
    values.put("hostName", host);
    values.put("hostPort", hostPort());
    values.put("url", url());
    values.put("probeUrl", url() + "/v2/");
    values.put("dockerHost", written);
  }

  private static String bracketed(String host) {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("http") ? 80 : 443;
  }
}
