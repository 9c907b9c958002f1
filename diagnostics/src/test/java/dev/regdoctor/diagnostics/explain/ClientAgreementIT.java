package dev.regdoctor.diagnostics.explain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.LoopbackFaults;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.ScriptedEndpoint;
import dev.regdoctor.testkit.ScriptedServers;
import dev.regdoctor.testkit.TokenIssuer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-client agreement (issue 13): for every loopback scenario, the exact output of the real
 * clients installed here (skopeo, podman, curl) is explained, and the explanation must give the
 * code a live diagnosis gives for the same scenario. Where a client's text cannot tell the cases
 * apart by nature, the code must be among the alternatives instead; each such case says why.
 *
 * <p>Every output is also written to {@code target/explain-client-captures.jsonl}, labelled by the
 * scenario's cause, so that the generated corpus can be refreshed from a run. containerd's {@code
 * ctr} needs a containerd daemon and is covered by its captured output in {@code
 * corpus-clients.jsonl}; connect timeouts (a 30 s dial timeout in every Go client) and podman
 * against a stalled server (it has no response timeout and hangs) are left out of the live run.
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAgreementIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "agreement-password";
  private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(60);

  /** The registry's answer is the same for a missing tag and a missing repository. */
  private static final String SAME_ANSWER_NOT_FOUND =
      "distribution answers MANIFEST_UNKNOWN for the manifest of a missing repository too; only"
          + " tags/list tells them apart, and the client does not ask it";

  /** htpasswd registries answer a wrong password exactly like a missing one. */
  private static final String SAME_ANSWER_401 =
      "the registry answers 401 \"authentication required\" whether or not credentials were sent,"
          + " and the client does not say whether it sent any";

  private static final String DEADLINE_ONLY =
      "the client only reports its own deadline (context deadline exceeded), not which phase"
          + " stalled";

  private static final String CURL_TLS_STALL =
      "curl reports a stalled TLS handshake as 'Connection timed out', the same words as a TCP"
          + " connect timeout";

  private static final String TOKEN_DENIED =
      "with token auth the registry answers an anonymous or under-privileged pull with the same"
          + " 'denied' errors; the client does not say whether the repository exists";

  private static final String REALM_REFUSED =
      "the client names the refused connection to the token realm (the cause); a diagnosis may"
          + " name the phase (TOKEN_SERVICE_FAILED), which the explainer gives as the alternative";

  @TempDir static Path temp;

  private final List<AutoCloseable> servers = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> captures = new ArrayList<>();
  private RegistryProcess anonymous;
  private RegistryProcess htpasswd;
  private RegistryProcess untrusted;
  private RegistryProcess expired;
  private RegistryProcess wrongName;
  private RegistryProcess token;
  private RegistryProcess deadRealm;
  private Path certDir;
  private Path caFile;
  private Path containersConf;
  private Path authFile;
  private boolean podman;

  @BeforeAll
  void startScenarios() throws Exception {
    RegistryBinary.require();
    requireClient("skopeo");
    requireClient("curl");
    podman = clientAvailable("podman");
    if (!podman && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("podman is required with CI=true (.ci/run installs it)");
    }

    Path storage = Files.createDirectories(temp.resolve("storage"));
    anonymous = keep(RegistryProcess.builder().storage(storage).start());
    ImageSeeder seeder = ImageSeeder.to(anonymous.baseUrl());
    seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
    seeder.pushIndex("team/multi", "1.0", List.of(Platform.LINUX_ARM64, Platform.LINUX_ARM_V7));
    htpasswd = keep(RegistryProcess.builder().storage(storage).htpasswd(USER, PASSWORD).start());

    HeldCertificate ca =
        new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("regdoctor agreement CA")
            .build();
    HeldCertificate good =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("registry.it.test")
            .addSubjectAlternativeName("127.0.0.1")
            .addSubjectAlternativeName("localhost")
            .signedBy(ca)
            .build();
    long day = Duration.ofDays(1).toMillis();
    long now = System.currentTimeMillis();
    HeldCertificate stale =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("registry.it.test")
            .addSubjectAlternativeName("127.0.0.1")
            .validityInterval(now - 60 * day, now - 30 * day)
            .signedBy(ca)
            .build();
    HeldCertificate otherName =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("registry.it.test")
            .signedBy(ca)
            .build();
    untrusted = keep(RegistryProcess.builder().storage(storage).tls(good).start());
    wrongName = keep(RegistryProcess.builder().storage(storage).tls(otherName).start());
    expired = keep(RegistryProcess.builder().storage(storage).tls(stale).start());
    caFile = temp.resolve("ca.pem");
    Files.writeString(caFile, ca.certificatePem());
    certDir = Files.createDirectories(temp.resolve("certs"));
    Files.writeString(certDir.resolve("ca.crt"), ca.certificatePem());

    TokenIssuer issuer =
        keep(
            TokenIssuer.start()
                .user(USER, PASSWORD)
                .allow(USER, "team/app", "pull")
                .user("admin", PASSWORD)
                .allow("admin", "*", "pull", "push"));
    token = keep(RegistryProcess.builder().tokenAuth(issuer).start());
    ImageSeeder.to(token.baseUrl())
        .withCredentials("admin", PASSWORD)
        .pushImage("team/payroll", "1.0", Platform.LINUX_AMD64, 1, 512);

    // A token registry whose realm has gone away: the issuer is stopped after the registry starts.
    TokenIssuer gone = TokenIssuer.start().user(USER, PASSWORD).allow(USER, "team/app", "pull");
    deadRealm = keep(RegistryProcess.builder().tokenAuth(gone).start());
    gone.close();

    containersConf = temp.resolve("registries.conf");
    Files.writeString(
        containersConf, "unqualified-search-registries = []\nshort-name-mode = \"enforcing\"\n");
    authFile = temp.resolve("auth.json");
    Files.writeString(authFile, "{\"auths\": {}}\n");
    Files.writeString(temp.resolve("containers.conf"), "");
  }

  @AfterAll
  void stopScenarios() throws IOException {
    for (AutoCloseable server : servers) {
      try {
        server.close();
      } catch (Exception e) {
        // keep closing the others
      }
    }
    Path out = Path.of("target", "explain-client-captures.jsonl");
    if (Files.isDirectory(out.getParent()) && !captures.isEmpty()) {
      Files.write(out, captures, UTF_8);
    }
  }

  @TestFactory
  Stream<DynamicNode> explanationOfEveryClientAgreesWithTheDiagnosis() throws Exception {
    FaultEndpoint refused = keep(LoopbackFaults.closedPort());
    FaultEndpoint reset = keep(LoopbackFaults.reset());
    FaultEndpoint stall = keep(LoopbackFaults.stall());
    ScriptedEndpoint down = keep(ScriptedServers.status(503, Map.of(), "Service Unavailable\n"));
    ScriptedEndpoint throttled =
        keep(
            ScriptedServers.status(
                429,
                Map.of("Retry-After", "1", "Content-Type", "application/json"),
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"pull rate limit"
                    + " exceeded\"}]}"));
    ScriptedEndpoint portal = keep(ScriptedServers.htmlPortal());

    String plain = anonymous.hostPort();
    String basic = htpasswd.hostPort();
    List<Scenario> scenarios =
        List.of(
            new Scenario(
                "missing tag",
                diagnose(plain + "/team/app:9.9", b -> b.plainHttpRegistry(plain)),
                skopeo(plain + "/team/app:9.9", "--tls-verify=false")
                    .ambiguous(SAME_ANSWER_NOT_FOUND),
                podman(plain + "/team/app:9.9", "--tls-verify=false")
                    .ambiguous(SAME_ANSWER_NOT_FOUND),
                curl("http://" + plain + "/v2/team/app/manifests/9.9")),
            new Scenario(
                "missing repository",
                diagnose(plain + "/team/nothing:1.0", b -> b.plainHttpRegistry(plain)),
                skopeo(plain + "/team/nothing:1.0", "--tls-verify=false")
                    .ambiguous(SAME_ANSWER_NOT_FOUND),
                podman(plain + "/team/nothing:1.0", "--tls-verify=false")
                    .ambiguous(SAME_ANSWER_NOT_FOUND),
                curl("http://" + plain + "/v2/team/nothing/tags/list")),
            new Scenario(
                "wrong platform",
                diagnose(plain + "/team/multi:1.0", b -> b.plainHttpRegistry(plain)),
                skopeo(plain + "/team/multi:1.0", "--tls-verify=false"),
                podman(plain + "/team/multi:1.0", "--tls-verify=false")),
            new Scenario(
                "no credentials (htpasswd)",
                diagnose(basic + "/team/app:1.0", b -> b.plainHttpRegistry(basic)),
                skopeo(basic + "/team/app:1.0", "--tls-verify=false"),
                podman(basic + "/team/app:1.0", "--tls-verify=false"),
                curl("http://" + basic + "/v2/team/app/manifests/1.0")),
            new Scenario(
                "wrong password (htpasswd)",
                diagnose(
                    basic + "/team/app:1.0",
                    b -> b.plainHttpRegistry(basic).credentials(USER, "wrong-password")),
                skopeo(basic + "/team/app:1.0", "--tls-verify=false", "--creds", USER + ":nope")
                    .ambiguous(SAME_ANSWER_401),
                podman(basic + "/team/app:1.0", "--tls-verify=false", "--creds", USER + ":nope")
                    .ambiguous(SAME_ANSWER_401),
                curl("http://" + basic + "/v2/team/app/manifests/1.0", "-u", USER + ":nope")),
            new Scenario(
                "wrong password (token)",
                diagnose(
                    token.hostPort() + "/team/app:1.0",
                    b -> b.plainHttpRegistry(token.hostPort()).credentials(USER, "wrong-password")),
                skopeo(
                    token.hostPort() + "/team/app:1.0",
                    "--tls-verify=false",
                    "--creds",
                    USER + ":nope"),
                podman(
                    token.hostPort() + "/team/app:1.0",
                    "--tls-verify=false",
                    "--creds",
                    USER + ":nope")),
            new Scenario(
                "no credentials (token)",
                diagnose(
                    token.hostPort() + "/team/app:1.0", b -> b.plainHttpRegistry(token.hostPort())),
                skopeo(token.hostPort() + "/team/app:1.0", "--tls-verify=false")
                    .ambiguous(TOKEN_DENIED),
                podman(token.hostPort() + "/team/app:1.0", "--tls-verify=false")
                    .ambiguous(TOKEN_DENIED)),
            new Scenario(
                "token realm refuses connections",
                diagnose(
                    deadRealm.hostPort() + "/team/app:1.0",
                    b -> b.plainHttpRegistry(deadRealm.hostPort()).credentials(USER, PASSWORD)),
                skopeo(
                        deadRealm.hostPort() + "/team/app:1.0",
                        "--tls-verify=false",
                        "--creds",
                        USER + ":" + PASSWORD)
                    .ambiguous(REALM_REFUSED),
                podman(
                        deadRealm.hostPort() + "/team/app:1.0",
                        "--tls-verify=false",
                        "--creds",
                        USER + ":" + PASSWORD)
                    .ambiguous(REALM_REFUSED)),
            new Scenario(
                "no pull permission (token)",
                diagnose(
                    token.hostPort() + "/team/payroll:1.0",
                    b -> b.plainHttpRegistry(token.hostPort()).credentials(USER, PASSWORD)),
                skopeo(
                        token.hostPort() + "/team/payroll:1.0",
                        "--tls-verify=false",
                        "--creds",
                        USER + ":" + PASSWORD)
                    .ambiguous(TOKEN_DENIED),
                podman(
                        token.hostPort() + "/team/payroll:1.0",
                        "--tls-verify=false",
                        "--creds",
                        USER + ":" + PASSWORD)
                    .ambiguous(TOKEN_DENIED)),
            new Scenario(
                "plain HTTP registry reached over HTTPS",
                diagnose(
                    "registry.it.test:" + anonymous.port() + "/team/app:1.0",
                    b -> b.resolve("registry.it.test:" + anonymous.port() + ":127.0.0.1")),
                skopeo(plain + "/team/app:1.0"),
                podman(plain + "/team/app:1.0"),
                curl("https://" + plain + "/v2/")),
            new Scenario(
                "untrusted certificate",
                diagnose(
                    "registry.it.test:" + untrusted.port() + "/team/app:1.0",
                    b -> b.resolve("registry.it.test:" + untrusted.port() + ":127.0.0.1")),
                skopeo(untrusted.hostPort() + "/team/app:1.0"),
                podman(untrusted.hostPort() + "/team/app:1.0"),
                curl("https://" + untrusted.hostPort() + "/v2/")),
            new Scenario(
                "certificate for another name",
                diagnose(
                    "other.it.test:" + wrongName.port() + "/team/app:1.0",
                    b ->
                        b.resolve("other.it.test:" + wrongName.port() + ":127.0.0.1")
                            .caFile(caFile)),
                skopeo(wrongName.hostPort() + "/team/app:1.0", certDir()),
                podman(wrongName.hostPort() + "/team/app:1.0", certDir()),
                curl("https://" + wrongName.hostPort() + "/v2/", "--cacert", caFile.toString())),
            new Scenario(
                "expired certificate",
                diagnose(
                    "registry.it.test:" + expired.port() + "/team/app:1.0",
                    b ->
                        b.resolve("registry.it.test:" + expired.port() + ":127.0.0.1")
                            .caFile(caFile)),
                skopeo(expired.hostPort() + "/team/app:1.0", certDir()),
                podman(expired.hostPort() + "/team/app:1.0", certDir()),
                curl("https://" + expired.hostPort() + "/v2/", "--cacert", caFile.toString())),
            new Scenario(
                "connection refused",
                diagnose(refused.hostPort() + "/team/app:1.0", b -> b),
                skopeo(refused.hostPort() + "/team/app:1.0"),
                podman(refused.hostPort() + "/team/app:1.0"),
                curl("http://" + refused.hostPort() + "/v2/")),
            new Scenario(
                "connection reset",
                diagnose(reset.hostPort() + "/team/app:1.0", b -> b),
                skopeo(reset.hostPort() + "/team/app:1.0"),
                podman(reset.hostPort() + "/team/app:1.0"),
                curl("http://" + reset.hostPort() + "/v2/")),
            new Scenario(
                "stalled TLS handshake",
                diagnose(
                    "registry.it.test:" + stall.port() + "/team/app:1.0",
                    b -> b.resolve("registry.it.test:" + stall.port() + ":127.0.0.1")),
                skopeo(stall.hostPort() + "/team/app:1.0"),
                curl("https://" + stall.hostPort() + "/v2/").ambiguous(CURL_TLS_STALL)),
            new Scenario(
                "server never answers (plain HTTP)",
                diagnose(
                    stall.hostPort() + "/team/app:1.0", b -> b.plainHttpRegistry(stall.hostPort())),
                skopeo(stall.hostPort() + "/team/app:1.0", "--tls-verify=false")
                    .deadline("5s")
                    .ambiguous(DEADLINE_ONLY),
                curl("http://" + stall.hostPort() + "/v2/")),
            new Scenario(
                "registry down (503)",
                diagnose(
                    down.hostPort() + "/team/app:1.0", b -> b.plainHttpRegistry(down.hostPort())),
                skopeo(down.hostPort() + "/team/app:1.0", "--tls-verify=false"),
                podman(down.hostPort() + "/team/app:1.0", "--tls-verify=false"),
                curl("http://" + down.hostPort() + "/v2/")),
            new Scenario(
                "rate limited (429)",
                diagnose(
                    throttled.hostPort() + "/team/app:1.0",
                    b -> b.plainHttpRegistry(throttled.hostPort())),
                skopeo(throttled.hostPort() + "/team/app:1.0", "--tls-verify=false"),
                curl("http://" + throttled.hostPort() + "/v2/")),
            new Scenario(
                "login portal instead of a registry",
                diagnose(
                    portal.hostPort() + "/team/app:1.0",
                    b -> b.plainHttpRegistry(portal.hostPort())),
                skopeo(portal.hostPort() + "/team/app:1.0", "--tls-verify=false"),
                podman(portal.hostPort() + "/team/app:1.0", "--tls-verify=false"),
                curl("http://" + portal.hostPort() + "/v2/")),
            new Scenario(
                "unknown host",
                diagnose("registry.nonexistent.invalid:5000/team/app:1.0", b -> b),
                skopeo("registry.nonexistent.invalid:5000/team/app:1.0"),
                podman("registry.nonexistent.invalid:5000/team/app:1.0"),
                curl("https://registry.nonexistent.invalid:5000/v2/")));

    return scenarios.stream().map(this::container);
  }

  private DynamicContainer container(Scenario scenario) {
    return DynamicContainer.dynamicContainer(
        scenario.name(),
        scenario.runs().stream()
            .filter(run -> !run.client().equals("podman") || podman)
            .map(
                run ->
                    dynamicTest(
                        run.client(), () -> agrees(scenario.name(), scenario.expected(), run))));
  }

  private void agrees(String scenario, DiagnosisCode expected, ClientRun run) throws Exception {
    String output = run(run);
    Explanation explanation = ErrorExplainer.create(Locale.ENGLISH).explain(output);
    record(scenario, expected, run, output);
    List<DiagnosisCode> alternatives =
        explanation.alternatives().stream().map(Finding::code).toList();

    assertThat(output).as("%s output of %s", run.client(), scenario).isNotBlank();
    if (run.ambiguity() == null) {
      assertThat(explanation.verdict().code())
          .as("%s explained from %s:%n%s", scenario, run.client(), output)
          .isEqualTo(expected);
    } else {
      // Ambiguous by nature: the reason is in run.ambiguity().
      assertThat(explanation.verdict().code() == expected || alternatives.contains(expected))
          .as(
              "%s from %s (%s): %s with alternatives %s, expected %s among them:%n%s",
              scenario,
              run.client(),
              run.ambiguity(),
              explanation.verdict().code(),
              alternatives,
              expected,
              output)
          .isTrue();
    }
  }

  /** The code a live diagnosis gives for the scenario. */
  private DiagnosisCode diagnose(String image, UnaryOperator<RegistryDoctor.Builder> tweak) {
    try (RegistryDoctor doctor =
        tweak
            .apply(RegistryDoctor.builder().locale(Locale.ENGLISH).timeout(Duration.ofSeconds(4)))
            .build()) {
      return doctor.check(image).verdict().code();
    }
  }

  private ClientRun skopeo(String image, String... options) {
    List<String> command = new ArrayList<>();
    command.add("skopeo");
    command.add("--registries-conf");
    command.add(containersConf.toString());
    command.add("inspect");
    command.addAll(List.of(options));
    command.add("docker://" + image);
    return new ClientRun("skopeo", command, null, null);
  }

  private ClientRun podman(String image, String... options) {
    Path root = temp.resolve("podman");
    List<String> command =
        new ArrayList<>(
            List.of(
                "podman",
                "--root",
                root.resolve("root").toString(),
                "--runroot",
                root.resolve("runroot").toString(),
                "--tmpdir",
                root.resolve("tmp").toString(),
                "--storage-driver",
                "vfs",
                "--events-backend",
                "none",
                "--cgroup-manager",
                "cgroupfs",
                "pull"));
    command.addAll(List.of(options));
    command.add(image);
    return new ClientRun("podman", command, null, null);
  }

  private ClientRun curl(String url, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "curl",
                "-sS",
                "-v",
                "--noproxy",
                "*",
                "--connect-timeout",
                "3",
                "--max-time",
                "4"));
    command.addAll(List.of(options));
    command.add(url);
    return new ClientRun("curl", command, null, null);
  }

  private String[] certDir() {
    return new String[] {"--cert-dir", certDir.toString()};
  }

  private String run(ClientRun run) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(run.command());
    if (run.deadline() != null) {
      command.add(command.indexOf("inspect"), "--command-timeout=" + run.deadline());
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    for (String proxy :
        List.of(
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "no_proxy")) {
      env.remove(proxy);
    }
    env.put("CONTAINERS_REGISTRIES_CONF", containersConf.toString());
    env.put("REGISTRY_AUTH_FILE", authFile.toString());
    env.put("CONTAINERS_CONF", temp.resolve("containers.conf").toString());
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output;
    try (var in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    if (!process.waitFor(CLIENT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new String(output, UTF_8).strip();
  }

  private void record(String scenario, DiagnosisCode expected, ClientRun run, String output) {
    ObjectNode line = json.createObjectNode();
    line.put("id", "live-" + scenario.replaceAll("[^a-z0-9]+", "-") + "." + run.client());
    line.put("client", run.client());
    line.put("code", expected.name());
    line.put("ambiguous", run.ambiguity() != null);
    // The clients echo the test credentials (curl -v prints the Authorization header).
    line.put("message", Redaction.text(output));
    line.put("source", "generated on loopback: " + String.join(" ", run.command()));
    line.put("scenario", scenario);
    line.put("captured", Instant.now().toString());
    synchronized (captures) {
      captures.add(line.toString());
    }
  }

  private <T extends AutoCloseable> T keep(T server) {
    servers.add(server);
    return server;
  }

  private static boolean clientAvailable(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /** Outside CI a missing client skips with a reason; with {@code CI=true} it fails. */
  private static void requireClient(String name) {
    boolean available = clientAvailable(name);
    if (!available && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(name + " is required with CI=true (.ci/run installs it)");
    }
    Assumptions.assumeTrue(available, name + " is not installed (apt-get install " + name + ")");
  }

  /**
   * A loopback scenario, the code a live diagnosis gives for it, and the clients run against it.
   */
  private record Scenario(String name, DiagnosisCode expected, List<ClientRun> runs) {
    Scenario(String name, DiagnosisCode expected, ClientRun... runs) {
      this(name, expected, List.of(runs));
    }
  }

  /**
   * One client command; {@code ambiguity} says why its text cannot name the cause by nature, and
   * {@code deadline} is skopeo's --command-timeout.
   */
  private record ClientRun(String client, List<String> command, String ambiguity, String deadline) {
    ClientRun ambiguous(String reason) {
      return new ClientRun(client, command, reason, deadline);
    }

    ClientRun deadline(String value) {
      return new ClientRun(client, command, ambiguity, value);
    }
  }
}
