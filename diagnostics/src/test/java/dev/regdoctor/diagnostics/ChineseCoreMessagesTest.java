package dev.regdoctor.diagnostics;

import static dev.regdoctor.diagnostics.RegistryDoctorTest.registry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.internal.ChineseText;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review item (session 15): {@code diagnose --lang zh-CN} printed the messages of core's parsers in
 * English: an invalid reference, a pull secret's or a docker configuration's problem, a near miss.
 * They read as Chinese now, the input, pointers, keys and paths kept; English is unchanged.
 */
@Timeout(60)
class ChineseCoreMessagesTest {
  @TempDir Path dir;
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

  private Report check(Locale locale, String image, Consumer<RegistryDoctor.Builder> more) {
    RegistryDoctor.Builder builder =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .plainHttpRegistry(hostPort)
            .timeout(Duration.ofSeconds(3))
            .locale(locale);
    more.accept(builder);
    try (RegistryDoctor doctor = builder.build()) {
      return doctor.check(image);
    }
  }

  private static void assertNoStrayEnglish(List<String> lines) {
    lines.forEach(line -> assertThat(ChineseText.strayWords(line)).as(line).isEmpty());
  }

  @Test
  void anInvalidReferenceIsExplainedInChineseWithTheInputAsTyped() {
    String image = "Registry.Example.com/Shop/Web:1.4";

    Report chinese = check(Locale.SIMPLIFIED_CHINESE, image, builder -> {});
    Report english = check(Locale.ENGLISH, image, builder -> {});

    assertThat(chinese.verdict().evidence())
        .containsExactly("镜像引用 \"Registry.Example.com/Shop/Web:1.4\" 无效：镜像库名必须为小写（位于索引 21）");
    assertThat(english.verdict().evidence())
        .containsExactly(
            "invalid reference \"Registry.Example.com/Shop/Web:1.4\": repository name must be"
                + " lowercase (at index 21)");
    assertThat(english.verdict().summary())
        .isEqualTo("The image reference is not valid: repository name must be lowercase");
  }

  @Test
  void aReasonWithAValueKeepsTheValue() {
    Report chinese =
        check(Locale.SIMPLIFIED_CHINESE, "app@sha256:" + "a".repeat(63), builder -> {});

    assertThat(chinese.verdict().evidence())
        .containsExactly(
            "镜像引用 \"app@sha256:"
                + "a".repeat(63)
                + "\" 无效：sha256 摘要必须有 64 位十六进制数字，实际有 63 位（位于索引 11）");
  }

  @Test
  void aBrokenPullSecretIsExplainedInChinese() throws Exception {
    Path secrets = dir.resolve("secrets.yaml");
    Files.writeString(
        secrets,
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: badb64, namespace: shop}
        type: kubernetes.io/dockerconfigjson
        data:
          .dockerconfigjson: "!!!notbase64"
        """);
    server.enqueue(RegistryDoctorTest.ping());
    server.enqueue(registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build());

    Report chinese =
        check(
            Locale.SIMPLIFIED_CHINESE,
            hostPort + "/shop/web:1",
            builder -> builder.kubernetesSecrets(secrets));

    Finding malformed =
        chinese.findings().stream()
            .filter(finding -> finding.code() == DiagnosisCode.K8S_PULL_SECRET_MALFORMED)
            .findFirst()
            .orElseThrow();
    assertThat(malformed.evidence())
        .containsExactly(
            secrets + ": 密钥 shop/badb64: /data/.dockerconfigjson：不是有效的 base64（API 服务器会拒绝这个清单）");
    assertNoStrayEnglish(malformed.evidence());
  }

  private List<String> evidenceWithDockerConfig(String json) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, json);
    server.enqueue(RegistryDoctorTest.ping());
    server.enqueue(registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build());
    Report chinese =
        check(
            Locale.SIMPLIFIED_CHINESE,
            hostPort + "/team/app:1.0",
            builder -> builder.dockerConfig(config));
    return chinese.findings().stream().flatMap(finding -> finding.evidence().stream()).toList();
  }

  @Test
  void aDockerConfigProblemIsExplainedInChinese() throws Exception {
    List<String> evidence =
        evidenceWithDockerConfig("{\"auths\":{\"r.example.com\":{\"auth\":\"!!!\"}}}");

    assertThat(evidence)
        .contains(dir.resolve("config.json") + "：/auths/r.example.com/auth：不是有效的 base64");
  }

  @Test
  void aNearMissIsExplainedInChinese() throws Exception {
    String auth = Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));

    List<String> evidence =
        evidenceWithDockerConfig("{\"auths\":{\"127.0.0.1\":{\"auth\":\"" + auth + "\"}}}");

    assertThat(evidence)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("相近但不匹配：")
                    .endsWith(
                        " auths 中有 \"127.0.0.1\"：端口不同，键没有端口，镜像仓库是 "
                            + server.getPort()
                            + "；docker 要求主机和端口完全一致"));
    assertThat(evidence).noneMatch(line -> line.startsWith("near miss"));
  }
}
