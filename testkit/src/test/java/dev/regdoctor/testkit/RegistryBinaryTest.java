package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RegistryBinaryTest {

  private final String previous = System.getProperty(RegistryBinary.PROPERTY);

  @AfterEach
  void restoreProperty() {
    if (previous == null) {
      System.clearProperty(RegistryBinary.PROPERTY);
    } else {
      System.setProperty(RegistryBinary.PROPERTY, previous);
    }
  }

  @Test
  void systemPropertyWinsWhenItNamesAnExecutable(@TempDir Path directory) throws Exception {
    Path fake = directory.resolve("my-registry");
    Files.writeString(fake, "#!/bin/sh\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    System.setProperty(RegistryBinary.PROPERTY, fake.toString());

    assertThat(RegistryBinary.locate()).contains(fake);
    assertThat(RegistryBinary.isAvailable()).isTrue();
    assertThat(RegistryBinary.require()).isEqualTo(fake);
  }

  @Test
  void missingConfiguredBinaryFallsBackToTheDefaultLocations(@TempDir Path directory) {
    System.setProperty(RegistryBinary.PROPERTY, directory.resolve("absent").toString());

    assertThat(RegistryBinary.locate()).isNotEqualTo(Optional.of(directory.resolve("absent")));
  }

  @Test
  void missingBinaryAbortsTheTestOutsideCi() {
    RuntimeException failure =
        RegistryBinary.missing("docker-registry", "docker-registry", "here, there", false);

    assertThat(failure)
        .isInstanceOf(TestAbortedException.class)
        .hasMessage(
            "docker-registry not found (here, there); install it with apt-get install"
                + " docker-registry");
  }

  @Test
  void missingBinaryFailsTheBuildInCi() {
    RuntimeException failure =
        RegistryBinary.missing("docker-registry", "docker-registry", "here", true);

    assertThat(failure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install docker-registry");
  }
}
