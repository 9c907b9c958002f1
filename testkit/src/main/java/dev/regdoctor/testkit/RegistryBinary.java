package dev.regdoctor.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * Locates Debian's {@code docker-registry} binary (the CNCF distribution registry 2.8).
 *
 * <p>Looks in this order: the system property {@value #PROPERTY} (when set and not blank), {@value
 * #DEFAULT_LOCATION}, then each directory of {@code PATH}. The first executable file wins.
 */
public final class RegistryBinary {

  /** The system property that names the binary explicitly. */
  public static final String PROPERTY = "regdoctor.registry.binary";

  /** Where Debian's {@code docker-registry} package installs the binary. */
  public static final String DEFAULT_LOCATION = "/usr/bin/docker-registry";

  private static final String NAME = "docker-registry";

  private RegistryBinary() {}

  /**
   * Returns the binary, or empty when none of the places listed in the class description holds an
   * executable file.
   */
  public static Optional<Path> locate() {
    for (Path candidate : candidates()) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Returns whether {@link #locate()} finds the binary. */
  public static boolean isAvailable() {
    return locate().isPresent();
  }

  /**
   * Returns the binary, or stops the calling test when it is missing.
   *
   * <p>Call it first in every test that needs a real registry. Outside CI a missing binary aborts
   * the test with {@link TestAbortedException}, so JUnit reports it as skipped with the reason;
   * with the environment variable {@code CI=true} a missing binary fails the build instead.
   *
   * @throws TestAbortedException if the binary is missing and {@code CI} is not {@code true}
   * @throws IllegalStateException if the binary is missing and {@code CI} is {@code true}
   */
  public static Path require() {
    return locate().orElseThrow(() -> missing(NAME, "docker-registry", searched()));
  }

  /**
   * Returns the failure for a missing tool: {@link IllegalStateException} in CI, else {@link
   * TestAbortedException}.
   */
  static RuntimeException missing(String tool, String debianPackage, String searched) {
    return missing(tool, debianPackage, searched, "true".equalsIgnoreCase(System.getenv("CI")));
  }

  static RuntimeException missing(String tool, String debianPackage, String searched, boolean ci) {
    String reason =
        tool + " not found (" + searched + "); install it with apt-get install " + debianPackage;
    if (ci) {
      return new IllegalStateException(reason);
    }
    return new TestAbortedException(reason);
  }

  /** Returns the first executable called {@code name} in a directory of {@code PATH}. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static List<Path> candidates() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured.trim()));
    }
    candidates.add(Path.of(DEFAULT_LOCATION));
    onPath(NAME).ifPresent(candidates::add);
    return candidates;
  }

  private static String searched() {
    String configured = System.getProperty(PROPERTY);
    String property =
        configured == null || configured.isBlank()
            ? "system property " + PROPERTY + " unset"
            : PROPERTY + "=" + configured;
    return property + ", " + DEFAULT_LOCATION + ", PATH";
  }
}
