package dev.regdoctor.internal.probe;

import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.PingInfo;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.TlsInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code GET /v2/} for one registry, shared by the checks of its images; {@code
 * rateLimit}: the rate-limit headers of the answer (a 429 from a proxy or registry in front of the
 * API), or {@code null}.
 */
record PingOutcome(
    RegistryEndpoint endpoint,
    @Nullable PingInfo ping,
    @Nullable Failure failure,
    List<Step> steps,
    @Nullable TlsInfo tls,
    List<String> notes,
    boolean verifiedTls,
    @Nullable RateLimit rateLimit,
    AtomicInteger owner,
    long createdNanos) {
  private static final Duration PING_TTL = Duration.ofSeconds(60);
  private static final Duration FAILED_PING_TTL = Duration.ofSeconds(10);

  /** Whether a check other than the one that pinged is reading this outcome. */
  boolean cachedFor(AtomicInteger requests) {
    return owner != requests;
  }

  boolean isFresh() {
    Duration ttl = failure == null ? PING_TTL : FAILED_PING_TTL;
    return System.nanoTime() - createdNanos < ttl.toNanos();
  }
}
