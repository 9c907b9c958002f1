package dev.regdoctor.cli;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.kubernetes.KubectlException;
import dev.regdoctor.diagnostics.kubernetes.KubernetesPull;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every target on its own jittered schedule, at most {@code concurrency} at once, and keeps
 * the last result of each for scrapes and {@code /report}: a scrape never waits for a probe. One
 * {@link RegistryDoctor} serves every round, so pings and tokens are reused until they expire.
 * Targets come from the configuration file (re-read when it changes) and from Kubernetes discovery
 * (re-run every discovery interval); a target that goes takes its series with it.
 */
final class Exporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  /** Verdicts that mean the registry itself did not answer: they count against its breaker. */
  static final Set<DiagnosisCode> UNREACHABLE =
      EnumSet.of(
          DiagnosisCode.DNS_FAILURE,
          DiagnosisCode.CONNECTION_REFUSED,
          DiagnosisCode.NETWORK_UNREACHABLE,
          DiagnosisCode.CONNECT_TIMEOUT,
          DiagnosisCode.TLS_HANDSHAKE_TIMEOUT,
          DiagnosisCode.RESPONSE_TIMEOUT,
          DiagnosisCode.CONNECTION_RESET,
          DiagnosisCode.PROXY_FAILURE,
          DiagnosisCode.REGISTRY_UNAVAILABLE,
          DiagnosisCode.RATE_LIMITED);

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration FIRST_ROUND_SPREAD = Duration.ofSeconds(5);

  private final @Nullable Path configFile;
  private final RegistryDoctor doctor;
  private final RegistryDoctor pullTester;
  private final RegistryDoctor kubelet;
  private final RegistryDoctor kubeletPullTester;
  private final ExporterMetrics metrics = new ExporterMetrics();
  private final RegistryBreakers breakers;
  private final Function<ProbeConfig.Discovery, WorkloadDiscovery> discoveries;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor probes;
  private final ScheduledExecutorService control;
  private final Map<String, TargetState> targets = new ConcurrentHashMap<>();
  private final Map<String, String> lastUnreachable = new ConcurrentHashMap<>();

  private volatile ProbeConfig config;
  private volatile @Nullable WorkloadDiscovery discovery;
  private volatile List<ProbeTarget> discovered = List.of();
  private volatile long nextDiscoveryNanos;
  private volatile boolean closed;
  private @Nullable FileStamp stamp;

  /** The schedule and last result of one target. */
  private static final class TargetState {
    volatile ProbeTarget target;
    volatile @Nullable ProbeRecord last;
    volatile boolean removed;
    @Nullable ScheduledFuture<?> next;

    TargetState(ProbeTarget target) {
      this.target = target;
    }
  }

  /**
   * Creates the exporter; nothing runs until {@link #start()}.
   *
   * @param config the configuration
   * @param configFile the file to watch for changes, or {@code null}
   * @param doctor checks images; closed with the exporter
   * @param pullTester checks the images of {@code pullTest: true} targets, with the pull test on;
   *     closed with the exporter (may be {@code doctor} itself)
   * @param discoveries builds the Kubernetes discovery for a configuration's {@code kubernetes}
   *     section
   */
  Exporter(
      ProbeConfig config,
      @Nullable Path configFile,
      RegistryDoctor doctor,
      RegistryDoctor pullTester,
      Function<ProbeConfig.Discovery, WorkloadDiscovery> discoveries,
      Clock clock) {
    this(config, configFile, doctor, pullTester, doctor, pullTester, discoveries, clock);
  }

  /**
   * Creates the exporter, discovered images checked by doctors of their own: {@code kubelet} and
   * {@code kubeletPullTester} read the nodes' hosts directory ({@code kubernetes.hostsDir}), which
   * the listed images' checks must not. Each doctor is closed with the exporter.
   */
  Exporter(
      ProbeConfig config,
      @Nullable Path configFile,
      RegistryDoctor doctor,
      RegistryDoctor pullTester,
      RegistryDoctor kubelet,
      RegistryDoctor kubeletPullTester,
      Function<ProbeConfig.Discovery, WorkloadDiscovery> discoveries,
      Clock clock) {
    this.config = config;
    this.configFile = configFile;
    this.doctor = doctor;
    this.pullTester = pullTester;
    this.kubelet = kubelet;
    this.kubeletPullTester = kubeletPullTester;
    this.discoveries = discoveries;
    this.clock = clock;
    this.breakers = new RegistryBreakers(config.breaker(), metrics::circuit);
    AtomicInteger threads = new AtomicInteger();
    this.probes =
        new ScheduledThreadPoolExecutor(
            config.concurrency(), daemon(() -> "regdoctor-probe-" + threads.incrementAndGet()));
    this.probes.setRemoveOnCancelPolicy(true);
    this.control = new ScheduledThreadPoolExecutor(1, daemon(() -> "regdoctor-control"));
  }

  /** Returns a factory of daemon threads named by {@code name}. */
  static java.util.concurrent.ThreadFactory daemon(java.util.function.Supplier<String> name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name.get());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts probing, discovery and watching the configuration file. */
  void start() {
    stamp = FileStamp.of(configFile);
    useDiscovery(config.kubernetes());
    applyTargets();
    control.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Returns the metrics, for {@code /metrics}. */
  ExporterMetrics metrics() {
    return metrics;
  }

  /** Returns whether the exporter runs. */
  boolean isRunning() {
    return !closed && !control.isShutdown();
  }

  /** Returns the current targets with their last records (absent before the first probe). */
  List<Map.Entry<ProbeTarget, Optional<ProbeRecord>>> snapshot() {
    List<Map.Entry<ProbeTarget, Optional<ProbeRecord>>> entries = new ArrayList<>();
    for (TargetState state : targets.values()) {
      entries.add(Map.entry(state.target, Optional.ofNullable(state.last)));
    }
    entries.sort(java.util.Comparator.comparing(entry -> entry.getKey().key()));
    return entries;
  }

  /** Returns the language of reports. */
  java.util.Locale locale() {
    return doctor.locale();
  }

  private void tick() {
    try {
      reloadIfChanged();
      WorkloadDiscovery current = discovery;
      if (current != null && System.nanoTime() - nextDiscoveryNanos >= 0) {
        ProbeConfig.Discovery settings = Objects.requireNonNull(config.kubernetes());
        nextDiscoveryNanos = System.nanoTime() + settings.interval().toNanos();
        discover(current);
      }
    } catch (RuntimeException e) {
      log.warn("exporter housekeeping failed: {}", e.toString());
    }
  }

  private void discover(WorkloadDiscovery current) {
    try {
      List<ProbeTarget> found = current.discover();
      if (current != discovery) {
        return; // the configuration changed meanwhile
      }
      if (found.size() != discovered.size()) {
        log.info(
            "Kubernetes discovery ({}): {} images in workloads", current.describe(), found.size());
      }
      discovered = found;
      metrics.discovery(true, found.size());
      applyTargets();
    } catch (KubectlException | ConfigException e) {
      metrics.discovery(false, 0);
      log.warn(
          "Kubernetes discovery failed, keeping the {} targets found before: {}",
          discovered.size(),
          e.getMessage());
    }
  }

  private void useDiscovery(ProbeConfig.@Nullable Discovery settings) {
    if (settings == null) {
      discovery = null;
      discovered = List.of();
      return;
    }
    try {
      discovery = discoveries.apply(settings);
      nextDiscoveryNanos = System.nanoTime();
    } catch (KubectlException e) {
      discovery = null;
      discovered = List.of();
      metrics.discovery(false, 0);
      log.warn("Kubernetes discovery is off: {}", e.getMessage());
    }
  }

  private void reloadIfChanged() {
    FileStamp now = FileStamp.of(configFile);
    if (configFile == null || Objects.equals(now, stamp)) {
      return;
    }
    stamp = now;
    ProbeConfig next;
    try {
      next = ProbeConfig.read(configFile);
    } catch (ConfigException e) {
      metrics.configReloaded(false);
      log.warn(
          "{} changed but is not valid, keeping the running configuration: {}",
          configFile,
          e.getMessage());
      return;
    }
    metrics.configReloaded(true);
    configure(next);
  }

  /** Applies a new configuration: targets, interval and discovery at once, the rest at restart. */
  void configure(ProbeConfig next) {
    ProbeConfig previous = config;
    if (!sameRuntime(previous, next)) {
      log.warn(
          "{} changed settings that apply only at start (timeout, concurrency, lang, platform,"
              + " credentials, CA files, insecure or plain-HTTP registries, circuit breaker,"
              + " kubernetes.hostsDir):"
              + " restart to apply them; targets, interval and kubernetes apply now",
          next.source());
    }
    config = next;
    if (!Objects.equals(previous.kubernetes(), next.kubernetes())) {
      useDiscovery(next.kubernetes());
    }
    log.debug("{} applied: {} listed targets", next.source(), next.targets().size());
    applyTargets();
  }

  private static boolean sameRuntime(ProbeConfig a, ProbeConfig b) {
    return a.timeout().equals(b.timeout())
        && a.concurrency() == b.concurrency()
        && a.locale().equals(b.locale())
        && Objects.equals(a.platform(), b.platform())
        && Objects.equals(a.dockerConfig(), b.dockerConfig())
        && a.caFiles().equals(b.caFiles())
        && a.insecureRegistries().equals(b.insecureRegistries())
        && a.plainHttp().equals(b.plainHttp())
        && a.breaker().equals(b.breaker())
        && Objects.equals(hostsDir(a), hostsDir(b));
  }

  private static @Nullable Path hostsDir(ProbeConfig config) {
    return config.kubernetes() == null ? null : config.kubernetes().hostsDir();
  }

  /** Makes the running targets the listed plus the discovered ones. */
  private synchronized void applyTargets() {
    if (closed) {
      return;
    }
    Map<String, ProbeTarget> wanted = new LinkedHashMap<>();
    for (ProbeConfig.Target listed : config.targets()) {
      ProbeTarget target = ProbeTarget.listed(listed.image(), listed.pullTest());
      wanted.put(target.key(), target);
    }
    for (ProbeTarget target : discovered) {
      wanted.putIfAbsent(target.key(), target);
    }
    for (TargetState state : new ArrayList<>(targets.values())) {
      if (!wanted.containsKey(state.target.key())) {
        state.removed = true;
        if (state.next != null) {
          state.next.cancel(false);
        }
        targets.remove(state.target.key());
        metrics.remove(state.target);
      }
    }
    long spread = Math.min(config.interval().toMillis(), FIRST_ROUND_SPREAD.toMillis());
    for (ProbeTarget target : wanted.values()) {
      TargetState state = targets.get(target.key());
      if (state != null) {
        state.target = target; // a discovered pull may have new secrets
        continue;
      }
      TargetState created = new TargetState(target);
      targets.put(target.key(), created);
      schedule(created, ThreadLocalRandom.current().nextLong(Math.max(1, spread)));
    }
    Set<String> used = new HashSet<>();
    for (TargetState state : targets.values()) {
      used.add(state.target.registry());
    }
    metrics.retainRegistries(used);
    breakers.retain(used);
    lastUnreachable.keySet().retainAll(used);
  }

  private synchronized void schedule(TargetState state, long delayMillis) {
    if (closed || state.removed) {
      return;
    }
    state.next = probes.schedule(() -> run(state), delayMillis, TimeUnit.MILLISECONDS);
  }

  private void run(TargetState state) {
    try {
      if (state.removed || closed) {
        return;
      }
      ProbeTarget target = state.target;
      ProbeRecord record = probe(target, state.last);
      if (record != null) {
        synchronized (this) {
          if (!state.removed && !closed) {
            state.last = record;
            metrics.recorded(record);
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("probe of {} failed unexpectedly: {}", state.target, e.toString());
    } finally {
      double jitter = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
      schedule(state, Math.round(config.interval().toMillis() * jitter));
    }
  }

  /**
   * Probes {@code target} and returns its record, or {@code null} when its registry's breaker is
   * open and a previous record stands.
   */
  private @Nullable ProbeRecord probe(ProbeTarget target, @Nullable ProbeRecord last) {
    KubernetesPull pull = target.pull();
    Optional<CredentialLookup> credentials = pull == null ? Optional.empty() : pull.credentials();
    if (pull != null && credentials.isEmpty()) {
      return ProbeRecord.of(target, clock.instant(), null, pull.report());
    }
    RegistryDoctor checker =
        pull == null
            ? (target.pullTest() ? pullTester : doctor)
            : (target.pullTest() ? kubeletPullTester : kubelet);
    if (target.registry().isEmpty()) {
      return ProbeRecord.of(target, clock.instant(), checker.check(target.image()));
    }
    Optional<RegistryBreakers.Permit> permit = breakers.acquire(target.registry());
    if (permit.isEmpty()) {
      metrics.skipped(target);
      if (last != null) {
        return null;
      }
      String code = lastUnreachable.getOrDefault(target.registry(), DiagnosisCode.UNKNOWN.name());
      return new ProbeRecord(target, clock.instant(), false, code, null, null);
    }
    long start = System.nanoTime();
    Report live;
    try {
      live =
          pull == null
              ? checker.check(target.image())
              : checker.check(target.image(), credentials.get());
    } catch (RuntimeException e) {
      permit.get().done(Duration.ofNanos(System.nanoTime() - start), true);
      throw e;
    }
    boolean reachable = !UNREACHABLE.contains(live.verdict().code());
    if (!reachable) {
      lastUnreachable.put(target.registry(), live.verdict().code().name());
    }
    permit.get().done(Duration.ofNanos(System.nanoTime() - start), reachable);
    return pull == null
        ? ProbeRecord.of(target, clock.instant(), live)
        : ProbeRecord.of(target, clock.instant(), live, pull.report(live));
  }

  /** Returns the last records of the targets probing {@code image}, listed ones first. */
  List<ProbeRecord> records(String image, @Nullable String namespace, @Nullable String workload) {
    List<ProbeRecord> found = new ArrayList<>();
    for (TargetState state : targets.values()) {
      ProbeTarget target = state.target;
      if (target.image().equals(image)
          && (namespace == null || namespace.equals(target.namespace()))
          && (workload == null || workload.equals(target.workload()))) {
        ProbeRecord last = state.last;
        found.add(
            last == null ? new ProbeRecord(target, clock.instant(), false, "", null, null) : last);
      }
    }
    found.sort(java.util.Comparator.comparing(record -> record.target().key()));
    return found;
  }

  /** Stops probing and discovery within about a second and closes the doctor. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    control.shutdownNow();
    probes.shutdownNow();
    try {
      probes.awaitTermination(500, TimeUnit.MILLISECONDS);
      control.awaitTermination(500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    java.util.Set<RegistryDoctor> doctors =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    doctors.addAll(List.of(doctor, pullTester, kubelet, kubeletPullTester));
    doctors.forEach(RegistryDoctor::close);
  }

  /** What identifies a version of the configuration file: its time, size and text. */
  private record FileStamp(long modified, long size, String text) {
    static @Nullable FileStamp of(@Nullable Path file) {
      if (file == null) {
        return null;
      }
      try {
        long size = Files.size(file);
        if (size > ProbeConfig.MAX_BYTES) {
          return new FileStamp(Files.getLastModifiedTime(file).toMillis(), size, "");
        }
        return new FileStamp(
            Files.getLastModifiedTime(file).toMillis(),
            size,
            Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        return new FileStamp(-1, -1, "");
      }
    }
  }

  /** For tests: the registries whose breaker is open. */
  Collection<String> openCircuits() {
    List<String> open = new ArrayList<>();
    for (TargetState state : targets.values()) {
      if (breakers.isOpen(state.target.registry()) && !open.contains(state.target.registry())) {
        open.add(state.target.registry());
      }
    }
    return open;
  }
}
