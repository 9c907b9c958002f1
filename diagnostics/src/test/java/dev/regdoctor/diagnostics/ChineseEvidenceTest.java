package dev.regdoctor.diagnostics;

import static dev.regdoctor.diagnostics.RegistryDoctorTest.registry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.internal.ChineseText;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code diagnose --lang zh-CN}: the evidence sentences the probe and the rules write are Chinese;
 * protocol lines (requests, headers, registry error bodies) stay as they were sent, and English
 * reports keep their wording.
 */
@Timeout(60)
class ChineseEvidenceTest {
  /** Requests and answers, headers and registry error bodies: raw facts, never translated. */
  private static final Pattern PROTOCOL =
      Pattern.compile("(GET|HEAD|POST) \\S+ (->|failed).*|[A-Za-z][\\w-]*: .*");

  private MockWebServer server;
  private String hostPort;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    hostPort = "127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Report check(Locale locale, String image, String platform, MockResponse... responses) {
    for (MockResponse response : responses) {
      server.enqueue(response);
    }
    RegistryDoctor.Builder builder =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .plainHttpRegistry(hostPort)
            .timeout(Duration.ofSeconds(3))
            .locale(locale);
    if (platform != null) {
      builder.platform(platform);
    }
    try (RegistryDoctor doctor = builder.build()) {
      return doctor.check(image);
    }
  }

  /** Asserts that every evidence line of {@code report} is a protocol line or Chinese prose. */
  private static void assertChineseProse(Report report) {
    for (Finding finding : report.findings()) {
      for (String line : finding.evidence()) {
        if (PROTOCOL.matcher(line).matches()) {
          continue;
        }
        assertThat(line).as("evidence of %s", finding.code()).containsPattern("\\p{IsHan}");
        assertThat(ChineseText.strayWords(line)).as("English words in %s", line).isEmpty();
      }
    }
  }

  private static MockResponse ping() {
    return registry(200).body("{}").build();
  }

  @Test
  void missingTagSaysInChineseWhichTagsAreClosest() {
    Supplier<MockResponse[]> answers =
        () ->
            new MockResponse[] {
              ping(),
              registry(404).build(),
              registry(200).body("{\"tags\":[\"1.4.1\",\"1.4.2\",\"1.0\"]}").build()
            };
    String image = hostPort + "/team/app:1.4";

    Report chinese = check(Locale.SIMPLIFIED_CHINESE, image, null, answers.get());
    Report english = check(Locale.ENGLISH, image, null, answers.get());

    assertThat(chinese.verdict().code()).isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
    assertThat(chinese.verdict().evidence())
        .contains(
            "镜像库 team/app 存在，但没有标签 1.4；最接近的标签：1.4.1, 1.4.2, 1.0",
            "HEAD http://" + hostPort + "/v2/team/app/manifests/1.4 -> 404",
            "GET http://" + hostPort + "/v2/team/app/tags/list -> 200");
    assertChineseProse(chinese);
    assertThat(english.verdict().evidence())
        .contains("repository team/app exists but has no tag 1.4; closest tags: 1.4.1, 1.4.2, 1.0");
    assertThat(chinese.toJson()).contains("镜像库 team/app 存在，但没有标签 1.4");
  }

  @Test
  void missingRepositorySaysInChineseThatItMayBePrivate() {
    Supplier<MockResponse[]> answers =
        () -> new MockResponse[] {ping(), registry(404).build(), registry(404).build()};
    String image = hostPort + "/team/ap:1.0";

    Report chinese = check(Locale.SIMPLIFIED_CHINESE, image, null, answers.get());
    Report english = check(Locale.ENGLISH, image, null, answers.get());

    assertThat(chinese.verdict().code()).isEqualTo(DiagnosisCode.REPOSITORY_NOT_FOUND);
    assertThat(chinese.verdict().evidence())
        .contains(hostPort + " 上不存在镜像库 team/ap（也可能它是私有的，匿名用户看不到）");
    assertChineseProse(chinese);
    assertThat(english.verdict().evidence())
        .contains(
            "repository team/ap does not exist on "
                + hostPort
                + " (or it is private and invisible to anonymous users)");
  }

  @Test
  void repositoryTheRegistryCallsUnknownKeepsTheErrorBodyVerbatim() {
    Report chinese =
        check(
            Locale.SIMPLIFIED_CHINESE,
            hostPort + "/team/ap:1.0",
            null,
            ping(),
            registry(404).build(),
            registry(404)
                .body(
                    "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}")
                .build());

    assertThat(chinese.verdict().evidence())
        .contains(
            hostPort + " 上不存在镜像库 team/ap（也可能它是私有的，匿名用户看不到）",
            "error: NAME_UNKNOWN: repository name not known to registry");
    assertChineseProse(chinese);
  }

  @Test
  void missingPlatformNamesTheIndexPlatformsInChinese() {
    String index =
        "{\"manifests\":[{\"digest\":\"sha256:"
            + "11".repeat(32)
            + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
            + "{\"digest\":\"sha256:"
            + "22".repeat(32)
            + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}}]}";
    Supplier<MockResponse[]> answers =
        () ->
            new MockResponse[] {
              ping(),
              registry(200)
                  .addHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
                  .addHeader("Docker-Content-Digest", RegistryDoctorTest.DIGEST)
                  .build(),
              registry(200)
                  .addHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
                  .body(index)
                  .build()
            };
    String image = hostPort + "/team/multi:1.0";

    Report chinese = check(Locale.SIMPLIFIED_CHINESE, image, "linux/arm64", answers.get());
    Report english = check(Locale.ENGLISH, image, "linux/arm64", answers.get());

    assertThat(chinese.verdict().code()).isEqualTo(DiagnosisCode.PLATFORM_MISMATCH);
    assertThat(chinese.verdict().evidence())
        .contains(
            image + " 中没有 linux/arm64 平台的清单；它提供的平台有 linux/amd64, linux/arm/v7",
            "镜像索引中的平台：linux/amd64, linux/arm/v7");
    assertChineseProse(chinese);
    assertThat(english.verdict().evidence())
        .contains(
            "no matching manifest for linux/arm64 in "
                + image
                + "; it has linux/amd64, linux/arm/v7",
            "index platforms: linux/amd64, linux/arm/v7");
  }

  @Test
  void missingCredentialsAreWordedInChinese() {
    Report auth =
        check(
            Locale.SIMPLIFIED_CHINESE,
            hostPort + "/team/app:1.0",
            null,
            ping(),
            registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build());
    assertThat(auth.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
    assertThat(auth.verdict().evidence())
        .contains(hostPort + " 需要凭据才能拉取 team/app，但没有找到凭据", "WWW-Authenticate: Basic realm=\"r\"");
    assertChineseProse(auth);
  }

  @Test
  void failingRegistryIsWordedInChinese() {
    Report failing =
        check(
            Locale.SIMPLIFIED_CHINESE,
            hostPort + "/team/app:1.0",
            null,
            registry(503).build(),
            registry(503).build(),
            registry(503).build());

    assertThat(failing.verdict().code()).isEqualTo(DiagnosisCode.REGISTRY_UNAVAILABLE);
    assertThat(failing.verdict().evidence()).contains(hostPort + " 对 /v2/ 返回了 503：镜像仓库出现故障");
    assertChineseProse(failing);
  }

  @Test
  void refusedPortIsWordedInChineseAndTheRequestLineStays() throws Exception {
    try (FaultEndpoint closed = LoopbackFaults.closedPort()) {
      Report chinese = check(Locale.SIMPLIFIED_CHINESE, closed.hostPort() + "/shop/web:1.4", null);

      assertThat(chinese.verdict().code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
      assertThat(chinese.verdict().evidence())
          .contains("到 " + closed.hostPort() + " 的连接被拒绝：该端口上没有服务在监听")
          .anySatisfy(line -> assertThat(line).startsWith("GET https://" + closed.hostPort()));
      assertChineseProse(chinese);
    }
  }

  @Test
  void everyEvidenceFormHasAChineseWordingWithTheSamePlaceholders() {
    var english = dev.regdoctor.diagnostics.internal.Catalogue.forLocale(Locale.ENGLISH);
    var chinese = dev.regdoctor.diagnostics.internal.Catalogue.forLocale(Locale.SIMPLIFIED_CHINESE);
    Pattern placeholder = Pattern.compile("\\{[A-Za-z]+\\}");
    java.util.ResourceBundle bundle =
        java.util.ResourceBundle.getBundle(
            "dev.regdoctor.diagnostics.internal.remediation",
            Locale.ROOT,
            java.util.ResourceBundle.Control.getNoFallbackControl(
                java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
    List<String> keys =
        bundle.keySet().stream().filter(key -> key.startsWith("label.evidence.")).toList();
    assertThat(keys).hasSizeGreaterThan(60);
    for (String key : keys) {
      String theirs = english.template(key);
      String ours = chinese.template(key);
      assertThat(placeholder.matcher(ours).results().map(m -> m.group()).sorted().toList())
          .as(key)
          .isEqualTo(placeholder.matcher(theirs).results().map(m -> m.group()).sorted().toList());
      assertThat(ours).as(key).containsPattern("\\p{IsHan}");
    }
  }
}
