package dev.regdoctor.diagnostics.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.endpoint.ContainerRuntime;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * containerd's {@code hosts.toml} settings that change the requests themselves: {@code
 * [host."…".header]} values go on every request to that host and nowhere into reports, and {@code
 * override_path} or a path in the host URL moves the API root the way containerd joins it ({@code
 * path.Join(host.Path, repository, "manifests", reference)}).
 */
@Timeout(30)
class ContainerdHostSettingsTest {
  private static final String DIGEST =
      "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
  private static final String CANARY = "header-canary-7731";

  @TempDir Path dir;
  private final MockWebServer registry = new MockWebServer();
  private final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
  private volatile String apiRoot = "/v2";

  @BeforeEach
  void start() throws IOException {
    registry.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            seen.add(request);
            String path = request.getUrl().encodedPath();
            MockResponse.Builder ok =
                new MockResponse.Builder()
                    .code(200)
                    .addHeader("Docker-Distribution-API-Version", "registry/2.0");
            if (path.equals(apiRoot + "/")) {
              return ok.body("{}").build();
            }
            if (path.equals(apiRoot + "/team/app/manifests/1.0")) {
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

  private Report check(String hostsToml) throws IOException {
    Path host = Files.createDirectories(dir.resolve("certs.d").resolve(hostPort()));
    Files.writeString(host.resolve("hosts.toml"), hostsToml);
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .runtime(ContainerRuntime.CONTAINERD)
            .hostsDir(dir.resolve("certs.d"))
            .timeout(Duration.ofSeconds(10))
            .locale(Locale.ENGLISH)
            .build()) {
      return doctor.check(hostPort() + "/team/app:1.0");
    }
  }

  @Test
  void hostHeadersGoOnEveryRequestToTheHostAndNeverIntoTheReport() throws Exception {
    Report report =
        check(
            "server = \"http://"
                + hostPort()
                + "\"\n[host.\"http://"
                + hostPort()
                + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n"
                + "  [host.\"http://"
                + hostPort()
                + "\".header]\n    X-Meta-Source = [\"regdoctor-test\", \"second\"]\n"
                + "    X-Registry-Token = \""
                + CANARY
                + "\"\n");

    assertThat(report.ok()).as(report.toString()).isTrue();
    // containerd's probe of the [host] entry carries the headers; the comparison probes under
    // Docker's and Podman's rules (RUNTIME_MISMATCH) and the root server entry do not
    List<RecordedRequest> withHeaders =
        seen.stream()
            .filter(request -> request.getHeaders().get("X-Registry-Token") != null)
            .toList();
    assertThat(withHeaders.stream().map(RecordedRequest::getTarget))
        .containsExactly("/v2/", "/v2/team/app/manifests/1.0");
    assertThat(withHeaders)
        .allSatisfy(
            request -> {
              assertThat(request.getHeaders().values("X-Meta-Source"))
                  .containsExactly("regdoctor-test", "second");
              assertThat(request.getHeaders().get("X-Registry-Token")).isEqualTo(CANARY);
            });
    assertThat(report.pullsFrom()).contains("http://" + hostPort());
    assertThat(report.toString()).doesNotContain(CANARY);
    assertThat(report.toJson()).doesNotContain(CANARY);
  }

  @Test
  void overridePathMakesTheHostPathTheApiRoot() throws Exception {
    apiRoot = "/custom/api";
    Report report =
        check("server = \"http://" + hostPort() + "/custom/api\"\noverride_path = true\n[host]\n");

    assertThat(report.ok()).as(report.toString()).isTrue();
    assertThat(seen.stream().map(RecordedRequest::getTarget))
        .contains("/custom/api/", "/custom/api/team/app/manifests/1.0");
    assertThat(report.pullsFrom()).contains("http://" + hostPort());
  }

  @Test
  void aPathWithoutOverridePathGetsV2Appended() throws Exception {
    apiRoot = "/prefix/v2";
    Report report = check("server = \"http://" + hostPort() + "/prefix\"\n[host]\n");

    assertThat(report.ok()).as(report.toString()).isTrue();
    assertThat(seen.stream().map(RecordedRequest::getTarget))
        .contains("/prefix/v2/team/app/manifests/1.0");
  }
}
