package dev.regdoctor.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.HostTools;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Review 16, finding 3, against the real client: skopeo refuses a plain-HTTP registry on 127.0.0.1
 * ("server gave HTTP response to HTTPS client") on every run, so {@code explain --probe} of what it
 * printed must fail too, not call the failure transient; with a {@code registries.conf} that marks
 * the registry insecure skopeo pulls, and so does the probe given the same file. Debian's {@code
 * docker-registry} and skopeo on loopback; skipped with a reason when either is missing (a failure
 * with {@code CI=true}).
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainProbeGroundTruthIT {
  @TempDir static Path dir;

  private RegistryProcess registry;
  private String image;
  private Path noConfiguration;
  private Path insecureConfiguration;
  private Path hostsDir;

  @BeforeAll
  void startRegistry() throws Exception {
    RegistryBinary.require();
    HostTools.require("skopeo", "skopeo");
    registry = RegistryProcess.builder().workIn(dir).start();
    ImageSeeder.to(registry.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
    image = registry.hostPort() + "/team/app:1.0";
    noConfiguration = Files.writeString(dir.resolve("empty.conf"), "");
    insecureConfiguration =
        Files.writeString(
            dir.resolve("insecure.conf"),
            "[[registry]]\nlocation = \"" + registry.hostPort() + "\"\ninsecure = true\n");
    hostsDir = Files.createDirectories(dir.resolve("certs.d"));
  }

  @AfterAll
  void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private record Run(int status, String out, String err) {}

  /** Runs {@code skopeo inspect --raw} with {@code conf}; its output, standard error included. */
  private Run skopeo(Path conf) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "skopeo",
                "--registries-conf",
                conf.toString(),
                "--command-timeout=30s",
                "inspect",
                "--raw",
                "docker://" + image)
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    for (String proxy :
        List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")) {
      env.remove(proxy);
    }
    env.put("CONTAINERS_REGISTRIES_CONF", conf.toString());
    env.put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
    env.put("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output, "");
  }

  private Run explain(String text, Path conf) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    List<String> args =
        new ArrayList<>(
            List.of(
                "explain",
                "--probe",
                "--lang",
                "en",
                "--registries-conf",
                conf.toString(),
                "--hosts-dir",
                hostsDir.toString(),
                text));
    int status = line.execute(args.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void probeOfSkopeosRefusalFailsAsSkopeoDoesOnEveryRun() throws Exception {
    Run skopeo = skopeo(noConfiguration);
    assertThat(skopeo.status()).as(skopeo.out()).isNotZero();
    assertThat(skopeo.out()).contains("server gave HTTP response to HTTPS client");

    Run explained = explain(skopeo.out(), noConfiguration);

    assertThat(explained.status()).isEqualTo(1);
    assertThat(explained.out())
        .startsWith("PLAIN_HTTP_REGISTRY  (skopeo)")
        .contains("the live probe follows podman's pull rules")
        .contains("PLAIN_HTTP_REGISTRY  " + image)
        .doesNotContain("OK  " + image)
        .doesNotContain("transient");
  }

  @Test
  void withTheRegistryMarkedInsecureSkopeoAndTheProbeBothPull() throws Exception {
    Run skopeo = skopeo(insecureConfiguration);
    assertThat(skopeo.status()).as(skopeo.out()).isZero();

    // the text of the refusal, explained where registries.conf now allows plain HTTP
    Run explained = explain(skopeo(noConfiguration).out(), insecureConfiguration);

    assertThat(explained.out())
        .contains("the live probe follows podman's pull rules")
        .contains("OK  " + image)
        .contains("pulls from (podman): http://" + registry.hostPort())
        .contains("the registry answers now under podman's rules");
  }
}
