package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialLookup;
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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --timeout} bounds the whole image, not only the walk through a runtime's endpoints: the
 * anonymous comparison, the RUNTIME_MISMATCH probes of the other runtimes and the mirrors' second
 * timing pass take their time from what the walk left, and say so when nothing is left. Each server
 * here accepts and stalls where a probe would otherwise take a fresh deadline; before, these checks
 * took two or three deadlines. The elapsed time is asserted against the deadline plus a generous
 * slack for a loaded machine (a deadline behaviour, not a performance figure), well under the
 * deadline a fresh probe would add.
 */
@Timeout(60)
class ImageBudgetTest {
  private static final Duration DEADLINE = Duration.ofMillis(1500);
  private static final Duration SLACK = Duration.ofMillis(700);

  @TempDir Path dir;
  private MockWebServer server;
  private FaultEndpoint stall;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (stall != null) {
      stall.close();
    }
  }

  private String start(Function<RecordedRequest, MockResponse> answers) throws Exception {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answers.apply(request);
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return "127.0.0.1:" + server.getPort();
  }

  private static MockResponse stalled() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  private RegistryDoctor.Builder containerd() throws Exception {
    return RegistryDoctor.builder()
        .credentials(CredentialResolver.anonymous())
        .timeout(DEADLINE)
        .locale(Locale.ENGLISH)
        .runtime(ContainerRuntime.CONTAINERD)
        .hostsDir(Files.createDirectories(dir.resolve("certs.d")));
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void anonymousComparisonOfARuntimeCheckTakesOnlyWhatIsLeftAndSaysSo() throws Exception {
    // A slow registry: the ping takes 60 % of the budget, the credentials are rejected at once,
    // and the anonymous manifest request never answers. The kubelet's path (a pull secret's one
    // credential, containerd's endpoints) is the one the exporter takes for discovered images.
    String hostPort =
        start(
            request -> {
              MockResponse.Builder challenge =
                  new MockResponse.Builder()
                      .code(401)
                      .addHeader("WWW-Authenticate", "Basic realm=\"test\"")
                      .addHeader("Docker-Distribution-API-Version", "registry/2.0");
              if (request.getTarget().equals("/v2/")) {
                return challenge.headersDelay(900, TimeUnit.MILLISECONDS).build();
              }
              return request.getHeaders().get("Authorization") != null
                  ? challenge.build()
                  : stalled();
            });
    CredentialLookup secret =
        CredentialLookup.found(Credential.of("alice", "expired"), "secret shop/pull");

    Report report;
    long start = System.nanoTime();
    try (RegistryDoctor doctor = containerd().build()) {
      report = doctor.check(hostPort + "/team/app:1.0", secret);
    }
    Duration elapsed = since(start);

    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
    assertThat(report.verdict().evidence())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("anonymous comparison inconclusive: it timed out within the ")
                    .endsWith(
                        " ms left of the 1500 ms budget for this image (--timeout); the verdict"
                            + " stands as probed with the credentials"))
        .noneSatisfy(line -> assertThat(line).startsWith("anonymous attempt: "));
    assertThat(elapsed).isLessThan(DEADLINE.plus(SLACK));
  }

  @Test
  void otherRuntimesAreNotComparedWhenTheWalkSpentTheBudget() throws Exception {
    // Accepts and never answers: containerd's plain-HTTP probe takes the whole budget; Docker's
    // HTTPS-then-HTTP and Podman's HTTPS probes would each have taken another one.
    stall = LoopbackFaults.stall();

    Report report;
    long start = System.nanoTime();
    try (RegistryDoctor doctor = containerd().build()) {
      report = doctor.check(stall.hostPort() + "/team/app:1.0");
    }
    Duration elapsed = since(start);

    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.RESPONSE_TIMEOUT);
    assertThat(report.verdict().evidence())
        .contains(
            "docker, podman: not compared (RUNTIME_MISMATCH check): the 1500 ms budget for this"
                + " image (--timeout) was used up before their turn");
    assertThat(report.findings()).noneMatch(f -> f.code() == DiagnosisCode.RUNTIME_MISMATCH);
    assertThat(elapsed).isLessThan(DEADLINE.plus(SLACK));
  }

  @Test
  void otherRuntimesLeftOutOfTheComparisonAreNamedInChinese() throws Exception {
    stall = LoopbackFaults.stall();

    Report report;
    try (RegistryDoctor doctor = containerd().locale(Locale.SIMPLIFIED_CHINESE).build()) {
      report = doctor.check(stall.hostPort() + "/team/app:1.0");
    }

    assertThat(report.verdict().evidence())
        .contains(
            "docker, podman：未参与运行时对比（RUNTIME_MISMATCH 检查）：此镜像的 1500 毫秒时间预算"
                + "（--timeout）在轮到它们之前已用完");
  }

  @Test
  void mirrorsSecondTimingPassIsSkippedWhenTheFirstSpentTheBudget() throws Exception {
    // The mirror answers on its first connection only; the upstream accepts and never answers, so
    // the first pass ends at the deadline. A second pass with a fresh deadline would stall on the
    // mirror's new connection for another whole one.
    String mirror =
        start(
            request -> {
              if (request.getConnectionIndex() > 0) {
                return stalled();
              }
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
            });
    stall = LoopbackFaults.stall();
    Path hosts = Files.createDirectories(dir.resolve("certs.d").resolve(stall.hostPort()));
    Files.writeString(
        hosts.resolve("hosts.toml"),
        "server = \"http://"
            + stall.hostPort()
            + "\"\n\n[host.\"http://"
            + mirror
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");

    MirrorReport report;
    long start = System.nanoTime();
    try (RegistryDoctor doctor = containerd().build()) {
      report = doctor.mirrors(stall.hostPort() + "/team/app:1.0");
    }
    Duration elapsed = since(start);

    MirrorEntry first = report.entries().get(0);
    assertThat(first.ok()).isTrue(); // a budget-skip changes no verdict
    assertThat(first.pingTime()).isNotNull();
    assertThat(first.timingSkipped())
        .isEqualTo(
            "timings from the first pass, not measured again on fresh connections: the 1500 ms"
                + " budget for this image (--timeout) was used up");
    assertThat(report.toJson()).contains("\"timingSkipped\" : \"timings from the first pass");
    assertThat(report.entries().get(1).verdict().code()).isEqualTo(DiagnosisCode.RESPONSE_TIMEOUT);
    assertThat(report.pullsFrom()).isEqualTo("http://" + mirror);
    assertThat(elapsed).isLessThan(DEADLINE.plus(SLACK));
  }
}
