package dev.regdoctor.samples.junit5;

import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.LoopbackFaults;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stands in for the registry a CI job provides, so that this sample runs anywhere. When the
 * configuration parameter {@code registry.host} is not set (CI sets it with {@code
 * -Dregistry.host=registry.example.com}), it starts Debian's {@code docker-registry} on loopback
 * for the test run, pushes the images the tests need, and sets {@code registry.host} to it.
 *
 * <p>Without the binary it points {@code registry.host} at a closed loopback port instead, and the
 * tests show what an unreachable registry does: they are skipped, with the diagnosis as the reason.
 * With {@code CI=true} a missing binary fails the run, as everywhere in this project.
 *
 * <p>Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class LocalRegistry implements LauncherSessionListener {
  static final String HOST_PROPERTY = "registry.host";

  private AutoCloseable running = () -> {};
  private boolean started;

  /** Creates the listener; the JUnit Platform calls it through the service loader. */
  public LocalRegistry() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (System.getProperty(HOST_PROPERTY) != null) {
      return;
    }
    if (!RegistryBinary.isAvailable() && !"true".equalsIgnoreCase(System.getenv("CI"))) {
      FaultEndpoint refused = LoopbackFaults.closedPort();
      start(refused, refused.hostPort());
      return;
    }
    RegistryBinary.require();
    RegistryProcess registry = RegistryProcess.builder().start();
    ImageSeeder seeder = ImageSeeder.to(registry.baseUrl());
    seeder.pushIndex("shop/web", "1.4", List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64));
    seeder.pushImage("shop/sidecar", "2.0", Platform.LINUX_AMD64, 1, 1024);
    start(registry, registry.hostPort());
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (!started) {
      return;
    }
    System.clearProperty(HOST_PROPERTY);
    try {
      running.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local registry", e);
    }
  }

  private void start(AutoCloseable endpoint, String hostPort) {
    running = endpoint;
    started = true;
    // JUnit reads configuration parameters it was not given from system properties.
    System.setProperty(HOST_PROPERTY, hostPort);
  }
}
