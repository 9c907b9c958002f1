package dev.regdoctor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a whole process under GNU {@code time} and returns its wall time (measured here), CPU time
 * and peak resident set size (from {@code time}). Every process is bounded by a deadline.
 */
final class ProcessRuns {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");
  private static final long DEADLINE_MINUTES = 10;

  private ProcessRuns() {}

  /** One finished process. */
  record Run(double wallSeconds, double cpuSeconds, double peakRssMiB, int exit) {}

  static boolean available() {
    return Files.isExecutable(GNU_TIME);
  }

  /** Runs {@code command} with {@code environment} added; standard output goes to {@code out}. */
  static Run run(List<String> command, Map<String, String> environment, Path out)
      throws IOException, InterruptedException {
    Path times = Files.createTempFile("regdoctor-bench", ".time");
    try {
      List<String> timed = new ArrayList<>(List.of(GNU_TIME.toString(), "-f", "%U %S %M", "-o"));
      timed.add(times.toString());
      timed.addAll(command);
      ProcessBuilder builder =
          new ProcessBuilder(timed)
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().putAll(environment);
      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(DEADLINE_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("still running after 10 minutes: " + command);
      }
      double wall = (System.nanoTime() - start) / 1e9;
      String[] fields = lastLine(Files.readAllLines(times)).trim().split("\\s+");
      return new Run(
          wall,
          Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]),
          Long.parseLong(fields[2]) / 1024.0,
          process.exitValue());
    } finally {
      Files.deleteIfExists(times);
    }
  }

  private static String lastLine(List<String> lines) {
    // GNU time writes "Command exited with non-zero status N" before the format line
    if (lines.isEmpty()) {
      throw new IllegalStateException("GNU time wrote nothing");
    }
    return lines.get(lines.size() - 1);
  }

  /**
   * Runs {@code skopeo inspect --raw} of {@code image} over plain HTTP; returns its exit status.
   */
  static int skopeoInspect(String image) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + image)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
