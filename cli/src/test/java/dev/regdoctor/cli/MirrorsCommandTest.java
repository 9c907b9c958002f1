package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class MirrorsCommandTest {
  @TempDir Path dir;
  private final MockWebServer registry = new MockWebServer();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private String hostPort;
  private int deadPort;

  @BeforeEach
  void start() throws Exception {
    registry.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse.Builder ok =
                new MockResponse.Builder()
                    .code(200)
                    .addHeader("Docker-Distribution-API-Version", "registry/2.0");
            if (request.getUrl().encodedPath().contains("/manifests/")) {
              return ok.addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                  .addHeader("Docker-Content-Digest", "sha256:" + "ab".repeat(32))
                  .build();
            }
            return ok.body("{}").build();
          }
        });
    registry.start(InetAddress.getByName("127.0.0.1"), 0);
    hostPort = "127.0.0.1:" + registry.getPort();
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      deadPort = socket.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private int run(String... args) {
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  private Path hostsDir() throws Exception {
    Path host = Files.createDirectories(dir.resolve("certs.d").resolve(hostPort));
    Files.writeString(
        host.resolve("hosts.toml"),
        "server = \"http://" + hostPort + "\"\n[host.\"http://127.0.0.1:" + deadPort + "\"]\n");
    return dir.resolve("certs.d");
  }

  @Test
  void listsEndpointsInOrderWithTheServingOneAndTheBrokenMirror() throws Exception {
    int exit =
        run(
            "mirrors",
            hostPort + "/team/app:1.0",
            "--runtime",
            "containerd",
            "--hosts-dir",
            hostsDir().toString(),
            "--json",
            "--timeout",
            "5s");

    assertThat(exit).as(err.toString()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("schema").asText()).isEqualTo("regdoctor.mirrors/v1");
    assertThat(json.get("runtime").asText()).isEqualTo("containerd");
    assertThat(json.get("pullsFrom").asText()).isEqualTo("http://" + hostPort);
    assertThat(json.get("recommended").asText()).isEqualTo("http://" + hostPort);
    JsonNode mirror = json.get("mirrors").get(0);
    assertThat(mirror.get("role").asText()).isEqualTo("mirror");
    assertThat(mirror.get("order").asInt()).isEqualTo(1);
    assertThat(mirror.get("ok").asBoolean()).isFalse();
    assertThat(mirror.get("verdict").get("code").asText()).isEqualTo("CONNECTION_REFUSED");
    JsonNode upstream = json.get("mirrors").get(1);
    assertThat(upstream.get("role").asText()).isEqualTo("upstream");
    assertThat(upstream.get("hasImage").asBoolean()).isTrue();
    assertThat(upstream.get("pingMillis").isNumber()).isTrue();
    assertThat(json.get("findings").get(0).get("code").asText()).isEqualTo("MIRROR_FAILURE");
  }

  @Test
  void textNamesWhereTheRuntimePullsFromInChinese() throws Exception {
    run(
        "mirrors",
        hostPort + "/team/app:1.0",
        "--runtime",
        "containerd",
        "--hosts-dir",
        hostsDir().toString(),
        "--lang",
        "zh-CN");

    assertThat(out.toString())
        .contains("containerd 拉取 " + hostPort + "/team/app:1.0 时依次尝试的地址")
        .contains("实际拉取自: http://" + hostPort)
        .contains("MIRROR_FAILURE");
  }

  /**
   * The Chinese mirrors report words its own labels in Chinese: roles, timings and where each
   * endpoint was configured ({@code hosts.toml 第 2 行}, {@code 镜像引用}, {@code 内置默认值}), not core's
   * English ({@code mirror}, {@code line 2}, {@code the image reference}, {@code built-in
   * default}). Paths, hosts and commands stay as they are.
   */
  @Test
  void chineseTextHasNoEnglishLabelsForAnyRuntime() throws Exception {
    Path registriesConf = dir.resolve("registries.conf");
    Files.writeString(
        registriesConf,
        "unqualified-search-registries = []\n[[registry]]\nlocation = \""
            + hostPort
            + "\"\ninsecure = true\n[[registry.mirror]]\nlocation = \"127.0.0.1:"
            + deadPort
            + "\"\n");
    Path daemonJson = Files.writeString(dir.resolve("daemon.json"), "{}");
    Path noHosts = Files.createDirectories(dir.resolve("empty-certs.d"));
    String image = hostPort + "/team/app:1.0";
    StringBuilder text = new StringBuilder();
    for (String[] args :
        List.of(
            new String[] {"--runtime", "containerd", "--hosts-dir", hostsDir().toString()},
            new String[] {"--runtime", "containerd", "--hosts-dir", noHosts.toString()},
            new String[] {"--runtime", "docker", "--daemon-json", daemonJson.toString()},
            new String[] {"--runtime", "podman", "--registries-conf", registriesConf.toString()})) {
      out.getBuffer().setLength(0);
      List<String> line = new ArrayList<>(List.of("mirrors", image, "--lang", "zh-CN"));
      line.addAll(List.of(args));
      line.addAll(List.of("--timeout", "5s"));
      run(line.toArray(String[]::new));
      text.append(out);
    }

    // Notes are core's sentences about the configuration, worded in Chinese too (e.g. "没有
    // …/127.0.0.1:PORT 目录（也没有 "_default"）：containerd 对 … 使用内置默认值").
    String chinese = text.toString();
    assertThat(chinese)
        .contains("目录（也没有 \"_default\"）：containerd 对 " + hostPort + " 使用内置默认值")
        .contains("hosts.toml 第 2 行")
        .contains("registries.conf 第 5 行")
        .contains("内置默认值（环回地址：明文 HTTP）")
        .contains("镜像引用（不安全：dockerd 总是把 127.0.0.0/8 和 ::1 视为不安全）；docker 先尝试")
        .contains("2. 上游 ")
        .contains("1. 镜像加速器 ")
        .doesNotContain(" line ")
        .doesNotContain("the image reference")
        .doesNotContain("built-in default");
    assertThat(DemoChineseTest.strayEnglish(chinese)).isEmpty();
  }

  @Test
  void aBadRegistriesConfIsExitTwoNamingFileLineAndKey() throws Exception {
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, "[[registry]]\nlocation = \"a.example.com\"\nblocked = \"no\"\n");

    int exit =
        run(
            "mirrors",
            "a.example.com/x:1",
            "--runtime",
            "podman",
            "--registries-conf",
            conf.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            conf + ": line 3, key registry[0].blocked: expected true or false but found a string");
  }

  @Test
  void podmanRefusesABlockedRegistryWithoutTraffic() throws Exception {
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, "[[registry]]\nlocation = \"" + hostPort + "\"\nblocked = true\n");

    int exit =
        run(
            "diagnose",
            hostPort + "/team/app:1.0",
            "--runtime",
            "podman",
            "--registries-conf",
            conf.toString(),
            "--hosts-dir",
            dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("CONFIG_INVALID").contains("blocked");
  }

  @Test
  void unknownRuntimeIsAUsageError() {
    assertThat(run("mirrors", "nginx", "--runtime", "rkt")).isEqualTo(2);
    assertThat(err.toString()).contains("docker, containerd or podman");
  }
}
