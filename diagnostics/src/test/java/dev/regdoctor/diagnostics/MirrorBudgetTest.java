package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.mirrors.MirrorEntry;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Review 15, finding 7: {@code --timeout} is the budget of one image, so mirrors that never answer
 * share it with the upstream instead of each taking a whole one. The upstream is a scripted
 * plain-HTTP registry, the mirrors loopback servers that accept and never answer.
 */
@Timeout(60)
class MirrorBudgetTest {
  private static final Pattern SHARE = Pattern.compile("budget: (\\d+) of (\\d+) ms");

  @TempDir Path dir;
  private MockWebServer server;
  private final List<FaultEndpoint> mirrors = new ArrayList<>();
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
  }

  @AfterEach
  void stop() throws Exception {
    for (FaultEndpoint mirror : mirrors) {
      mirror.close();
    }
    server.close();
  }

  /** A hosts.toml with {@code count} silent plain-HTTP mirrors before the upstream. */
  private Path hostsDir(int count) throws Exception {
    StringBuilder toml = new StringBuilder("server = \"http://" + hostPort + "\"\n");
    for (int i = 0; i < count; i++) {
      FaultEndpoint mirror = LoopbackFaults.stall();
      mirrors.add(mirror);
      toml.append("\n[host.\"http://")
          .append(mirror.hostPort())
          .append("\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    }
    Path hosts = Files.createDirectories(dir.resolve("certs.d").resolve(hostPort));
    Files.writeString(hosts.resolve("hosts.toml"), toml.toString());
    return dir.resolve("certs.d");
  }

  private RegistryDoctor doctor(Path hostsDir, Duration timeout) {
    return RegistryDoctor.builder()
        .credentials(CredentialResolver.anonymous())
        .timeout(timeout)
        .locale(Locale.ENGLISH)
        .runtime(ContainerRuntime.CONTAINERD)
        .hostsDir(hostsDir)
        .plainHttpRegistry(hostPort)
        .build();
  }

  @Test
  void silentMirrorsShareTheImageBudgetAndTheUpstreamIsStillProbed() throws Exception {
    try (RegistryDoctor doctor = doctor(hostsDir(2), Duration.ofSeconds(3))) {
      Report report = doctor.check(hostPort + "/team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
      List<Finding> mirrorFailures =
          report.findings().stream().filter(f -> f.code() == DiagnosisCode.MIRROR_FAILURE).toList();
      assertThat(mirrorFailures).hasSize(2);
      long shares = 0;
      for (Finding failure : mirrorFailures) {
        String line =
            failure.evidence().stream()
                .filter(l -> l.startsWith("timed out within its share of the budget: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no budget line in " + failure.evidence()));
        Matcher matcher = SHARE.matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        assertThat(matcher.group(2)).isEqualTo("3000");
        shares += Long.parseLong(matcher.group(1));
      }
      // Each endpoint gets an equal share of what is left: the mirrors together leave the
      // upstream at least a third of the budget, instead of each taking all of it.
      assertThat(shares).isLessThanOrEqualTo(2000);
      assertThat(mirrorFailures.get(0).remediation())
          .anySatisfy(
              remedy -> assertThat(remedy.command()).startsWith("curl -v --max-time 30 http://"));
    }
  }

  @Test
  void endpointsTheBudgetDoesNotReachAreReportedAsNotProbed() throws Exception {
    // 3 silent mirrors on 150 ms: each takes its share (50 ms, then about 50 ms, 50 ms), leaving
    // the upstream less than the 50 ms an endpoint needs at least.
    Path hostsDir = hostsDir(3);
    MirrorReport listing;
    Report report;
    // one doctor each: a doctor reuses a failed ping for 10 s, which would spare the second walk
    // the mirrors' timeouts
    try (RegistryDoctor doctor = doctor(hostsDir, Duration.ofMillis(150))) {
      listing = doctor.mirrors(hostPort + "/team/app:1.0");
    }
    try (RegistryDoctor doctor = doctor(hostsDir, Duration.ofMillis(150))) {
      report = doctor.check(hostPort + "/team/app:1.0");
    }
    {
      MirrorEntry upstream = listing.entries().get(listing.entries().size() - 1);
      assertThat(upstream.skipped())
          .isEqualTo(
              "not probed: the 150 ms budget for this image (--timeout) was used up by the"
                  + " endpoints before it");
      assertThat(report.ok()).isFalse();
      assertThat(report.verdict().evidence())
          .contains(
              "http://"
                  + hostPort
                  + " (upstream 4): not probed: the 150 ms budget for this image (--timeout) was"
                  + " used up by the endpoints before it");
    }
  }
}
