package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.ChineseText;
import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.Platform;
import dev.regdoctor.testkit.PlainHttpFront;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 15, finding 10: evidence sentences the tool writes itself (ignored inputs, a credential
 * helper's failure, certs.d problems, a runtime's refusal, how each runtime would pull) are Chinese
 * in a Chinese report and keep their English wording in an English one.
 */
@Timeout(60)
class ChineseToolSentencesTest {
  private static final String DIGEST =
      "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
  private static final String PASSWORD =
      "REGDOCTOR_PASSWORD is set, but --username is not: the password was not used";
  private static final String PLAIN_HTTP =
      "--plain-http 127.0.0.1:9999 matches the registry of no image given, so nothing was reached"
          + " over plain HTTP";

  @TempDir Path dir;
  private final MockWebServer registry = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    registry.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            MockResponse.Builder ok =
                new MockResponse.Builder()
                    .code(200)
                    .addHeader("Docker-Distribution-API-Version", "registry/2.0");
            if (path.equals("/v2/")) {
              return ok.body("{}").build();
            }
            if (path.equals("/v2/team/app/manifests/1.0")) {
              return ok.addHeader("Docker-Content-Digest", DIGEST)
                  .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                  .addHeader("Content-Length", "512")
                  .build();
            }
            return new MockResponse.Builder().code(404).build();
          }
        });
    registry.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() throws IOException {
    registry.close();
  }

  private String hostPort() {
    return "127.0.0.1:" + registry.getPort();
  }

  private static Finding only(Report report, DiagnosisCode code) {
    return report.findings().stream()
        .filter(finding -> finding.code() == code)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + code + " in " + report));
  }

  private static List<Finding> all(Report report, DiagnosisCode code) {
    return report.findings().stream().filter(finding -> finding.code() == code).toList();
  }

  private static void assertChinese(String line) {
    assertThat(line).containsPattern("\\p{IsHan}");
    assertThat(ChineseText.strayWords(line)).as("English words in %s", line).isEmpty();
  }

  private static Report ignoring(Locale locale) {
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .ignoredInput(PASSWORD)
            .ignoredInput(PLAIN_HTTP)
            .timeout(Duration.ofSeconds(3))
            .locale(locale)
            .build()) {
      return doctor.check("127.0.0.1:1/team/app:1.0");
    }
  }

  @Test
  void ignoredInputsAreSaidInChineseEachWithItsOwnAdvice() {
    List<Finding> ignored = all(ignoring(Locale.SIMPLIFIED_CHINESE), DiagnosisCode.INPUT_IGNORED);

    assertThat(ignored).hasSize(2);
    assertThat(ignored.get(0).evidence())
        .containsExactly("设置了 REGDOCTOR_PASSWORD，但没有给出 --username：密码没有被使用");
    assertThat(ignored.get(0).remediation().get(0).text()).contains("为密码加上 --username");
    assertThat(ignored.get(1).evidence())
        .containsExactly("--plain-http 127.0.0.1:9999 与所给的任何镜像的镜像仓库都不匹配，因此没有通过明文 HTTP 访问任何地址");
    // The --plain-http that matched no image is not told to add a user name.
    assertThat(ignored.get(1).remediation())
        .allSatisfy(step -> assertThat(step.text()).doesNotContain("--username"))
        .anySatisfy(step -> assertThat(step.text()).contains("--plain-http", "镜像仓库"));
    ignored.forEach(finding -> finding.evidence().forEach(ChineseToolSentencesTest::assertChinese));
  }

  @Test
  void ignoredInputsKeepTheirEnglishWording() {
    List<Finding> ignored = all(ignoring(Locale.ENGLISH), DiagnosisCode.INPUT_IGNORED);

    assertThat(ignored)
        .extracting(Finding::evidence)
        .containsExactly(List.of(PASSWORD), List.of(PLAIN_HTTP));
    assertThat(ignored)
        .extracting(Finding::summary)
        .containsExactly(
            "An input had no effect: " + PASSWORD, "An input had no effect: " + PLAIN_HTTP);
    assertThat(ignored)
        .allSatisfy(
            finding ->
                assertThat(finding.remediation().get(0).text())
                    .isEqualTo(
                        "Remove the input, or give what it needs (for example --username with a"
                            + " password)"));
  }

  private Report withMissingHelper(Locale locale) throws IOException {
    Path config = Files.createDirectories(dir.resolve("docker"));
    Files.writeString(config.resolve("config.json"), "{\"credsStore\":\"regdoctor-zh-absent\"}");
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .dockerConfig(config)
            .plainHttpRegistry(hostPort())
            .timeout(Duration.ofSeconds(5))
            .locale(locale)
            .build()) {
      return doctor.check(hostPort() + "/team/app:1.0");
    }
  }

  @Test
  void aCredentialHelperMissingFromThePathIsSaidInChinese() throws IOException {
    Finding chinese =
        only(withMissingHelper(Locale.SIMPLIFIED_CHINESE), DiagnosisCode.CREDENTIAL_HELPER_FAILED);
    Finding english =
        only(withMissingHelper(Locale.ENGLISH), DiagnosisCode.CREDENTIAL_HELPER_FAILED);

    assertThat(chinese.evidence())
        .containsExactly(
            "credsStore regdoctor-zh-absent：在 PATH 中找不到 docker-credential-regdoctor-zh-absent；"
                + "docker 拉取时会报 \"error getting credentials\" 错误");
    assertThat(english.evidence())
        .containsExactly(
            "credsStore regdoctor-zh-absent: docker-credential-regdoctor-zh-absent not found in"
                + " PATH; docker fails the pull with \"error getting credentials\"");
  }

  @Test
  void aHelperThatExitsKeepsWhatItPrintedAndSaysTheRestInChinese() {
    Catalogue zh = Catalogue.forLocale(Locale.SIMPLIFIED_CHINESE);
    String exited =
        "credsStore pass: exited with status 1; helper says: no credentials server URL; stderr"
            + " withheld (47 bytes; it may hold the secret; it mentions gpg has no secret key to"
            + " decrypt the store, a timeout); see it with: echo r.example | docker-credential-pass"
            + " get; docker fails the pull with \"error getting credentials\"";

    assertThat(zh.evidence(exited))
        .isEqualTo(
            "credsStore pass：以退出状态 1 结束；凭据助手输出：\"no credentials server URL\"；"
                + "标准错误输出已隐去（47 字节，其中可能含有密钥；其中提到：GPG 没有可用于解密存储的私钥、超时）；"
                + "查看方法：echo r.example | docker-credential-pass get；"
                + "docker 拉取时会报 \"error getting credentials\" 错误");
    assertThat(zh.coreMessage("did not answer within 5 s; killed it")).isEqualTo("5 s 内没有应答；已终止它");
    // A phrase in no known form leaves the whole line English rather than half translated.
    String unknown = exited.replace("a timeout", "something new");
    assertThat(zh.evidence(unknown)).isEqualTo(unknown);
    assertThat(Catalogue.forLocale(Locale.ENGLISH).evidence(exited)).isEqualTo(exited);
  }

  private static ProbeResult untrusted() {
    return new ProbeResult(
        "x",
        ImageReference.parse("registry.example.test:5443/shop/web:1.4"),
        new RegistryEndpoint("https", "registry.example.test", 5443),
        Platform.DEFAULT,
        List.of(),
        List.of(
            new Failure(
                FailureKind.TLS_UNTRUSTED,
                StepName.PING,
                "the certificate of registry.example.test:5443 is not trusted",
                List.of(),
                null)),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        List.of(),
        List.of(),
        true,
        List.of(),
        1,
        Duration.ofMillis(5),
        null);
  }

  private List<String> certsEvidence(Locale locale) {
    return new Diagnoser(
            Catalogue.forLocale(locale),
            new CertificateDirectories(dir.resolve("docker"), dir.resolve("containerd")))
        .diagnose(untrusted(), () -> null).get(0).evidence().stream()
            .filter(line -> line.startsWith("certs.d"))
            .toList();
  }

  @Test
  void certsDirectoryProblemsAreSaidInChinese() throws IOException {
    Path host =
        Files.createDirectories(dir.resolve("docker").resolve("registry.example.test:5443"));
    Files.writeString(host.resolve("client.cert"), "-----BEGIN CERTIFICATE-----\n");
    Files.createDirectories(host.resolve("ca.crt"));

    assertThat(certsEvidence(Locale.SIMPLIFIED_CHINESE))
        .containsExactly(
            "certs.d 目录：" + host.resolve("ca.crt") + " 是一个目录；docker 无法把它当作 CA 证书读取",
            "certs.d 目录：客户端证书 "
                + host.resolve("client.cert")
                + " 缺少私钥 client.key；docker 从 registry.example.test:5443 的每次拉取都会失败"
                + "（CA 证书的扩展名必须是 .crt）")
        .allSatisfy(ChineseToolSentencesTest::assertChinese);
    assertThat(certsEvidence(Locale.ENGLISH))
        .containsExactly(
            "certs.d: "
                + host.resolve("ca.crt")
                + " is a directory; docker fails to read it as a CA certificate",
            "certs.d: missing key client.key for client certificate "
                + host.resolve("client.cert")
                + "; docker fails every pull from registry.example.test:5443 (CA certificates must"
                + " use the extension .crt)");
  }

  /**
   * Session 16: a containerd {@code hosts.toml} that does not parse was the one certs.d problem
   * still said in English. The parser's own words stay as they are, quoted.
   */
  @Test
  void aHostsTomlSyntaxErrorIsSaidInChineseWithTheParsersWordsQuoted() throws IOException {
    Path host =
        Files.createDirectories(dir.resolve("containerd").resolve("registry.example.test:5443"));
    Path hostsToml = host.resolve("hosts.toml");
    Files.writeString(hostsToml, "[host.\"https://registry.example.test:5443\"\n");

    assertThat(certsEvidence(Locale.SIMPLIFIED_CHINESE))
        .containsExactly(
            "certs.d 目录："
                + hostsToml
                + " 第 1 行有语法错误：\"unsupported table header\"；containerd 会记录一条错误，改用目录中的 *.crt 文件")
        .allSatisfy(ChineseToolSentencesTest::assertChinese);
    assertThat(certsEvidence(Locale.ENGLISH))
        .containsExactly(
            "certs.d: "
                + hostsToml
                + " line 1: unsupported table header; containerd logs an error and falls back to the"
                + " *.crt files");
  }

  private Report podman(Locale locale, String registriesConf, String image) throws IOException {
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, registriesConf);
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .runtime(ContainerRuntime.PODMAN)
            .registriesConf(conf)
            .hostsDir(Files.createDirectories(dir.resolve("hosts")))
            .certsDir(Files.createDirectories(dir.resolve("certs")))
            .timeout(Duration.ofSeconds(10))
            .locale(locale)
            .build()) {
      return doctor.check(image);
    }
  }

  @Test
  void aBlockedRegistryIsSaidInChineseInTheEvidenceToo() throws IOException {
    String conf = "[[registry]]\nlocation = \"127.0.0.1:1\"\nblocked = true\n";
    Path file = dir.resolve("registries.conf");

    Finding chinese =
        only(
            podman(Locale.SIMPLIFIED_CHINESE, conf, "127.0.0.1:1/team/app:1.0"),
            DiagnosisCode.CONFIG_INVALID);
    Finding english =
        only(
            podman(Locale.ENGLISH, conf, "127.0.0.1:1/team/app:1.0"), DiagnosisCode.CONFIG_INVALID);

    assertThat(chinese.evidence())
        .containsExactly("镜像仓库 127.0.0.1:1 被屏蔽（" + file + " 第 1 行：\"blocked = true\"）");
    assertThat(english.evidence())
        .containsExactly("registry 127.0.0.1:1 is blocked in " + file + " line 1 (blocked = true)");
  }

  @Test
  void eachRuntimesWayToThePullIsSaidInChinese() throws IOException {
    // Podman's HTTPS attempt fails at once, as against a real plain-HTTP registry: with
    // MockWebServer alone it may stall for the whole budget the other runtimes' probes share.
    String hostPort;
    Finding chinese;
    Finding english;
    try (PlainHttpFront front =
        new PlainHttpFront(registry.getPort(), PlainHttpFront.Reaction.ANSWER_400)) {
      hostPort = "127.0.0.1:" + front.port();
      String image = hostPort + "/team/app:1.0";
      chinese = only(podman(Locale.SIMPLIFIED_CHINESE, "", image), DiagnosisCode.RUNTIME_MISMATCH);
      english = only(podman(Locale.ENGLISH, "", image), DiagnosisCode.RUNTIME_MISMATCH);
    }

    assertThat(chinese.evidence())
        .contains(
            "docker：能拉取（https://"
                + hostPort
                + "，会回退到明文 HTTP，不验证 TLS 证书；镜像引用（不安全：dockerd 总是把 127.0.0.0/8 和 ::1 视为不安全））",
            "podman：拉取失败（https://" + hostPort + "；镜像引用）");
    chinese.evidence().stream()
        .filter(line -> line.matches("[a-z]+：.*"))
        .forEach(ChineseToolSentencesTest::assertChinese);
    assertThat(english.evidence())
        .contains(
            "docker: pulls (https://"
                + hostPort
                + ", falls back to plain HTTP, TLS not verified; the image reference (insecure:"
                + " dockerd always treats 127.0.0.0/8 and ::1 as insecure))",
            "podman: fails (https://" + hostPort + "; the image reference)");
  }
}
