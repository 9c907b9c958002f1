package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the {@code skopeo} CLI as a real client for cross-checks; skips the test when it is missing.
 */
final class Skopeo {

  private static final Path BINARY = Path.of("/usr/bin/skopeo");

  /** What skopeo printed and how it exited. */
  record Result(int exitCode, String stdout, String stderr) {}

  private Skopeo() {}

  static Result run(Path home, String... arguments) throws IOException, InterruptedException {
    Path binary =
        Files.isExecutable(BINARY) ? BINARY : RegistryBinary.onPath("skopeo").orElse(null);
    Assumptions.assumeTrue(
        binary != null,
        "skopeo not found (/usr/bin/skopeo, PATH); install it with apt-get install skopeo");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    // A private HOME and auth file: the machine's registries.conf and logins must not leak in.
    builder.environment().put("HOME", home.toString());
    builder.environment().put("REGISTRY_AUTH_FILE", home.resolve("auth.json").toString());
    builder.environment().remove("XDG_RUNTIME_DIR");
    Path stdout = home.resolve("skopeo.out");
    Path stderr = home.resolve("skopeo.err");
    Process process =
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("skopeo did not finish within 60 s: " + command);
    }
    return new Result(
        process.exitValue(), Files.readString(stdout, UTF_8), Files.readString(stderr, UTF_8));
  }
}
