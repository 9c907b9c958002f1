package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's template, run where no regdoctor.jar is (review defect 24: a launcher copied out
 * of target/ failed with a raw ClassNotFoundException).
 */
@Timeout(60)
class LauncherTemplateTest {
  @Test
  void launcherAwayFromItsJarSaysWhereItLookedAndExitsTwo(@TempDir Path dir) throws Exception {
    Path launcher = dir.resolve("regdoctor");
    Files.copy(Path.of("src/main/launcher/regdoctor.in"), launcher);
    ProcessBuilder builder =
        new ProcessBuilder("sh", launcher.toString(), "--help")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(err)
        .startsWith("regdoctor: cannot find regdoctor.jar: looked in " + dir.toRealPath() + ";")
        .doesNotContain("ClassNotFoundException", "Could not find or load main class");
  }
}
