package dev.regdoctor.cli;

import static dev.regdoctor.cli.RegistryAnswers.enqueueHealthy;
import static dev.regdoctor.cli.RegistryAnswers.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Issue 17: exit codes and inputs as documented, flags named in errors, help that reads well. */
@Timeout(60)
class AdviceCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockWebServer server;
  private String hostPort;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path work;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    hostPort = "127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(String... args) {
    return run(line -> {}, args);
  }

  private int run(Consumer<CommandLine> setup, String... args) {
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    setup.accept(line);
    return line.execute(args);
  }

  private static Consumer<CommandLine> stdin(String command, String text) {
    return line -> {
      ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
      Object target = line.getSubcommands().get(command).getCommand();
      if (target instanceof ExplainCommand explain) {
        explain.stdin = in;
      } else if (target instanceof K8sCommand k8s) {
        k8s.stdin = in;
      } else if (target instanceof DiagnoseCommand diagnose) {
        diagnose.stdin = in;
      }
    };
  }

  private static Consumer<CommandLine> environment(Map<String, String> variables) {
    return line ->
        line.getSubcommands().get("diagnose").<DiagnoseCommand>getCommand().environment = variables;
  }

  private void okRegistry() {
    enqueueHealthy(server);
  }

  /**
   * Answers every request as a healthy registry does: for checks that also compare the other
   * runtimes (RUNTIME_MISMATCH), whose requests a queue of answers does not cover.
   */
  private void answerEveryRequest() {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return request.getUrl().encodedPath().equals("/v2/")
                ? RegistryAnswers.registry(200).body("{}").build()
                : RegistryAnswers.manifest();
          }
        });
  }

  @Nested
  class EmptyInput {
    @Test
    void emptyStandardInputForExplainIsABadInvocation() {
      int status = run(stdin("explain", ""), "explain", "-");

      assertThat(status).isEqualTo(Cli.USAGE);
      assertThat(err.toString().lines())
          .containsExactly("regdoctor: explain -: standard input is empty");
    }

    @Test
    void emptyStandardInputForK8sIsABadInvocationSoAFailedKubectlFailsCi() {
      int status = run(stdin("k8s", "  \n"), "k8s", "--offline", "-");

      assertThat(status).isEqualTo(Cli.USAGE);
      assertThat(err.toString().lines())
          .containsExactly("regdoctor: k8s -: standard input is empty");
    }

    /**
     * Review 15, finding 11: an empty file passed with exit 0 where empty standard input did not.
     */
    @Test
    void emptyManifestFileForK8sIsABadInvocationNamingTheFile() throws Exception {
      Path empty = java.nio.file.Files.writeString(work.resolve("out.yaml"), "\n");

      int status = run("k8s", "--offline", empty.toString());

      assertThat(status).isEqualTo(Cli.USAGE);
      assertThat(err.toString().lines())
          .containsExactly("regdoctor: k8s " + empty + ": the file is empty");
    }

    @Test
    void textWithoutAnErrorExitsZeroAndSaysSo() {
      int status =
          run("explain", "--lang", "en", "Successfully pulled image \"nginx:1.25\" in 2.1s");

      assertThat(status).isEqualTo(Cli.OK);
      assertThat(out.toString()).contains("Nothing to fix");
    }
  }

  @Nested
  class DockerConfig {
    /** Diagnoses a healthy image on the mock registry with {@code --docker-config path}. */
    private int diagnoseWith(Path path) {
      okRegistry();
      return run(
          "diagnose",
          "--lang",
          "en",
          "--plain-http",
          hostPort,
          "--docker-config",
          path.toString(),
          hostPort + "/team/app:1.0");
    }

    @Test
    void aDirectoryThatDoesNotExistIsNoConfigurationAndTheDiagnosisGoesOn() {
      int status = diagnoseWith(work.resolve("missing-dir"));

      assertThat(status).isEqualTo(Cli.OK);
      assertThat(out.toString())
          .contains("INPUT_IGNORED")
          .contains("does not exist: Docker treats that as no configuration");
    }

    @Test
    void aDirectoryWithoutConfigJsonIsNoConfigurationNotAnInvalidFile() throws Exception {
      okRegistry();

      int status =
          run(
              "diagnose",
              "--json",
              "--plain-http",
              hostPort,
              "--docker-config",
              work.toString(),
              hostPort + "/team/app:1.0");

      JsonNode report = JSON.readTree(out.toString());
      assertThat(status).isEqualTo(Cli.OK);
      assertThat(report.get("findings").findValuesAsText("code"))
          .contains("INPUT_IGNORED")
          .doesNotContain("CONFIG_INVALID");
      assertThat(out.toString()).doesNotContain("json.tool");
    }

    @Test
    void aMissingFileIsABadInvocation() {
      int status =
          run(
              "diagnose",
              "--docker-config",
              work.resolve("missing-dir/config.json").toString(),
              "x/y:1");

      assertThat(status).isEqualTo(Cli.USAGE);
      assertThat(err.toString()).contains("--docker-config").contains("no such file");
    }

    @Test
    void aMalformedFileIsABadInvocationLikeAMalformedDaemonJson() throws Exception {
      Path config = Files.writeString(work.resolve("config.json"), "{\"auths\": ");
      Path daemon = Files.writeString(work.resolve("daemon.json"), "{\"insecure-registries\": ");

      int configStatus = run("diagnose", "--docker-config", config.toString(), "x/y:1");
      int daemonStatus = run("diagnose", "--daemon-json", daemon.toString(), "x/y:1");

      assertThat(configStatus).isEqualTo(Cli.USAGE).isEqualTo(daemonStatus);
      assertThat(err.toString().lines().toList())
          .hasSize(2)
          .allSatisfy(line -> assertThat(line).startsWith("regdoctor: "));
    }

    @Test
    void aBadAuthValueInValidJsonIsAFindingNamingTheKeyAndThePathOnce() throws Exception {
      Path config =
          Files.writeString(
              work.resolve("config.json"),
              "{\"auths\": {\"" + hostPort + "\": {\"auth\": \"!!not-base64!!\"}}}");
      diagnoseWith(config);

      String text = out.toString();
      assertThat(text).contains("CONFIG_INVALID").contains("/auths/" + hostPort + "/auth");
      assertThat(text).doesNotContain("json.tool").doesNotContain("must be valid JSON");
      String evidence =
          text.lines().filter(line -> line.contains("not valid base64")).findFirst().orElse("");
      assertThat(evidence.split(java.util.regex.Pattern.quote(config.toString()), -1))
          .as("the path is printed once per line")
          .hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aBadAuthValueIsFixedByLoggingInWithTheGivenConfigurationDirectory() throws Exception {
      // Review item, session 14: the CONFIG_INVALID step was "docker login HOST", which writes
      // ~/.docker/config.json, not the directory given with --docker-config.
      Path dir = Files.createDirectories(work.resolve("dc"));
      Files.writeString(
          dir.resolve("config.json"),
          "{\"auths\": {\"" + hostPort + "\": {\"auth\": \"notbase64!!\"}}}");
      diagnoseWith(dir);

      assertThat(out.toString())
          .contains("CONFIG_INVALID")
          .contains("$ docker --config " + dir + " login " + hostPort)
          .doesNotContain("docker login")
          .doesNotContain("~/.docker");
    }
  }

  @Nested
  class IgnoredInputs {
    @Test
    void aPasswordWithoutUserNameIsReportedAsIgnored() throws Exception {
      okRegistry();

      int status =
          run(
              environment(Map.of("REGDOCTOR_PASSWORD", "s3cret-value")),
              "diagnose",
              "--json",
              "--plain-http",
              hostPort,
              hostPort + "/team/app:1.0");

      assertThat(status).isEqualTo(Cli.OK);
      assertThat(out.toString())
          .contains("INPUT_IGNORED")
          .contains("REGDOCTOR_PASSWORD is set, but --username is not")
          .doesNotContain("s3cret-value");
    }

    @Test
    void aSecretsFileWithoutASecretIsReportedAsIgnored() throws Exception {
      Path manifests =
          Files.writeString(
              work.resolve("pod.yaml"),
              "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n"
                  + "  - {name: a, image: nginx}\n");
      // --k8s-secret: containerd's rules, compared with the other runtimes'
      answerEveryRequest();

      run(
          "diagnose",
          "--timeout",
          "4s",
          "--json",
          "--plain-http",
          hostPort,
          "--k8s-secret",
          manifests.toString(),
          hostPort + "/team/app:1.0");

      assertThat(out.toString()).contains("INPUT_IGNORED").contains("holds no Secret");
    }

    /** Session 17: a runtime's report (--runtime, or --k8s-secret's containerd) dropped them. */
    @Test
    void ignoredInputsAreReportedUnderAChosenRuntimeToo() {
      answerEveryRequest();

      run(
          "diagnose",
          "--timeout",
          "4s",
          "--json",
          "--runtime",
          "containerd",
          "--plain-http",
          "other.example.com:5000",
          hostPort + "/team/app:1.0");

      assertThat(out.toString())
          .contains("\"runtime\" : \"containerd\"")
          .contains("INPUT_IGNORED")
          .contains("--plain-http other.example.com:5000 matches the registry of no image");
    }

    @Test
    void aPlainHttpEntryThatMatchesNoImageIsReportedAsIgnored() {
      okRegistry();

      run(
          "diagnose",
          "--json",
          "--plain-http",
          hostPort,
          "--plain-http",
          "other.example.com:5000",
          hostPort + "/team/app:1.0");

      assertThat(out.toString())
          .contains("INPUT_IGNORED")
          .contains("--plain-http other.example.com:5000 matches the registry of no image");
    }
  }

  /**
   * Review item (session 17): {@code diagnose --k8s-secret} checked under Docker's rules unless
   * {@code --runtime} was given, although the kubelet uses a pull secret through its CRI runtime,
   * containerd by default.
   */
  @Nested
  class KubeletRuntime {
    private Path secretFile() throws Exception {
      String auth =
          java.util.Base64.getEncoder()
              .encodeToString("alice:s3cret-k8s".getBytes(StandardCharsets.UTF_8));
      String config =
          java.util.Base64.getEncoder()
              .encodeToString(
                  ("{\"auths\":{\"" + hostPort + "\":{\"auth\":\"" + auth + "\"}}}")
                      .getBytes(StandardCharsets.UTF_8));
      return Files.writeString(
          work.resolve("secret.yaml"),
          "apiVersion: v1\nkind: Secret\nmetadata: {name: regcred}\n"
              + "type: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: "
              + config
              + "}\n");
    }

    @Test
    void aPullSecretIsCheckedUnderContainerdsRulesAndTheRunSaysSo() throws Exception {
      answerEveryRequest();
      Path hostsDir = Files.createDirectory(work.resolve("certs.d"));

      int status =
          run(
              "diagnose",
              "--timeout",
              "4s",
              "--json",
              "--k8s-secret",
              secretFile().toString(),
              "--hosts-dir",
              hostsDir.toString(),
              hostPort + "/team/app:1.0");

      assertThat(status).as(out + "\n" + err).isZero();
      assertThat(JSON.readTree(out.toString()).get("runtime").asText()).isEqualTo("containerd");
      assertThat(err.toString().lines())
          .containsExactly(
              "regdoctor: --k8s-secret: the checks follow containerd's pull rules, as the kubelet"
                  + " pulls with pull secrets through containerd by default (hosts.toml from "
                  + hostsDir
                  + "); --runtime chooses another runtime (podman for CRI-O)");
    }

    @Test
    void theSentenceIsInChineseAndLeadsTheTextReport() throws Exception {
      answerEveryRequest();
      Path hostsDir = Files.createDirectory(work.resolve("certs.d"));

      run(
          "diagnose",
          "--timeout",
          "4s",
          "--lang",
          "zh-CN",
          "--k8s-secret",
          secretFile().toString(),
          "--hosts-dir",
          hostsDir.toString(),
          hostPort + "/team/app:1.0");

      assertThat(out.toString().lines().findFirst().orElseThrow())
          .startsWith("regdoctor: --k8s-secret：检查遵循 containerd 的拉取规则")
          .contains("hosts.toml 取自 " + hostsDir);
      assertThat(out.toString()).contains("(containerd)");
    }

    @Test
    void runtimeStillChoosesAnotherRuntimeAndNothingIsAssumed() throws Exception {
      answerEveryRequest();

      run(
          "diagnose",
          "--timeout",
          "4s",
          "--json",
          "--runtime",
          "docker",
          "--plain-http",
          hostPort,
          "--k8s-secret",
          secretFile().toString(),
          hostPort + "/team/app:1.0");

      assertThat(JSON.readTree(out.toString()).get("runtime").asText()).isEqualTo("docker");
      assertThat(err.toString()).doesNotContain("containerd");
    }
  }

  @Nested
  class Invocation {
    @ParameterizedTest
    @ValueSource(strings = {"diagnose", "explain", "k8s", "demo"})
    void everySubcommandPrintsTheVersionItsHelpOffers(String command) {
      int status = run(command, "-V");

      assertThat(status).isZero();
      assertThat(out.toString()).startsWith("regdoctor ");
    }

    @Test
    void aMistypedCommandGetsADidYouMean() {
      int status = run("diagnos", "nginx");

      assertThat(status).isEqualTo(Cli.USAGE);
      assertThat(err.toString())
          .contains("unknown command 'diagnos'")
          .contains("Did you mean: diagnose?");
    }

    @Test
    void aBadPlatformNamesTheFlag() {
      int status = run("diagnose", "--platform", "linux/", "nginx");

      assertThat(status).isEqualTo(Cli.USAGE);
      assertThat(err.toString()).startsWith("regdoctor: --platform: ");
    }

    @Test
    void aBadCaFileNamesTheFlagNotTheLibraryMethod() throws Exception {
      Path pem = Files.writeString(work.resolve("ca.pem"), "not a certificate\n");

      int status = run("diagnose", "--ca-file", pem.toString(), hostPort + "/team/app:1.0");

      assertThat(status).isEqualTo(Cli.USAGE);
      assertThat(err.toString())
          .startsWith("regdoctor: --ca-file: '" + pem + "' is not a PEM certificate file")
          .doesNotContain("caCertificate", "caFile", "java.io.IOException");
    }

    @Test
    void plainHttpWithTheDefaultPortAppliesToAPortlessImage() throws Exception {
      // The image names no port (HTTPS's 443); --plain-http host:443 must still apply to it. A
      // .invalid name never resolves, so nothing leaves this machine.
      run(
          "diagnose",
          "--json",
          "--timeout",
          "2s",
          "--plain-http",
          "awesomereg.invalid:443",
          "awesomereg.invalid/team/app:1.0");

      JsonNode endpoint = JSON.readTree(out.toString()).get("steps").get(1);
      assertThat(endpoint.get("name").asText()).isEqualTo("endpoint");
      assertThat(endpoint.get("detail").asText())
          .startsWith("http://awesomereg.invalid:443")
          .contains("plain HTTP");
      assertThat(out.toString()).doesNotContain("INPUT_IGNORED");
    }
  }

  @Nested
  class Help {
    @ParameterizedTest
    @ValueSource(strings = {"", "diagnose", "explain", "k8s", "demo"})
    void helpLinesFitTheWidthSoExamplesAreNotWrappedMidToken(String command) {
      CommandLine line = Cli.commandLine();
      CommandLine target = command.isEmpty() ? line : line.getSubcommands().get(command);

      for (String text : target.getCommandSpec().usageMessage().description()) {
        assertThat(text.length()).as(text).isLessThanOrEqualTo(79);
      }
    }

    @Test
    void eachCommandNamesItsOwnJsonSchema() {
      CommandLine line = Cli.commandLine();

      assertThat(jsonHelp(line, "diagnose")).contains("regdoctor.report/v1");
      assertThat(jsonHelp(line, "explain")).contains("regdoctor.explanation/v1");
      assertThat(jsonHelp(line, "k8s")).contains("regdoctor.kubernetes/v1");
    }

    private String jsonHelp(CommandLine line, String command) {
      return String.join(
          " ",
          line.getSubcommands().get(command).getCommandSpec().findOption("--json").description());
    }

    @Test
    void jsonStillWorksAfterItsHelpWasRewritten() throws Exception {
      int status = run("explain", "--json", "x509: certificate signed by unknown authority");

      assertThat(status).isEqualTo(Cli.FINDINGS);
      assertThat(JSON.readTree(out.toString()).get("schema").asText())
          .isEqualTo("regdoctor.explanation/v1");
    }

    @Test
    void demoHelpListsTheRealScenarios() {
      run("demo", "--help");

      List<String> help = out.toString().lines().toList();
      for (String title : Demo.TITLES.keySet()) {
        assertThat(help).anySatisfy(line -> assertThat(line).contains(title));
      }
    }
  }

  @Nested
  class SeveralImages {
    @Test
    void everyReportCarriesItsOwnLoopbackNoteAndItIsNotAWarning() {
      // Review item, session 14: each report stands on its own (it was said once per run).
      // Answers that serve as a ping or a manifest, however the two checks share the ping.
      for (int i = 0; i < 4; i++) {
        server.enqueue(manifest());
      }

      int status =
          run(
              "diagnose",
              "--lang",
              "en",
              "--concurrency",
              "1",
              hostPort + "/team/app:1.0",
              hostPort + "/team/app:2.0");

      assertThat(status).isEqualTo(Cli.OK);
      assertThat(out.toString().lines().filter(line -> line.contains("Note: ")))
          .hasSize(2)
          .allSatisfy(line -> assertThat(line).contains("Docker allows plain HTTP by default"));
      assertThat(out.toString()).doesNotContain("INSECURE_REGISTRY");
    }

    @Test
    void reportsStreamAndEndWithASummaryLine() {
      int status =
          run("diagnose", "--lang", "en", "--concurrency", "1", "bad Reference", "Also Bad");

      assertThat(status).isEqualTo(Cli.FINDINGS);
      List<String> lines = out.toString().lines().toList();
      assertThat(lines.get(lines.size() - 1)).matches("2 images: 0 OK, 2 with errors \\(.* s\\)");
      assertThat(out.toString()).contains("INVALID_REFERENCE  bad Reference");
    }
  }
}
