package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real Prometheus scrapes {@code regdoctor serve} on loopback and answers queries for its
 * series; the shipped alert rules pass {@code promtool check rules} and load into Prometheus.
 */
@Timeout(180)
class PrometheusIT {
  private static final Path RULES = Path.of("..", "samples", "kubernetes", "alert-rules.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  /** Returns the tool, or stops the test: skipped outside CI, failed with {@code CI=true}. */
  static Path require(String tool, String debianPackage) {
    Path path = Path.of("/usr/bin", tool);
    if (Files.isExecutable(path)) {
      return path;
    }
    String reason = tool + " is not installed (apt-get install " + debianPackage + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(reason);
    }
    Assumptions.abort(reason);
    return path;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theShippedAlertRulesPassPromtool() throws Exception {
    Path promtool = require("promtool", "prometheus");
    Process process =
        new ProcessBuilder(promtool.toString(), "check", "rules", RULES.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS: 6 rules found");
  }

  @Test
  void prometheusScrapesTheExporterAndQueriesItsSeries() throws Exception {
    Path prometheus = require("prometheus", "prometheus");
    RegistryBinary.require();
    try (RegistryProcess registry = RegistryProcess.builder().start()) {
      ImageSeeder.to(registry.baseUrl())
          .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
      String ok = registry.hostPort() + "/team/app:1.0";
      String missing = registry.hostPort() + "/team/app:2.0";
      Path probes = temp.resolve("probes.yaml");
      Files.writeString(
          probes,
          "interval: 1s\ntimeout: 2s\ntargets:\n  - image: "
              + ok
              + "\n    pullTest: true\n  - image: "
              + missing
              + "\n");
      try (RunningServe serve = new RunningServe(probes, null)) {
        int port = freePort();
        Path config = temp.resolve("prometheus.yml");
        Files.writeString(
            config,
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files:\n  - "
                + RULES.toAbsolutePath().normalize()
                + "\nscrape_configs:\n  - job_name: regdoctor\n    static_configs:\n      - targets: ['"
                + URI.create(serve.base()).getAuthority()
                + "']\n");
        Process process =
            new ProcessBuilder(
                    prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + Files.createDirectories(temp.resolve("tsdb")),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("prometheus.log").toFile())
                .start();
        try {
          HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
          String api = "http://127.0.0.1:" + port;
          JsonNode success =
              await(
                  http,
                  api
                      + "/api/v1/query?query="
                      + URLEncoder.encode("regdoctor_probe_success", StandardCharsets.UTF_8),
                  result -> result.size() == 2);
          for (JsonNode series : success) {
            JsonNode metric = series.path("metric");
            assertThat(metric.path("job").asText()).isEqualTo("regdoctor");
            assertThat(metric.path("registry").asText()).isEqualTo(registry.hostPort());
            String expected = metric.path("image").asText().equals(ok) ? "1" : "0";
            assertThat(series.path("value").path(1).asText()).isEqualTo(expected);
          }
          JsonNode verdict =
              await(
                  http,
                  api
                      + "/api/v1/query?query="
                      + URLEncoder.encode(
                          "regdoctor_probe_verdict_info{code=\"MANIFEST_NOT_FOUND\"}",
                          StandardCharsets.UTF_8),
                  result -> result.size() == 1);
          assertThat(verdict.get(0).path("metric").path("image").asText()).isEqualTo(missing);
          JsonNode histogram =
              await(
                  http,
                  api
                      + "/api/v1/query?query="
                      + URLEncoder.encode(
                          "sum by (phase) (regdoctor_probe_phase_duration_seconds_count)",
                          StandardCharsets.UTF_8),
                  result -> result.size() >= 2);
          assertThat(histogram.findValuesAsText("phase")).contains("manifest", "ping");
          // the ImagePullSlow alert's expression over the pull test's estimate
          JsonNode estimate =
              await(
                  http,
                  api
                      + "/api/v1/query?query="
                      + URLEncoder.encode(
                          "max by (image, registry) (regdoctor_pull_estimate_seconds)",
                          StandardCharsets.UTF_8),
                  result -> result.size() == 1);
          assertThat(estimate.get(0).path("metric").path("image").asText()).isEqualTo(ok);
          assertThat(Double.parseDouble(estimate.get(0).path("value").path(1).asText()))
              .isPositive()
              .isLessThan(300.0);
          HttpResponse<String> rules =
              http.send(
                  HttpRequest.newBuilder(URI.create(api + "/api/v1/rules")).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(rules.body())
              .contains("ImagePullFailing", "RegistryRateLimitLow", "ImagePullSlow");
        } finally {
          process.destroy();
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      }
    }
  }

  private static JsonNode await(
      HttpClient http, String url, java.util.function.Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        last = response.body();
        if (response.statusCode() == 200) {
          JsonNode result = JSON.readTree(last).path("data").path("result");
          if (done.test(result)) {
            return result;
          }
        }
      } catch (java.io.IOException e) {
        last = e.toString(); // Prometheus is still starting
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus never answered as expected for " + url + ": " + last);
  }
}
