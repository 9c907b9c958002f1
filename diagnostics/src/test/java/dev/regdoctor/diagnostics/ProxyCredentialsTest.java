package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.probe.InvalidSettingException;
import dev.regdoctor.testkit.ConnectProxy;
import dev.regdoctor.testkit.EmbeddedRegistry;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 16, findings 2 and 9: the user name and password in a proxy URL were never sent (not even
 * after the proxy's 407), the advice then blamed the proxy for refusing "the credentials it asks
 * for", a {@code socks5://} proxy was used as an HTTP proxy, and the proxy's address read {@code
 * 127.0.0.1/<unresolved>:5301}. Docker and containerd (Go's net/http) send the URL's user info as
 * Basic {@code Proxy-Authorization} before any challenge.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyCredentialsTest {
  private static final String HOST = "reg.proxytest.invalid";
  private static final String USER = "puser";

  /** A password with the characters a URL must escape; written %40, %3A and %2F in the URL. */
  private static final String PASSWORD = "pw@CANARY-71:x/y";

  private static final String ESCAPED = "pw%40CANARY-71%3Ax%2Fy";

  @TempDir Path dir;

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private Report check(
      ConnectProxy proxy,
      String userInfo,
      Locale locale,
      UnaryOperator<RegistryDoctor.Builder> more)
      throws Exception {
    URI url = URI.create("http://" + userInfo + proxy.hostPort());
    try (RegistryDoctor doctor =
        more.apply(
                RegistryDoctor.builder()
                    .credentials(CredentialResolver.anonymous())
                    .proxy(url)
                    .timeout(Duration.ofSeconds(10))
                    .locale(locale))
            .build()) {
      return doctor.check(HOST + "/team/app:1.0");
    }
  }

  /** Everything a report shows: text in both forms, JSON, toString and the verdict's parts. */
  private static List<String> outputs(Report report) {
    List<String> all = new ArrayList<>();
    all.add(report.toText(false));
    all.add(report.toText(true));
    all.add(report.toJson());
    all.add(report.toString());
    all.add(String.valueOf(report.verdict()));
    return all;
  }

  @Test
  void credentialsInTheProxyUrlAreSentOnTheConnectBeforeAnyChallenge() throws Exception {
    HeldCertificate certificate =
        new HeldCertificate.Builder().addSubjectAlternativeName(HOST).build();
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, certificate.certificatePem());
    try (EmbeddedRegistry seed = EmbeddedRegistry.start()) {
      ImageSeeder.to(seed.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
      try (EmbeddedRegistry registry =
              EmbeddedRegistry.builder().storageOf(seed).tls(certificate).start();
          ConnectProxy proxy =
              ConnectProxy.builder()
                  .requireBasic(USER, PASSWORD)
                  .route(HOST + ":443", registry.port())
                  .start()) {

        Report report = check(proxy, USER + ":" + ESCAPED + "@", Locale.ENGLISH, b -> b.caFile(ca));

        assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
        assertThat(proxy.requests())
            .isNotEmpty()
            .allSatisfy(
                request -> {
                  assertThat(request.method()).isEqualTo("CONNECT");
                  assertThat(request.target()).isEqualTo(HOST + ":443");
                  // percent-decoded, as Go's url.Parse decodes user info
                  assertThat(request.proxyAuthorization()).isEqualTo(basic(USER, PASSWORD));
                });
        assertThat(outputs(report)).noneSatisfy(text -> assertThat(text).contains("CANARY"));
      }
    }
  }

  @Test
  void proxyRefusingTheUrlCredentialsSaysSoWithoutRetryingOrShowingThem() throws Exception {
    try (ConnectProxy proxy = ConnectProxy.builder().requireBasic(USER, "other").start()) {

      Report report = check(proxy, USER + ":" + ESCAPED + "@", Locale.ENGLISH, b -> b);

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.PROXY_FAILURE);
      assertThat(report.verdict().summary())
          .isEqualTo(
              "The proxy between this machine and "
                  + HOST
                  + " refused the user name and password in the proxy URL");
      assertThat(report.verdict().evidence())
          .contains(
              "the proxy "
                  + proxy.hostPort()
                  + " refused the user name and password from the proxy URL for "
                  + HOST
                  + ":443 (407 Proxy Authentication Required)");
      assertThat(report.verdict().remediation())
          .noneSatisfy(
              remedy -> assertThat(remedy.text()).contains("accepts the credentials it asks for"));
      // Go does not answer a 407 to its CONNECT with another try, and neither does the check.
      assertThat(proxy.requests()).hasSize(1);
      assertThat(outputs(report))
          .noneSatisfy(text -> assertThat(text).contains("CANARY", "<unresolved>", ESCAPED));
    }
  }

  @Test
  void proxyAskingForCredentialsTheUrlLacksSaysHowToPutThemInHttpsProxy() throws Exception {
    try (ConnectProxy proxy = ConnectProxy.builder().requireBasic(USER, PASSWORD).start()) {

      Report english = check(proxy, "", Locale.ENGLISH, b -> b);
      Report chinese = check(proxy, "", Locale.SIMPLIFIED_CHINESE, b -> b);

      assertThat(english.verdict().code()).isEqualTo(DiagnosisCode.PROXY_FAILURE);
      assertThat(english.verdict().summary())
          .isEqualTo(
              "The proxy between this machine and "
                  + HOST
                  + " requires credentials, and the proxy URL has none");
      assertThat(english.verdict().evidence())
          .contains(
              "the proxy "
                  + proxy.hostPort()
                  + " requires credentials for "
                  + HOST
                  + ":443 (407 Proxy Authentication Required), and the proxy URL has none");
      assertThat(english.verdict().remediation().get(0).text())
          .contains("HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT");
      assertThat(chinese.verdict().summary()).isEqualTo("本机与 " + HOST + " 之间的代理要求提供凭据，而代理地址中没有凭据");
      assertThat(chinese.verdict().evidence())
          .contains(
              "代理 " + proxy.hostPort() + " 要求提供访问 " + HOST + ":443 的凭据（407，需要代理身份验证），而代理地址中没有凭据");
      assertThat(chinese.verdict().remediation().get(0).text())
          .contains("HTTPS_PROXY=http://<用户名>:<密码>@<代理主机>:<代理端口>");
      assertThat(proxy.requests())
          .allSatisfy(request -> assertThat(request.proxyAuthorization()).isNull());
    }
  }

  @Test
  void credentialsFromHttpsProxyInTheEnvironmentAreSent() throws Exception {
    try (ConnectProxy proxy = ConnectProxy.builder().requireBasic(USER, "other").start();
        RegistryDoctor doctor =
            RegistryDoctor.builder()
                .credentials(CredentialResolver.anonymous())
                .proxyFromEnvironment(
                    Map.of(
                        "HTTPS_PROXY", "http://" + USER + ":" + ESCAPED + "@" + proxy.hostPort()))
                .timeout(Duration.ofSeconds(10))
                .locale(Locale.ENGLISH)
                .build()) {

      Report report = doctor.check(HOST + "/team/app:1.0");

      assertThat(proxy.requests())
          .singleElement()
          .satisfies(
              request -> assertThat(request.proxyAuthorization()).isEqualTo(basic(USER, PASSWORD)));
      assertThat(report.verdict().summary()).contains("refused the user name and password");
      assertThat(outputs(report)).noneSatisfy(text -> assertThat(text).contains("CANARY"));
    }
  }

  @Test
  void plainHttpRequestsThroughTheProxyCarryTheUrlCredentials() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      // The proxy refuses: a request for a plain-HTTP registry is answered by the proxy itself.
      proxy.enqueue(
          new MockResponse.Builder()
              .code(407)
              .addHeader("Proxy-Authenticate", "Basic realm=\"mock\"")
              .build());
      proxy.start(java.net.InetAddress.getLoopbackAddress(), 0);
      String registry = "reg.plain.invalid:5000";
      try (RegistryDoctor doctor =
          RegistryDoctor.builder()
              .credentials(CredentialResolver.anonymous())
              .proxy(URI.create("http://" + USER + ":" + ESCAPED + "@127.0.0.1:" + proxy.getPort()))
              .plainHttpRegistry(registry)
              .timeout(Duration.ofSeconds(10))
              .locale(Locale.ENGLISH)
              .build()) {

        Report report = doctor.check(registry + "/team/app:1.0");

        RecordedRequest sent = proxy.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(sent.getTarget()).isEqualTo("http://" + registry + "/v2/");
        assertThat(sent.getHeaders().get("Proxy-Authorization")).isEqualTo(basic(USER, PASSWORD));
        assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.PROXY_FAILURE);
        assertThat(report.verdict().summary()).contains("refused the user name and password");
        assertThat(outputs(report)).noneSatisfy(text -> assertThat(text).contains("CANARY"));
      }
    }
  }

  @Test
  void socksAndHttpsProxyUrlsAreRejectedNamingTheSettingNotThePassword() {
    assertThatThrownBy(
            () ->
                RegistryDoctor.builder()
                    .proxy(URI.create("socks5://u:" + ESCAPED + "@127.0.0.1:1080")))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("proxy");
              assertThat(e.getMessage())
                  .contains("is a SOCKS proxy, and regdoctor supports only HTTP proxies")
                  .doesNotContain("CANARY");
            });
    assertThatThrownBy(
            () ->
                RegistryDoctor.builder()
                    .proxyFromEnvironment(Map.of("https_proxy", "socks5h://127.0.0.1:1080")))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("HTTPS_PROXY");
              assertThat(e.getMessage()).contains("socks5h", "SOCKS proxy");
            });
    assertThatThrownBy(
            () ->
                RegistryDoctor.builder()
                    .proxyFromEnvironment(
                        Map.of("HTTP_PROXY", "https://u:" + ESCAPED + "@proxy.invalid:3128")))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("HTTP_PROXY");
              assertThat(e.getMessage()).contains("HTTPS proxy").doesNotContain("CANARY");
            });
  }
}
