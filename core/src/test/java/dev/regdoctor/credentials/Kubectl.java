package dev.regdoctor.credentials;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl client to produce manifests ({@code --dry-run=client}, no cluster needed).
 * Outside CI a missing kubectl skips the test with a reason; with {@code CI=true} it fails.
 */
final class Kubectl {

  private Kubectl() {}

  static Path require() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("kubectl is required in CI but not on PATH");
    }
    assumeTrue(false, "kubectl is not on PATH; skipping tests that generate real manifests");
    throw new AssertionError("unreachable");
  }

  /** Runs {@code kubectl args…} in {@code workDir} and returns stdout. */
  static String run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("HOME", workDir.toString());
    builder.environment().put("KUBECONFIG", workDir.resolve("no-kubeconfig").toString());
    builder.redirectError(workDir.resolve("kubectl.stderr").toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("kubectl did not finish within 30 s");
    }
    if (process.exitValue() != 0) {
      fail("kubectl failed: " + Files.readString(workDir.resolve("kubectl.stderr")));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
