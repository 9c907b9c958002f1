package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.explain.Explanation;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One test per diagnosis a live probe can produce, on scripted loopback servers. */
@Timeout(60)
class RegistryDoctorTest {
  static final String DIGEST = "sha256:" + "cd".repeat(32);

  private MockWebServer server;
  private String hostPort;
  private RegistryDoctor doctor;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    hostPort = "127.0.0.1:" + server.getPort();
    doctor = doctor(builder -> builder);
  }

  @AfterEach
  void stop() {
    doctor.close();
    server.close();
  }

  private RegistryDoctor doctor(UnaryOperator<RegistryDoctor.Builder> tweak) {
    if (doctor != null) {
      doctor.close();
    }
    doctor =
        tweak
            .apply(
                RegistryDoctor.builder()
                    .credentials(CredentialResolver.anonymous())
                    .plainHttpRegistry(hostPort)
                    .timeout(Duration.ofSeconds(3))
                    .locale(Locale.ENGLISH))
            .build();
    return doctor;
  }

  private Report check(String repositoryAndTag) {
    return doctor.check(hostPort + "/" + repositoryAndTag);
  }

  private void enqueue(MockResponse... responses) {
    for (MockResponse response : responses) {
      server.enqueue(response);
    }
  }

  static MockResponse.Builder registry(int code) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Docker-Distribution-API-Version", "registry/2.0");
  }

  static MockResponse ping() {
    return registry(200).body("{}").build();
  }

  static MockResponse manifest() {
    return registry(200)
        .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
        .addHeader("Docker-Content-Digest", DIGEST)
        .build();
  }

  static List<String> commands(Finding finding) {
    return finding.remediation().stream()
        .map(Remedy::command)
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  MockResponse bearer() {
    return registry(401)
        .addHeader(
            "WWW-Authenticate", "Bearer realm=\"http://" + hostPort + "/token\",service=\"test\"")
        .build();
  }

  static MockResponse token(String token) {
    return new MockResponse.Builder().code(200).body("{\"token\":\"" + token + "\"}").build();
  }

  static String jwt(String access) {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    return encoder.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + encoder.encodeToString(
            ("{\"iss\":\"t\",\"access\":" + access + "}").getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }

  @Test
  void pullableImageIsOk() {
    enqueue(ping(), manifest());

    Report report = check("team/app:1.0");

    assertThat(report.ok()).isTrue();
    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
    assertThat(report.verdict().severity()).isEqualTo(Severity.INFO);
    assertThat(commands(report.verdict())).contains("docker pull " + hostPort + "/team/app:1.0");
    assertThat(report.requests()).isEqualTo(2);
  }

  @Test
  void plainHttpAndLatestAddWarningsButStayOk() {
    enqueue(ping(), manifest());

    Report report = check("team/app");

    assertThat(report.ok()).isTrue();
    assertThat(report.findings())
        .extracting(Finding::code)
        .containsExactly(
            DiagnosisCode.OK, DiagnosisCode.INSECURE_REGISTRY, DiagnosisCode.MUTABLE_TAG);
    assertThat(commands(report.finding(DiagnosisCode.MUTABLE_TAG).orElseThrow()))
        .containsExactly("docker pull " + hostPort + "/team/app@" + DIGEST);
  }

  @Test
  void aLaterReportOnTheSameRegistryStandsOnItsOwnAndSaysWhatWasReused() {
    // Review item, session 14: later reports showed "connect 0.0ms, ping 0.0ms" for the ping the
    // first check made, and the CLI printed the loopback note only once.
    enqueue(ping(), manifest(), manifest());

    Report first = check("team/app:1.0");
    Report second = check("team/app:2.0");

    assertThat(server.getRequestCount()).as("the ping is shared").isEqualTo(3);
    assertThat(first.toText(false)).contains("connect ").doesNotContain("reused");
    assertThat(second.toText(false))
        .contains("connect reused", "ping reused")
        .doesNotContain("connect 0.0ms", "ping 0.0ms");
    for (Report report : List.of(first, second)) {
      assertThat(report.toText(false).lines().filter(line -> line.startsWith("  Note: ")))
          .singleElement()
          .asString()
          .contains("loopback");
    }
    doctor(builder -> builder.locale(Locale.SIMPLIFIED_CHINESE));
    enqueue(ping(), manifest(), manifest());
    check("team/app:1.0");
    assertThat(check("team/app:2.0").toText(false)).contains("connect 复用", "ping 复用");
  }

  @Test
  void invalidReferenceIsReportedWithoutTraffic() {
    Report report = doctor.check("Shop/Web:1.4");

    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.INVALID_REFERENCE);
    assertThat(report.verdict().summary()).contains("lowercase");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void referenceWithPastedPasswordIsInvalidAndNeverShowsIt() {
    Report report = doctor.check("https://alice:CanaryRef2@" + hostPort + "/team/app:1.0");

    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.INVALID_REFERENCE);
    assertThat(report.verdict().summary())
        .contains("credentials (user:password@) do not belong in an image reference");
    assertThat(report.input()).isEqualTo("https://alice:<redacted>@" + hostPort + "/team/app:1.0");
    assertThat(report.toString()).doesNotContain("CanaryRef2").contains("alice:<redacted>@");
    assertThat(report.toJson()).doesNotContain("CanaryRef2");
    assertThat(server.getRequestCount()).isZero();
  }

  @Nested
  class ReachingTheRegistry {
    @Test
    void unresolvableHostIsDnsFailure() {
      Report report = doctor.check("registry.nowhere.invalid/shop/web:1.4");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.DNS_FAILURE);
      assertThat(commands(report.verdict())).contains("nslookup registry.nowhere.invalid");
    }

    @Test
    void closedPortIsConnectionRefused() throws Exception {
      try (FaultEndpoint closed = LoopbackFaults.closedPort()) {
        Report report = doctor.check(closed.hostPort() + "/shop/web:1.4");

        assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
        assertThat(commands(report.verdict()))
            .contains("curl -v https://" + closed.hostPort() + "/v2/");
      }
    }

    @Test
    void fullBacklogIsConnectTimeout() throws Exception {
      doctor(builder -> builder.timeout(Duration.ofMillis(800)));
      try (FaultEndpoint blackHole = LoopbackFaults.fullBacklog()) {
        Report report = doctor.check(blackHole.hostPort() + "/shop/web:1.4");

        assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.CONNECT_TIMEOUT);
        assertThat(commands(report.verdict()))
            .contains("curl -v --connect-timeout 10 https://" + blackHole.hostPort() + "/v2/");
      }
    }

    @Test
    void stalledRegistryIsResponseTimeout() {
      doctor(builder -> builder.timeout(Duration.ofMillis(500)));
      enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

      assertThat(check("team/app:1.0").verdict().code()).isEqualTo(DiagnosisCode.RESPONSE_TIMEOUT);
    }

    @Test
    void resetConnectionIsConnectionReset() throws Exception {
      try (FaultEndpoint reset = LoopbackFaults.reset()) {
        Report report =
            doctor(builder -> builder.plainHttpRegistry(reset.hostPort()))
                .check(reset.hostPort() + "/shop/web:1.4");

        assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.CONNECTION_RESET);
      }
    }

    @Test
    void deadProxyIsProxyFailure() throws Exception {
      try (FaultEndpoint closed = LoopbackFaults.closedPort()) {
        doctor(builder -> builder.proxy(java.net.URI.create("http://" + closed.hostPort())));
        enqueue(ping(), manifest());

        assertThat(check("team/app:1.0").verdict().code()).isEqualTo(DiagnosisCode.PROXY_FAILURE);
      }
    }

    @Test
    void htmlPortalIsNotARegistry() {
      enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "text/html")
              .body("<html>Wi-Fi login</html>")
              .build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.NOT_A_REGISTRY);
      assertThat(report.verdict().evidence())
          .anySatisfy(line -> assertThat(line).contains("Wi-Fi login"));
    }

    @Test
    void serverErrorIsRegistryUnavailable() {
      enqueue(registry(500).build(), registry(500).build(), registry(500).build());

      assertThat(check("team/app:1.0").verdict().code())
          .isEqualTo(DiagnosisCode.REGISTRY_UNAVAILABLE);
    }

    @Test
    void failingAndThrottlingRegistriesAreSummedUpOnceWithTheAnswerAsEvidence() {
      // Review item, session 14 (demo scenarios 16 and 17): "The registry h is failing: h
      // answered 503 to /v2/: the registry is failing".
      enqueue(registry(503).build(), registry(503).build(), registry(503).build());
      Report failing = check("team/app:1.0");
      doctor(builder -> builder); // a fresh doctor: the failing ping is not reused
      enqueue(ping(), registry(429).addHeader("Retry-After", "3600").build());
      Report throttled = check("team/app:2.0");

      assertThat(failing.verdict().summary())
          .isEqualTo("The registry " + hostPort + " is failing: it answers with a server error");
      assertThat(failing.toText(false))
          .contains("    " + hostPort + " answered 503 to /v2/: the registry is failing");
      assertThat(throttled.verdict().summary())
          .isEqualTo(hostPort + " is throttling pulls (HTTP 429)");
      assertThat(throttled.toText(false))
          .contains("    " + hostPort + " is rate limiting pulls (429); retry after 3600 s");
      for (Report report : List.of(failing, throttled)) {
        String summary = report.verdict().summary();
        assertThat(summary.indexOf(hostPort)).isEqualTo(summary.lastIndexOf(hostPort));
      }
    }

    @Test
    void throttlingIsRateLimited() {
      MockResponse limited = registry(429).addHeader("Retry-After", "3600").build();
      enqueue(ping(), limited);

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.RATE_LIMITED);
      assertThat(report.verdict().evidence()).contains("Retry-After: 3600");
      assertThat(commands(report.verdict())).contains("docker login 127.0.0.1:" + server.getPort());
    }

    @Test
    void throttledPingNamesWhenTheWindowResets() {
      // Review 15, finding 9: a 429 on /v2/ (a proxy, Harbor or Nexus limiting every request)
      // kept Retry-After only as a raw header; the step said "when the registry allows again".
      enqueue(
          registry(429)
              .addHeader("Retry-After", "120")
              .addHeader("RateLimit-Limit", "100;w=21600")
              .addHeader("RateLimit-Remaining", "0;w=21600")
              .body("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}")
              .build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.RATE_LIMITED);
      assertThat(report.probe().rateLimit()).isNotNull();
      assertThat(report.probe().rateLimit().retryAfter()).isEqualTo(Duration.ofSeconds(120));
      assertThat(report.probe().rateLimit().remaining()).isZero();
      assertThat(report.verdict().evidence())
          .contains(hostPort + " is rate limiting requests (429); retry after 120 s")
          .contains("Retry-After: 120 s");
      assertThat(report.verdict().remediation())
          .anySatisfy(
              remedy ->
                  assertThat(remedy.text())
                      .startsWith("Wait until the window resets before retrying (at ")
                      .contains("(in 120 s))"));
      assertThat(report.verdict().remediation())
          .noneSatisfy(remedy -> assertThat(remedy.text()).contains("when the registry allows"));
    }

    @Test
    void lowRemainingPullsWarn() {
      enqueue(
          ping(),
          manifest()
              .newBuilder()
              .addHeader("ratelimit-limit", "100;w=21600")
              .addHeader("ratelimit-remaining", "2;w=21600")
              .build());

      Report report = check("team/app:1.0");

      assertThat(report.ok()).isTrue();
      assertThat(report.finding(DiagnosisCode.RATE_LIMIT_LOW).orElseThrow().summary())
          .contains("2 of 100");
    }

    @Test
    void httpsPortSpokenToInPlainHttpIsHttpsRequired() {
      enqueue(
          new MockResponse.Builder()
              .code(400)
              .body("Client sent an HTTP request to an HTTPS server.")
              .build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.HTTPS_REQUIRED);
      assertThat(commands(report.verdict())).contains("curl -v https://" + hostPort + "/v2/");
    }
  }

  @Nested
  class Authentication {
    @Test
    void anonymousOnPrivateRepositoryIsAuthRequired() {
      enqueue(
          bearer(),
          token(jwt("[]")),
          registry(401)
              .addHeader(
                  "WWW-Authenticate",
                  "Bearer realm=\"http://"
                      + hostPort
                      + "/token\",service=\"test\",scope=\"repository:team/app:pull\",error=\"insufficient_scope\"")
              .build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(commands(report.verdict())).contains("docker login " + hostPort);
    }

    @Test
    void nearMissesAreEvidenceForAuthRequired() {
      doctor(
          builder ->
              builder.credentials(
                  (registry, repository) ->
                      new CredentialLookup(
                          null,
                          null,
                          List.of("config.json auths"),
                          List.of("config.json auths has \"127.0.0.1\" (port differs)"),
                          List.of())));
      enqueue(
          registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build(),
          registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(report.verdict().evidence())
          .contains("near miss: config.json auths has \"127.0.0.1\" (port differs)");
    }

    @Test
    void rejectedCredentialsAreAuthInvalid() {
      doctor(builder -> builder.credentials("alice", "wrong"));
      enqueue(
          bearer(),
          new MockResponse.Builder()
              .code(401)
              .body("{\"details\":\"incorrect username or password\"}")
              .build(),
          bearer(),
          token(jwt("[]")),
          registry(401).build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
      // Issue 17: a password passed on the command line is fixed by passing the right one, not
      // by docker logout/login (which touches a file this run did not read).
      assertThat(report.verdict().summary())
          .isEqualTo(hostPort + " rejected the user name and password given for user alice");
      assertThat(commands(report.verdict()))
          .containsExactly("docker login " + hostPort + " --username alice --password-stdin")
          .noneMatch(command -> command.contains("logout"));
      assertThat(report.toText(false)).contains("Credentials: explicit credentials (user alice)");
    }

    @Test
    void anonymousComparisonSharesTheDiagnosisDeadline() {
      // Issue 12: the comparison used to get a fresh deadline (6.1 s under --timeout 3s).
      Duration deadline = Duration.ofMillis(1200);
      doctor(builder -> builder.credentials("alice", "expired").timeout(deadline));
      enqueue(
          bearer(),
          new MockResponse.Builder().code(401).build(),
          new MockResponse.Builder()
              .onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE)
              .build());

      long start = System.nanoTime();
      Report report = check("team/app:1.0");
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
      assertThat(server.getRequestCount()).isEqualTo(3); // the comparison did run
      // its timeout within what was left is the budget's, not an answer to compare with
      assertThat(report.verdict().evidence())
          .anySatisfy(
              line ->
                  assertThat(line).startsWith("anonymous comparison inconclusive: it timed out"))
          .noneSatisfy(line -> assertThat(line).startsWith("anonymous attempt: "));
      // Generous for a loaded machine, yet well under the two deadlines a fresh one would take.
      assertThat(elapsed).isLessThan(deadline.plusMillis(700));
    }

    @Test
    void staleCredentialsBreakingAPublicPullAreCalledOut() {
      doctor(builder -> builder.credentials("alice", "expired"));
      enqueue(
          bearer(),
          new MockResponse.Builder().code(401).build(),
          token(jwt("[{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\"]}]")),
          manifest());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
      assertThat(report.verdict().evidence())
          .anySatisfy(line -> assertThat(line).contains("anonymous pull of the same image works"));
    }

    @Test
    void tokenWithoutGrantForExistingRepositoryIsAccessDenied() {
      doctor(builder -> builder.credentials("bob", "pw"));
      MockResponse insufficient =
          registry(401)
              .addHeader(
                  "WWW-Authenticate",
                  "Bearer realm=\"http://"
                      + hostPort
                      + "/token\",service=\"test\",scope=\"repository:team/app:pull\",error=\"insufficient_scope\"")
              .build();
      // authenticated try, then the anonymous comparison (cached ping): token, manifest 401
      enqueue(bearer(), token(jwt("[]")), insufficient, token(jwt("[]")), insufficient);

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
      assertThat(report.verdict().evidence())
          .anySatisfy(line -> assertThat(line).startsWith("anonymous attempt: AUTH_REQUIRED"));
    }

    @Test
    void deniedRepositoryThatAnonymousSeesMissingIsRepositoryNotFound() {
      doctor(builder -> builder.credentials("bob", "pw"));
      MockResponse insufficient =
          registry(401)
              .addHeader(
                  "WWW-Authenticate",
                  "Bearer realm=\"http://"
                      + hostPort
                      + "/token\",service=\"test\",error=\"insufficient_scope\"")
              .build();
      enqueue(
          bearer(),
          token(jwt("[]")),
          insufficient,
          token(jwt("[{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\"]}]")),
          registry(404).build(),
          registry(404)
              .body(
                  "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}")
              .build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.REPOSITORY_NOT_FOUND);
    }

    @Test
    void brokenTokenServiceIsTokenServiceFailed() {
      enqueue(
          bearer(),
          new MockResponse.Builder().code(503).build(),
          new MockResponse.Builder().code(503).build(),
          new MockResponse.Builder().code(503).build());

      assertThat(check("team/app:1.0").verdict().code())
          .isEqualTo(DiagnosisCode.TOKEN_SERVICE_FAILED);
    }

    @Test
    void unreachableTokenServiceAdviceCurlsTheRealmWithServiceAndScope() throws Exception {
      String realm;
      Report report;
      try (FaultEndpoint closed = LoopbackFaults.closedPort()) {
        realm = "http://" + closed.hostPort() + "/token";
        enqueue(
            registry(401)
                .addHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"test\"")
                .build());

        report = check("team/app:1.0");
      }

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.TOKEN_SERVICE_FAILED);
      assertThat(commands(report.verdict()))
          .contains("curl -v '" + realm + "?service=test&scope=repository:team/app:pull'")
          .noneMatch(command -> command.contains(hostPort));
    }

    @Test
    void failingCredentialHelperComesFirst() {
      doctor(
          builder ->
              builder.credentials(
                  (registry, repository) ->
                      new CredentialLookup(
                          null,
                          null,
                          List.of("credsStore desktop"),
                          List.of(),
                          List.of(
                              new CredentialProblem(
                                  CredentialProblem.Kind.HELPER_FAILED,
                                  "credsStore desktop",
                                  "docker-credential-desktop: executable file not found in $PATH")))));
      enqueue(
          registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build(),
          registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build());

      Report report = check("team/app:1.0");

      assertThat(report.findings())
          .extracting(Finding::code)
          .startsWith(DiagnosisCode.CREDENTIAL_HELPER_FAILED, DiagnosisCode.AUTH_REQUIRED);
      assertThat(commands(report.verdict())).contains("command -v docker-credential-desktop");
    }
  }

  @Nested
  class TheImage {
    @Test
    void missingRepositoryIsRepositoryNotFound() {
      enqueue(
          ping(),
          registry(404).build(),
          registry(404)
              .body(
                  "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}")
              .build());

      Report report = check("team/nope:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.REPOSITORY_NOT_FOUND);
      assertThat(report.verdict().summary())
          .isEqualTo("The repository team/nope does not exist on " + hostPort);
    }

    @Test
    void missingTagIsManifestNotFoundWithClosestTags() {
      enqueue(
          ping(),
          registry(404).build(),
          registry(200).body("{\"tags\":[\"1.4.1\",\"1.4.2\",\"2.0\"]}").build());

      Report report = check("team/app:1.4");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
      assertThat(report.verdict().remediation().get(0).text()).endsWith("1.4.1, 1.4.2, 2.0");
      assertThat(commands(report.verdict()))
          .contains("skopeo list-tags docker://" + hostPort + "/team/app");
    }

    @Test
    void deniedRepositoryIsAccessDenied() {
      enqueue(ping(), registry(403).build());

      assertThat(check("team/app:1.0").verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
    }

    @Test
    void missingPlatformIsPlatformMismatch() {
      doctor(builder -> builder.platform("linux/arm64"));
      String index =
          "{\"manifests\":[{\"digest\":\"sha256:"
              + "11".repeat(32)
              + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
      enqueue(
          ping(),
          registry(200)
              .addHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
              .addHeader("Docker-Content-Digest", DIGEST)
              .build(),
          registry(200)
              .addHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
              .body(index)
              .build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.PLATFORM_MISMATCH);
      assertThat(commands(report.verdict()))
          .contains("docker pull --platform linux/amd64 " + hostPort + "/team/app:1.0");
    }
  }

  /** Review defect 4: a single-platform image was OK for any requested platform. */
  @Nested
  class SinglePlatformImage {
    final String configDigest = "sha256:" + "ab".repeat(32);

    MockResponse imageManifest() {
      return registry(200)
          .addHeader("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
          .addHeader("Docker-Content-Digest", DIGEST)
          .body(
              "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                  + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                  + "\"size\":60,\"digest\":\""
                  + configDigest
                  + "\"},\"layers\":[]}")
          .build();
    }

    MockResponse config(String platformFields) {
      return registry(200).body("{" + platformFields + ",\"rootfs\":{}}").build();
    }

    @Test
    void requestedPlatformOtherThanTheConfigsIsPlatformMismatch() throws Exception {
      doctor(builder -> builder.platform("linux/arm64"));
      enqueue(
          ping(),
          manifest(),
          imageManifest(),
          config("\"architecture\":\"amd64\",\"os\":\"linux\""));

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.PLATFORM_MISMATCH);
      assertThat(report.verdict().summary()).contains("linux/amd64").contains("linux/arm64");
      assertThat(report.steps())
          .anySatisfy(
              step -> {
                assertThat(step.name()).isEqualTo(dev.regdoctor.probe.StepName.PLATFORM);
                assertThat(step.status()).isEqualTo(dev.regdoctor.probe.StepStatus.FAILED);
              });
      server.takeRequest();
      server.takeRequest();
      assertThat(server.takeRequest().getTarget()).endsWith("/manifests/" + DIGEST);
      assertThat(server.takeRequest().getTarget()).endsWith("/blobs/" + configDigest);
    }

    @Test
    void requestedArm64MatchesAConfigSayingArm64V8() {
      doctor(builder -> builder.platform("linux/arm64"));
      enqueue(
          ping(),
          manifest(),
          imageManifest(),
          config("\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\""));

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
      assertThat(report.steps())
          .anySatisfy(
              step -> {
                assertThat(step.name()).isEqualTo(dev.regdoctor.probe.StepName.PLATFORM);
                assertThat(step.status()).isEqualTo(dev.regdoctor.probe.StepStatus.OK);
              });
    }

    @Test
    void unreadableConfigSaysThePlatformWasNotVerified() {
      doctor(builder -> builder.platform("linux/arm64"));
      enqueue(ping(), manifest(), imageManifest(), registry(404).build());

      Report report = check("team/app:1.0");

      assertThat(report.steps())
          .anySatisfy(
              step -> {
                assertThat(step.name()).isEqualTo(dev.regdoctor.probe.StepName.PLATFORM);
                assertThat(step.detail()).contains("not verified");
              });
    }

    @Test
    void noRequestedPlatformCostsNoExtraRequests() {
      enqueue(ping(), manifest());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
      assertThat(report.requests()).isEqualTo(2);
    }
  }

  /** The review's manifests (Secrets regcred, other, opaque; Deployment web; Pod p3). */
  static String reviewManifests(String registry) throws java.io.IOException {
    try (java.io.InputStream in =
        RegistryDoctorTest.class.getResourceAsStream("/kubernetes/review/shop.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("REGISTRY", registry);
    }
  }

  @Test
  void chineseReportsCarryTheSameCommands() {
    doctor(builder -> builder.locale(Locale.SIMPLIFIED_CHINESE));
    enqueue(ping(), registry(404).build(), registry(200).body("{\"tags\":[\"1.4.1\"]}").build());

    Report report = check("team/app:1.4");

    assertThat(report.verdict().summary()).isEqualTo(hostPort + " 上存在 team/app，但不存在 1.4");
    assertThat(report.toString())
        .contains("处理办法", "skopeo list-tags docker://" + hostPort + "/team/app");
  }

  @Test
  void secretsNeverReachReports() {
    String canary = "canary-Pa55w0rd!";
    doctor(builder -> builder.credentials(Credential.of("user", canary)));
    enqueue(
        registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build(),
        registry(401)
            .addHeader("WWW-Authenticate", "Basic realm=\"r\"")
            .body("bad password " + canary)
            .build());

    Report report = check("team/app:1.0");

    String basic =
        Base64.getEncoder().encodeToString(("user:" + canary).getBytes(StandardCharsets.UTF_8));
    for (String text :
        List.of(
            report.toString(),
            report.toJson(),
            report.findings().toString(),
            report.probe().toString())) {
      assertThat(text).doesNotContain(canary).doesNotContain(basic);
    }
  }

  @Test
  void manyImagesAreCheckedConcurrentlyInInputOrder() {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return request.getTarget().equals("/v2/") ? ping() : manifest();
          }
        });
    List<String> images =
        java.util.stream.IntStream.range(0, 20).mapToObj(i -> hostPort + "/team/app:" + i).toList();

    List<Report> reports = doctor.checkAll(images);

    assertThat(reports).extracting(Report::input).containsExactlyElementsOf(images);
    assertThat(reports).allMatch(Report::ok);
    assertThat(server.getRequestCount()).isEqualTo(21);
  }

  @Nested
  class LocalConfiguration {
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

    @Test
    void dockerConfigCredentialsAreUsedAndNamed() throws Exception {
      String auth = Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
      java.nio.file.Files.writeString(
          dir.resolve("config.json"),
          "{\"auths\":{\"" + hostPort + "\":{\"auth\":\"" + auth + "\"}}}");
      doctor(builder -> builder.dockerConfig(dir));
      enqueue(registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build(), manifest());

      Report report = check("team/app:1.0");

      assertThat(report.ok()).isTrue();
      assertThat(report.credentialSource())
          .hasValueSatisfying(source -> assertThat(source).contains(hostPort));
    }

    @Test
    void brokenDockerConfigIsConfigInvalid() throws Exception {
      java.nio.file.Files.writeString(
          dir.resolve("config.json"), "{\"auths\": {\"x\": {\"auth\": \"%%%\"}}");
      doctor(builder -> builder.dockerConfig(dir));
      enqueue(
          registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build(),
          registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build());

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.CONFIG_INVALID);
      assertThat(report.verdict().summary()).contains("config.json");
    }

    @Test
    void everyStepThatUsesTheDockerConfigNamesTheGivenDirectory() throws Exception {
      // Review item, session 14: CONFIG_INVALID said "docker login HOST", which writes
      // ~/.docker/config.json, not the directory given with --docker-config.
      java.nio.file.Files.writeString(
          dir.resolve("config.json"),
          "{\"auths\":{\"" + hostPort + "\":{\"auth\":\"notbase64!!\"}}}");
      doctor(builder -> builder.dockerConfig(dir));
      enqueue(
          ping(),
          registry(404).build(),
          registry(404)
              .body(
                  "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}")
              .build());

      Report report = check("team/app:1.0");

      String login = "docker --config " + dir + " login " + hostPort;
      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.CONFIG_INVALID);
      assertThat(commands(report.verdict())).containsExactly(login);
      assertThat(commands(report.finding(DiagnosisCode.REPOSITORY_NOT_FOUND).orElseThrow()))
          .containsExactly(login);
      assertThat(report.toText(false))
          .doesNotContain("docker login")
          .doesNotContain("~/.docker")
          .contains(dir.resolve("config.json").toString());
    }

    @Test
    void daemonJsonInsecureRegistriesApply() throws Exception {
      java.nio.file.Path daemon = dir.resolve("daemon.json");
      java.nio.file.Files.writeString(
          daemon, "{\"insecure-registries\": [\"registry.example.test:5000\"]}");
      doctor(builder -> builder.daemonJson(daemon));

      assertThat(doctor).isNotNull();
    }

    /**
     * ProbeSettings.Builder now checks insecure-registry entries against the reference grammar;
     * dockerd takes a few that no image can name (port 0; a bare IPv6 address is fine for both),
     * and such a daemon.json must still load.
     */
    @Test
    void daemonJsonEntryNoImageCanNameDoesNotStopTheDoctor() throws Exception {
      java.nio.file.Path daemon = dir.resolve("daemon.json");
      java.nio.file.Files.writeString(
          daemon, "{\"insecure-registries\": [\"registry.example.test:0\", \"fd00::1\"]}");

      RegistryDoctor loaded = doctor(builder -> builder.daemonJson(daemon));

      assertThat(loaded).isNotNull();
    }

    /**
     * Review defect 7: an Opaque secret beside the pull secret made a JSON CONFIG_INVALID verdict
     * ("python3 -m json.tool secret shop/opaque") and hid the real AUTH_INVALID.
     */
    @Test
    void opaqueSecretBesideARejectedPullSecretIsANoteAndTheFixNamesSecretAndNamespace()
        throws Exception {
      java.nio.file.Path secrets = dir.resolve("shop.yaml");
      java.nio.file.Files.writeString(secrets, reviewManifests(hostPort));
      doctor(builder -> builder.kubernetesSecrets(secrets));
      server.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
              return registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build();
            }
          });

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
      assertThat(report.verdict().summary()).contains("shop/regcred");
      assertThat(commands(report.verdict()))
          .anySatisfy(
              command ->
                  assertThat(command)
                      .startsWith(
                          "kubectl create secret docker-registry regcred -n shop --docker-server="
                              + hostPort));
      assertThat(report.findings())
          .noneMatch(finding -> finding.code() == DiagnosisCode.CONFIG_INVALID)
          .anySatisfy(
              finding -> {
                assertThat(finding.code()).isEqualTo(DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE);
                assertThat(finding.severity()).isEqualTo(Severity.INFO);
                assertThat(finding.summary()).contains("opaque").contains("shop");
              });
      assertThat(report.toText(false)).doesNotContain("json.tool");
    }

    @Test
    void kubernetesSecretCredentialsAreUsed() throws Exception {
      String auth = Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
      String config =
          Base64.getEncoder()
              .encodeToString(
                  ("{\"auths\":{\"" + hostPort + "\":{\"auth\":\"" + auth + "\"}}}")
                      .getBytes(StandardCharsets.UTF_8));
      java.nio.file.Path secret = dir.resolve("secret.yaml");
      java.nio.file.Files.writeString(
          secret,
          "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\n  namespace: shop\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: "
              + config
              + "\n");
      doctor(builder -> builder.kubernetesSecrets(secret));
      enqueue(registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build(), manifest());

      Report report = check("team/app:1.0");

      assertThat(report.ok()).isTrue();
      assertThat(report.credentialSource())
          .hasValueSatisfying(source -> assertThat(source).contains("shop/pull"));
    }

    private String pullSecret(String name, String auth) {
      String config =
          Base64.getEncoder()
              .encodeToString(
                  ("{\"auths\":{\"" + hostPort + "\":{\"auth\":\"" + auth + "\"}}}")
                      .getBytes(StandardCharsets.UTF_8));
      return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: "
          + name
          + "\n  namespace: shop\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: "
          + config
          + "\n";
    }

    /**
     * Review 15, finding 8: beside an undecodable secret, AUTH_REQUIRED said that no pull secret
     * had an entry, and sent the user to create one, while two matched.
     */
    @Test
    void matchingSecretsBesideAnUndecodableOneAreNamedNotRecreated() throws Exception {
      String good = Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
      String bad = Base64.getEncoder().encodeToString("bob-pw".getBytes(StandardCharsets.UTF_8));
      java.nio.file.Path secrets = dir.resolve("secrets.yaml");
      java.nio.file.Files.writeString(
          secrets, pullSecret("good", good) + "---\n" + pullSecret("badauth", bad));
      doctor(builder -> builder.kubernetesSecrets(secrets));
      server.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
              return registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build();
            }
          });

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.K8S_PULL_SECRET_MALFORMED);
      Finding auth = report.finding(DiagnosisCode.AUTH_REQUIRED).orElseThrow();
      assertThat(auth.summary())
          .contains("pull secrets match it")
          .contains("shop/badauth")
          .doesNotContain("no pull secret");
      assertThat(auth.evidence()).anySatisfy(line -> assertThat(line).contains("shop/good"));
      assertThat(commands(auth)).isEmpty();
      assertThat(auth.remediation())
          .anySatisfy(remedy -> assertThat(remedy.text()).contains("shop/good \"" + hostPort));
      assertThat(report.toText(false)).doesNotContain("kubectl create secret docker-registry <");
    }

    @Test
    void secretsFileWithoutASecretIsNotOfferedForChecking() throws Exception {
      java.nio.file.Path pod = dir.resolve("pod.yaml");
      java.nio.file.Files.writeString(
          pod, "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: []\n");
      doctor(builder -> builder.kubernetesSecrets(pod));
      server.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
              return registry(401).addHeader("WWW-Authenticate", "Basic realm=\"r\"").build();
            }
          });

      Report report = check("team/app:1.0");

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(report.verdict().remediation())
          .isNotEmpty()
          .noneSatisfy(remedy -> assertThat(remedy.text()).contains("existing secrets"));
      assertThat(report.findings())
          .anySatisfy(finding -> assertThat(finding.code()).isEqualTo(DiagnosisCode.INPUT_IGNORED));
    }
  }

  @Test
  void untrustedCertificateSaysWhatTheRuntimeWouldTrust(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path roots) throws Exception {
    java.nio.file.Path docker = roots.resolve("docker");
    java.nio.file.Path containerd = roots.resolve("containerd");
    java.nio.file.Files.createDirectories(docker.resolve("registry.example.test:5443"));
    java.nio.file.Files.writeString(
        docker.resolve("registry.example.test:5443/ca.crt"), "-----BEGIN CERTIFICATE-----\n");
    Diagnoser diagnoser =
        new Diagnoser(
            Catalogue.forLocale(Locale.ENGLISH),
            new dev.regdoctor.endpoint.CertificateDirectories(docker, containerd));
    dev.regdoctor.probe.ProbeResult untrusted =
        new dev.regdoctor.probe.ProbeResult(
            "x",
            dev.regdoctor.reference.ImageReference.parse("registry.example.test:5443/shop/web:1.4"),
            new dev.regdoctor.endpoint.RegistryEndpoint("https", "registry.example.test", 5443),
            dev.regdoctor.reference.Platform.DEFAULT,
            List.of(),
            List.of(
                new dev.regdoctor.probe.Failure(
                    dev.regdoctor.probe.FailureKind.TLS_UNTRUSTED,
                    dev.regdoctor.probe.StepName.PING,
                    "the certificate of registry.example.test:5443 is not trusted",
                    List.of(),
                    null)),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            List.of(),
            List.of(),
            true,
            List.of(),
            1,
            Duration.ofMillis(5),
            null);

    Finding finding = diagnoser.diagnose(untrusted, () -> null).get(0);

    assertThat(finding.code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
    assertThat(finding.evidence())
        .anySatisfy(
            line -> assertThat(line).contains("registry.example.test:5443/ca.crt", "--ca-file"));
    assertThat(
            new Diagnoser(
                    Catalogue.forLocale(Locale.ENGLISH),
                    new dev.regdoctor.endpoint.CertificateDirectories(containerd, containerd))
                .diagnose(untrusted, () -> null)
                .get(0)
                .evidence())
        .anySatisfy(line -> assertThat(line).contains("trust only the system CA bundle"));
  }

  @Test
  void explainsPastedTextInTheDoctorsLanguage() {
    Explanation english = doctor.explainText("x509: certificate signed by unknown authority");
    Explanation chinese =
        doctor(builder -> builder.locale(Locale.SIMPLIFIED_CHINESE))
            .explainText("x509: certificate signed by unknown authority");

    assertThat(english.verdict().code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
    assertThat(chinese.verdict().summary()).isNotEqualTo(english.verdict().summary());
    assertThat(
            RegistryDoctor.explain("dial tcp: lookup registry.example.invalid: no such host")
                .verdict()
                .code())
        .isEqualTo(DiagnosisCode.DNS_FAILURE);
  }

  @Test
  void checkEachStreamsEveryReportOneAtATime() {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return request.getTarget().equals("/v2/") ? ping() : manifest();
          }
        });
    List<String> images =
        java.util.stream.IntStream.range(0, 40).mapToObj(i -> hostPort + "/team/app:" + i).toList();
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger inside =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger overlaps =
        new java.util.concurrent.atomic.AtomicInteger();

    doctor.checkEach(
        images,
        report -> {
          if (inside.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          assertThat(report.ok()).isTrue();
          seen.add(report.input());
          inside.decrementAndGet();
        });

    assertThat(seen).containsExactlyInAnyOrderElementsOf(images);
    assertThat(overlaps).hasValue(0);
    assertThat(server.getRequestCount()).isEqualTo(41);
  }

  @Test
  void credentialResolverIsConsultedPerImage() {
    java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    doctor(
        builder ->
            builder.credentials(
                (CredentialResolver)
                    (registry, repository) -> {
                      asked.add(registry + "/" + repository);
                      return CredentialLookup.anonymous();
                    }));
    enqueue(ping(), manifest());

    check("team/app:1.0");

    assertThat(asked).containsExactly(hostPort + "/team/app");
  }
}
