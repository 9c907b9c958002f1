package dev.regdoctor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.probe.BlobsInfo;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Pull-test throughput against curl on the same blob in the same run. A real {@code
 * docker-registry} on 127.0.0.1 serves one image whose single layer is {@code layerMiB} MiB of
 * incompressible bytes. Each round runs every client once, in an order rotated by one each round,
 * on the same two reads:
 *
 * <ul>
 *   <li><b>sample</b>: the first {@code sampleMiB} MiB of the layer ({@code Range}), what the pull
 *       test reads by default (8 MiB), nothing to verify;
 *   <li><b>whole</b>: the whole layer, which the pull test reads and verifies against its digest
 *       when {@code --sample-size} covers it.
 * </ul>
 *
 * Like is compared with like: curl's figure is {@code size_download / (time_total -
 * time_pretransfer)}, from writing the request to the last byte, which is what the pull test times
 * (its connection is already open from the blob {@code HEAD}s). curl's own {@code speed_download},
 * which also counts connecting, is printed beside it. For the whole layer, {@code curl | sha256sum}
 * (download and verify, timed as a whole pipeline, process start included) is printed too. The CLI
 * also runs with {@code -Dregdoctor.pulltest.settleMillis=0}, without the wait for idle JIT
 * compiler threads before the sample, and each CLI variant's whole-process wall time is printed, so
 * the wait's effect and its cost come from the same run.
 */
final class PullTestBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whole-process wall seconds of the CLI runs, by read and launcher options. */
  private static final Map<String, List<Double>> WALL = new LinkedHashMap<>();

  private PullTestBench() {}

  private static final String C2 = "-XX:TieredStopAtLevel=4";

  /**
   * The CLI variants run on the sample, by row name: the launcher's {@code REGDOCTOR_JAVA_OPTS}
   * (empty: the CLI as users run it). Each turns one thing off or on, for an A/B in the same run.
   */
  private static final Map<String, String> SAMPLE_VARIANTS = new LinkedHashMap<>();

  static {
    SAMPLE_VARIANTS.put("regdoctor CLI", "");
    SAMPLE_VARIANTS.put(
        "regdoctor CLI with the warm-up read in 256 KiB reads",
        "-Dregdoctor.pulltest.warmupReadBytes=262144");
    SAMPLE_VARIANTS.put("regdoctor CLI without warm-up read", "-Dregdoctor.pulltest.warmupBytes=0");
    SAMPLE_VARIANTS.put("regdoctor CLI without JIT settle", "-Dregdoctor.pulltest.settleMillis=0");
    SAMPLE_VARIANTS.put(
        "regdoctor CLI without warm-up read or JIT settle",
        "-Dregdoctor.pulltest.warmupBytes=0 -Dregdoctor.pulltest.settleMillis=0");
    SAMPLE_VARIANTS.put("regdoctor CLI with C2", C2);
  }

  static void run(Path regdoctor, int layerMiB, int sampleMiB, int rounds, String reads)
      throws Exception {
    RegistryBinary.require();
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    try (RegistryProcess registry = RegistryProcess.builder().start()) {
      SeededImage image =
          ImageSeeder.to(registry.baseUrl())
              .pushImage("bench/big", "1.0", Platform.LINUX_AMD64, 1, layerMiB * 1024 * 1024);
      String layer = image.layerDigests().get(0);
      String blobUrl = registry.baseUrl() + "/v2/bench/big/blobs/" + layer;
      String reference = registry.hostPort() + "/bench/big:1.0";
      long sampleBytes = sampleMiB * 1024L * 1024;
      long wholeSample = (layerMiB + 64L) * 1024 * 1024;
      System.out.printf(
          Locale.ROOT,
          "layer %s, %d MiB; sample %d MiB; %d rounds; client %s%n",
          layer,
          layerMiB,
          sampleMiB,
          rounds,
          regdoctor);
      Map<String, List<Double>> results = new LinkedHashMap<>();
      Map<String, Callable<Double>> clients = new LinkedHashMap<>();
      try (RegistryDoctor sampling = doctor(sampleBytes);
          RegistryDoctor whole = doctor(wholeSample)) {
        clients.put("curl sample", () -> curl(blobUrl, sampleBytes, results));
        clients.put(
            "curl after HEAD on one connection sample", () -> curlAfterHead(blobUrl, sampleBytes));
        for (Map.Entry<String, String> variant : SAMPLE_VARIANTS.entrySet()) {
          String options = variant.getValue();
          clients.put(
              variant.getKey() + " sample",
              () -> cli(regdoctor, reference, sampleMiB, false, options));
        }
        clients.put("library sample", () -> library(sampling, reference, false));
        if (reads.equals("all")) {
          clients.put("curl whole", () -> curl(blobUrl, -1, results));
          clients.put("curl \\| sha256sum whole", () -> curlHashed(blobUrl, layerMiB));
          clients.put(
              "regdoctor CLI whole", () -> cli(regdoctor, reference, layerMiB + 64, true, ""));
          clients.put(
              "regdoctor CLI with C2 whole",
              () -> cli(regdoctor, reference, layerMiB + 64, true, C2));
          clients.put("library whole", () -> library(whole, reference, true));
        } else if (!reads.equals("sample")) {
          throw new IllegalArgumentException("reads must be all or sample but was " + reads);
        }
        for (Callable<Double> client : clients.values()) {
          client.call(); // warm-up: page cache, the library's JIT
        }
        results.clear();
        WALL.clear();
        List<String> names = new ArrayList<>(clients.keySet());
        for (int round = 0; round < rounds; round++) {
          for (int i = 0; i < names.size(); i++) {
            String name = names.get((i + round) % names.size());
            double mib = clients.get(name).call();
            results.computeIfAbsent(name, key -> new ArrayList<>()).add(mib);
          }
        }
      }
      String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
      for (Map.Entry<String, List<Double>> entry : WALL.entrySet()) {
        System.out.printf(
            Locale.ROOT,
            "regdoctor CLI process wall time, %s: median %.3f s%n",
            entry.getKey(),
            Benchmarks.median(entry.getValue()));
      }
      System.out.printf(Locale.ROOT, "load average before: %s; after: %s%n", loadBefore, loadAfter);
      System.out.println("| client | read | median MiB/s | vs curl | rounds |");
      System.out.println("|---|---|---|---|---|");
      for (String read : List.of("sample", "whole")) {
        if (!results.containsKey("curl " + read)) {
          continue; // the sample-only mode
        }
        double curl = Benchmarks.median(results.get("curl " + read));
        for (Map.Entry<String, List<Double>> entry : results.entrySet()) {
          String name = entry.getKey();
          if (!name.endsWith(" " + read)) {
            continue;
          }
          double median = Benchmarks.median(entry.getValue());
          System.out.printf(
              Locale.ROOT,
              "| %s | %s | %.0f | %.2f× | %s |%n",
              name.substring(0, name.length() - read.length() - 1),
              read,
              median,
              median / curl,
              Benchmarks.rounded(entry.getValue()));
        }
      }
    }
  }

  private static RegistryDoctor doctor(long sampleBytes) {
    return RegistryDoctor.builder()
        .credentials(CredentialResolver.anonymous())
        .pullTest(true)
        .pullSampleBytes(sampleBytes)
        .build();
  }

  private static double library(RegistryDoctor doctor, String reference, boolean whole) {
    BlobsInfo blobs = doctor.check(reference).probe().blobs();
    if (blobs == null || blobs.digestVerified() != whole) {
      throw new IllegalStateException("the pull test did not read as expected: " + blobs);
    }
    return blobs.bytesPerSecond() / (1024 * 1024);
  }

  /** curl's transfer figure; its {@code speed_download} is recorded under "curl … (speed)". */
  private static double curl(String url, long bytes, Map<String, List<Double>> results)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null"));
    if (bytes > 0) {
      command.addAll(List.of("-r", "0-" + (bytes - 1)));
    }
    command.addAll(
        List.of("-w", "%{speed_download} %{time_pretransfer} %{time_total} %{size_download}", url));
    String[] out = run(command).strip().split(" ");
    double speed = Double.parseDouble(out[0]) / (1024 * 1024);
    double pretransfer = Double.parseDouble(out[1]);
    double total = Double.parseDouble(out[2]);
    double size = Double.parseDouble(out[3]);
    results
        .computeIfAbsent(
            "curl speed_download " + (bytes > 0 ? "sample" : "whole"), key -> new ArrayList<>())
        .add(speed);
    return size / (1024 * 1024) / (total - pretransfer);
  }

  /**
   * curl's figure for the sample when its connection has just served a {@code HEAD} of the same
   * blob, as the pull test's has: {@code curl -I URL --next -r 0-N URL}, the second transfer's
   * {@code size_download / (time_total - time_pretransfer)}.
   */
  private static double curlAfterHead(String url, long bytes) throws Exception {
    String format = "%{size_download} %{time_pretransfer} %{time_total} %{num_connects}\\n";
    String[] lines =
        run(List.of(
                "curl",
                "-sS",
                "-I",
                "-o",
                "/dev/null",
                "-w",
                format,
                url,
                "--next",
                "-sS",
                "-o",
                "/dev/null",
                "-r",
                "0-" + (bytes - 1),
                "-w",
                format,
                url))
            .strip()
            .split("\\n");
    String[] out = lines[lines.length - 1].strip().split(" ");
    if (lines.length != 2 || !out[3].equals("0")) {
      throw new IllegalStateException(
          "curl did not reuse its connection: " + String.join("|", lines));
    }
    return Double.parseDouble(out[0])
        / (1024 * 1024)
        / (Double.parseDouble(out[2]) - Double.parseDouble(out[1]));
  }

  private static double curlHashed(String url, int layerMiB) throws Exception {
    long start = System.nanoTime();
    String out = run(List.of("sh", "-c", "curl -sS \"$0\" | sha256sum", url));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (out.length() < 64) {
      throw new IllegalStateException("sha256sum printed no digest: " + out);
    }
    return layerMiB / seconds;
  }

  /**
   * The CLI's figure; {@code javaOptions} go to the launcher ({@code REGDOCTOR_JAVA_OPTS}) or to
   * {@code java -jar}.
   */
  private static double cli(
      Path regdoctor, String reference, int sampleMiB, boolean whole, String javaOptions)
      throws Exception {
    List<String> command = new ArrayList<>();
    boolean jar = regdoctor.toString().endsWith(".jar");
    if (jar) {
      command.add("java");
      if (!javaOptions.isEmpty()) {
        command.add(javaOptions);
      }
      command.add("-jar");
    }
    command.addAll(
        List.of(
            regdoctor.toString(),
            "diagnose",
            reference,
            "--pull-test",
            "--sample-size",
            sampleMiB + "MiB",
            "--json"));
    long started = System.nanoTime();
    String out = run(command, jar ? "" : javaOptions);
    WALL.computeIfAbsent(
            (whole ? "whole" : "sample") + (javaOptions.isEmpty() ? "" : " " + javaOptions),
            key -> new ArrayList<>())
        .add((System.nanoTime() - started) / 1e9);
    JsonNode pull = JSON.readTree(out).get("pull");
    if (pull == null || pull.get("digestVerified").asBoolean() != whole) {
      throw new IllegalStateException("the pull test did not read as expected: " + out);
    }
    return pull.get("bytesPerSecond").asDouble() / (1024 * 1024);
  }

  private static String run(List<String> command) throws Exception {
    return run(command, "");
  }

  private static String run(List<String> command, String launcherOptions) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    if (!launcherOptions.isEmpty()) {
      builder.environment().put("REGDOCTOR_JAVA_OPTS", launcherOptions);
    }
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
