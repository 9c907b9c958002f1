package dev.regdoctor.probe;

import static dev.regdoctor.probe.MockRegistry.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.time.Duration;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transport faults on loopback, from testkit's {@link LoopbackFaults}: each yields its kind in the
 * right step, and the verdict arrives within the deadline plus a generous margin. The margin is
 * deliberately loose (other builds share this machine); how close to the deadline a verdict comes
 * is a benchmark's business, not a test's.
 */
@Timeout(60)
class FaultsTest {
  /** The budget of checks that end in a timeout. */
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  /**
   * The budget of checks that must not time out: a cold first TLS handshake can take a second here.
   */
  private static final Duration ROOMY = Duration.ofSeconds(5);

  private static final Duration MARGIN = Duration.ofSeconds(4);

  /** Probes {@code fault} over plain HTTP (no HTTPS first), with a one-second budget. */
  private static ProbeResult checkPlain(
      FaultEndpoint fault, UnaryOperator<ProbeSettings.Builder> tweak) {
    ProbeSettings settings =
        tweak
            .apply(ProbeSettings.builder().plainHttpRegistry(fault.hostPort()).timeout(DEADLINE))
            .build();
    return timedCheck(settings, fault.hostPort() + "/team/app:1.0");
  }

  private static ProbeResult timedCheck(ProbeSettings settings, String image) {
    try (RegistryClient client = RegistryClient.create(settings)) {
      long start = System.nanoTime();
      ProbeResult result = client.check(image, CredentialResolver.anonymous());
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      assertThat(wall).as("verdict time").isLessThan(settings.deadline().plus(MARGIN));
      assertThat(result.elapsed()).isLessThanOrEqualTo(wall);
      return result;
    }
  }

  private static StepStatus status(ProbeResult result, StepName name) {
    return result
        .step(name)
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + result.steps()))
        .status();
  }

  @Nested
  class Connect {
    @Test
    void closedPortIsConnectionRefused() {
      try (FaultEndpoint refused = LoopbackFaults.closedPort()) {
        ProbeResult result = checkPlain(refused, settings -> settings.timeout(ROOMY));

        Failure failure = result.primaryFailure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(failure.step()).isEqualTo(StepName.PING);
        assertThat(failure.summary())
            .isEqualTo("connection to " + refused.hostPort() + " refused: nothing listens there");
        assertThat(status(result, StepName.CONNECT)).isEqualTo(StepStatus.FAILED);
        assertThat(result.step(StepName.TLS)).isEmpty();
        assertThat(result.requests()).isEqualTo(1);
      }
    }

    @Test
    void closedLoopbackPortIsNotRetriedOverPlainHttp() {
      // Loopback allows an HTTP fallback, but a refused explicit port refuses HTTP just the same.
      try (FaultEndpoint refused = LoopbackFaults.closedPort()) {
        ProbeResult result =
            timedCheck(
                ProbeSettings.builder().timeout(ROOMY).build(),
                refused.hostPort() + "/team/app:1.0");

        assertThat(result.primaryFailure().orElseThrow().kind())
            .isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(result.endpoint().isHttps()).isTrue();
        assertThat(result.requests()).isEqualTo(1);
        assertThat(result.notes()).isEmpty();
      }
    }

    @Test
    void fullAcceptBacklogIsConnectTimeout() {
      try (FaultEndpoint blackHole = LoopbackFaults.fullBacklog()) {
        ProbeResult result = checkPlain(blackHole, settings -> settings);

        Failure failure = result.primaryFailure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT);
        assertThat(failure.step()).isEqualTo(StepName.PING);
        assertThat(failure.summary())
            .startsWith(
                "TCP connection to "
                    + blackHole.hostPort()
                    + " did not complete (timed out after ");
        assertThat(status(result, StepName.CONNECT)).isEqualTo(StepStatus.FAILED);
        assertThat(blackHole.acceptedConnections()).isZero();
      }
    }

    @Test
    void connectTimeoutShorterThanTheDeadlineDecides() {
      try (FaultEndpoint blackHole = LoopbackFaults.fullBacklog()) {
        ProbeResult result =
            checkPlain(
                blackHole,
                settings ->
                    settings.timeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofMillis(300)));

        assertThat(result.primaryFailure().orElseThrow().kind())
            .isEqualTo(FailureKind.CONNECT_TIMEOUT);
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
      }
    }
  }

  @Nested
  class Response {
    @Test
    void acceptingServerThatNeverAnswersIsResponseTimeout() {
      try (FaultEndpoint stall = LoopbackFaults.stall()) {
        ProbeResult result = checkPlain(stall, settings -> settings);

        Failure failure = result.primaryFailure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.RESPONSE_TIMEOUT);
        assertThat(failure.step()).isEqualTo(StepName.PING);
        assertThat(failure.summary())
            .isEqualTo(
                stall.hostPort() + " accepted the connection but did not answer GET /v2/ in time");
        assertThat(status(result, StepName.CONNECT)).isEqualTo(StepStatus.OK);
        assertThat(status(result, StepName.TLS)).isEqualTo(StepStatus.SKIPPED);
        assertThat(status(result, StepName.PING)).isEqualTo(StepStatus.FAILED);
        assertThat(result.requests()).as("a timeout is not retried").isEqualTo(1);
      }
    }

    @Test
    void resetAfterTheRequestIsConnectionResetAndRetried() {
      try (FaultEndpoint reset = LoopbackFaults.reset()) {
        ProbeResult result = checkPlain(reset, settings -> settings.timeout(ROOMY).maxAttempts(3));

        Failure failure = result.primaryFailure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION_RESET);
        assertThat(failure.step()).isEqualTo(StepName.PING);
        assertThat(failure.summary())
            .isEqualTo(reset.hostPort() + " closed or reset the connection during GET /v2/");
        assertThat(status(result, StepName.PING)).isEqualTo(StepStatus.FAILED);
        assertThat(result.requests()).isEqualTo(3);
        assertThat(reset.acceptedConnections()).isEqualTo(3);
      }
    }

    @Test
    void closeRightAfterAcceptIsConnectionReset() {
      try (FaultEndpoint eof = LoopbackFaults.closeAfterAccept()) {
        ProbeResult result = checkPlain(eof, settings -> settings.timeout(ROOMY).maxAttempts(1));

        assertThat(result.primaryFailure().orElseThrow().kind())
            .isEqualTo(FailureKind.CONNECTION_RESET);
        assertThat(result.primaryFailure().orElseThrow().evidence())
            .first()
            .asString()
            .contains("unexpected end of stream");
      }
    }

    @Test
    void stalledManifestIsResponseTimeoutInTheManifestStep() throws Exception {
      try (MockRegistry registry = new MockRegistry()) {
        registry
            .enqueue(ok())
            .enqueue(
                new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        ProbeSettings settings =
            ProbeSettings.builder()
                .plainHttpRegistry(registry.hostPort())
                .timeout(DEADLINE)
                .build();

        ProbeResult result = timedCheck(settings, registry.image("team/app:1.0"));

        Failure failure = result.primaryFailure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.RESPONSE_TIMEOUT);
        assertThat(failure.step()).isEqualTo(StepName.MANIFEST);
        assertThat(status(result, StepName.PING)).isEqualTo(StepStatus.OK);
        assertThat(status(result, StepName.MANIFEST)).isEqualTo(StepStatus.FAILED);
      }
    }
  }

  @Nested
  class Tls {
    @Test
    void tlsToAStalledServerIsHandshakeTimeout() {
      try (FaultEndpoint stall = LoopbackFaults.stall()) {
        ProbeSettings settings =
            ProbeSettings.builder()
                .resolve(ResolveOverride.parse("stalled.test:*:127.0.0.1"))
                .timeout(DEADLINE)
                .build();

        ProbeResult result = timedCheck(settings, "stalled.test:" + stall.port() + "/team/app:1.0");

        Failure failure = result.primaryFailure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.TLS_HANDSHAKE_TIMEOUT);
        assertThat(failure.step()).isEqualTo(StepName.PING);
        assertThat(failure.summary())
            .startsWith(
                "TLS handshake with stalled.test:"
                    + stall.port()
                    + " did not complete (timed out after ");
        assertThat(status(result, StepName.CONNECT)).isEqualTo(StepStatus.OK);
        assertThat(status(result, StepName.TLS)).isEqualTo(StepStatus.FAILED);
        assertThat(result.step(StepName.PING)).isEmpty();
        assertThat(result.requests()).isEqualTo(1);
      }
    }

    @Test
    void tlsResetIsConnectionResetInTheTlsStep() {
      try (FaultEndpoint reset = LoopbackFaults.reset()) {
        ProbeSettings settings =
            ProbeSettings.builder()
                .resolve(ResolveOverride.parse("reset.test:*:127.0.0.1"))
                .timeout(ROOMY)
                .maxAttempts(1)
                .build();

        ProbeResult result = timedCheck(settings, "reset.test:" + reset.port() + "/team/app:1.0");
        assertThat(result.primaryFailure().orElseThrow().kind())
            .isEqualTo(FailureKind.CONNECTION_RESET);
        assertThat(status(result, StepName.TLS)).isEqualTo(StepStatus.FAILED);
        assertThat(result.notes()).isEmpty();
      }
    }
  }
}
