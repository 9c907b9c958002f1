package dev.regdoctor.cli;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per registry: after {@code failures} probes in a row find a
 * registry unreachable (DNS, connect, TLS handshake or response timeout, reset, 5xx, 429), its
 * targets are skipped for {@code openFor}; then one probe tries again and closes the breaker if the
 * registry answers. A dead registry thus costs a few timeouts, not one per target per round.
 */
final class RegistryBreakers {
  private static final Logger log = LoggerFactory.getLogger(RegistryBreakers.class);

  private final CircuitBreakerConfig config;
  private final BiConsumer<String, Boolean> openChanged;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /**
   * Creates the breakers; {@code openChanged} hears {@code (registry, open)} whenever a breaker
   * opens or closes.
   */
  RegistryBreakers(ProbeConfig.Breaker settings, BiConsumer<String, Boolean> openChanged) {
    this.openChanged = openChanged;
    this.config =
        CircuitBreakerConfig.custom()
            .slidingWindow(
                settings.failures(),
                settings.failures(),
                CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(100)
            .waitDurationInOpenState(settings.openFor())
            .permittedNumberOfCallsInHalfOpenState(1)
            .writableStackTraceEnabled(false)
            .build();
  }

  /** A permission to probe a registry; report how the probe went exactly once. */
  interface Permit {
    /** Reports the probe's outcome: {@code reachable} is false when the registry did not answer. */
    void done(Duration elapsed, boolean reachable);
  }

  /** Returns a permit to probe {@code registry}, or empty while its breaker is open. */
  Optional<Permit> acquire(String registry) {
    CircuitBreaker breaker = breakers.computeIfAbsent(registry, this::create);
    if (!breaker.tryAcquirePermission()) {
      return Optional.empty();
    }
    return Optional.of(
        (elapsed, reachable) -> {
          if (reachable) {
            breaker.onSuccess(elapsed.toNanos(), TimeUnit.NANOSECONDS);
          } else {
            breaker.onError(elapsed.toNanos(), TimeUnit.NANOSECONDS, new Unreachable(registry));
          }
        });
  }

  /** Returns whether the breaker of {@code registry} currently skips probes. */
  boolean isOpen(String registry) {
    CircuitBreaker breaker = breakers.get(registry);
    return breaker != null && breaker.getState() != CircuitBreaker.State.CLOSED;
  }

  /** Forgets the breakers of registries not in {@code used}. */
  void retain(Set<String> used) {
    breakers.keySet().retainAll(used);
  }

  private CircuitBreaker create(String registry) {
    CircuitBreaker breaker = CircuitBreaker.of(registry, config);
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              CircuitBreaker.State to = event.getStateTransition().getToState();
              if (to == CircuitBreaker.State.OPEN) {
                log.warn(
                    "{} did not answer {} probes in a row: skipping its targets for {} s",
                    registry,
                    config.getSlidingWindowSize(),
                    config.getWaitIntervalFunctionInOpenState().apply(1) / 1000);
              } else if (to == CircuitBreaker.State.CLOSED) {
                log.info("{} answers again: probing its targets", registry);
              }
              openChanged.accept(registry, to != CircuitBreaker.State.CLOSED);
            });
    return breaker;
  }

  /** Recorded as the breaker's failure; carries no stack trace and no secret. */
  private static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreachable(String registry) {
      super(registry + " did not answer", null, false, false);
    }
  }
}
