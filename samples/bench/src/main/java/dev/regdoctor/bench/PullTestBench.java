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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Pull-test throughput against curl on the same blob in the same run: a real {@code
 * docker-registry} on 127.0.0.1 serves one image whose single layer is {@code layerMiB} MiB of
 * incompressible bytes; each round runs, in alternating order, {@code curl -o /dev/null} on the
 * layer URL (its {@code speed_download}) and the {@code regdoctor diagnose --pull-test} process
 * with the sample size set to the whole layer (the {@code pull.bytesPerSecond} it reports).
 */
final class PullTestBench {
  private PullTestBench() {}

  static void run(Path regdoctorJar, int layerMiB, int rounds) throws Exception {
    RegistryBinary.require();
    try (RegistryProcess registry = RegistryProcess.builder().start()) {
      SeededImage image =
          ImageSeeder.to(registry.baseUrl())
              .pushImage("bench/big", "1.0", Platform.LINUX_AMD64, 1, layerMiB * 1024 * 1024);
      String layer = image.layerDigests().get(0);
      String blobUrl = registry.baseUrl() + "/v2/bench/big/blobs/" + layer;
      String reference = registry.hostPort() + "/bench/big:1.0";
      System.out.printf(Locale.ROOT, "layer %s, %d MiB, %d rounds%n", layer, layerMiB, rounds);
      List<Double> curl = new ArrayList<>();
      List<Double> ours = new ArrayList<>();
      List<Double> library = new ArrayList<>();
      curl(blobUrl); // warm the registry's page cache
      try (RegistryDoctor doctor =
          RegistryDoctor.builder()
              .credentials(CredentialResolver.anonymous())
              .pullTest(true)
              .pullSampleBytes((layerMiB + 64L) * 1024 * 1024)
              .build()) {
        library(doctor, reference); // one warm-up pull test in this JVM
        for (int round = 0; round < rounds; round++) {
          if (round % 2 == 0) {
            curl.add(curl(blobUrl));
            ours.add(regdoctor(regdoctorJar, reference, layerMiB));
            library.add(library(doctor, reference));
          } else {
            library.add(library(doctor, reference));
            ours.add(regdoctor(regdoctorJar, reference, layerMiB));
            curl.add(curl(blobUrl));
          }
        }
      }
      double curlMedian = Benchmarks.median(curl);
      double oursMedian = Benchmarks.median(ours);
      System.out.printf(
          Locale.ROOT,
          "curl -o /dev/null: median %.0f MiB/s %s%n",
          curlMedian,
          Benchmarks.rounded(curl));
      System.out.printf(
          Locale.ROOT,
          "regdoctor diagnose --pull-test --sample-size %dMiB: median %.0f MiB/s %s%n",
          layerMiB,
          oursMedian,
          Benchmarks.rounded(ours));
      double libraryMedian = Benchmarks.median(library);
      System.out.printf(
          Locale.ROOT,
          "RegistryDoctor.check with pullTest, warm JVM: median %.0f MiB/s %s%n",
          libraryMedian,
          Benchmarks.rounded(library));
      System.out.printf(
          Locale.ROOT,
          "ratio to curl: regdoctor process %.2f, warm library %.2f%n",
          oursMedian / curlMedian,
          libraryMedian / curlMedian);
    }
  }

  private static double library(RegistryDoctor doctor, String reference) {
    BlobsInfo blobs = doctor.check(reference).probe().blobs();
    if (blobs == null || !blobs.digestVerified()) {
      throw new IllegalStateException("the pull test did not read and verify the whole layer");
    }
    return blobs.bytesPerSecond() / (1024 * 1024);
  }

  private static double curl(String url) throws Exception {
    String out =
        run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{speed_download}", url)).strip();
    return Double.parseDouble(out) / (1024 * 1024);
  }

  private static double regdoctor(Path jar, String reference, int layerMiB) throws Exception {
    String out =
        run(
            List.of(
                "java",
                "-jar",
                jar.toString(),
                "diagnose",
                reference,
                "--pull-test",
                "--sample-size",
                (layerMiB + 64) + "MiB",
                "--json"));
    JsonNode pull = new ObjectMapper().readTree(out).get("pull");
    if (pull == null || !pull.get("digestVerified").asBoolean()) {
      throw new IllegalStateException("the pull test did not read the whole layer: " + out);
    }
    return pull.get("bytesPerSecond").asDouble() / (1024 * 1024);
  }

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
