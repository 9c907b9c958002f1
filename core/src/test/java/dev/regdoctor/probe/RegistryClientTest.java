package dev.regdoctor.probe;

import static dev.regdoctor.probe.MockRegistry.DIGEST;
import static dev.regdoctor.probe.MockRegistry.basicChallenge;
import static dev.regdoctor.probe.MockRegistry.bearerChallenge;
import static dev.regdoctor.probe.MockRegistry.error;
import static dev.regdoctor.probe.MockRegistry.manifest;
import static dev.regdoctor.probe.MockRegistry.ok;
import static dev.regdoctor.probe.MockRegistry.registry;
import static dev.regdoctor.probe.MockRegistry.token;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.credentials.Secret;
import dev.regdoctor.internal.http.Digests;
import dev.regdoctor.internal.probe.ManifestMediaTypes;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RegistryClientTest {
  private MockRegistry registry;
  private RegistryClient client;

  @BeforeEach
  void start() throws Exception {
    registry = new MockRegistry();
    client = client(builder -> builder);
  }

  @AfterEach
  void stop() {
    client.close();
    registry.close();
  }

  private RegistryClient client(UnaryOperator<ProbeSettings.Builder> tweak) {
    if (client != null) {
      client.close();
    }
    client =
        RegistryClient.create(
            tweak
                .apply(
                    ProbeSettings.builder()
                        .plainHttpRegistry(registry.hostPort())
                        .timeout(Duration.ofSeconds(5))
                        .maxAttempts(1))
                .build());
    return client;
  }

  private ProbeResult check(String repositoryAndTag) {
    return client.check(registry.image(repositoryAndTag), CredentialResolver.anonymous());
  }

  private ProbeResult check(String repositoryAndTag, Credential credential) {
    return client.check(registry.image(repositoryAndTag), CredentialResolver.explicit(credential));
  }

  private RecordedRequest take() throws InterruptedException {
    return registry.server.takeRequest(5, SECONDS);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Nested
  class Ping {
    @Test
    void anonymousRegistryNeedsTwoRequests() throws Exception {
      registry.enqueue(ok()).enqueue(manifest(ManifestMediaTypes.DOCKER_MANIFEST));

      ProbeResult result = check("team/app:1.0");

      assertThat(result.isOk()).isTrue();
      assertThat(result.requests()).isEqualTo(2);
      assertThat(result.manifest().digest()).isEqualTo(DIGEST);
      assertThat(result.manifest().mediaType()).isEqualTo(ManifestMediaTypes.DOCKER_MANIFEST);
      assertThat(take().getTarget()).isEqualTo("/v2/");
      RecordedRequest head = take();
      assertThat(head.getMethod()).isEqualTo("HEAD");
      assertThat(head.getTarget()).isEqualTo("/v2/team/app/manifests/1.0");
      assertThat(head.getHeaders().get("Accept"))
          .startsWith(ManifestMediaTypes.OCI_INDEX + ", " + ManifestMediaTypes.DOCKER_LIST)
          .contains(ManifestMediaTypes.OCI_MANIFEST, ManifestMediaTypes.DOCKER_MANIFEST);
      assertThat(result.steps())
          .extracting(Step::name)
          .containsExactly(
              StepName.REFERENCE,
              StepName.ENDPOINT,
              StepName.DNS,
              StepName.CONNECT,
              StepName.TLS,
              StepName.PING,
              StepName.CREDENTIALS,
              StepName.AUTH,
              StepName.MANIFEST,
              StepName.PLATFORM);
      assertThat(result.step(StepName.TLS).orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
      assertThat(result.usedPlainHttp()).isTrue();
    }

    @Test
    void htmlPortalOnV2IsNotARegistry() {
      registry.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "text/html; charset=utf-8")
              .body("<html><title>Please log in</title></html>")
              .build());

      ProbeResult result = check("team/app:1.0");

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.NOT_A_REGISTRY);
      assertThat(result.primaryFailure().orElseThrow().evidence())
          .anySatisfy(line -> assertThat(line).contains("Please log in"));
      assertThat(result.requests()).isEqualTo(1);
    }

    @Test
    void notFoundOnV2IsNotARegistry() {
      registry.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build());

      assertThat(check("team/app:1.0").primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.NOT_A_REGISTRY);
    }

    @Test
    void serverErrorIsRegistryUnavailableAfterRetries() {
      client(builder -> builder.maxAttempts(3));
      registry
          .enqueue(registry(503).build())
          .enqueue(registry(503).build())
          .enqueue(registry(503).build());

      ProbeResult result = check("team/app:1.0");

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.REGISTRY_UNAVAILABLE);
      assertThat(result.requests()).isEqualTo(3);
    }

    @Test
    void transientServerErrorIsRetried() {
      client(builder -> builder.maxAttempts(3));
      registry
          .enqueue(registry(502).build())
          .enqueue(ok())
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      ProbeResult result = check("team/app:1.0");

      assertThat(result.isOk()).isTrue();
      assertThat(result.requests()).isEqualTo(3);
    }

    @Test
    void tooManyRequestsWithRetryAfterIsRetriedThenReported() {
      client(builder -> builder.maxAttempts(2));
      MockResponse limited =
          registry(429)
              .addHeader("Retry-After", "1")
              .body(
                  "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit.\"}]}")
              .build();
      registry.enqueue(limited).enqueue(limited);

      ProbeResult result = check("team/app:1.0");

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
      assertThat(failure.evidence()).contains("Retry-After: 1");
      assertThat(failure.summary()).endsWith("is rate limiting requests (429); retry after 1 s");
      assertThat(result.rateLimit().retryAfter()).isEqualTo(java.time.Duration.ofSeconds(1));
      assertThat(result.requests()).isEqualTo(2);
    }

    @Test
    void httpsPortAnsweringPlainHttpIsHttpsRequired() {
      registry.enqueue(
          new MockResponse.Builder()
              .code(400)
              .body("Client sent an HTTP request to an HTTPS server.\n")
              .build());

      assertThat(check("team/app:1.0").primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.HTTPS_REQUIRED);
    }

    @Test
    void secondImageOfSameRegistryReusesThePing() {
      registry
          .enqueue(ok())
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      check("team/app:1.0");
      ProbeResult second = check("team/app:2.0");

      assertThat(second.isOk()).isTrue();
      assertThat(second.requests()).isEqualTo(1);
      assertThat(second.ping().cached()).isTrue();
    }
  }

  @Nested
  class TokenAuth {
    @Test
    void anonymousTokenFlowNeedsThreeRequests() throws Exception {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "test-registry"))
          .enqueue(token("token", "t0ken-value"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      ProbeResult result = check("team/app:1.0");

      assertThat(result.isOk()).isTrue();
      assertThat(result.requests()).isEqualTo(3);
      take();
      RecordedRequest tokenRequest = take();
      assertThat(tokenRequest.getUrl().queryParameter("service")).isEqualTo("test-registry");
      assertThat(tokenRequest.getUrl().queryParameter("scope"))
          .isEqualTo("repository:team/app:pull");
      assertThat(tokenRequest.getHeaders().get("Authorization")).isNull();
      assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer t0ken-value");
      assertThat(result.auth().flow()).isEqualTo("token GET");
      assertThat(result.credentialsSent()).isFalse();
    }

    @Test
    void accessTokenFieldAloneIsAccepted() throws Exception {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(token("access_token", "only-access"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      assertThat(check("team/app:1.0").isOk()).isTrue();
      take();
      take();
      assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer only-access");
    }

    @Test
    void credentialsGoToTheRealmAsBasicWithAccount() throws Exception {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(token("token", "abc"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      ProbeResult result = check("team/app:1.0", Credential.of("alice", "s3cret"));

      assertThat(result.isOk()).isTrue();
      take();
      RecordedRequest tokenRequest = take();
      assertThat(tokenRequest.getHeaders().get("Authorization"))
          .isEqualTo(basic("alice", "s3cret"));
      assertThat(tokenRequest.getUrl().queryParameter("account")).isEqualTo("alice");
      assertThat(result.credentialsSent()).isTrue();
      assertThat(result.auth().credentialsSentTo())
          .containsExactly("http://127.0.0.1:" + registry.server.getPort());
    }

    @Test
    void relativeRealmWithQueryIsResolvedAndMerged() throws Exception {
      registry
          .enqueue(
              registry(401)
                  .addHeader("WWW-Authenticate", "Bearer realm=\"/auth/token?client=x\"")
                  .build())
          .enqueue(token("token", "abc"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      assertThat(check("team/app:1.0").isOk()).isTrue();
      take();
      RecordedRequest tokenRequest = take();
      assertThat(tokenRequest.getUrl().encodedPath()).isEqualTo("/auth/token");
      assertThat(tokenRequest.getUrl().queryParameter("client")).isEqualTo("x");
      assertThat(tokenRequest.getUrl().queryParameter("service")).isNull();
      assertThat(tokenRequest.getUrl().queryParameter("scope"))
          .isEqualTo("repository:team/app:pull");
    }

    @Test
    void realmRejectingCredentialsIsAuthInvalid() {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(
              new MockResponse.Builder()
                  .code(401)
                  .body("{\"details\":\"incorrect username or password\"}")
                  .build());

      ProbeResult result = check("team/app:1.0", Credential.of("alice", "wrong-password"));

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.AUTH_INVALID);
      assertThat(failure.step()).isEqualTo(StepName.AUTH);
      assertThat(result.toString()).doesNotContain("wrong-password");
    }

    @Test
    void anonymousTokenWithoutPullIsAuthRequired() {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(token("token", MockRegistry.jwt("[]")))
          .enqueue(
              registry(401)
                  .addHeader(
                      "WWW-Authenticate",
                      "Bearer realm=\""
                          + registry.url("/token")
                          + "\",service=\"svc\",scope=\"repository:team/app:pull\",error=\"insufficient_scope\"")
                  .build());

      ProbeResult result = check("team/app:1.0");

      assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.AUTH_REQUIRED);
      assertThat(result.auth().granted()).isEmpty();
    }

    @Test
    void authenticatedTokenGrantingNothingIsAccessDenied() {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(
              token(
                  "token",
                  MockRegistry.jwt(
                      "[{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[]}]")))
          .enqueue(
              registry(401)
                  .addHeader(
                      "WWW-Authenticate",
                      "Bearer realm=\""
                          + registry.url("/token")
                          + "\",service=\"svc\",scope=\"repository:team/app:pull\",error=\"insufficient_scope\"")
                  .build());

      ProbeResult result = check("team/app:1.0", Credential.of("bob", "pw"));

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
      assertThat(failure.evidence()).contains("token grants no actions on repository team/app");
    }

    @Test
    void tokenServiceDownIsTokenServiceFailed() {
      registry.enqueue(bearerChallenge("http://127.0.0.1:1/token", "svc"));

      ProbeResult result = check("team/app:1.0");

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.TOKEN_SERVICE_FAILED);
    }

    @Test
    void tokenResponseWithoutTokenIsTokenServiceFailed() {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(new MockResponse.Builder().code(200).body("<html>login</html>").build());

      Failure failure = check("team/app:1.0").primaryFailure().orElseThrow();

      assertThat(failure.kind()).isEqualTo(FailureKind.TOKEN_SERVICE_FAILED);
      assertThat(failure.summary()).contains("not JSON");
    }

    @Test
    void identityTokenUsesOAuthPostAndFallsBackToGetOn404() throws Exception {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(new MockResponse.Builder().code(404).build())
          .enqueue(token("token", "from-get"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      ProbeResult result =
          check("team/app:1.0", new Credential.IdentityToken("carol", Secret.of("refresh-abc")));

      assertThat(result.isOk()).isTrue();
      take();
      RecordedRequest post = take();
      assertThat(post.getMethod()).isEqualTo("POST");
      String form = post.getBody().utf8();
      assertThat(form)
          .contains(
              "grant_type=refresh_token",
              "refresh_token=refresh-abc",
              "service=svc",
              "client_id=regdoctor",
              "scope=repository%3Ateam%2Fapp%3Apull");
      RecordedRequest get = take();
      assertThat(get.getMethod()).isEqualTo("GET");
      assertThat(get.getHeaders().get("Authorization")).isEqualTo(basic("carol", "refresh-abc"));
      assertThat(result.notes()).anySatisfy(note -> assertThat(note).contains("retried with GET"));
    }

    @Test
    void registryTokenIsSentAsBearerWithoutExchange() throws Exception {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      ProbeResult result =
          check("team/app:1.0", new Credential.RegistryToken(Secret.of("registry-bearer")));

      assertThat(result.isOk()).isTrue();
      assertThat(result.requests()).isEqualTo(2);
      take();
      assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer registry-bearer");
    }

    @Test
    void secondImageOfSameRepositoryReusesPingAndToken() {
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(token("token", "abc"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      check("team/app:1.0");
      ProbeResult second = check("team/app:1.1");

      assertThat(second.isOk()).isTrue();
      assertThat(second.requests()).isEqualTo(1);
      assertThat(second.auth().flow()).isEqualTo("cached");
    }

    /**
     * Answers by path: the challenge on /v2/, {@code tokens} in turn on /token, a manifest
     * otherwise.
     */
    private java.util.concurrent.atomic.AtomicInteger dispatchTokens(MockResponse... tokens) {
      java.util.concurrent.atomic.AtomicInteger tokenRequests =
          new java.util.concurrent.atomic.AtomicInteger();
      registry.server.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String path = request.getUrl().encodedPath();
              if (path.equals("/v2/")) {
                return bearerChallenge(registry.url("/token"), "svc");
              }
              if (path.equals("/token")) {
                int index = tokenRequests.getAndIncrement();
                return tokens[Math.min(index, tokens.length - 1)];
              }
              return manifest(ManifestMediaTypes.OCI_MANIFEST);
            }
          });
      return tokenRequests;
    }

    private java.util.List<ProbeResult> checkConcurrently(int threads) throws Exception {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      try {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<ProbeResult>> futures =
            new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
          String tag = "1." + i;
          futures.add(
              pool.submit(
                  () -> {
                    go.await();
                    return check("team/app:" + tag);
                  }));
        }
        go.countDown();
        java.util.List<ProbeResult> results = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<ProbeResult> future : futures) {
          results.add(future.get());
        }
        return results;
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void concurrentChecksOfOneRepositoryShareOneTokenRequest() throws Exception {
      // Each check used to miss the cache and fetch its own token: 6 checks, up to 6 token
      // requests.
      java.util.concurrent.atomic.AtomicInteger tokenRequests =
          dispatchTokens(
              token("token", "shared")
                  .newBuilder()
                  .headersDelay(300, java.util.concurrent.TimeUnit.MILLISECONDS)
                  .build());

      java.util.List<ProbeResult> results = checkConcurrently(6);

      assertThat(results)
          .allSatisfy(result -> assertThat(result.isOk()).as("%s", result.failures()).isTrue());
      assertThat(tokenRequests.get()).isEqualTo(1);
      assertThat(results).filteredOn(result -> result.auth().flow().equals("cached")).hasSize(5);
    }

    @Test
    void waitingChecksFetchThemselvesWhenTheFirstFetchFails() throws Exception {
      java.util.concurrent.atomic.AtomicInteger tokenRequests =
          dispatchTokens(
              new MockResponse.Builder()
                  .code(500)
                  .headersDelay(300, java.util.concurrent.TimeUnit.MILLISECONDS)
                  .build(),
              token("token", "second-try"));

      java.util.List<ProbeResult> results = checkConcurrently(3);

      assertThat(results)
          .filteredOn(result -> !result.isOk())
          .singleElement()
          .satisfies(
              result ->
                  assertThat(result.primaryFailure().orElseThrow().kind())
                      .isEqualTo(FailureKind.TOKEN_SERVICE_FAILED));
      assertThat(results).filteredOn(ProbeResult::isOk).hasSize(2);
      assertThat(tokenRequests.get()).isEqualTo(2);
    }

    @Test
    void absurdTokenLifetimeDoesNotBreakTheNextCheck() {
      // A token server answering expires_in = Long.MAX_VALUE made the cache lookup of the next
      // check throw ArithmeticException out of check(), which must never throw.
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(
              new MockResponse.Builder()
                  .code(200)
                  .body("{\"token\":\"forever\",\"expires_in\":9223372036854775807}")
                  .build())
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      ProbeResult first = check("team/app:1.0");
      ProbeResult second = check("team/app:1.1");

      assertThat(first.isOk()).isTrue();
      assertThat(second.isOk()).isTrue();
      assertThat(second.auth().flow()).isEqualTo("cached");
    }

    @Test
    void expiredCachedTokenIsFetchedAgain() {
      java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
          new java.util.concurrent.atomic.AtomicReference<>(
              java.time.Instant.parse("2026-11-25T00:00:00Z"));
      java.time.Clock clock =
          new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
              return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public java.time.Instant instant() {
              return now.get();
            }
          };
      client(builder -> builder.clock(clock));
      registry
          .enqueue(bearerChallenge(registry.url("/token"), "svc"))
          .enqueue(token("token", "first"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST))
          .enqueue(token("token", "second"))
          .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      check("team/app:1.0");
      now.set(now.get().plusSeconds(301));
      ProbeResult second = check("team/app:1.0");

      assertThat(second.isOk()).isTrue();
      assertThat(second.requests()).isEqualTo(2);
      assertThat(second.auth().flow()).isEqualTo("token GET");
    }
  }

  @Nested
  class BasicAuth {
    @Test
    void basicCredentialsAreSentToTheRegistry() throws Exception {
      registry.enqueue(basicChallenge()).enqueue(manifest(ManifestMediaTypes.DOCKER_MANIFEST));

      ProbeResult result = check("team/app:1.0", Credential.of("dave", "pw"));

      assertThat(result.isOk()).isTrue();
      take();
      assertThat(take().getHeaders().get("Authorization")).isEqualTo(basic("dave", "pw"));
      assertThat(result.notes())
          .anySatisfy(note -> assertThat(note).contains("credentials sent over plain HTTP"));
    }

    @Test
    void rejectedBasicCredentialsAreAuthInvalid() {
      registry.enqueue(basicChallenge()).enqueue(basicChallenge());

      assertThat(
              check("team/app:1.0", Credential.of("dave", "bad"))
                  .primaryFailure()
                  .orElseThrow()
                  .kind())
          .isEqualTo(FailureKind.AUTH_INVALID);
    }

    @Test
    void missingBasicCredentialsAreAuthRequired() {
      registry.enqueue(basicChallenge()).enqueue(basicChallenge());

      ProbeResult result = check("team/app:1.0");

      assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.AUTH_REQUIRED);
      assertThat(result.credentialsSent()).isFalse();
    }
  }

  @Nested
  class Manifest {
    @Test
    void missingTagIsManifestNotFoundWithClosestTags() {
      registry
          .enqueue(ok())
          .enqueue(MockRegistry.head(404))
          .enqueue(
              registry(200)
                  .body(
                      "{\"name\":\"team/app\",\"tags\":[\"1.0\",\"1.4.1\",\"1.4.2\",\"2.0\",\"latest\"]}")
                  .build());

      ProbeResult result = check("team/app:1.4");

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.MANIFEST_NOT_FOUND);
      assertThat(result.tags().closest()).startsWith("1.4.1", "1.4.2");
      assertThat(failure.summary()).contains("closest tags: 1.4.1, 1.4.2");
      assertThat(result.requests()).isEqualTo(3);
    }

    @Test
    void missingRepositoryIsRepositoryNotFound() {
      registry
          .enqueue(ok())
          .enqueue(MockRegistry.head(404))
          .enqueue(error(404, "NAME_UNKNOWN", "repository name not known to registry"));

      ProbeResult result = check("team/nothing:1.0");

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.REPOSITORY_NOT_FOUND);
      assertThat(result.primaryFailure().orElseThrow().evidence())
          .anySatisfy(line -> assertThat(line).contains("NAME_UNKNOWN"));
    }

    @Test
    void deniedManifestIsAccessDenied() {
      registry.enqueue(ok()).enqueue(MockRegistry.head(403));

      assertThat(check("team/app:1.0").primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.ACCESS_DENIED);
    }

    @Test
    void headNotAllowedFallsBackToGetAndHashesTheBody() {
      String body =
          "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OCI_MANIFEST + "\"}";
      registry
          .enqueue(ok())
          .enqueue(registry(405).build())
          .enqueue(
              registry(200)
                  .addHeader("Content-Type", ManifestMediaTypes.OCI_MANIFEST + "; charset=utf-8")
                  .body(body)
                  .build());

      ProbeResult result = check("team/app:1.0");

      assertThat(result.isOk()).isTrue();
      assertThat(result.manifest().method()).isEqualTo("GET");
      assertThat(result.manifest().mediaType()).isEqualTo(ManifestMediaTypes.OCI_MANIFEST);
      assertThat(result.manifest().digest())
          .isEqualTo(Digests.sha256(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rateLimitHeadersAreRecorded() {
      registry
          .enqueue(ok())
          .enqueue(
              manifest(ManifestMediaTypes.OCI_MANIFEST)
                  .newBuilder()
                  .addHeader("ratelimit-limit", "100;w=21600")
                  .addHeader("ratelimit-remaining", "7;w=21600")
                  .addHeader("docker-ratelimit-source", "192.0.2.1")
                  .build());

      RateLimit limit = check("team/app:1.0").rateLimit();

      assertThat(limit.limit()).isEqualTo(100);
      assertThat(limit.remaining()).isEqualTo(7);
      assertThat(limit.window()).isEqualTo(Duration.ofHours(6));
      assertThat(limit.isBelow(10)).isTrue();
    }

    @Test
    void indexWithoutRequestedPlatformIsPlatformMismatch() {
      client(builder -> builder.platform(Platform.parse("linux/arm64")));
      String index =
          "{\"schemaVersion\":2,\"mediaType\":\""
              + ManifestMediaTypes.OCI_INDEX
              + "\",\"manifests\":["
              + "{\"mediaType\":\""
              + ManifestMediaTypes.OCI_MANIFEST
              + "\",\"digest\":\"sha256:"
              + "11".repeat(32)
              + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
              + "{\"mediaType\":\""
              + ManifestMediaTypes.OCI_MANIFEST
              + "\",\"digest\":\"sha256:"
              + "22".repeat(32)
              + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}},"
              + "{\"mediaType\":\""
              + ManifestMediaTypes.OCI_MANIFEST
              + "\",\"digest\":\"sha256:"
              + "33".repeat(32)
              + "\",\"size\":1,\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"}}]}";
      registry
          .enqueue(ok())
          .enqueue(manifest(ManifestMediaTypes.OCI_INDEX))
          .enqueue(
              registry(200)
                  .addHeader("Content-Type", ManifestMediaTypes.OCI_INDEX)
                  .body(index)
                  .build());

      ProbeResult result = check("team/app:1.0");

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.PLATFORM_MISMATCH);
      assertThat(failure.summary()).contains("linux/arm64", "linux/amd64, linux/arm/v7");
      assertThat(result.manifest().platforms()).containsExactly("linux/amd64", "linux/arm/v7");
      assertThat(result.requests()).isEqualTo(3);
    }

    @Test
    void indexWithRequestedPlatformIsOk() throws Exception {
      String index =
          "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:"
              + "44".repeat(32)
              + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
      registry
          .enqueue(ok())
          .enqueue(manifest(ManifestMediaTypes.DOCKER_LIST))
          .enqueue(
              registry(200)
                  .addHeader("Content-Type", ManifestMediaTypes.DOCKER_LIST)
                  .body(index)
                  .build());

      ProbeResult result = check("team/app:1.0");

      assertThat(result.isOk()).isTrue();
      assertThat(result.manifest().platformDigest()).isEqualTo("sha256:" + "44".repeat(32));
      take();
      take();
      assertThat(take().getTarget()).isEqualTo("/v2/team/app/manifests/" + DIGEST);
    }

    @Test
    void digestReferenceIsRequestedByDigest() throws Exception {
      registry.enqueue(ok()).enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

      assertThat(check("team/app@" + DIGEST).isOk()).isTrue();
      take();
      assertThat(take().getTarget()).isEqualTo("/v2/team/app/manifests/" + DIGEST);
    }
  }

  @Nested
  class Faults {
    @Test
    void stalledResponseBecomesResponseTimeoutWithinTheDeadline() {
      client(builder -> builder.timeout(Duration.ofMillis(500)));
      registry.enqueue(
          new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

      ProbeResult result = check("team/app:1.0");

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.RESPONSE_TIMEOUT);
      assertThat(result.step(StepName.CONNECT).orElseThrow().status()).isEqualTo(StepStatus.OK);
      assertThat(result.step(StepName.PING).orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void closedConnectionIsConnectionReset() {
      registry.enqueue(
          new MockResponse.Builder()
              .onRequestStart(new SocketEffect.CloseSocket(true, true, true))
              .build());

      assertThat(check("team/app:1.0").primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.CONNECTION_RESET);
    }

    @Test
    void closedPortIsConnectionRefused() throws Exception {
      int port;
      try (java.net.ServerSocket socket =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
        port = socket.getLocalPort();
      }
      ProbeResult result =
          client.check("127.0.0.1:" + port + "/team/app:1.0", CredentialResolver.anonymous());

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.CONNECTION_REFUSED);
      assertThat(result.step(StepName.CONNECT).orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void unresolvableHostIsDnsFailure() {
      // A fake resolver: the system one would send this query to a non-loopback name server.
      RegistryClient nxdomain =
          RegistryClient.create(
              ProbeSettings.builder().timeout(Duration.ofSeconds(5)).build(),
              host -> {
                throw new java.net.UnknownHostException(host + ": Name or service not known");
              });
      try (nxdomain) {
        ProbeResult result =
            nxdomain.check(
                "registry.does-not-exist.invalid/team/app:1.0", CredentialResolver.anonymous());

        assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.DNS_FAILURE);
        assertThat(result.primaryFailure().orElseThrow().summary())
            .isEqualTo("cannot resolve host registry.does-not-exist.invalid");
        assertThat(result.step(StepName.DNS).orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.requests()).isEqualTo(1);
      }
    }

    @Test
    void hangingResolverIsBoundedByTheDnsTimeout() {
      RegistryClient hanging =
          RegistryClient.create(
              ProbeSettings.builder().dnsTimeout(Duration.ofMillis(200)).build(),
              host -> {
                try {
                  Thread.sleep(10_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                throw new java.net.UnknownHostException(host);
              });
      try (hanging) {
        ProbeResult result =
            hanging.check("registry.example.test/team/app:1.0", CredentialResolver.anonymous());

        Failure failure = result.primaryFailure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.DNS_FAILURE);
        assertThat(failure.summary()).contains("timed out");
      }
    }

    @Test
    void invalidReferenceNeedsNoNetwork() {
      ProbeResult result = client.check("Team/App:1.0", CredentialResolver.anonymous());

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.INVALID_REFERENCE);
      assertThat(result.requests()).isZero();
      assertThat(registry.server.getRequestCount()).isZero();
    }
  }

  @Test
  void secretsNeverAppearInResults() {
    String canary = "canary-Pa55w0rd!";
    registry
        .enqueue(bearerChallenge(registry.url("/token"), "svc"))
        .enqueue(
            new MockResponse.Builder()
                .code(401)
                .body("{\"details\":\"bad password " + canary + "\"}")
                .build());

    ProbeResult result =
        client.check(
            ImageReference.parse(registry.image("team/app:1.0")),
            CredentialLookup.found(Credential.of("user", canary), "explicit"));

    String everything = result.toString() + result.failures() + result.notes() + result.steps();
    assertThat(everything)
        .doesNotContain(canary)
        .doesNotContain(
            Base64.getEncoder()
                .encodeToString(("user:" + canary).getBytes(StandardCharsets.UTF_8)));
  }
}
