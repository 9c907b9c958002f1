package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Review defects 19 and 20: what text reports say about a failing mirror, per runtime. The upstream
 * is a scripted plain-HTTP registry, the mirror a closed loopback port.
 */
@Timeout(60)
class RuntimeTextTest {
  @TempDir Path dir;
  private MockWebServer server;
  private FaultEndpoint mirror;
  private String hostPort;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse.Builder answer =
                new MockResponse.Builder()
                    .code(200)
                    .addHeader("Docker-Distribution-API-Version", "registry/2.0");
            if (!request.getTarget().equals("/v2/")) {
              answer
                  .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                  .addHeader("Docker-Content-Digest", "sha256:" + "cd".repeat(32));
            }
            return answer.body("{}").build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    hostPort = "127.0.0.1:" + server.getPort();
    mirror = LoopbackFaults.closedPort();
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    server.close();
  }

  private RegistryDoctor.Builder doctor() {
    return RegistryDoctor.builder()
        .credentials(CredentialResolver.anonymous())
        .timeout(Duration.ofSeconds(5))
        .locale(Locale.ENGLISH);
  }

  @Test
  void refusedContainerdMirrorSaysWhereToFixItAndThatTheFallbackIsImmediate() throws Exception {
    Path hosts = Files.createDirectories(dir.resolve("certs.d").resolve(hostPort));
    Files.writeString(
        hosts.resolve("hosts.toml"),
        "server = \"http://"
            + hostPort
            + "\"\n\n[host.\"http://"
            + mirror.hostPort()
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");

    try (RegistryDoctor doctor =
        doctor()
            .runtime(ContainerRuntime.CONTAINERD)
            .hostsDir(dir.resolve("certs.d"))
            .plainHttpRegistry(hostPort)
            .build()) {
      Report report = doctor.check(hostPort + "/team/app:1.0");

      assertThat(report.finding(DiagnosisCode.MIRROR_FAILURE)).isPresent();
      String text = report.toText(false);
      assertThat(text)
          .contains("1. Fix or remove the mirror where it is configured: ")
          .contains("hosts.toml line 3")
          .contains("containerd falls back to the next endpoint at once")
          .doesNotContain("slowly");
    }
  }

  @Test
  void whereTheRuntimePullsFromIsWordedInChinese() throws Exception {
    // Session 15: "containerd pulls from … (upstream 2 of 2, hosts.toml line 1)" stayed English.
    Path hosts = Files.createDirectories(dir.resolve("certs.d").resolve(hostPort));
    Files.writeString(
        hosts.resolve("hosts.toml"),
        "server = \"http://"
            + hostPort
            + "\"\n\n[host.\"http://"
            + mirror.hostPort()
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");

    try (RegistryDoctor doctor =
        doctor()
            .locale(Locale.forLanguageTag("zh-CN"))
            .runtime(ContainerRuntime.CONTAINERD)
            .hostsDir(dir.resolve("certs.d"))
            .plainHttpRegistry(hostPort)
            .build()) {
      Report report = doctor.check(hostPort + "/team/app:1.0");

      assertThat(report.findings().get(0).evidence())
          .contains(
              "containerd 从 http://"
                  + hostPort
                  + " 拉取（上游，共 2 个地址中的第 2 个，"
                  + hosts.resolve("hosts.toml")
                  + " 第 1 行）")
          .noneMatch(line -> line.contains(" pulls from ") || line.contains(" of 2"));
    }
  }

  @Test
  void podmanMirrorFailureNeedsNoReloadAndTheListingShowsWherePodmanPulls() throws Exception {
    Path conf = dir.resolve("registries.conf");
    Files.writeString(
        conf,
        "[[registry]]\nlocation = \""
            + hostPort
            + "\"\ninsecure = true\n\n[[registry.mirror]]\nlocation = \""
            + mirror.hostPort()
            + "\"\ninsecure = true\n");

    try (RegistryDoctor doctor =
        doctor().runtime(ContainerRuntime.PODMAN).registriesConf(conf).build()) {
      MirrorReport report = doctor.mirrors(hostPort + "/team/app:1.0");

      String text = report.toText(false);
      assertThat(text)
          .contains("1. Fix or remove the mirror where it is configured: ")
          .contains("podman and skopeo read registries.conf on every run")
          .doesNotContain("$ sudo systemctl reload crio");
      // The upstream row and "pulls from" name the same URL: podman fell back to plain HTTP.
      assertThat(text).contains("upstream http://" + hostPort).contains("pulls from: http://");
      assertThat(text).doesNotContain("upstream https://" + hostPort);
    }
  }
}
