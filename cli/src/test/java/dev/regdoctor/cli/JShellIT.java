package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JShell entry works with the shaded jar as class path, against a real registry. */
class JShellIT {
  @Test
  @Timeout(180)
  void scriptDiagnosesFromJShell() throws Exception {
    RegistryBinary.require();
    Path jar = Path.of("target/regdoctor.jar");
    Path script = Path.of("../samples/jshell/regdoctor.jsh");
    assertThat(jar).exists();
    assertThat(script).exists();
    try (RegistryProcess registry = RegistryProcess.builder().start()) {
      ImageSeeder.to(registry.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
      Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
      Process process =
          new ProcessBuilder(
                  List.of(
                      jshell.toString(), "-q", "--class-path", jar.toString(), script.toString()))
              .redirectErrorStream(true)
              .start();
      String input =
          "System.out.println(diagnose(\""
              + registry.hostPort()
              + "/team/app:1.0\").verdict().code());\n"
              + "System.out.println(diagnose(\""
              + registry.hostPort()
              + "/team/app:9.9\").verdict().code());\n"
              + "System.out.println(explain(\"x509: certificate signed by unknown authority\").verdict().code());\n"
              + "/exit\n";
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      assertThat(process.waitFor(150, TimeUnit.SECONDS)).isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(output)
          .contains("Registry Doctor loaded", "OK", "MANIFEST_NOT_FOUND", "TLS_UNTRUSTED")
          .doesNotContain("Error:", "cannot find symbol");
    }
  }
}
