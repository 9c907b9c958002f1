package dev.regdoctor.cli;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class K8sCommandTest {
  private static final String PASSWORD = "cli-k8s-pw-9931";

  @TempDir Path dir;
  private MockWebServer server;
  private String hostPort;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private String stdin;
  private Map<String, String> environment;

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
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    K8sCommand command = line.getSubcommands().get("k8s").getCommand();
    if (stdin != null) {
      command.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (environment != null) {
      command.environment = environment;
    }
    return line.execute(args);
  }

  /** A Secret as {@code kubectl create secret docker-registry} prints it. */
  private static String secret(
      String name, String namespace, String server, String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    String config =
        "{\"auths\":{\""
            + server
            + "\":{\"username\":\""
            + user
            + "\",\"password\":\""
            + password
            + "\",\"auth\":\""
            + auth
            + "\"}}}";
    return """
        apiVersion: v1
        data:
          .dockerconfigjson: %s
        kind: Secret
        metadata:
          creationTimestamp: null
          name: %s
          namespace: %s
        type: kubernetes.io/dockerconfigjson
        """
        .formatted(
            Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)),
            name,
            namespace);
  }

  /** A Deployment as {@code kubectl create deployment} prints it, with {@code imagePullSecrets}. */
  private static String deployment(String name, String namespace, String image, String pullSecret) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          labels: {app: %1$s}
          name: %1$s
          namespace: %2$s
        spec:
          replicas: 1
          selector:
            matchLabels: {app: %1$s}
          template:
            metadata:
              labels: {app: %1$s}
            spec:
              imagePullSecrets:
              - name: %4$s
              containers:
              - image: %3$s
                name: %1$s
                resources: {}
        """
        .formatted(name, namespace, image, pullSecret);
  }

  private Path file(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void aMissingSecretExitsOneWithTheGroupedReport() throws Exception {
    Path manifests =
        file("web.yaml", deployment("web", "shop", "registry.example.com/shop/web:1.4", "regcred"));

    int status = run("k8s", "--offline", "--lang", "en", manifests.toString());

    assertThat(status).isEqualTo(1);
    assertThat(out.toString())
        .startsWith("Offline: no registry was contacted, so matched credentials were not verified.")
        .contains("Deployment shop/web  (service account default)")
        .contains(
            "K8S_PULL_SECRET_MISSING  The pull secret regcred does not exist in namespace shop")
        .contains("$ kubectl get secret regcred -n shop -o yaml");
  }

  @Test
  void theSecretsCredentialsAreVerifiedLiveAndExactlyThoseAreSent() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .addHeader("Docker-Distribution-API-Version", "registry/2.0")
            .addHeader("WWW-Authenticate", "Basic realm=\"registry\"")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Docker-Distribution-API-Version", "registry/2.0")
            .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .addHeader("Docker-Content-Digest", "sha256:" + "cd".repeat(32))
            .build());
    Path manifests =
        file(
            "all.yaml",
            deployment("web", "shop", hostPort + "/shop/web:1.4", "regcred")
                + "---\n"
                + secret("regcred", "shop", hostPort, "alice", PASSWORD));

    // containerd reaches a loopback registry over plain HTTP by default: no option needed
    int status = run("k8s", "--json", manifests.toString());

    assertThat(status).isZero();
    JsonNode container =
        new ObjectMapper().readTree(out.toString()).at("/workloads/0/containers/0");
    assertThat(container.get("ok").asBoolean()).isTrue();
    assertThat(container.at("/findings/0/code").asText()).isEqualTo("OK");
    server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest manifest = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(manifest.getHeaders().get("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    assertThat(out.toString() + err).doesNotContain(PASSWORD);
  }

  private void serveEveryImage() {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(200)
                .addHeader("Docker-Distribution-API-Version", "registry/2.0")
                .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .addHeader("Docker-Content-Digest", "sha256:" + "cd".repeat(32))
                .build();
          }
        });
  }

  /**
   * The node's containerd hosts directory is not this machine's: it is read only when given, and
   * the report says which one (or none) the live checks assumed.
   */
  @Test
  void theNodesHostsDirectoryIsReadOnlyWhenGivenAndTheReportNamesIt() throws Exception {
    serveEveryImage();
    // Nothing listens on port 1; the node's hosts.toml sends the pull to the server instead.
    Path manifests = file("pod.yaml", deployment("web", "shop", "127.0.0.1:1/shop/web:1.4", "x"));
    Path hostsDir = dir.resolve("node-certs.d");
    Files.createDirectories(hostsDir.resolve("127.0.0.1:1"));
    Files.writeString(
        hostsDir.resolve("127.0.0.1:1/hosts.toml"),
        "server = \"http://127.0.0.1:1\"\n[host.\"http://"
            + hostPort
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");

    int without = run("k8s", "--lang", "en", "--timeout", "5s", manifests.toString());
    String withoutText = out.toString();
    out.getBuffer().setLength(0);
    int with =
        run(
            "k8s",
            "--lang",
            "en",
            "--timeout",
            "5s",
            "--hosts-dir",
            hostsDir.toString(),
            manifests.toString());

    assertThat(without).isEqualTo(1);
    assertThat(withoutText)
        .contains("CONNECTION_REFUSED")
        .contains("without a hosts directory: containerd's built-in defaults")
        .contains("give a copy of the node's with --hosts-dir DIR.")
        .contains("no hosts directory was given, so none is read");
    assertThat(server.getRequestCount()).isPositive();
    assertThat(out.toString())
        .contains("with the hosts directory " + hostsDir + ", taken as the node's")
        .doesNotContain("CONNECTION_REFUSED");
    assertThat(with).as(out.toString()).isEqualTo(1); // the pull secret x is missing
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "--insecure,",
    "--insecure-registry,registry.example.com",
    "--plain-http,registry.example.com:5000"
  })
  void dockerDaemonOptionsAreRefusedNamingWhatContainerdReads(String option, String value)
      throws Exception {
    Path manifests = file("web.yaml", deployment("web", "shop", "registry.example.com/a:1", "x"));

    int status =
        value == null
            ? run("k8s", option, manifests.toString())
            : run("k8s", option, value, manifests.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains(option + " is Docker's setting and does not apply to k8s")
        .contains("hosts.toml")
        .contains("--hosts-dir DIR");
    assertThat(server.getRequestCount()).isZero();
  }

  /** Review item (session 17): k8s --help listed the shared options it then refuses. */
  @Test
  void helpListsNoOptionItRefusesWhileOtherCommandsStillDo() {
    int k8s = run("k8s", "--help");
    String k8sHelp = out.toString();
    out.getBuffer().setLength(0);
    int diagnose = run("diagnose", "--help");
    String diagnoseHelp = out.toString();

    assertThat(k8s).isZero();
    assertThat(diagnose).isZero();
    for (String option : K8sCommand.REFUSED) {
      assertThat(k8sHelp).doesNotContainPattern("(?m)^\\s+" + option + "[ =,]");
      assertThat(diagnoseHelp).containsPattern("(?m)^\\s+" + option + "[ =,]");
    }
    assertThat(k8sHelp)
        .contains("--hosts-dir")
        .contains("--resolve")
        .contains("--ca-file")
        .doesNotContain("Treat every registry as insecure")
        .doesNotContain("Reach this registry over plain HTTP directly");
  }

  @Test
  void caFilesAreTakenAsTheNodesSystemCasAndSaidSo() throws Exception {
    Path ca =
        file(
            "ca.pem",
            new okhttp3.tls.HeldCertificate.Builder()
                .certificateAuthority(0)
                .build()
                .certificatePem());
    Path manifests = file("web.yaml", deployment("web", "shop", hostPort + "/a:1", "x"));
    serveEveryImage();

    run("k8s", "--lang", "en", "--timeout", "3s", "--ca-file", ca.toString(), manifests.toString());

    assertThat(out.toString())
        .contains(
            "The CA files "
                + ca
                + " (--ca-file) are trusted as if the node's system CA bundle held"
                + " them.");
  }

  @Test
  void aHostsDirectoryMustExistAndNeedsLiveChecks() throws Exception {
    Path manifests = file("web.yaml", deployment("web", "shop", "registry.example.com/a:1", "x"));

    assertThat(run("k8s", "--hosts-dir", dir.resolve("absent").toString(), manifests.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--hosts-dir " + dir.resolve("absent") + ": not a directory");
    assertThat(run("k8s", "--offline", "--hosts-dir", dir.toString(), manifests.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--offline contacts no registry");
  }

  @Test
  void manifestsCanComeFromStandardInput() {
    stdin =
        deployment("web", "shop", "registry.example.com/shop/web:1.4", "regcred")
            + "---\n"
            + secret("regcred", "shop", "registry.example.com", "alice", PASSWORD);

    int status = run("k8s", "--offline", "--lang", "en", "-");

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("web  registry.example.com/shop/web:1.4  [pull secrets: regcred]  OK");
  }

  @Test
  void malformedYamlExitsTwoNamingFileAndPosition() throws Exception {
    Path broken =
        file(
            "broken.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\n data: {password: "
                + PASSWORD
                + "}\n");

    int status = run("k8s", "--offline", broken.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("regdoctor: " + broken + ": invalid YAML at line 5, column ")
        .doesNotContain(PASSWORD);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void unreadableInputAndBadInvocationsExitTwo() {
    assertThat(run("k8s", dir.resolve("absent.yaml").toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("regdoctor: " + dir.resolve("absent.yaml") + ": file does not exist");
    assertThat(run("k8s")).isEqualTo(2);
    assertThat(err.toString())
        .contains("regdoctor: k8s needs manifest files (or - for standard input), or --cluster");
    assertThat(run("k8s", "--all-namespaces", "x.yaml")).isEqualTo(2);
  }

  @Test
  void clusterObjectsComeFromTheUsersKubectl() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    String workloads =
        "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"api\",\"namespace\":\"shop\"},"
            + "\"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\"registry.example.com/shop/api:2.0\"}]}},"
            + "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"default\",\"namespace\":\"shop\"}}]}";
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(
        kubectl,
        "#!/bin/sh\ncase \"$*\" in\n  \"get pods,\"*) echo '"
            + workloads
            + "' ;;\n  *) echo '{\"kind\":\"List\",\"items\":[]}' ;;\nesac\n");
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    environment = Map.of("PATH", bin + ":/usr/bin:/bin");

    int status = run("k8s", "--cluster", "--namespace", "shop", "--offline", "--lang", "en");

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("Pod shop/api  (service account default)")
        .contains("api  registry.example.com/shop/api:2.0");
  }

  @Test
  void aMissingKubectlExitsTwoWithAClearMessage() {
    environment = Map.of("PATH", dir.toString());

    int status = run("k8s", "--cluster", "--offline");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("regdoctor: kubectl is not on the PATH; install it");
  }
}
