package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.probe.BlobsInfo;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The exporter's metrics in a Micrometer Prometheus registry. Every series of a target is removed
 * when the target goes, and every series of a registry when its last target goes, so memory stays
 * bounded however often targets change. Labels hold image, registry, namespace, workload, phase,
 * result and code values only: never a credential or a URL.
 */
final class ExporterMetrics {
  /** The phases timed in {@code regdoctor_probe_phase_duration_seconds}. */
  static final Set<StepName> PHASES =
      EnumSet.of(
          StepName.DNS,
          StepName.CONNECT,
          StepName.TLS,
          StepName.PING,
          StepName.AUTH,
          StepName.MANIFEST,
          StepName.BLOBS);

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, TargetMeters> targets = new HashMap<>();
  private final Map<String, RegistryMeters> registries = new HashMap<>();
  private final AtomicLong discoveryOk = new AtomicLong(-1);
  private final AtomicLong discovered = new AtomicLong();
  private final AtomicLong configOk = new AtomicLong(1);
  // A gauge function must not take this object's lock: a scrape holds the registry's.
  private final AtomicLong targetCount = new AtomicLong();

  ExporterMetrics() {
    Gauge.builder("regdoctor.targets", targetCount, AtomicLong::get)
        .description("Targets being probed, listed and discovered")
        .register(registry);
    Gauge.builder("regdoctor.discovered.targets", discovered, AtomicLong::get)
        .description("Targets found in Kubernetes workloads by the last discovery")
        .register(registry);
    Gauge.builder("regdoctor.discovery.success", discoveryOk, AtomicLong::get)
        .description(
            "1 if the last Kubernetes discovery succeeded, 0 if it failed (-1 before the first)")
        .register(registry);
    Gauge.builder("regdoctor.config.reload.success", configOk, AtomicLong::get)
        .description(
            "1 if the configuration file last read was valid, 0 if the last change was rejected")
        .register(registry);
  }

  /** Returns the metrics in the Prometheus text format; never waits for a probe. */
  String scrape() {
    return registry.scrape();
  }

  /** Returns how many meters exist, for tests of bounded memory. */
  int meterCount() {
    return registry.getMeters().size();
  }

  /** Records a completed probe. */
  synchronized void recorded(ProbeRecord record) {
    ProbeTarget target = record.target();
    TargetMeters meters = targets.computeIfAbsent(key(target), key -> new TargetMeters(target));
    targetCount.set(targets.size());
    meters.success.set(record.success() ? 1 : 0);
    meters.timestamp.set(record.at().toEpochMilli());
    meters.verdict(record.code());
    Report live = record.live();
    meters.pull(live == null ? null : live.probe().blobs());
    RegistryMeters perRegistry = registry(target.registry());
    perRegistry.result(record.success() ? "success" : "failure").increment();
    if (live == null) {
      return;
    }
    perRegistry.requests.increment(live.requests());
    for (Step step : live.steps()) {
      if (PHASES.contains(step.name())
          && step.status() != StepStatus.SKIPPED
          && !step.elapsed().isZero()) {
        perRegistry.phase(step.name().label()).record(step.elapsed());
      }
    }
    RateLimit limit = live.probe().rateLimit();
    if (limit != null && limit.remaining() >= 0) {
      perRegistry.rateLimit(limit.remaining());
    }
  }

  /** Counts a probe skipped because the registry's circuit breaker is open. */
  synchronized void skipped(ProbeTarget target) {
    registry(target.registry()).result("skipped").increment();
  }

  /** Sets whether the registry's circuit breaker is open. */
  synchronized void circuit(String registryHost, boolean open) {
    registry(registryHost).circuitOpen.set(open ? 1 : 0);
  }

  /** Removes every series of {@code target}. */
  synchronized void remove(ProbeTarget target) {
    TargetMeters meters = targets.remove(key(target));
    targetCount.set(targets.size());
    if (meters != null) {
      meters.removeAll();
    }
  }

  /** Removes every series of the registries not in {@code used}. */
  synchronized void retainRegistries(Set<String> used) {
    registries
        .entrySet()
        .removeIf(
            entry -> {
              if (used.contains(entry.getKey())) {
                return false;
              }
              entry.getValue().removeAll();
              return true;
            });
  }

  /** Records a Kubernetes discovery. */
  void discovery(boolean ok, int count) {
    discoveryOk.set(ok ? 1 : 0);
    if (ok) {
      discovered.set(count);
    }
  }

  /** Records whether the configuration file last read was valid. */
  void configReloaded(boolean ok) {
    configOk.set(ok ? 1 : 0);
  }

  private static String key(ProbeTarget target) {
    return target.key();
  }

  private RegistryMeters registry(String host) {
    return registries.computeIfAbsent(host, RegistryMeters::new);
  }

  private void remove(@Nullable Meter meter) {
    if (meter != null) {
      registry.remove(meter);
    }
  }

  /** The series of one target. */
  private final class TargetMeters {
    final Tags tags;
    final AtomicLong success = new AtomicLong();
    final AtomicLong timestamp = new AtomicLong();
    final AtomicLong estimateMicros = new AtomicLong();
    final AtomicLong bytesPerSecond = new AtomicLong();
    final AtomicLong imageBytes = new AtomicLong();
    final List<Meter> fixed = new ArrayList<>();
    final List<Meter> pull = new ArrayList<>();
    @Nullable String code;
    @Nullable Meter verdict;

    TargetMeters(ProbeTarget target) {
      tags =
          Tags.of(
              "image", target.image(),
              "registry", target.registry(),
              "namespace", target.namespace(),
              "workload", target.workload());
      fixed.add(
          Gauge.builder("regdoctor.probe.success", success, AtomicLong::get)
              .description("1 if the image can be pulled, 0 if not, as of the last probe")
              .tags(tags)
              .register(registry));
      fixed.add(
          Gauge.builder("regdoctor.probe.timestamp.seconds", timestamp, ms -> ms.get() / 1000.0)
              .description("When the last probe of the target ended, in seconds since the epoch")
              .tags(tags)
              .register(registry));
    }

    void verdict(String newCode) {
      if (newCode.equals(code)) {
        return;
      }
      remove(verdict);
      code = newCode;
      verdict =
          Gauge.builder("regdoctor.probe.verdict.info", () -> 1)
              .description("The diagnosis code of the last probe's verdict (value always 1)")
              .tags(tags.and("code", newCode))
              .register(registry);
    }

    /** Sets the pull series from a pull test, or removes them when the probe measured none. */
    void pull(@Nullable BlobsInfo blobs) {
      Optional<Duration> estimate = blobs == null ? Optional.empty() : blobs.estimatedPull();
      if (blobs == null || estimate.isEmpty()) {
        pull.forEach(ExporterMetrics.this::remove);
        pull.clear();
        return;
      }
      estimateMicros.set(estimate.get().toNanos() / 1000);
      bytesPerSecond.set(Math.round(blobs.bytesPerSecond()));
      imageBytes.set(blobs.totalBytes());
      if (pull.isEmpty()) {
        pull.add(
            gauge(
                "regdoctor.pull.estimate.seconds",
                () -> estimateMicros.get() / 1e6,
                "Estimated time to pull the image, from the last pull test"));
        pull.add(
            gauge(
                "regdoctor.pull.bytes.per.second",
                bytesPerSecond::get,
                "Download throughput of the last pull test's layer sample"));
        pull.add(
            gauge(
                "regdoctor.image.size.bytes",
                imageBytes::get,
                "Compressed size of the image (config and layers), from the last pull test"));
      }
    }

    private Meter gauge(String name, java.util.function.Supplier<Number> value, String help) {
      return Gauge.builder(name, value).description(help).tags(tags).register(registry);
    }

    void removeAll() {
      fixed.forEach(ExporterMetrics.this::remove);
      remove(verdict);
      pull.forEach(ExporterMetrics.this::remove);
    }
  }

  /** The series of one registry. */
  private final class RegistryMeters {
    final String host;
    final Map<String, Timer> phases = new HashMap<>();
    final Map<String, Counter> results = new HashMap<>();
    final Counter requests;
    final AtomicLong circuitOpen = new AtomicLong();
    final AtomicLong remaining = new AtomicLong();
    final Meter circuit;
    @Nullable Meter rateLimit;

    RegistryMeters(String host) {
      this.host = host;
      requests =
          Counter.builder("regdoctor.probe.requests")
              .description("HTTP requests sent to the registry and its token service by probes")
              .tag("registry", host)
              .register(registry);
      circuit =
          Gauge.builder("regdoctor.circuit.open", circuitOpen, AtomicLong::get)
              .description("1 while the registry's circuit breaker skips its probes")
              .tag("registry", host)
              .register(registry);
    }

    Timer phase(String phase) {
      return phases.computeIfAbsent(
          phase,
          name ->
              Timer.builder("regdoctor.probe.phase.duration")
                  .description(
                      "Time spent in each phase of a probe (cached pings and tokens excluded)")
                  .tags("registry", host, "phase", name)
                  .serviceLevelObjectives(BUCKETS)
                  .register(registry));
    }

    Counter result(String result) {
      return results.computeIfAbsent(
          result,
          name ->
              Counter.builder("regdoctor.probes")
                  .description(
                      "Probes by result: success, failure, or skipped by the circuit breaker")
                  .tags("registry", host, "result", name)
                  .register(registry));
    }

    void rateLimit(int value) {
      remaining.set(value);
      if (rateLimit == null) {
        rateLimit =
            Gauge.builder("regdoctor.rate.limit.remaining", remaining, AtomicLong::get)
                .description("Pulls left in the registry's rate-limit window (ratelimit-remaining)")
                .tag("registry", host)
                .register(registry);
      }
    }

    void removeAll() {
      phases.values().forEach(ExporterMetrics.this::remove);
      results.values().forEach(ExporterMetrics.this::remove);
      remove(requests);
      remove(circuit);
      remove(rateLimit);
    }
  }
}
