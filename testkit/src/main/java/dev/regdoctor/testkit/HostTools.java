package dev.regdoctor.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * Debian tools a test runs as ground truth (openssl, skopeo, ctr …). Outside CI a missing tool
 * aborts the test, so a developer without it still gets a green build; with the environment
 * variable {@code CI=true} it fails the build, because CI installs every tool in {@code .ci/run}.
 */
public final class HostTools {
  private static final List<String> PLACES = List.of("/usr/bin/", "/usr/local/bin/", "/usr/sbin/");

  private HostTools() {}

  /**
   * Returns the tool's path.
   *
   * @param tool the executable's name, e.g. {@code openssl}
   * @param debianPackage the package that installs it, named in the message
   * @throws TestAbortedException if the tool is missing and {@code CI} is not {@code true}
   * @throws IllegalStateException if the tool is missing and {@code CI} is {@code true}
   */
  public static Path require(String tool, String debianPackage) {
    for (String place : PLACES) {
      Path path = Path.of(place + tool);
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    String reason = tool + " not found; install it with apt-get install " + debianPackage;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(reason);
    }
    throw new TestAbortedException(reason);
  }
}
