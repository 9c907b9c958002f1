package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.internal.json.YamlInput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input through the real {@code regdoctor} process (issue 12): bounded memory, and every
 * failure is exit 2 with one line on standard error, never a stack trace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileInputTest {
  @TempDir Path dir;

  /** The outcome of one {@code regdoctor} process. */
  record Run(int status, String out, String err) {}

  private Run regdoctor(String heap, Path stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(
                stdin == null ? ProcessBuilder.Redirect.from(nullFile()) : fromFile(stdin));
    builder.environment().put("NO_COLOR", "1");
    Process process = builder.start();
    if (!process.waitFor(100, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("regdoctor did not finish: " + command);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }

  private static ProcessBuilder.Redirect fromFile(Path file) {
    return ProcessBuilder.Redirect.from(file.toFile());
  }

  private static void assertOneLineNoStackTrace(Run run) {
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).startsWith("regdoctor: ").doesNotContain("\tat ", "Exception in thread");
  }

  @Test
  void batchStreamsAHundredMegabytesUnderA64MegabyteHeap() throws Exception {
    Path input = dir.resolve("errors.txt");
    try (OutputStream stream = Files.newOutputStream(input);
        BufferedWriter writer =
            new BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
      writer.write("dial tcp: lookup registry.example.invalid: no such host\n");
      // One 100 MB line: kept by its first MiB, the rest skipped without being held.
      char[] chunk = "x https://".repeat(100_000).toCharArray();
      for (int i = 0; i < 100; i++) {
        writer.write(chunk);
      }
      writer.write('\n');
      for (int i = 0; i < 200; i++) {
        writer.write("manifest unknown\n");
      }
    }
    assertThat(Files.size(input)).isGreaterThan(100_000_000L);

    Run run = regdoctor("-Xmx64m", null, "explain", "--batch", input.toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out().lines()).hasSize(202);
  }

  @Test
  void outOfMemoryIsOneLineAndExitTwo() throws Exception {
    // explain - reads up to 16 MiB of standard input: more than an 8 MiB heap holds.
    Path input = dir.resolve("big.txt");
    Files.writeString(input, "a".repeat(16 << 20));

    Run run = regdoctor("-Xmx8m", input, "explain", "-");

    assertOneLineNoStackTrace(run);
    assertThat(run.err()).contains("out of memory");
  }

  @Test
  void billionLaughsIsOneLineNamingTheLimit() throws Exception {
    StringBuilder yaml = new StringBuilder("a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    for (int i = 1; i <= 9; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    Path file = dir.resolve("laughs.yaml");
    Files.writeString(file, yaml);

    Run run = regdoctor("-Xmx64m", null, "k8s", "--offline", file.toString());

    assertOneLineNoStackTrace(run);
    assertThat(run.err()).contains("alias expansion limit");
  }

  @Test
  void oversizedK8sSecretIsRefusedLikeK8sFiles() throws Exception {
    Path file = dir.resolve("secret.yaml");
    writeBytes(file, YamlInput.MAX_FILE_BYTES + 1);

    Run run =
        regdoctor("-Xmx128m", null, "diagnose", "--k8s-secret", file.toString(), "r.test/x:1");

    assertOneLineNoStackTrace(run);
    assertThat(run.err()).contains("file size limit");
  }

  private static void writeBytes(Path file, long size) throws IOException {
    byte[] line = ("# " + "x".repeat(1021) + "\n").getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += line.length) {
        out.write(line);
      }
    }
  }
}
