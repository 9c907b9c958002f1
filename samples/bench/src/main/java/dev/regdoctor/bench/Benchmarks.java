package dev.regdoctor.bench;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import dev.regdoctor.testkit.RegistryBinary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * Bench mains (never timed assertions in tests). Usage:
 *
 * <pre>
 * bulk [images] [repositories] [rounds]   Registry Doctor vs hand-written OkHttp vs skopeo
 * memory [images]                         check many images, report heap (run with -Xmx64m)
 * deadline [deadlineMillis] [rounds]      verdict latency for black-holed and stalled servers
 * pulltest [regdoctor] [layerMiB] [sampleMiB] [rounds] [all|sample]
 *                                         pull-test throughput vs curl on the same blob
 *                                         (sample: the ranged reads only, for A/B rounds)
 * </pre>
 */
public final class Benchmarks {

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "bulk" : args[0];
    switch (mode) {
      case "bulk" -> bulk(intArg(args, 1, 1000), intArg(args, 2, 10), intArg(args, 3, 5));
      case "memory" -> memory(intArg(args, 1, 10_000));
      case "deadline" -> deadline(intArg(args, 1, 1000), intArg(args, 2, 10));
      case "profile" -> profile(intArg(args, 1, 1000), intArg(args, 2, 10));
      case "pulltest" ->
          PullTestBench.run(
              Path.of(args.length > 1 ? args[1] : "cli/target/regdoctor"),
              intArg(args, 2, 256),
              intArg(args, 3, 8),
              intArg(args, 4, 7),
              args.length > 5 ? args[5] : "all");
      default ->
          throw new IllegalArgumentException(
              "mode must be bulk, memory, deadline, profile or pulltest but was " + mode);
    }
  }

  private static int intArg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }

  static void bulk(int imageCount, int repositories, int rounds) throws Exception {
    RegistryBinary.require();
    System.out.printf(
        Locale.ROOT, "seeding %d images in %d repositories...%n", imageCount, repositories);
    try (BenchRegistry registry = new BenchRegistry(imageCount, repositories)) {
      List<String> images = registry.images;
      // warm up both paths
      regdoctor(registry, images);
      okhttp(registry, images);
      List<Double> ours = new ArrayList<>();
      List<Double> theirs = new ArrayList<>();
      List<Double> probes = new ArrayList<>();
      probeOnly(registry, images);
      for (int round = 0; round < rounds; round++) {
        // alternate the order so neither client always runs on a warmer registry
        if (round % 2 == 0) {
          ours.add(regdoctor(registry, images));
          theirs.add(okhttp(registry, images));
          probes.add(probeOnly(registry, images));
        } else {
          probes.add(probeOnly(registry, images));
          theirs.add(okhttp(registry, images));
          ours.add(regdoctor(registry, images));
        }
      }
      double oursMedian = median(ours);
      double theirsMedian = median(theirs);
      System.out.printf(
          Locale.ROOT,
          "regdoctor checkEach, concurrency 8: median %.0f images/s over %d rounds %s%n",
          oursMedian,
          rounds,
          rounded(ours));
      System.out.printf(
          Locale.ROOT,
          "hand-written OkHttp (ping + HEAD manifest), 8 threads: median %.0f images/s %s%n",
          theirsMedian,
          rounded(theirs));
      System.out.printf(
          Locale.ROOT,
          "RegistryClient probes only (no diagnosis), 8 threads: median %.0f images/s %s%n",
          median(probes),
          rounded(probes));
      System.out.printf(
          Locale.ROOT,
          "ratio regdoctor / OkHttp: %.1f %%; probes only / OkHttp: %.1f %%%n",
          100 * oursMedian / theirsMedian,
          100 * median(probes) / theirsMedian);
      System.out.printf(
          Locale.ROOT,
          "client CPU per image: regdoctor %.0f us, probes only %.0f us, OkHttp %.0f us (medians)%n",
          median(CPU.get("regdoctor")),
          median(CPU.get("probe")),
          median(CPU.get("okhttp")));
      jib(registry, images.subList(0, Math.min(200, images.size())));
      skopeo(images.subList(0, Math.min(40, images.size())));
    }
  }

  private static final java.util.Map<String, List<Double>> CPU =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void recordCpu(String client, long cpuStart, int images) {
    CPU.computeIfAbsent(client, key -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add((processCpuNanos() - cpuStart) / 1e3 / images);
  }

  private static double regdoctor(BenchRegistry registry, List<String> images) {
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .plainHttpRegistry(registry.hostPort())
            .concurrency(8)
            .timeout(Duration.ofSeconds(30))
            .locale(Locale.ENGLISH)
            .build()) {
      long start = System.nanoTime();
      long cpu = processCpuNanos();
      AtomicInteger failed = new AtomicInteger();
      java.util.concurrent.atomic.AtomicReference<Report> example =
          new java.util.concurrent.atomic.AtomicReference<>();
      doctor.checkEach(
          images,
          report -> {
            if (!report.ok()) {
              failed.incrementAndGet();
              example.set(report);
            }
          });
      double seconds = (System.nanoTime() - start) / 1e9;
      recordCpu("regdoctor", cpu, images.size());
      if (failed.get() > 0) {
        throw new IllegalStateException(failed + " images not OK, e.g. " + example.get());
      }
      return images.size() / seconds;
    }
  }

  /** The probe engine alone: {@code RegistryClient.check} on 8 threads, no diagnosis or report. */
  private static double probeOnly(BenchRegistry registry, List<String> images) throws Exception {
    ProbeSettings settings =
        ProbeSettings.builder()
            .plainHttpRegistry(registry.hostPort())
            .timeout(Duration.ofSeconds(30))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (RegistryClient client = RegistryClient.create(settings)) {
      long start = System.nanoTime();
      long cpu = processCpuNanos();
      List<Future<Boolean>> futures = new ArrayList<>();
      for (String image : images) {
        futures.add(pool.submit(() -> client.check(image, CredentialResolver.anonymous()).isOk()));
      }
      int failed = 0;
      for (Future<Boolean> future : futures) {
        failed += future.get() ? 0 : 1;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      recordCpu("probe", cpu, images.size());
      if (failed > 0) {
        throw new IllegalStateException(failed + " probes failed");
      }
      return images.size() / seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The same requests a careful hand-written client makes: one ping, then one HEAD per image. */
  private static double okhttp(BenchRegistry registry, List<String> images) throws Exception {
    OkHttpClient client = OkHttpChecker.client();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      long start = System.nanoTime();
      long cpu = processCpuNanos();
      OkHttpChecker.ping(client, registry.hostPort());
      List<Future<Boolean>> futures = new ArrayList<>();
      for (String image : images) {
        futures.add(pool.submit(() -> OkHttpChecker.found(client, image)));
      }
      int failures = 0;
      for (Future<Boolean> future : futures) {
        failures += future.get() ? 0 : 1;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      recordCpu("okhttp", cpu, images.size());
      if (failures > 0) {
        throw new IllegalStateException(failures + " OkHttp checks failed");
      }
      return images.size() / seconds;
    } finally {
      pool.shutdownNow();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * jib-core's registry client: one client per image (Jib's client is per repository), 8 threads.
   */
  private static void jib(BenchRegistry registry, List<String> images) throws Exception {
    com.google.cloud.tools.jib.http.FailoverHttpClient http =
        new com.google.cloud.tools.jib.http.FailoverHttpClient(true, true, event -> {});
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      long start = System.nanoTime();
      List<Future<Boolean>> futures = new ArrayList<>();
      for (String image : images) {
        futures.add(pool.submit(() -> JibChecker.found(http, image)));
      }
      int failed = 0;
      for (Future<Boolean> future : futures) {
        failed += future.get() ? 0 : 1;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "jib-core RegistryClient.checkManifest, 8 threads: %.0f images/s (%d images, %d not found)%n",
          images.size() / seconds,
          images.size(),
          failed);
    } finally {
      pool.shutdownNow();
      http.shutDown();
    }
  }

  private static void skopeo(List<String> images) throws Exception {
    if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/skopeo"))) {
      System.out.println("skopeo: not installed, skipped");
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      long start = System.nanoTime();
      List<Future<Integer>> futures = new ArrayList<>();
      for (String image : images) {
        futures.add(
            pool.submit(
                () -> {
                  return ProcessRuns.skopeoInspect(image);
                }));
      }
      int failed = 0;
      for (Future<Integer> future : futures) {
        failed += future.get() == 0 ? 0 : 1;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "skopeo inspect --raw, 8 processes at a time: %.0f images/s (%d images, %d failed)%n",
          images.size() / seconds,
          images.size(),
          failed);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs only Registry Doctor rounds, for a profiler. */
  static void profile(int imageCount, int rounds) throws Exception {
    RegistryBinary.require();
    try (BenchRegistry registry = new BenchRegistry(imageCount, 10)) {
      for (int round = 0; round < rounds; round++) {
        System.out.printf(
            Locale.ROOT, "round %d: %.0f images/s%n", round, regdoctor(registry, registry.images));
      }
      System.out.printf(
          Locale.ROOT, "client CPU per image: %.0f us (median)%n", median(CPU.get("regdoctor")));
    }
  }

  static void memory(int imageCount) throws Exception {
    RegistryBinary.require();
    System.out.printf(
        Locale.ROOT,
        "max heap %d MiB; seeding %d images...%n",
        Runtime.getRuntime().maxMemory() >> 20,
        imageCount);
    try (BenchRegistry registry = new BenchRegistry(imageCount, 20)) {
      AtomicInteger ok = new AtomicInteger();
      AtomicLong peak = new AtomicLong();
      long start = System.nanoTime();
      try (RegistryDoctor doctor =
          RegistryDoctor.builder()
              .plainHttpRegistry(registry.hostPort())
              .concurrency(8)
              .timeout(Duration.ofSeconds(30))
              .locale(Locale.ENGLISH)
              .build()) {
        doctor.checkEach(
            registry.images,
            report -> {
              if (report.ok()) {
                ok.incrementAndGet();
              }
              Runtime runtime = Runtime.getRuntime();
              peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
            });
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "checked %d images (%d OK) in %.1f s with -Xmx%dm; peak used heap %.1f MiB%n",
          imageCount,
          ok.get(),
          seconds,
          Runtime.getRuntime().maxMemory() >> 20,
          peak.get() / 1048576.0);
    }
  }

  static void deadline(int deadlineMillis, int rounds) throws Exception {
    Duration deadline = Duration.ofMillis(deadlineMillis);
    try (FaultEndpoint blackHole = LoopbackFaults.fullBacklog();
        FaultEndpoint stall = LoopbackFaults.stall()) {
      for (String kind :
          List.of(
              "black hole (full accept backlog)",
              "accepts, never answers (plain HTTP)",
              "accepts, never answers (TLS)")) {
        List<Double> overshoot = new ArrayList<>();
        String code = "";
        for (int round = 0; round < rounds; round++) {
          RegistryDoctor.Builder builder =
              RegistryDoctor.builder().timeout(deadline).locale(Locale.ENGLISH);
          String image;
          if (kind.startsWith("black")) {
            image = blackHole.hostPort() + "/team/app:1.0";
          } else if (kind.contains("plain")) {
            image = stall.hostPort() + "/team/app:1.0";
            builder.plainHttpRegistry(stall.hostPort());
          } else {
            image = stall.hostPort() + "/team/app:1.0";
          }
          try (RegistryDoctor doctor = builder.build()) {
            long start = System.nanoTime();
            Report report = doctor.check(image);
            double millis = (System.nanoTime() - start) / 1e6;
            overshoot.add(millis - deadlineMillis);
            code = report.verdict().code().name();
          }
        }
        Collections.sort(overshoot);
        System.out.printf(
            Locale.ROOT,
            "%-40s deadline %d ms -> %s; verdict after deadline + median %.1f ms, max %.1f ms (%d rounds)%n",
            kind,
            deadlineMillis,
            code,
            median(overshoot),
            overshoot.get(overshoot.size() - 1),
            rounds);
      }
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String rounded(List<Double> values) {
    return Arrays.toString(values.stream().mapToLong(Math::round).toArray());
  }
}
