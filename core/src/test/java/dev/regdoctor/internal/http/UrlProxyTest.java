package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlProxyTest {

  private static String decodedAuthorization(UrlProxy proxy) {
    String value = proxy.authorization();
    assertThat(value).startsWith("Basic ");
    return new String(
        Base64.getDecoder().decode(value.substring("Basic ".length())), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://alice:s3cret@proxy.example.com:3128      | alice:s3cret
          http://alice:p%40ss%3Aw%2Frd@proxy.example.com  | alice:p@ss:w/rd
          http://al%3Aice:pw@proxy.example.com            | al:ice:pw
          http://alice:a+b@proxy.example.com              | alice:a+b
          http://alice@proxy.example.com                  | alice:
          http://alice:@proxy.example.com                 | alice:
          http://%E7%94%A8:%E5%AF%86@proxy.example.com    | 用:密
          """)
  void userInfoBecomesBasicCredentialsPercentDecodedLikeGo(String url, String pair) {
    UrlProxy proxy = UrlProxy.of(URI.create(url));

    assertThat(proxy.hasCredentials()).isTrue();
    assertThat(decodedAuthorization(proxy)).isEqualTo(pair);
  }

  @Test
  void proxyWithoutUserInfoSendsNothingAndNeverPrintsCredentials() {
    UrlProxy bare = UrlProxy.of(URI.create("http://proxy.example.com"));
    UrlProxy secret = UrlProxy.of(URI.create("http://alice:CANARY@[fd00::1]:3128"));

    assertThat(bare.hasCredentials()).isFalse();
    assertThat(bare.authority()).isEqualTo("proxy.example.com:80");
    assertThat(secret.authority()).isEqualTo("[fd00::1]:3128");
    assertThat(secret.toString()).isEqualTo("HTTP @ [fd00::1]:3128").doesNotContain("CANARY");
    assertThat(((InetSocketAddress) secret.address()).getHostString()).isEqualTo("fd00::1");
  }

  @Test
  void addressesAreWrittenHostColonPortNeverUnresolvedForm() throws Exception {
    Proxy plain = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", 5301));

    assertThat(UrlProxy.authorityOf(plain)).isEqualTo("127.0.0.1:5301");
    assertThat(
            SocketAddresses.text(
                new InetSocketAddress(InetAddress.getByName("0:0:0:0:0:0:0:1"), 5000)))
        .isEqualTo("[::1]:5000");
    assertThat(SocketAddresses.text(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 443)))
        .isEqualTo("10.1.2.3:443");
    assertThat(SocketAddresses.text(InetSocketAddress.createUnresolved("proxy.example.com", 3128)))
        .isEqualTo("proxy.example.com:3128");
  }
}
