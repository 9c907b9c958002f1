package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes bcrypt htpasswd entries with Apache's {@code htpasswd} tool, the only kind distribution's
 * htpasswd authenticator accepts. The password goes through stdin ({@code -i}), never the command
 * line.
 */
final class Htpasswd {

  private static final String DEFAULT_LOCATION = "/usr/bin/htpasswd";

  private Htpasswd() {}

  /** Returns {@code user:$2y$05$…} for {@code user} and {@code password}. */
  static String entry(String user, String password) {
    if (user.isEmpty() || user.contains(":") || user.contains("\n")) {
      throw new IllegalArgumentException(
          "htpasswd user must be non-empty without ':' or newline but was " + user);
    }
    if (password.contains("\n")) {
      throw new IllegalArgumentException("htpasswd password must not contain a newline");
    }
    Path tool = locate();
    try {
      Process process =
          new ProcessBuilder(tool.toString(), "-n", "-i", "-B", user)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(password.getBytes(UTF_8));
      }
      byte[] out = process.getInputStream().readNBytes(4096);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("htpasswd did not finish within 10 s");
      }
      String line = new String(out, UTF_8).strip();
      if (process.exitValue() != 0 || !line.startsWith(user + ":$2")) {
        throw new IllegalStateException(
            "htpasswd failed with exit status " + process.exitValue() + " for user " + user);
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + tool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running htpasswd", e);
    }
  }

  private static Path locate() {
    Path standard = Path.of(DEFAULT_LOCATION);
    Optional<Path> found =
        Files.isExecutable(standard) ? Optional.of(standard) : RegistryBinary.onPath("htpasswd");
    return found.orElseThrow(
        () -> RegistryBinary.missing("htpasswd", "apache2-utils", DEFAULT_LOCATION + ", PATH"));
  }
}
