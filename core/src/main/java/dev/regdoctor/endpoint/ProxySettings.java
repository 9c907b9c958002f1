package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.internal.http.IpLiterals;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Proxy settings from the environment, interpreted as Go programs (dockerd, containerd, the
 * kubelet) interpret them (golang.org/x/net {@code http/httpproxy}).
 *
 * <ul>
 *   <li>{@code HTTPS_PROXY} (else {@code https_proxy}) serves {@code https} requests, {@code
 *       HTTP_PROXY} (else {@code http_proxy}) serves {@code http} requests; the upper-case name
 *       wins when both are set. A value without a scheme means {@code http://}; an unparsable value
 *       is ignored (and listed in {@link #problems()}). {@code HTTP_PROXY} is ignored when {@code
 *       REQUEST_METHOD} is set (a CGI environment).
 *   <li>{@code NO_PROXY} (else {@code no_proxy}) is a comma-separated list: {@code *} disables
 *       proxying; CIDRs ({@code 10.0.0.0/8}) and IPs ({@code 10.1.2.3}, {@code [::1]:5000}) match
 *       IP hosts; {@code example.com} matches it and its subdomains, {@code .example.com} and
 *       {@code *.example.com} only subdomains; {@code host:port} entries also need the port.
 *   <li>{@code localhost} and loopback IPs are never proxied.
 * </ul>
 *
 * <p>The proxy URIs may carry user info (a proxy password), kept as written ({@link
 * URI#getRawUserInfo()} holds its percent escapes): {@code toString} and {@link #description()}
 * remove it. {@code RegistryDoctor} and {@code ProbeSettings.Builder#proxies} send it to the proxy
 * as Basic credentials, as Go programs do.
 *
 * @param httpProxy the proxy for {@code http} requests, or {@code null}
 * @param httpsProxy the proxy for {@code https} requests, or {@code null}
 * @param noProxy the {@code NO_PROXY} entries, trimmed and lower-cased
 * @param cgi whether {@code REQUEST_METHOD} is set, which disables {@code HTTP_PROXY}
 * @param problems values that Go programs ignore, described without repeating them
 */
public record ProxySettings(
    @Nullable URI httpProxy,
    @Nullable URI httpsProxy,
    List<String> noProxy,
    boolean cgi,
    List<String> problems) {

  private static final Set<String> PROXY_SCHEMES = Set.of("http", "https", "socks5");

  private static final Pattern ABSOLUTE =
      Pattern.compile(
          "([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^?#]*)(?:\\?[^#]*)?(?:#.*)?", Pattern.DOTALL);

  /** Validates and copies the lists. */
  public ProxySettings {
    noProxy = List.copyOf(noProxy);
    problems = List.copyOf(problems);
  }

  /** Returns settings without any proxy. */
  public static ProxySettings none() {
    return new ProxySettings(null, null, List.of(), false, List.of());
  }

  /** Reads the proxy variables from {@code environment}, e.g. {@code System.getenv()}. */
  public static ProxySettings fromEnvironment(Map<String, String> environment) {
    requireNonNull(environment, "environment");
    List<String> problems = new ArrayList<>();
    URI http = proxyVariable(environment, "HTTP_PROXY", problems);
    URI https = proxyVariable(environment, "HTTPS_PROXY", problems);
    List<String> noProxy = new ArrayList<>();
    String noProxyValue = firstSet(environment, "NO_PROXY");
    if (noProxyValue != null) {
      for (String entry : noProxyValue.split(",")) {
        String trimmed = entry.strip().toLowerCase(Locale.ROOT);
        if (!trimmed.isEmpty()) {
          noProxy.add(trimmed);
        }
      }
    }
    String requestMethod = environment.get("REQUEST_METHOD");
    boolean cgi = requestMethod != null && !requestMethod.isEmpty();
    return new ProxySettings(http, https, noProxy, cgi, problems);
  }

  private static @Nullable String firstSet(Map<String, String> environment, String upperName) {
    for (String name : List.of(upperName, upperName.toLowerCase(Locale.ROOT))) {
      String value = environment.get(name);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private static @Nullable URI proxyVariable(
      Map<String, String> environment, String upperName, List<String> problems) {
    String value = firstSet(environment, upperName);
    if (value == null) {
      return null;
    }
    URI uri = parseProxy(value);
    if (uri == null) {
      problems.add(
          upperName
              + " (or "
              + upperName.toLowerCase(Locale.ROOT)
              + ") is not a valid proxy URL; Go programs ignore it and connect directly");
    }
    return uri;
  }

  /** httpproxy {@code parseProxy}: a URL, or {@code host[:port]} meaning {@code http://}. */
  private static @Nullable URI parseProxy(String value) {
    URI uri = parseAbsolute(value);
    if (uri == null || !PROXY_SCHEMES.contains(uri.getScheme())) {
      URI retry = parseAbsolute("http://" + value);
      if (retry != null) {
        return retry;
      }
    }
    return uri;
  }

  private static @Nullable URI parseAbsolute(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return null;
      }
    }
    Matcher matcher = ABSOLUTE.matcher(value);
    if (!matcher.matches()) {
      return null;
    }
    String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
    String authority = matcher.group(2);
    String path = matcher.group(3);
    int at = authority.lastIndexOf('@');
    String userInfo = at >= 0 ? authority.substring(0, at) : null;
    String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
    String host = hostPort;
    int port = -1;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = hostPort.substring(1, close);
      String rest = hostPort.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        port = parsePort(rest.substring(1));
        if (port == -2) {
          return null;
        }
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon >= 0) {
        host = hostPort.substring(0, colon);
        port = parsePort(hostPort.substring(colon + 1));
        if (port == -2 || host.indexOf(':') >= 0) {
          return null;
        }
      }
    }
    if (host.isEmpty()) {
      return null;
    }
    try {
      if (userInfo != null && RAW_USER_INFO.matcher(userInfo).matches()) {
        // Kept as written, so that its escapes (%40 for @ in a password) are decoded once, as Go's
        // url.Parse decodes them; the constructor below would escape the % signs again.
        URI bare = new URI(scheme, null, host, port, path.isEmpty() ? null : path, null, null);
        String text = bare.toString();
        int start = text.indexOf("//") + 2;
        return new URI(text.substring(0, start) + userInfo + "@" + text.substring(start));
      }
      return new URI(scheme, userInfo, host, port, path.isEmpty() ? null : path, null, null);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** User info as RFC 3986 allows it: unreserved, sub-delims, ':' and whole %XX escapes. */
  private static final Pattern RAW_USER_INFO =
      Pattern.compile("(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*");

  /** Returns the port, -1 for none, -2 for invalid. */
  private static int parsePort(String text) {
    if (text.isEmpty()) {
      return -1;
    }
    if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -2;
    }
    int port = Integer.parseInt(text);
    return port > 65535 ? -2 : port;
  }

  /**
   * Returns the proxy a Go client uses for a request, or empty for a direct connection.
   *
   * @param scheme {@code https} or {@code http}; other schemes are never proxied
   * @param host the host name or IP literal (IPv6 with or without brackets)
   * @param port the port, or 0 or -1 for the scheme's default (443, 80)
   */
  public Optional<URI> proxyFor(String scheme, String host, int port) {
    requireNonNull(scheme, "scheme");
    requireNonNull(host, "host");
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    URI proxy;
    if (lowerScheme.equals("https")) {
      proxy = httpsProxy;
    } else if (lowerScheme.equals("http")) {
      proxy = cgi ? null : httpProxy;
    } else {
      proxy = null;
    }
    if (proxy == null) {
      return Optional.empty();
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    int effectivePort = port > 0 ? port : lowerScheme.equals("https") ? 443 : 80;
    return useProxy(ascii(bare), Integer.toString(effectivePort))
        ? Optional.of(proxy)
        : Optional.empty();
  }

  private static String ascii(String host) {
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) >= 0x80) {
        try {
          return IDN.toASCII(host);
        } catch (IllegalArgumentException e) {
          return host;
        }
      }
    }
    return host;
  }

  /** httpproxy {@code useProxy}. */
  private boolean useProxy(String host, String port) {
    if (host.equals("localhost")) {
      return false;
    }
    InetAddress ip = IpLiterals.parse(host);
    if (ip != null && ip.isLoopbackAddress()) {
      return false;
    }
    String address = host.strip().toLowerCase(Locale.ROOT);
    for (String entry : noProxy) {
      if (entry.equals("*")) {
        return false;
      }
      Optional<Cidr> cidr = parseCidrLoosely(entry);
      if (cidr.isPresent()) {
        if (ip != null && cidr.get().contains(ip)) {
          return false;
        }
        continue;
      }
      String entryHost = entry;
      String entryPort = "";
      HostPort split = HostPort.split(entry);
      if (split != null) {
        if (split.host().isEmpty()) {
          continue;
        }
        entryHost = split.host();
        entryPort = split.port();
      }
      InetAddress entryIp = IpLiterals.parse(entryHost);
      if (entryIp != null) {
        if (ip != null && entryIp.equals(ip) && (entryPort.isEmpty() || entryPort.equals(port))) {
          return false;
        }
        continue;
      }
      if (entryHost.isEmpty()) {
        continue;
      }
      if (entryHost.startsWith("*.")) {
        entryHost = entryHost.substring(1);
      }
      boolean matchHost = false;
      if (entryHost.charAt(0) != '.') {
        matchHost = true;
        entryHost = "." + entryHost;
      }
      entryHost = ascii(entryHost);
      if (address.endsWith(entryHost) || (matchHost && address.equals(entryHost.substring(1)))) {
        if (entryPort.isEmpty() || entryPort.equals(port)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Go's {@code net.ParseCIDR}, which (unlike docker's parser) keeps host bits: masked anyway. */
  private static Optional<Cidr> parseCidrLoosely(String entry) {
    return entry.indexOf('/') >= 0 ? Cidr.parse(entry) : Optional.empty();
  }

  /**
   * Describes the settings for a report, proxy user info removed, e.g. {@code https: proxy
   * http://proxy.example.com:3128; http: direct; NO_PROXY: localhost, .example.com}.
   */
  public String description() {
    StringBuilder text = new StringBuilder();
    text.append("https: ").append(httpsProxy == null ? "direct" : "proxy " + redact(httpsProxy));
    text.append("; http: ");
    if (httpProxy == null) {
      text.append("direct");
    } else {
      text.append("proxy ").append(redact(httpProxy));
      if (cgi) {
        text.append(" (ignored: REQUEST_METHOD is set, a CGI environment)");
      }
    }
    text.append("; NO_PROXY: ").append(noProxy.isEmpty() ? "(none)" : String.join(", ", noProxy));
    return text.toString();
  }

  /**
   * Returns {@code uri} as {@code scheme://host[:port]}: user info and path dropped (a mistyped
   * proxy value can put a password into the path).
   */
  static String redact(URI uri) {
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null)
          .toString();
    } catch (URISyntaxException e) {
      return uri.getScheme() + "://<unprintable>";
    }
  }

  /** Returns {@link #description()}, which never shows proxy credentials. */
  @Override
  public String toString() {
    return "ProxySettings[" + description() + "]";
  }
}
