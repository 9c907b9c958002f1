package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secret canaries through every command (issue 12): each scenario runs a real {@code regdoctor}
 * process with logging at TRACE and {@code --debug}, against loopback servers that fail at every
 * phase (auth, token, manifest, credential helper, timeout, refused port) and echo what they were
 * sent; standard output, standard error (logs and stack traces included) and JSON are scanned for
 * the canary in every form (plain, base64, base64url, URL-encoded, JSON-escaped, and inside {@code
 * user:password}). Zero hits. A new command is one more line in {@link #scenarios()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecretCanaryIT {
  /** A password with characters that change under every encoding. */
  static final String CANARY = "Cnry\"8vT/q+Z=w%é";

  /** A canary as people paste it in shell commands (no quotes). */
  static final String PASTED = "Cnry-8vT-q5Zw";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private MockWebServer basic;
  private MockWebServer token;
  private MockWebServer tokenRejects;
  private MockWebServer probed;
  private FaultEndpoint stall;
  private FaultEndpoint refused;
  private final ConcurrentLinkedQueue<String> probedRequests = new ConcurrentLinkedQueue<>();

  /** One {@code regdoctor} run: its arguments, standard input and extra environment. */
  record Scenario(
      String name, List<String> args, String stdin, Map<String, String> env, List<String> secrets) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  void startServers() throws Exception {
    dir = Files.createTempDirectory("canary");
    basic = server(SecretCanaryIT::basicRegistry);
    token = server(request -> tokenRegistry(request, token.getPort()));
    tokenRejects = server(request -> tokenRejecting(request, tokenRejects.getPort()));
    probed =
        server(
            request -> {
              probedRequests.add(request.toString() + request.getHeaders() + request.getBody());
              return new MockResponse.Builder()
                  .code(404)
                  .addHeader("Docker-Distribution-API-Version", "registry/2.0")
                  .body("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"unknown\"}]}")
                  .build();
            });
    stall = LoopbackFaults.stall();
    refused = LoopbackFaults.closedPort();
  }

  @AfterAll
  void stopServers() throws Exception {
    for (AutoCloseable closeable : List.<AutoCloseable>of(basic, token, tokenRejects, probed)) {
      closeable.close();
    }
    stall.close();
    refused.close();
  }

  private static MockWebServer server(java.util.function.Function<RecordedRequest, MockResponse> f)
      throws Exception {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return f.apply(request);
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  /** Echoes every header it got into its error body, as hostile or careless registries do. */
  private static String echo(RecordedRequest request) {
    String authorization = String.valueOf(request.getHeaders().get("Authorization"));
    try {
      return "{\"errors\":[{\"code\":\"DENIED\",\"message\":"
          + JSON.writeValueAsString("denied; request had Authorization: " + authorization)
          + ",\"detail\":{\"Authorization\":"
          + JSON.writeValueAsString(authorization)
          + "}}]}";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static MockResponse.Builder registry(int code) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Docker-Distribution-API-Version", "registry/2.0");
  }

  private static MockResponse basicRegistry(RecordedRequest request) {
    return registry(401)
        .addHeader("WWW-Authenticate", "Basic realm=\"canary\"")
        .addHeader("Content-Type", "application/json")
        .body(echo(request))
        .build();
  }

  private static MockResponse tokenRegistry(RecordedRequest request, int port) {
    String path = request.getUrl().encodedPath();
    if (path.equals("/token")) {
      try {
        return registry(200)
            .body("{\"token\":" + JSON.writeValueAsString(CANARY) + ",\"expires_in\":300}")
            .build();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (request.getHeaders().get("Authorization") == null) {
      return registry(401)
          .addHeader(
              "WWW-Authenticate",
              "Bearer realm=\"http://127.0.0.1:" + port + "/token\",service=\"canary\"")
          .build();
    }
    return registry(403).addHeader("Content-Type", "application/json").body(echo(request)).build();
  }

  private static MockResponse tokenRejecting(RecordedRequest request, int port) {
    if (request.getUrl().encodedPath().equals("/token")) {
      return registry(401).body(echo(request) + " password=" + CANARY).build();
    }
    return registry(401)
        .addHeader(
            "WWW-Authenticate",
            "Bearer realm=\"http://127.0.0.1:" + port + "/token\",service=\"canary\"")
        .build();
  }

  private String host(MockWebServer server) {
    return "127.0.0.1:" + server.getPort();
  }

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private Scenario diagnose(String name, String host, String... extra) {
    List<String> args = new ArrayList<>(List.of("diagnose", "--plain-http", host, "--debug"));
    args.addAll(List.of(extra));
    args.addAll(List.of("--username", "ci", "--password-stdin", host + "/team/app:1"));
    return new Scenario(name, args, CANARY, Map.of(), List.of(CANARY));
  }

  private static Scenario run(String name, String stdin, String... args) {
    return new Scenario(name, List.of(args), stdin, Map.of(), List.of(CANARY, PASTED));
  }

  Stream<Scenario> scenarios() throws Exception {
    // A credential helper that fails with the secret on stdout and stderr.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path helper = bin.resolve("docker-credential-canary");
    Files.writeString(
        helper,
        "#!/bin/sh\ncat >/dev/null\n"
            + "echo '{\"Username\":\"ci\",\"Secret\":"
            + JSON.writeValueAsString(CANARY).replace("'", "'\\''")
            + "}'\n"
            + "echo 'helper failed for ci:"
            + CANARY.replace("'", "'\\''")
            + "' >&2\nexit 1\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path config = Files.createDirectories(dir.resolve("docker"));
    Files.writeString(
        config.resolve("config.json"),
        "{\"credHelpers\":{\""
            + host(basic)
            + "\":\"canary\"},\"auths\":{\""
            + host(token)
            + "\":{\"auth\":\""
            + b64("ci:" + CANARY)
            + "\"}}}");
    String path = bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

    String secretYaml =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\n  namespace: default\n"
            + "type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: "
            + b64(
                "{\"auths\":{\""
                    + host(basic)
                    + "\":{\"username\":\"ci\",\"password\":"
                    + JSON.writeValueAsString(CANARY)
                    + ",\"auth\":\""
                    + b64("ci:" + CANARY)
                    + "\"}}}")
            + "\n";
    Path secret = write("secret.yaml", secretYaml);
    Path pod =
        write(
            "pod.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: default\nspec:\n"
                + "  imagePullSecrets:\n    - name: regcred\n  containers:\n    - name: web\n"
                + "      image: "
                + host(basic)
                + "/team/app:1\n");
    Path badSecret =
        write(
            "bad-secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\n"
                + "type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ci:"
                + PASTED
                + "\n");
    Path badYaml =
        write(
            "bad.yaml", "apiVersion: v1\nkind: Secret\ndata: {password: " + PASTED + "\n  x: [\n");

    String pasted =
        String.join(
            "\n",
            "$ skopeo inspect --creds ci:" + PASTED + " docker://" + host(probed) + "/team/app:1",
            "skopeo copy docker://ci:" + PASTED + "@" + host(probed) + "/team/app:1 dir:/tmp/x",
            "export CI_REGISTRY_PASSWORD=" + PASTED,
            "> X-Registry-Auth: "
                + Base64.getUrlEncoder()
                    .encodeToString(
                        ("{\"username\":\"ci\",\"password\":\"" + PASTED + "\"}")
                            .getBytes(StandardCharsets.UTF_8)),
            "{'auths': {'r.test': {'auth': '" + b64("ci:" + PASTED) + "'}}}",
            "auths:\n  r.test:\n    auth: " + b64("ci:" + PASTED),
            "my auth is " + b64("ci:" + PASTED),
            "Error response from daemon: pull access denied for "
                + host(probed)
                + "/team/app, repository does not exist or may require 'docker login'");
    Path batch = write("batch.txt", pasted);
    String probeText =
        "Error: initializing source docker://ci:"
            + PASTED
            + "@"
            + host(probed)
            + "/team/app:1: reading manifest 1 in "
            + host(probed)
            + "/team/app: manifest unknown";

    return Stream.of(
        diagnose("diagnose: Basic auth rejected, body echoes Authorization", host(basic)),
        diagnose("diagnose --json: Basic auth rejected", host(basic), "--json"),
        diagnose("diagnose: token granted, manifest 403 echoes Bearer", host(token)),
        diagnose("diagnose --json: token service rejects", host(tokenRejects), "--json"),
        diagnose("diagnose: response timeout", "127.0.0.1:" + stall.port(), "--timeout", "1s"),
        diagnose("diagnose: refused port", "127.0.0.1:" + refused.port()),
        new Scenario(
            "diagnose: failing credential helper, docker config auth",
            List.of(
                "diagnose",
                "--debug",
                "--json",
                "--docker-config",
                config.toString(),
                "--plain-http",
                host(basic),
                "--plain-http",
                host(token),
                host(basic) + "/team/app:1",
                host(token) + "/team/app:1"),
            null,
            Map.of("PATH", path),
            List.of(CANARY)),
        new Scenario(
            "diagnose: --k8s-secret",
            List.of(
                "diagnose",
                "--debug",
                "--k8s-secret",
                secret.toString(),
                "--plain-http",
                host(basic),
                host(basic) + "/team/app:1"),
            null,
            Map.of(),
            List.of(CANARY)),
        run("explain: every pasted form", null, "explain", "--debug", pasted),
        run("explain --json: every pasted form", null, "explain", "--json", pasted),
        run("explain -: every pasted form", pasted, "explain", "-"),
        run("explain --batch", null, "explain", "--batch", batch.toString()),
        run(
            "explain --probe: pasted user info",
            null,
            "explain",
            "--probe",
            "--debug",
            "--plain-http",
            host(probed),
            probeText),
        run(
            "k8s --offline",
            null,
            "k8s",
            "--offline",
            "--debug",
            pod.toString(),
            secret.toString()),
        run(
            "k8s --offline --json: malformed secret",
            null,
            "k8s",
            "--offline",
            "--json",
            pod.toString(),
            badSecret.toString()),
        run("k8s: invalid YAML", null, "k8s", "--offline", "--debug", badYaml.toString()),
        run(
            "k8s: live check rejected",
            null,
            "k8s",
            "--debug",
            "--plain-http",
            host(basic),
            pod.toString(),
            secret.toString()),
        new Scenario(
            "demo", List.of("demo"), null, Map.of(), List.of("demo-password", "not-the-password")),
        new Scenario(
            "demo --json",
            List.of("demo", "--json"),
            null,
            Map.of(),
            List.of("demo-password", "not-the-password")));
    // mirrors and serve: one line each here when they land.
  }

  /** Every form a secret may be printed in, built here independently of the redactor. */
  static List<String> forms(String secret) throws Exception {
    List<String> forms = new ArrayList<>();
    for (String value : List.of(secret, "ci:" + secret, "alice:" + secret, "demo:" + secret)) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      forms.add(Base64.getEncoder().encodeToString(bytes));
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
    forms.add(secret);
    forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
    String json = JSON.writeValueAsString(secret);
    forms.add(json.substring(1, json.length() - 1));
    String ascii =
        new String(
            JSON.writer()
                .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsBytes(secret),
            StandardCharsets.UTF_8);
    forms.add(ascii.substring(1, ascii.length() - 1));
    return forms;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void noCanaryInAnyOutput(Scenario scenario) throws Exception {
    probedRequests.clear();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=trace");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(scenario.args());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Path in = write("stdin.txt", scenario.stdin() == null ? "" : scenario.stdin());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(in.toFile());
    builder.environment().put("NO_COLOR", "1");
    builder.environment().put("DOCKER_CONFIG", dir.resolve("empty-docker").toString());
    builder.environment().putAll(scenario.env());
    Process process = builder.start();
    assertThat(process.waitFor(100, TimeUnit.SECONDS)).as("finished").isTrue();
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(stderr).isBetween(0, 2);
    assertThat(stdout + stderr).as("something was printed").isNotBlank();
    for (String secret : scenario.secrets()) {
      for (String form : forms(secret)) {
        assertThat(stdout).as("stdout of %s", scenario).doesNotContain(form);
        assertThat(stderr).as("stderr (logs) of %s", scenario).doesNotContain(form);
        for (String request : probedRequests) {
          assertThat(request).as("request sent by %s", scenario).doesNotContain(form);
        }
      }
    }
    if (scenario.args().contains("--json") && scenario.args().get(0).equals("diagnose")) {
      assertThat(JSON.readTree(stdout)).isNotNull();
    }
  }
}
