package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxySettingsTest {

  @ParameterizedTest(name = "NO_PROXY={0}: {1}://{2}:{3} proxied={4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                          | https | registry.example.com | 443  | true
          *                           | https | registry.example.com | 443  | false
          example.com                 | https | example.com          | 443  | false
          example.com                 | https | registry.example.com | 443  | false
          example.com                 | https | badexample.com       | 443  | true
          .example.com                | https | registry.example.com | 443  | false
          .example.com                | https | example.com          | 443  | true
          *.example.com               | https | registry.example.com | 443  | false
          *.example.com               | https | example.com          | 443  | true
          EXAMPLE.com                 | https | Registry.Example.COM | 443  | false
          ' example.com , other.org ' | https | other.org            | 443  | false
          registry.example.com:5000   | https | registry.example.com | 5000 | false
          registry.example.com:5000   | https | registry.example.com | 443  | true
          registry.example.com:443    | https | registry.example.com | -1   | false
          registry.example.com:80     | http  | registry.example.com | 0    | false
          10.0.0.0/8                  | https | 10.1.2.3             | 443  | false
          10.0.0.0/8                  | https | 11.1.2.3             | 443  | true
          10.0.0.0/8                  | https | ten.example.com      | 443  | true
          10.1.2.3                    | https | 10.1.2.3             | 443  | false
          10.1.2.3:5000               | https | 10.1.2.3             | 443  | true
          10.1.2.3:5000               | https | 10.1.2.3             | 5000 | false
          [fd00::1]:5000              | https | [fd00::1]            | 5000 | false
          fd00::/8                    | https | fd00::1              | 443  | false
          other.org                   | https | localhost            | 443  | false
          other.org                   | https | 127.0.0.1            | 443  | false
          other.org                   | https | ::1                  | 443  | false
          other.org                   | https | LOCALHOST            | 443  | true
          """)
  void decidesLikeGoHttpproxy(
      String noProxy, String scheme, String host, int port, boolean proxied) {
    ProxySettings settings =
        ProxySettings.fromEnvironment(
            Map.of(
                "HTTPS_PROXY", "http://proxy.example.com:3128",
                "HTTP_PROXY", "http://proxy.example.com:3128",
                "NO_PROXY", noProxy));

    assertThat(settings.proxyFor(scheme, host, port).isPresent()).isEqualTo(proxied);
  }

  @Test
  void upperCaseVariableWinsAndSchemeDefaultsToHttp() {
    ProxySettings settings =
        ProxySettings.fromEnvironment(
            Map.of(
                "HTTPS_PROXY", "proxy.example.com:3128",
                "https_proxy", "http://lower.example.com:1",
                "no_proxy", "example.com"));

    assertThat(settings.httpsProxy()).isEqualTo(URI.create("http://proxy.example.com:3128"));
    assertThat(settings.httpProxy()).isNull();
    assertThat(settings.noProxy()).containsExactly("example.com");
    assertThat(settings.proxyFor("http", "registry.example.org", 80)).isEmpty();
  }

  @Test
  void lowerCaseVariablesAreRead() {
    ProxySettings settings =
        ProxySettings.fromEnvironment(
            Map.of(
                "https_proxy",
                "https://proxy.example.com",
                "http_proxy",
                "socks5://proxy.example.com:1080"));

    assertThat(settings.proxyFor("https", "r.example.com", 443))
        .contains(URI.create("https://proxy.example.com"));
    assertThat(settings.proxyFor("http", "r.example.com", 80))
        .contains(URI.create("socks5://proxy.example.com:1080"));
  }

  @Test
  void cgiEnvironmentDisablesHttpProxyOnly() {
    ProxySettings settings =
        ProxySettings.fromEnvironment(
            Map.of(
                "HTTP_PROXY", "http://proxy.example.com:3128",
                "HTTPS_PROXY", "http://proxy.example.com:3128",
                "REQUEST_METHOD", "GET"));

    assertThat(settings.proxyFor("http", "r.example.com", 80)).isEmpty();
    assertThat(settings.proxyFor("https", "r.example.com", 443)).isPresent();
    assertThat(settings.description()).contains("ignored: REQUEST_METHOD is set");
  }

  @Test
  void invalidProxyIsIgnoredAndReportedWithoutItsValue() {
    ProxySettings settings =
        ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "proxy example.com:3128"));

    assertThat(settings.httpsProxy()).isNull();
    assertThat(settings.problems())
        .containsExactly(
            "HTTPS_PROXY (or https_proxy) is not a valid"
                + " proxy URL; Go programs ignore it and connect directly");
  }

  @Test
  void descriptionRemovesUserInfo() {
    ProxySettings settings =
        ProxySettings.fromEnvironment(
            Map.of(
                "HTTPS_PROXY", "http://alice:s3cret@proxy.example.com:3128",
                "NO_PROXY", "localhost,.example.com"));

    assertThat(settings.proxyFor("https", "registry.example.org", 443))
        .hasValueSatisfying(uri -> assertThat(uri.getUserInfo()).isEqualTo("alice:s3cret"));
    assertThat(settings.description())
        .isEqualTo(
            "https: proxy http://proxy.example.com:3128;"
                + " http: direct; NO_PROXY: localhost, .example.com");
    assertThat(settings.toString()).doesNotContain("s3cret", "alice");
  }

  @Test
  void userInfoKeepsItsPercentEscapesForOneDecodingLikeGo() {
    // Review 16, finding 2: the escapes were escaped again, so %40 reached the proxy as "%40".
    ProxySettings settings =
        ProxySettings.fromEnvironment(
            Map.of("HTTPS_PROXY", "http://alice:p%40ss%3Aw@proxy.example.com:3128"));

    assertThat(settings.httpsProxy().getRawUserInfo()).isEqualTo("alice:p%40ss%3Aw");
    assertThat(settings.httpsProxy().getUserInfo()).isEqualTo("alice:p@ss:w");
    assertThat(settings.httpsProxy().getHost()).isEqualTo("proxy.example.com");
    assertThat(settings.httpsProxy().getPort()).isEqualTo(3128);
  }

  @Test
  void otherSchemesAreNeverProxied() {
    ProxySettings settings =
        ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy.example.com:3128"));

    assertThat(settings.proxyFor("ftp", "r.example.com", 21)).isEmpty();
    assertThat(ProxySettings.none().proxyFor("https", "r.example.com", 443)).isEmpty();
  }
}
