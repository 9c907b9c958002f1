package dev.regdoctor.probe;

import dev.regdoctor.endpoint.ProxySettings;
import dev.regdoctor.internal.http.UrlProxy;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Checks proxy URLs for {@link ProbeSettings.Builder#proxy} and {@code proxies}. */
final class ProxyUrls {
  private ProxyUrls() {}

  /**
   * Returns the proxy {@code uri} names, with its credentials.
   *
   * @param setting the builder method or environment variable that gave it, for the exception
   * @throws InvalidSettingException if {@code uri} is not an {@code http} URL with a host
   */
  static UrlProxy checked(String setting, URI uri) {
    String value = RegistryEntries.quoted(uri.toString());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String named = namedScheme(uri);
    if (named != null) {
      // Go reads "socks5h://host:1080" as http://socks5h:80 (its scheme is unknown to it, so the
      // text is tried again behind "http://"): never what was meant, and never useful to check.
      scheme = named;
    }
    @Nullable String reason =
        switch (scheme) {
          case "http" ->
              uri.getHost() == null
                  ? "'"
                      + value
                      + "' is not a proxy URL with a host, e.g. http://proxy.example.com:3128"
                  : null;
          case "socks5", "socks5h", "socks4", "socks4a", "socks" ->
              "'"
                  + value
                  + "' is a SOCKS proxy, and regdoctor supports only HTTP proxies"
                  + " (http://HOST:PORT): it cannot check what Docker or containerd reach through it";
          case "https" ->
              "'"
                  + value
                  + "' is an HTTPS proxy (TLS to the proxy), and regdoctor supports only HTTP"
                  + " proxies (http://HOST:PORT)";
          default ->
              "'"
                  + value
                  + "' is not an http:// proxy URL, e.g. http://proxy.example.com:3128"
                  + (scheme.isEmpty() ? "" : " (the scheme is " + scheme + ")");
        };
    if (reason != null) {
      throw new InvalidSettingException(setting, value, reason);
    }
    return UrlProxy.of(uri);
  }

  /**
   * Returns the scheme of a value Go re-read behind {@code http://} ({@code http://socks5h//…}: the
   * host is the scheme, the path starts {@code //}), or {@code null}.
   */
  private static @Nullable String namedScheme(URI uri) {
    String path = uri.getRawPath();
    if ("http".equalsIgnoreCase(uri.getScheme())
        && uri.getHost() != null
        && uri.getPort() == -1
        && uri.getRawUserInfo() == null
        && path != null
        && path.startsWith("//")
        && uri.getHost().matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return uri.getHost().toLowerCase(Locale.ROOT);
    }
    return null;
  }

  static ProxySelector selector(Function<URI, List<Proxy>> choice) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return choice.apply(uri);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {}

      @Override
      public String toString() {
        return "ProxySelector[proxy URL]";
      }
    };
  }

  /**
   * Returns a selector that chooses each request's proxy from {@code proxies} as Go programs do
   * ({@link ProxySettings#proxyFor}), sending the credentials of its URL.
   *
   * @throws InvalidSettingException with setting {@code HTTPS_PROXY} or {@code HTTP_PROXY} if that
   *     proxy is not an {@code http} URL
   */
  static ProxySelector selector(ProxySettings proxies) {
    Proxy https =
        proxies.httpsProxy() == null
            ? null
            : ProxyUrls.checked("HTTPS_PROXY", proxies.httpsProxy());
    Proxy http =
        proxies.httpProxy() == null || proxies.cgi()
            ? null
            : ProxyUrls.checked("HTTP_PROXY", proxies.httpProxy());
    return selector(
        target -> {
          String scheme = String.valueOf(target.getScheme()).toLowerCase(Locale.ROOT);
          Proxy chosen = scheme.equals("https") ? https : http;
          String host = target.getHost();
          return chosen != null
                  && host != null
                  && proxies.proxyFor(scheme, host, target.getPort()).isPresent()
              ? List.of(chosen)
              : List.of(Proxy.NO_PROXY);
        });
  }
}
