package dev.regdoctor.cli;

import static dev.regdoctor.cli.RegistryAnswers.enqueueHealthy;
import static dev.regdoctor.cli.RegistryAnswers.registry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(60)
class CliTest {
  private MockWebServer server;
  private String hostPort;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

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
    return runWithStdin(null, args);
  }

  private int runWithStdin(String stdin, String... args) {
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    if (stdin != null) {
      line.getSubcommands().get("diagnose").<DiagnoseCommand>getCommand().stdin =
          new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    }
    return line.execute(args);
  }

  private void okRegistry() {
    enqueueHealthy(server);
  }

  @Test
  void noCommandIsABadInvocationWithTheUsageOnStandardError() {
    int status = run();

    assertThat(status).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("Usage: regdoctor").contains("diagnose");
  }

  @Test
  void helpWithoutACommandExitsZeroWithTheUsageOnStandardOutput() {
    int status = run("--help");

    assertThat(status).isZero();
    assertThat(out.toString()).contains("Usage: regdoctor").contains("diagnose");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void pullableImageExitsZero() {
    okRegistry();

    int status =
        run("diagnose", "--plain-http", hostPort, "--lang", "en", hostPort + "/team/app:1.0");

    assertThat(status).isZero();
    assertThat(out.toString()).startsWith("OK  " + hostPort + "/team/app:1.0");
  }

  @Test
  void errorFindingExitsOne() {
    server.enqueue(registry(200).body("{}").build());
    server.enqueue(registry(404).build());
    server.enqueue(
        registry(404).body("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"x\"}]}").build());

    int status =
        run("diagnose", "--plain-http", hostPort, "--lang", "en", hostPort + "/team/nope:1.0");

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).startsWith("REPOSITORY_NOT_FOUND");
  }

  @Test
  void jsonOutputFollowsTheContract() throws Exception {
    okRegistry();

    int status = run("diagnose", "--json", "--plain-http", hostPort, hostPort + "/team/app:1.0");

    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertThat(status).isZero();
    assertThat(root.get("schema").asText()).isEqualTo("regdoctor.report/v1");
    assertThat(root.get("verdict").get("code").asText()).isEqualTo("OK");
  }

  @Test
  void chineseOutputWithLang() {
    okRegistry();

    run("diagnose", "--plain-http", hostPort, "--lang", "zh-CN", hostPort + "/team/app:1.0");

    assertThat(out.toString()).contains("可以从");
  }

  @Test
  void passwordComesFromStdinAndNeverFromAFlag() throws Exception {
    server.enqueue(registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build());
    server.enqueue(
        registry(200).addHeader("Docker-Content-Digest", "sha256:" + "ab".repeat(32)).build());

    int status =
        runWithStdin(
            "s3cret-from-stdin\n",
            "diagnose",
            "--plain-http",
            hostPort,
            "--username",
            "ci",
            "--password-stdin",
            hostPort + "/team/app:1.0");

    assertThat(status).isZero();
    server.takeRequest();
    String authorization = server.takeRequest().getHeaders().get("Authorization");
    assertThat(authorization)
        .isEqualTo(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString("ci:s3cret-from-stdin".getBytes(StandardCharsets.UTF_8)));
    assertThat(out.toString() + err).doesNotContain("s3cret-from-stdin");
    assertThat(run("diagnose", "--password", "x", "nginx")).isEqualTo(2);
  }

  @Test
  void usernameWithoutPasswordIsAUsageError() {
    int status = run("diagnose", "--username", "ci", "nginx");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--password-stdin").doesNotContain("Exception");
  }

  @Test
  void ownMessagesReadWholeAfterPasswordWords(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path passwd = dir.resolve("passwd");
    java.nio.file.Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\n");

    assertThat(run("diagnose", "--username", "alice", hostPort + "/team/app:1.0")).isEqualTo(2);
    assertThat(run("diagnose", "--docker-config", passwd.toString(), "nginx")).isEqualTo(2);
    assertThat(
            run("diagnose", "--runtime", "podman", "--registries-conf", passwd.toString(), "nginx"))
        .isEqualTo(2);

    assertThat(err.toString())
        .doesNotContain("<redacted>")
        .contains(
            "regdoctor: --username needs a password: pipe it to --password-stdin or set"
                + " REGDOCTOR_PASSWORD")
        .contains("--docker-config " + passwd + ": invalid JSON at line 1")
        .contains(passwd + ": line 1: expected = after key root");
  }

  @Test
  void mistypedSecretFlagIsNotEchoed() {
    assertThat(run("diagnose", "--password=CanaryFlag9", "nginx")).isEqualTo(2);
    assertThat(run("diagnose", "--token=CanaryFlag9", "nginx")).isEqualTo(2);

    assertThat(err.toString()).doesNotContain("CanaryFlag9").contains("--password=<redacted>");
  }

  /** Session 13 review: a usage error echoed a password quoted or attached to its flag. */
  @Test
  void aPasswordInAnUnknownOptionIsNotEchoed() {
    assertThat(run("explain", "--password \"Hunter2Secret\"")).isEqualTo(2);
    assertThat(run("explain", "--password 'Hunter2Secret'")).isEqualTo(2);
    assertThat(run("explain", "-pHunter2Secret")).isEqualTo(2);
    assertThat(run("explain", "-p Hunter2Secret")).isEqualTo(2);
    assertThat(run("diagnose", "-p=Hunter2Secret", "nginx")).isEqualTo(2);

    assertThat(err.toString())
        .doesNotContain("Hunter2")
        .contains("regdoctor: Unknown option: '--password \"<redacted>\"'")
        .contains("regdoctor: Unknown option: '--password '<redacted>''")
        .contains("'-p<redacted>'")
        .contains("'-p <redacted>'");
  }

  @Test
  void pastedLoginsNeverReachOutput() {
    run("diagnose", "https://alice:CanaryRef2@" + hostPort + "/team/app:1.0");
    run("diagnose", "--json", "https://alice:CanaryRef2@" + hostPort + "/team/app:1.0");
    run(
        "explain",
        "ctr images pull --user bob:CanaryCtr17 reg.example.com/a:1  ctr: failed to resolve"
            + " reference: unexpected status: 401 Unauthorized");
    run(
        "explain",
        "--json",
        "curl -u ci-bot:CanaryPass999 https://registry.corp.example.com/v2/\ncurl: (22) The"
            + " requested URL returned error: 401");

    assertThat(out.toString() + err)
        .doesNotContain("CanaryRef2")
        .doesNotContain("CanaryCtr17")
        .doesNotContain("CanaryPass999")
        .contains("INVALID_REFERENCE  https://alice:<redacted>@")
        .contains("credentials (user:password@) do not belong in an image reference")
        .contains("--user bob:<redacted>")
        .contains("\"input\" : \"curl -u ci-bot:<redacted> ")
        .doesNotContain("none were sent: ctr");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unknownFlagIsOneLineAndExitTwo() {
    int status = run("diagnose", "--frobnicate", "nginx");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("regdoctor: Unknown option: '--frobnicate'")
        .doesNotContain("at dev.");
  }

  /** Review 16, finding 7: the library says "resolve", the command line names its flag. */
  @Test
  void malformedResolveIsExitTwoNamingTheFlag() {
    int status = run("diagnose", "--resolve", "bogus", "registry.example.invalid/app:1");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("regdoctor: --resolve: 'bogus' is not HOST:PORT:ADDRESS")
        .doesNotContain("at dev.");
  }

  @Test
  void unreadableCaFileIsExitTwo() {
    int status = run("diagnose", "--ca-file", "/nonexistent/ca.pem", "nginx");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("/nonexistent/ca.pem");
  }

  @Test
  void malformedSecretFileIsOneLineExitTwo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path secret = dir.resolve("secret.yaml");
    java.nio.file.Files.writeString(secret, "kind: Secret\nmetadata: [unclosed\n");

    int status = run("diagnose", "--k8s-secret", secret.toString(), "nginx");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains(secret.toString()).doesNotContain("\tat ");
  }

  @Test
  void missingDockerConfigFileIsExitTwo() {
    // A missing directory is Docker's "no configuration" (issue 17, AdviceCliTest); a missing
    // file named on the command line is unreadable input.
    assertThat(run("diagnose", "--docker-config", "/nonexistent/dir/config.json", "nginx"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("/nonexistent/dir/config.json");
  }

  @Test
  void badDurationIsExitTwo() {
    assertThat(run("diagnose", "--timeout", "soon", "nginx")).isEqualTo(2);
    assertThat(err.toString()).contains("not a duration");
  }

  @Test
  void badLanguageIsExitTwo() {
    assertThat(run("diagnose", "--lang", "fr", "nginx")).isEqualTo(2);
  }

  @Test
  void invalidReferenceIsAFindingNotACrash() {
    int status = run("diagnose", "--lang", "en", "Shop/Web:1.4");

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).startsWith("INVALID_REFERENCE");
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String command : new String[] {"diagnose", "explain", "k8s", "demo"}) {
      StringWriter help = new StringWriter();
      CommandLine line = Cli.commandLine();
      line.setOut(new PrintWriter(help, true));
      assertThat(line.execute(command, "--help")).isZero();
      assertThat(help.toString()).contains("Examples:");
    }
  }

  @Test
  void explainClassifiesDockersAmbiguousMessage() {
    int status =
        run(
            "explain",
            "--lang",
            "en",
            "Error response from daemon: pull access denied for shop/web, repository does not exist or may require 'docker login': denied: requested access to the resource is denied");

    assertThat(status).isEqualTo(1);
    assertThat(out.toString())
        .startsWith("NOT_FOUND_OR_DENIED")
        .contains("REPOSITORY_NOT_FOUND", "AUTH_REQUIRED");
  }

  @Test
  void explainReadsStandardInput() {
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.getSubcommands().get("explain").<ExplainCommand>getCommand().stdin =
        new ByteArrayInputStream(
            "x509: certificate signed by unknown authority".getBytes(StandardCharsets.UTF_8));

    assertThat(line.execute("explain", "--json", "-")).isEqualTo(1);
    assertThat(out.toString())
        .contains("\"schema\" : \"regdoctor.explanation/v1\"", "TLS_UNTRUSTED");
  }

  @Test
  void explainBatchWritesJsonLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("errors.txt");
    java.nio.file.Files.writeString(
        file, "dial tcp: lookup registry.example.invalid: no such host\n\nmanifest unknown\n");

    int status = run("explain", "--batch", file.toString());

    String[] lines = out.toString().strip().split("\n");
    assertThat(status).isEqualTo(1);
    // one line out per line in: the blank line gets the answer for empty text
    assertThat(lines).hasSize(3);
    assertThat(new ObjectMapper().readTree(lines[0]).get("verdict").get("code").asText())
        .isEqualTo("DNS_FAILURE");
  }

  /**
   * The JSON lines of a file are written in blocks: lines crossing a block's end, and a line longer
   * than a block (a long message is echoed in "input"), come out whole and in order.
   */
  @Test
  void explainBatchWritesEveryLineWholeAcrossOutputBlocks(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.util.List<String> messages = new java.util.ArrayList<>();
    for (int i = 0; i < 120; i++) {
      messages.add("manifest for registry.example/team/app:" + i + " not found: manifest unknown");
      if (i == 60) {
        messages.add("failed to pull image: " + "x".repeat(70_000) + ": no such host");
      }
    }
    java.nio.file.Path file = dir.resolve("errors.txt");
    java.nio.file.Files.write(file, messages);

    run("explain", "--batch", file.toString());

    String[] lines = out.toString().split(System.lineSeparator());
    dev.regdoctor.diagnostics.explain.ErrorExplainer explainer =
        dev.regdoctor.diagnostics.explain.ErrorExplainer.create(java.util.Locale.ENGLISH);
    assertThat(out.toString()).endsWith(System.lineSeparator());
    assertThat(lines).hasSize(messages.size());
    for (int i = 0; i < lines.length; i++) {
      assertThat(lines[i]).isEqualTo(explainer.explain(messages.get(i)).toJsonLine());
    }
  }

  // Issue 12: "explain --probe" sent the pasted password to the registry as a tag.
  @Test
  void explainProbeDropsPastedUserInfoAndSaysSo() throws Exception {
    server.enqueue(registry(200).body("{}").build());
    server.enqueue(registry(404).build());
    server.enqueue(registry(404).build());

    run(
        "explain",
        "--probe",
        "--plain-http",
        hostPort,
        "Error: initializing source docker://ci:Pasted-Pw-42@"
            + hostPort
            + "/team/app:1.0: reading manifest 1.0 in "
            + hostPort
            + "/team/app: manifest unknown");

    assertThat(err.toString()).contains("removed user:password@ from the pasted text");
    assertThat(out.toString() + err.toString()).doesNotContain("Pasted-Pw-42");
    for (int i = 0; i < server.getRequestCount(); i++) {
      mockwebserver3.RecordedRequest request = server.takeRequest();
      assertThat(request.getUrl().toString()).doesNotContain("Pasted-Pw-42", "ci:");
      assertThat(request.getHeaders().get("Authorization")).isNull();
    }
  }

  @Test
  void explainProbeSettlesWithALiveDiagnosis() {
    server.enqueue(registry(200).body("{}").build());
    server.enqueue(registry(404).build());
    server.enqueue(
        registry(404).body("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"x\"}]}").build());

    int status =
        run(
            "explain",
            "--probe",
            "--plain-http",
            hostPort,
            "--lang",
            "en",
            "Error response from daemon: pull access denied for "
                + hostPort
                + "/shop/web, repository does not exist or may require 'docker login'");

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).contains("REPOSITORY_NOT_FOUND  " + hostPort + "/shop/web:latest");
  }

  @Test
  void explainWithoutTextIsExitTwo() {
    assertThat(run("explain")).isEqualTo(2);
  }

  @Test
  void durationsParse() {
    assertThat(Cli.duration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Cli.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Cli.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Cli.duration("1.5")).isEqualTo(Duration.ofMillis(1500));
  }
}
