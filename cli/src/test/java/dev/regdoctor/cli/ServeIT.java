package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.LoopbackFaults;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import dev.regdoctor.testkit.TokenIssuer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code regdoctor serve} against Debian's real docker-registry (anonymous and token auth) and
 * loopback fault servers: the scraped series, their labels and values, reuse of pings and tokens,
 * the circuit breaker, {@code /report}, and series that go with their targets.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeIT {
  private static final String PASSWORD = "serve-it-pw-7781";

  @TempDir static Path temp;
  private RegistryProcess anonymous;
  private TokenIssuer issuer;
  private RegistryProcess token;
  private FaultEndpoint refused;
  private FaultEndpoint stalled;
  private Path dockerConfig;

  @BeforeAll
  void start() throws Exception {
    RegistryBinary.require();
    anonymous = RegistryProcess.builder().start();
    ImageSeeder.to(anonymous.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
    issuer =
        TokenIssuer.start()
            .user("alice", PASSWORD)
            .allow("alice", "team/app", "pull")
            .user("admin", PASSWORD)
            .allow("admin", "*", "pull", "push");
    token = RegistryProcess.builder().tokenAuth(issuer).start();
    ImageSeeder.to(token.baseUrl())
        .withCredentials("admin", PASSWORD)
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
    refused = LoopbackFaults.closedPort();
    stalled = LoopbackFaults.stall();
    dockerConfig = temp.resolve("docker/config.json");
    Files.createDirectories(dockerConfig.getParent());
    String auth =
        Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        dockerConfig, "{\"auths\":{\"" + token.hostPort() + "\":{\"auth\":\"" + auth + "\"}}}");
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable :
        new AutoCloseable[] {anonymous, token, issuer, refused, stalled}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  private String stall() {
    return "127.0.0.1:" + stalled.port();
  }

  private String dead() {
    return "127.0.0.1:" + refused.port();
  }

  private Path config(String... images) throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            "interval: 1s\ntimeout: 1s\nconcurrency: 4\n"
                + "dockerConfig: "
                + dockerConfig
                + "\ncircuitBreaker:\n  failures: 2\n  openFor: 5m\ntargets:\n");
    for (String image : images) {
      yaml.append("  - image: ").append(image).append('\n');
    }
    Path file = temp.resolve("probes.yaml");
    Files.writeString(file, yaml.toString());
    return file;
  }

  @Test
  void scrapesCarryEveryTargetsVerdictTimingsAndTheReusedPingsAndTokens() throws Exception {
    String ok = anonymous.hostPort() + "/team/app:1.0";
    String missing = anonymous.hostPort() + "/team/app:9.9";
    String tokenOk = token.hostPort() + "/team/app:1.0";
    String deadImage = dead() + "/team/app:1.0";
    String stalledA = stall() + "/team/a:1.0";
    String stalledB = stall() + "/team/b:1.0";
    String stalledC = stall() + "/team/c:1.0";
    try (RunningServe serve =
        new RunningServe(
            config(ok, missing, tokenOk, deadImage, stalledA, stalledB, stalledC), null)) {
      PromText metrics =
          serve.awaitMetrics(
              Duration.ofSeconds(60),
              m ->
                  m.find("regdoctor_probe_success").size() == 7
                      && m.value(
                                  "regdoctor_probes_total",
                                  "registry",
                                  token.hostPort(),
                                  "result",
                                  "success")
                              .orElse(0.0)
                          >= 3
                      && m.value("regdoctor_probes_total", "registry", stall(), "result", "skipped")
                              .orElse(0.0)
                          >= 1);

      assertThat(
              metrics.value(
                  "regdoctor_probe_success",
                  "image",
                  ok,
                  "registry",
                  anonymous.hostPort(),
                  "namespace",
                  "",
                  "workload",
                  ""))
          .contains(1.0);
      assertThat(metrics.value("regdoctor_probe_success", "image", missing)).contains(0.0);
      assertThat(metrics.value("regdoctor_probe_success", "image", tokenOk)).contains(1.0);
      assertThat(metrics.value("regdoctor_probe_success", "image", deadImage)).contains(0.0);
      assertThat(metrics.value("regdoctor_probe_verdict_info", "image", ok, "code", "OK"))
          .contains(1.0);
      assertThat(
              metrics.value(
                  "regdoctor_probe_verdict_info", "image", missing, "code", "MANIFEST_NOT_FOUND"))
          .contains(1.0);
      assertThat(
              metrics.value(
                  "regdoctor_probe_verdict_info", "image", deadImage, "code", "CONNECTION_REFUSED"))
          .contains(1.0);
      assertThat(metrics.find("regdoctor_probe_verdict_info", "image", stalledA))
          .singleElement()
          .satisfies(
              s ->
                  assertThat(s.labels().get("code"))
                      .isIn("TLS_HANDSHAKE_TIMEOUT", "RESPONSE_TIMEOUT"));
      assertThat(metrics.find("regdoctor_probe_verdict_info", "image", ok)).hasSize(1);

      // phases are timed per registry; cached pings and tokens are not timed again
      assertThat(
              metrics.value(
                  "regdoctor_probe_phase_duration_seconds_count",
                  "registry",
                  anonymous.hostPort(),
                  "phase",
                  "manifest"))
          .hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(2));
      assertThat(
              metrics.value(
                  "regdoctor_probe_phase_duration_seconds_count",
                  "registry",
                  anonymous.hostPort(),
                  "phase",
                  "ping"))
          .hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(1));
      assertThat(
              metrics.value(
                  "regdoctor_probe_phase_duration_seconds_bucket",
                  "registry",
                  anonymous.hostPort(),
                  "phase",
                  "manifest",
                  "le",
                  "+Inf"))
          .isPresent();
      assertThat(
              metrics.value(
                  "regdoctor_probe_phase_duration_seconds_count",
                  "registry",
                  token.hostPort(),
                  "phase",
                  "auth"))
          .isPresent();

      // the dead registry trips its breaker: its targets are skipped, not probed into timeouts
      assertThat(metrics.value("regdoctor_circuit_open", "registry", stall())).contains(1.0);
      assertThat(metrics.value("regdoctor_circuit_open", "registry", anonymous.hostPort()))
          .contains(0.0);
      assertThat(metrics.value("regdoctor_probes_total", "registry", stall(), "result", "failure"))
          .hasValueSatisfying(failures -> assertThat(failures).isBetween(2.0, 3.0));
      for (String image : new String[] {stalledA, stalledB, stalledC}) {
        assertThat(metrics.value("regdoctor_probe_success", "image", image)).contains(0.0);
      }

      // one ping and one token serve every later round: 3 requests first, then about 1 per probe
      // (without reuse it would be 3 per probe)
      PromText settled =
          serve.awaitMetrics(
              Duration.ofSeconds(20),
              m -> {
                double probes =
                    m.value(
                            "regdoctor_probes_total",
                            "registry",
                            token.hostPort(),
                            "result",
                            "success")
                        .orElse(0.0);
                double requests =
                    m.value("regdoctor_probe_requests_total", "registry", token.hostPort())
                        .orElse(0.0);
                return probes >= 5 && requests >= probes && requests <= probes + 3;
              });
      assertThat(settled.value("regdoctor_probe_requests_total", "registry", token.hostPort()))
          .isPresent();

      HttpResponse<String> report = serve.get("/report?image=" + missing);
      assertThat(report.statusCode()).isEqualTo(200);
      assertThat(report.body())
          .contains("\"schema\" : \"regdoctor.report/v1\"")
          .contains("MANIFEST_NOT_FOUND");
      assertThat(serve.get("/report?image=" + anonymous.hostPort() + "/not/probed:1").statusCode())
          .isEqualTo(404);
      assertThat(serve.get("/report").statusCode()).isEqualTo(400);
      assertThat(serve.get("/healthz").body()).isEqualTo("ok\n");
      HttpResponse<String> targets = serve.get("/targets");
      assertThat(targets.body()).contains("regdoctor.exporter.targets/v1").contains(tokenOk);
      for (String body :
          new String[] {
            serve.get("/metrics").body(),
            serve.get("/report?image=" + tokenOk).body(),
            targets.body()
          }) {
        assertThat(body).doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void pullTestTargetsExposeTheirEstimateThroughputAndSize() throws Exception {
    SeededImage big =
        ImageSeeder.to(anonymous.baseUrl())
            .pushImage("team/big", "1.0", Platform.LINUX_AMD64, 2, 3 * 1024 * 1024);
    String pulled = anonymous.hostPort() + "/team/big:1.0";
    String plain = anonymous.hostPort() + "/team/app:1.0";
    Path file = temp.resolve("pull-probes.yaml");
    Files.writeString(
        file,
        "interval: 1s\ntimeout: 10s\npullTestSettings:\n  largeImageLayers: 1\n"
            + "targets:\n  - image: "
            + pulled
            + "\n    pullTest: true\n  - image: "
            + plain
            + "\n");
    try (RunningServe serve = new RunningServe(file, null)) {
      PromText metrics =
          serve.awaitMetrics(
              Duration.ofSeconds(60),
              m ->
                  m.value("regdoctor_pull_estimate_seconds", "image", pulled).isPresent()
                      && m.value("regdoctor_probe_success", "image", plain).isPresent());

      assertThat(metrics.value("regdoctor_probe_success", "image", pulled)).contains(1.0);
      assertThat(metrics.value("regdoctor_pull_estimate_seconds", "image", pulled).orElseThrow())
          .isPositive()
          .isLessThan(60.0);
      assertThat(metrics.value("regdoctor_pull_bytes_per_second", "image", pulled).orElseThrow())
          .isPositive();
      // two layers of 3 MiB and the config: what the manifest declares
      assertThat(metrics.value("regdoctor_image_size_bytes", "image", pulled).orElseThrow())
          .isGreaterThan(6.0 * 1024 * 1024)
          .isLessThan(6.0 * 1024 * 1024 + 4096);
      assertThat(serve.get("/report?image=" + pulled).body())
          .as("pullTestSettings reach the pull test: two layers are over largeImageLayers: 1")
          .contains("LARGE_IMAGE");
      assertThat(metrics.find("regdoctor_pull_estimate_seconds", "image", plain))
          .as("a target without pullTest has no pull series")
          .isEmpty();
      assertThat(
              metrics
                  .value(
                      "regdoctor_probe_phase_duration_seconds_count",
                      "registry",
                      anonymous.hostPort(),
                      "phase",
                      "blobs")
                  .orElse(0.0))
          .isGreaterThanOrEqualTo(1.0);

      String report = serve.get("/report?image=" + pulled).body();
      assertThat(report).contains("\"digestVerified\" : true").contains(big.digest());
      assertThat(serve.get("/report?image=" + plain).body()).doesNotContain("\"pull\"");
    }
  }

  @Test
  void targetsThatGoTakeTheirSeriesWithThem() throws Exception {
    String ok = anonymous.hostPort() + "/team/app:1.0";
    String deadImage = dead() + "/team/app:1.0";
    Path file = config(ok, deadImage);
    try (RunningServe serve = new RunningServe(file, null)) {
      serve.awaitMetrics(
          Duration.ofSeconds(30), m -> m.find("regdoctor_probe_verdict_info").size() == 2);

      String moved = anonymous.hostPort() + "/team/app:9.9";
      Files.writeString(file, Files.readString(file).replace(deadImage, moved));

      PromText after =
          serve.awaitMetrics(
              Duration.ofSeconds(30),
              m ->
                  !m.mentions(deadImage)
                      && m.value("regdoctor_probe_success", "image", moved).isPresent());
      assertThat(after.mentions(dead())).as("every series of the dead registry is gone").isFalse();
      assertThat(after.find("regdoctor_probe_success")).hasSize(2);
      assertThat(after.value("regdoctor_targets")).contains(2.0);
      assertThat(after.value("regdoctor_config_reload_success")).contains(1.0);

      Files.writeString(file, "interval: [not, a, duration]\ntargets: []\n");
      PromText rejected =
          serve.awaitMetrics(
              Duration.ofSeconds(10),
              m -> m.value("regdoctor_config_reload_success").orElse(1.0) == 0.0);
      assertThat(rejected.find("regdoctor_probe_success"))
          .as("a bad file keeps the running targets")
          .hasSize(2);
    }
  }
}
