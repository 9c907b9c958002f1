package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code regdoctor.jar} stops cleanly on SIGTERM, even with probes hanging. */
@Timeout(60)
class ServeSigtermIT {
  private static final String PASSWORD = "sigterm-pw-3310";

  @TempDir Path temp;

  @Test
  void sigtermStopsTheExporterWithinFiveSeconds() throws Exception {
    try (FaultEndpoint stalled = LoopbackFaults.stall()) {
      String registry = "127.0.0.1:" + stalled.port();
      Path docker = Files.createDirectories(temp.resolve("docker"));
      String auth =
          Base64.getEncoder().encodeToString(("bob:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      Files.writeString(
          docker.resolve("config.json"),
          "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
      Path probes = temp.resolve("probes.yaml");
      Files.writeString(
          probes,
          "interval: 1s\ntimeout: 30s\ndockerConfig: "
              + docker
              + "\ntargets:\n  - image: "
              + registry
              + "/team/app:1.0\n  - image: "
              + registry
              + "/team/other:1.0\n");
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  Path.of("target", "regdoctor.jar").toString(),
                  "serve",
                  "--config",
                  probes.toString(),
                  "--listen",
                  "127.0.0.1:0")
              .redirectError(temp.resolve("stderr.txt").toFile())
              .redirectOutput(temp.resolve("stdout.txt").toFile())
              .start();
      // destroy() closes the process's pipes, so its output goes to files
      String line = "";
      long started = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!line.contains("listening on") && System.nanoTime() < started && process.isAlive()) {
        Thread.sleep(50);
        line = Files.readString(temp.resolve("stdout.txt"));
      }
      assertThat(line).as(Files.readString(temp.resolve("stderr.txt"))).contains("listening on");
      Matcher matcher = Pattern.compile("http://([^/]+)/metrics").matcher(line);
      assertThat(matcher.find()).isTrue();
      URI healthz = URI.create("http://" + matcher.group(1) + "/healthz");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      assertThat(
              http.send(
                      HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString())
                  .body())
          .isEqualTo("ok\n");
      // wait until both probes hang in the stalled registry
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (stalled.acceptedConnections() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(stalled.acceptedConnections()).isPositive();

      long start = System.nanoTime();
      process.destroy(); // SIGTERM
      boolean exited = process.waitFor(5, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - start) / 1_000_000;

      if (!exited) {
        process.destroyForcibly();
      }
      assertThat(exited).as("exited within 5 s of SIGTERM").isTrue();
      assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook
      String rest = Files.readString(temp.resolve("stdout.txt"));
      String errors = Files.readString(temp.resolve("stderr.txt"));
      assertThat(rest).contains("regdoctor serve: stopped");
      assertThat(errors).doesNotContain("Exception").doesNotContain(PASSWORD);
      assertThat(rest).doesNotContain(PASSWORD);
      try {
        http.send(HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString());
        throw new AssertionError("still serving after SIGTERM");
      } catch (ConnectException expected) {
        // the port is released
      }
      System.out.println("SIGTERM to exit: " + millis + " ms");
    }
  }
}
