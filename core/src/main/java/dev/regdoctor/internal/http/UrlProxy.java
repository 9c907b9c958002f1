package dev.regdoctor.internal.http;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.endpoint.HostPort;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy chosen from a proxy URL ({@code http://user:password@proxy.example.com:3128}), with
 * the Basic {@code Proxy-Authorization} value its user info gives. OkHttp hands the proxy a
 * selector returned back to the authenticator as the route's proxy, so the credentials travel with
 * it and never through a global {@link java.net.Authenticator}.
 *
 * <p>Go's net/http, which dockerd, containerd and the kubelet use, does the same: {@code
 * (*connectMethod).proxyAuth} in {@code src/net/http/transport.go} returns {@code "Basic " +
 * basicAuth(u.Username(), password)} whenever the proxy URL has user info ({@code proxyURL.User !=
 * nil}), and {@code (*Transport).dialConn} sets it as {@code Proxy-Authorization} on the CONNECT
 * request before any challenge, and on every request sent to the proxy for a plain {@code http}
 * target ({@code pconn.mutateHeaderFunc}). A 407 answer to the CONNECT is an error; Go does not
 * retry. {@code url.Parse} percent-decodes the user name and password, splitting the user info at
 * its first colon.
 *
 * <p>{@code toString} shows {@code HTTP @ host:port}, never the credentials.
 */
public final class UrlProxy extends Proxy {
  private final String authority;
  private final @Nullable String authorization;
  private final List<String> secrets;

  private UrlProxy(String host, int port, @Nullable String user, @Nullable String password) {
    super(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    this.authority = HostPort.authority(host, port);
    if (user == null) {
      this.authorization = null;
      this.secrets = List.of();
    } else {
      String pair = user + ":" + (password == null ? "" : password);
      this.authorization =
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      this.secrets = password == null || password.isEmpty() ? List.of() : List.of(password);
    }
  }

  /**
   * Returns the proxy {@code uri} names; its user info, if any, becomes Basic credentials.
   *
   * @param uri an {@code http} URL with a host; the caller has checked the scheme
   */
  public static UrlProxy of(URI uri) {
    requireNonNull(uri, "uri");
    String host = requireNonNull(uri.getHost(), "host");
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // the socket address takes a bare IPv6 literal
    }
    int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
    String raw = uri.getRawUserInfo();
    if (raw == null) {
      return new UrlProxy(host, port, null, null);
    }
    int colon = raw.indexOf(':');
    return colon < 0
        ? new UrlProxy(host, port, percentDecoded(raw), null)
        : new UrlProxy(
            host,
            port,
            percentDecoded(raw.substring(0, colon)),
            percentDecoded(raw.substring(colon + 1)));
  }

  private static int defaultPort(@Nullable String scheme) {
    return "https".equals(scheme == null ? null : scheme.toLowerCase(Locale.ROOT)) ? 443 : 80;
  }

  /** Decodes {@code %XX} escapes as UTF-8; {@code +} stays {@code +}, as in Go's user info. */
  static String percentDecoded(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%'
          && i + 2 < text.length()
          && hex(text.charAt(i + 1)) >= 0
          && hex(text.charAt(i + 2)) >= 0) {
        bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
        continue;
      }
      byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      bytes.write(encoded, 0, encoded.length);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** Returns {@code host:port} of the proxy, IPv6 in brackets. */
  public String authority() {
    return authority;
  }

  /** Returns whether the proxy URL had user info, so that credentials are sent. */
  public boolean hasCredentials() {
    return authorization != null;
  }

  /** Returns the {@code Proxy-Authorization} value, or {@code null} without user info. */
  @Nullable String authorization() {
    return authorization;
  }

  /** Returns the password, for redaction of anything that might quote it. */
  List<String> secrets() {
    return secrets;
  }

  /**
   * Returns {@code host:port} of {@code proxy}'s address, IPv6 in brackets, for reports: never the
   * {@code host/<unresolved>:port} form of {@link InetSocketAddress#toString()}.
   */
  public static String authorityOf(Proxy proxy) {
    if (proxy instanceof UrlProxy url) {
      return url.authority;
    }
    if (!(proxy.address() instanceof InetSocketAddress address)) {
      return String.valueOf(proxy.address());
    }
    return SocketAddresses.text(address);
  }

  @Override
  public String toString() {
    return "HTTP @ " + authority;
  }
}
