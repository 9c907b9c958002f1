package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Review 16, findings 3 and 4: {@code explain --probe} follows the rules of the client that printed
 * the text ({@code --runtime} overrides them) and says which; with {@code --json} it prints one
 * document. The registry is Debian's {@code docker-registry} speaking plain HTTP on 127.0.0.1,
 * which skopeo refuses ("server gave HTTP response to HTTPS client") while Docker's loopback rule
 * allows it. The configuration files are the test's own, empty.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainProbeRulesTest {
  @TempDir static Path dir;

  private RegistryProcess registry;
  private String hostPort;
  private List<String> files;

  @BeforeAll
  void startRegistry() throws Exception {
    RegistryBinary.require();
    registry = RegistryProcess.builder().workIn(dir).start();
    ImageSeeder.to(registry.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
    hostPort = registry.hostPort();
    files =
        List.of(
            "--registries-conf",
            Files.writeString(dir.resolve("registries.conf"), "").toString(),
            "--hosts-dir",
            Files.createDirectories(dir.resolve("certs.d")).toString(),
            "--certs-dir",
            Files.createDirectories(dir.resolve("containers-certs.d")).toString());
  }

  @AfterAll
  void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  /** What skopeo 1.9 prints for a plain-HTTP registry (as ExplainProbeGroundTruthIT captures). */
  private String skopeoText() {
    return "time=\"2026-12-05T11:24:22Z\" level=fatal msg=\"Error parsing image name"
        + " \\\"docker://"
        + hostPort
        + "/team/app:1.0\\\": pinging container registry "
        + hostPort
        + ": Get \\\"https://"
        + hostPort
        + "/v2/\\\": http: server gave HTTP response to HTTPS client\"";
  }

  private record Run(int status, String out, String err) {}

  private Run explain(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("explain", "--probe", "--lang", "en"));
    all.addAll(files);
    all.addAll(List.of(args));
    int status = line.execute(all.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void skopeoTextIsProbedWithContainersImageRulesAndFailsAsSkopeoDoes() {
    Run run = explain(skopeoText());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("PLAIN_HTTP_REGISTRY  (skopeo)")
        .contains(
            "regdoctor: the live probe follows podman's pull rules (containers/image: Podman,"
                + " skopeo, Buildah, CRI-O; registries.conf), those of the client that printed"
                + " the text (skopeo)")
        .contains("PLAIN_HTTP_REGISTRY  " + hostPort + "/team/app:1.0")
        .contains("pulls from (podman): none")
        .doesNotContain("answers now")
        .doesNotContain("transient");
  }

  @Test
  void runtimeOptionOverridesTheClientsRulesAndTheOutputSaysSo() {
    Run run = explain("--runtime", "docker", skopeoText());

    assertThat(run.status()).as("the text shows a failure").isEqualTo(1);
    assertThat(run.out())
        .contains("the live probe follows docker's pull rules (dockerd:")
        .contains("as --runtime asks")
        .contains("OK  " + hostPort + "/team/app:1.0")
        .contains("pulls from (docker): http://" + hostPort)
        .contains("regdoctor: the registry answers now under docker's rules");
  }

  @Test
  void ctrTextIsProbedWithContainerdRules() {
    Run run =
        explain(
            "ctr: failed to resolve reference \""
                + hostPort
                + "/team/app:1.0\": failed to do request: Head \"http://"
                + hostPort
                + "/v2/team/app/manifests/1.0\": EOF");

    assertThat(run.out())
        .contains("the live probe follows containerd's pull rules")
        .contains("pulls from (containerd): http://" + hostPort)
        .contains("containerd (and so the kubelet) uses for a loopback registry");
  }

  @Test
  void probeWithJsonIsOneDocumentWithTheReportAsItsProbeMember() throws Exception {
    Run run = explain("--json", skopeoText());
    ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    JsonNode document = strict.readTree(run.out());

    assertThat(run.status()).isEqualTo(1);
    assertThat(document.at("/schema").asText()).isEqualTo("regdoctor.explanation/v1");
    assertThat(document.at("/client").asText()).isEqualTo("skopeo");
    assertThat(document.at("/probe/schema").asText()).isEqualTo("regdoctor.report/v1");
    assertThat(document.at("/probe/runtime").asText()).isEqualTo("podman");
    assertThat(document.at("/probe/verdict/code").asText()).isEqualTo("PLAIN_HTTP_REGISTRY");
    assertThat(run.err()).contains("the live probe follows podman's pull rules");
  }
}
