package dev.regdoctor.probe;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.internal.http.Digests;
import dev.regdoctor.reference.Platform;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The pull test's {@code blobs} step against a scripted registry and a scripted CDN. */
@Timeout(30)
class PullTestTest {
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
  private final MockWebServer registry = new MockWebServer();
  private final MockWebServer cdn = new MockWebServer();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
  private final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> cdnSeen = new CopyOnWriteArrayList<>();
  private volatile Function<RecordedRequest, MockResponse> override = request -> null;
  private volatile boolean multiPlatform;
  private String config;
  private String small;
  private String large;

  @BeforeEach
  void start() throws IOException {
    SplittableRandom random = new SplittableRandom(14);
    config = add("{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8));
    small = add(bytes(random, 300));
    large = add(bytes(random, 50_000));
    registry.setDispatcher(registryDispatcher());
    cdn.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            cdnSeen.add(request);
            String digest = request.getUrl().pathSegments().get(1);
            return blob(request, blobs.get(digest));
          }
        });
    registry.start(InetAddress.getByName("127.0.0.1"), 0);
    cdn.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() throws IOException {
    registry.close();
    cdn.close();
  }

  private Dispatcher registryDispatcher() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        seen.add(request);
        MockResponse custom = override.apply(request);
        return custom != null ? custom : answer(request);
      }
    };
  }

  /** Returns the GET requests the registry saw for the largest layer. */
  private java.util.stream.Stream<RecordedRequest> getsOfLarge() {
    return seen.stream().filter(r -> r.getMethod().equals("GET") && r.getTarget().contains(large));
  }

  /** The {@code Range} of the warm-up read that precedes a timed read of at least 1 MiB. */
  private static final String WARM_UP_RANGE = "bytes=0-65535";

  /**
   * Asserts that the largest layer was fetched with exactly one timed GET (besides the warm-up
   * read), sending {@code header}.
   */
  private void assertTheOneGetOfLargeSent(String header, String value) {
    assertThat(getsOfLarge().filter(r -> !WARM_UP_RANGE.equals(r.getHeaders().get("Range"))))
        .singleElement()
        .satisfies(r -> assertThat(r.getHeaders().get(header)).isEqualTo(value));
  }

  /** Makes the registry answer a GET of the largest layer with {@code response}. */
  private void getOfLargeAnswers(MockResponse response) {
    String digest = large;
    override =
        request ->
            request.getMethod().equals("GET") && request.getTarget().contains(digest)
                ? response
                : null;
  }

  private static byte[] bytes(SplittableRandom random, int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    return data;
  }

  private String add(byte[] content) {
    String digest = Digests.sha256(content);
    blobs.put(digest, content);
    sizes.put(digest, content.length);
    return digest;
  }

  private String manifest() {
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + MANIFEST_TYPE
        + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
        + config
        + "\",\"size\":"
        + sizes.get(config)
        + "},\"layers\":["
        + layer(small)
        + ","
        + layer(large)
        + "]}";
  }

  /** An index of the manifest (as linux/amd64) and an absent linux/arm64 manifest. */
  private String index() {
    byte[] manifest = manifest().getBytes(StandardCharsets.UTF_8);
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + INDEX_TYPE
        + "\",\"manifests\":[{\"mediaType\":\""
        + MANIFEST_TYPE
        + "\",\"digest\":\""
        + Digests.sha256(manifest)
        + "\",\"size\":"
        + manifest.length
        + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},{\"mediaType\":\""
        + MANIFEST_TYPE
        + "\",\"digest\":\"sha256:"
        + "0".repeat(64)
        + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}}]}";
  }

  private String layer(String digest) {
    return "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + sizes.get(digest)
        + "}";
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    MockResponse.Builder ok =
        new MockResponse.Builder()
            .code(200)
            .addHeader("Docker-Distribution-API-Version", "registry/2.0");
    if (path.equals("/v2/")) {
      return ok.body("{}").build();
    }
    if (path.contains("/manifests/")) {
      boolean index =
          multiPlatform
              && (path.endsWith("/manifests/1.0")
                  || path.endsWith(Digests.sha256(index().getBytes(StandardCharsets.UTF_8))));
      byte[] body = (index ? index() : manifest()).getBytes(StandardCharsets.UTF_8);
      ok.addHeader("Content-Type", index ? INDEX_TYPE : MANIFEST_TYPE)
          .addHeader("Docker-Content-Digest", Digests.sha256(body));
      return request.getMethod().equals("HEAD")
          ? ok.addHeader("Content-Length", body.length).build()
          : ok.body(new Buffer().write(body)).build();
    }
    if (path.contains("/blobs/")) {
      String digest = path.substring(path.lastIndexOf('/') + 1);
      return blob(request, blobs.get(digest));
    }
    return new MockResponse.Builder().code(404).build();
  }

  private static MockResponse blob(RecordedRequest request, byte[] content) {
    if (content == null && request.getMethod().equals("HEAD")) {
      return new MockResponse.Builder().code(404).build();
    }
    if (content == null) {
      return new MockResponse.Builder()
          .code(404)
          .body("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}")
          .build();
    }
    MockResponse.Builder builder = new MockResponse.Builder().code(200);
    if (request.getMethod().equals("HEAD")) {
      return builder.addHeader("Content-Length", content.length).build();
    }
    String range = request.getHeaders().get("Range");
    if (range != null) {
      int end = Integer.parseInt(range.substring(range.indexOf('-') + 1));
      byte[] part = java.util.Arrays.copyOf(content, Math.min(content.length, end + 1));
      return builder.code(206).body(new Buffer().write(part)).build();
    }
    return builder.body(new Buffer().write(content)).build();
  }

  private ProbeResult pull(long sample, CredentialResolver credentials) {
    try (RegistryClient client =
        RegistryClient.create(
            ProbeSettings.builder()
                .plainHttpRegistry("127.0.0.1:" + registry.getPort())
                .timeout(Duration.ofSeconds(10))
                .maxAttempts(1)
                .pullTest(true)
                .pullSampleBytes(sample)
                .build())) {
      return client.check("127.0.0.1:" + registry.getPort() + "/team/app:1.0", credentials);
    }
  }

  @Test
  void headsEveryBlobAndReadsAWholeSmallLayerWithItsDigestVerified() {
    ProbeResult result = pull(1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.failures()).isEmpty();
    BlobsInfo info = result.blobs();
    assertThat(info.layerCount()).isEqualTo(2);
    assertThat(info.totalBytes()).isEqualTo(blobs.get(config).length + 300 + 50_000);
    assertThat(info.largestLayerDigest()).isEqualTo(large);
    assertThat(info.sampledBytes()).isEqualTo(50_000);
    assertThat(info.digestVerified()).isTrue();
    assertThat(info.bytesPerSecond()).isPositive();
    assertThat(info.estimatedPull()).isPresent();
    assertThat(result.step(StepName.BLOBS).orElseThrow().status()).isEqualTo(StepStatus.OK);
    assertThat(seen.stream().map(RecordedRequest::getRequestLine).toList())
        .contains(
            "HEAD /v2/team/app/blobs/" + config + " HTTP/1.1",
            "HEAD /v2/team/app/blobs/" + small + " HTTP/1.1",
            "HEAD /v2/team/app/blobs/" + large + " HTTP/1.1",
            "GET /v2/team/app/blobs/" + large + " HTTP/1.1");
  }

  @Test
  void aLayerLargerThanTheSampleIsReadInARange() {
    ProbeResult result = pull(4096, CredentialResolver.anonymous());

    assertThat(result.blobs().sampledBytes()).isEqualTo(4096);
    assertThat(result.blobs().digestVerified()).isFalse();
    assertTheOneGetOfLargeSent("Range", "bytes=0-4095");
  }

  @Test
  void aLayerOfManyBlocksIsReadWholeStraightFromTheSocketAndVerified() {
    // more than the 16 MiB that wait to be hashed after the last byte: the oldest blocks are
    // hashed during the read, the rest after it, and the partial last block too
    large = add(bytes(new SplittableRandom(7), 18 * 1024 * 1024 + 12_345));
    ProbeResult result = pull(64L * 1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.failures()).isEmpty();
    assertThat(result.blobs().sampledBytes()).isEqualTo(18 * 1024 * 1024 + 12_345);
    assertThat(result.blobs().digestVerified()).isTrue();
    assertThat(result.blobs().sampleElapsed()).isPositive();
    assertTheOneGetOfLargeSent("Accept-Encoding", "identity");
  }

  @Test
  void aCorruptLastByteOfAManyBlockLayerIsFound() {
    byte[] content = bytes(new SplittableRandom(8), 17 * 1024 * 1024 + 1);
    large = add(content);
    content[content.length - 1] ^= 1;
    ProbeResult result = pull(64L * 1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.primaryFailure().orElseThrow().summary()).contains("corrupt").contains(large);
  }

  @Test
  void aLayerTooShortForItsContentLengthIsABlobFailure() {
    large = add(bytes(new SplittableRandom(9), 600_000));
    getOfLargeAnswers(
        new MockResponse.Builder()
            .code(200)
            .body(new Buffer().write(java.util.Arrays.copyOf(blobs.get(large), 400_000)))
            .build());
    ProbeResult result = pull(1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.BLOB_FAILURE);
    assertThat(result.primaryFailure().get().summary()).contains("400000 bytes").contains(large);
  }

  @Test
  void aChunkedLayerIsReadThroughOkHttpAndVerified() {
    large = add(bytes(new SplittableRandom(10), 700_000));
    getOfLargeAnswers(
        new MockResponse.Builder()
            .code(200)
            .chunkedBody(new Buffer().write(blobs.get(large)), 65_536)
            .build());
    ProbeResult result = pull(1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.failures()).isEmpty();
    assertThat(result.blobs().digestVerified()).isTrue();
  }

  @Test
  void aConnectionReadPastOkHttpIsNeverReused() {
    large = add(bytes(new SplittableRandom(11), 3 * 1024 * 1024));
    try (RegistryClient client =
        RegistryClient.create(
            ProbeSettings.builder()
                .plainHttpRegistry("127.0.0.1:" + registry.getPort())
                .timeout(Duration.ofSeconds(10))
                .maxAttempts(1)
                .pullTest(true)
                .pullSampleBytes(8L * 1024 * 1024)
                .build())) {
      String image = "127.0.0.1:" + registry.getPort() + "/team/app:1.0";
      ProbeResult first = client.check(image, CredentialResolver.anonymous());
      ProbeResult second = client.check(image, CredentialResolver.anonymous());

      assertThat(first.blobs().digestVerified()).isTrue();
      assertThat(second.failures()).isEmpty();
      assertThat(second.blobs().digestVerified()).isTrue();
    }
    // each check: the warm-up read, then the timed read
    List<RecordedRequest> gets = getsOfLarge().toList();
    assertThat(gets).hasSize(4);
    for (RecordedRequest get : gets) {
      List<RecordedRequest> after = seen.subList(seen.indexOf(get) + 1, seen.size());
      assertThat(after)
          .allSatisfy(
              r -> assertThat(r.getConnectionIndex()).isNotEqualTo(get.getConnectionIndex()));
    }
  }

  @Test
  void aSampleOfAMebibyteOrMoreFollowsAWarmUpReadWhoseBytesAreNotCounted() {
    large = add(bytes(new SplittableRandom(15), 3 * 1024 * 1024));
    ProbeResult result = pull(2L * 1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.failures()).isEmpty();
    assertThat(getsOfLarge().map(r -> r.getHeaders().get("Range")))
        .containsExactly(WARM_UP_RANGE, "bytes=0-2097151");
    assertThat(getsOfLarge().map(r -> r.getHeaders().get("Accept-Encoding")))
        .containsExactly("identity", "identity");
    assertThat(result.blobs().sampledBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(result.blobs().digestVerified()).isFalse();
    assertThat(result.step(StepName.BLOBS).orElseThrow().detail())
        .contains("after a warm-up read of 64.0 KiB, not counted");
  }

  @Test
  void aSampleUnderAMebibyteHasNoWarmUpRead() {
    large = add(bytes(new SplittableRandom(16), 3 * 1024 * 1024));
    ProbeResult result = pull(1024 * 1024 - 1, CredentialResolver.anonymous());

    assertThat(getsOfLarge().map(r -> r.getHeaders().get("Range")))
        .containsExactly("bytes=0-1048574");
    assertThat(result.step(StepName.BLOBS).orElseThrow().detail()).doesNotContain("warm-up");
  }

  @Test
  void aWarmUpReadThatIsRefusedIsTheStepsFailureAndNoSampleIsRead() {
    large = add(bytes(new SplittableRandom(17), 3 * 1024 * 1024));
    getOfLargeAnswers(new MockResponse.Builder().code(403).body("denied").build());
    ProbeResult result = pull(2L * 1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.BLOB_FAILURE);
    assertThat(result.primaryFailure().get().summary())
        .contains("GET of layer " + large + " answered 403");
    assertThat(result.blobs()).isNull();
    assertThat(getsOfLarge()).singleElement();
  }

  @Test
  void aRegistryThatIgnoresTheWarmUpsRangeStillHasTheWholeLayerReadAndVerified() {
    large = add(bytes(new SplittableRandom(18), 3 * 1024 * 1024 + 5));
    getOfLargeAnswers(
        new MockResponse.Builder().code(200).body(new Buffer().write(blobs.get(large))).build());
    ProbeResult result = pull(8L * 1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.failures()).isEmpty();
    assertThat(getsOfLarge().map(r -> r.getHeaders().get("Range")))
        .containsExactly(WARM_UP_RANGE, null);
    assertThat(result.blobs().sampledBytes()).isEqualTo(3 * 1024 * 1024 + 5);
    assertThat(result.blobs().digestVerified()).isTrue();
  }

  @Test
  void overHttp1WithTlsTheLayerIsReadFromTheTlsSocketAndVerified(@TempDir Path temp)
      throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate server =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").signedBy(ca).build();
    Path caFile = Files.writeString(temp.resolve("ca.pem"), ca.certificatePem());
    large = add(bytes(new SplittableRandom(12), 5 * 1024 * 1024 + 3));
    try (MockWebServer secure = new MockWebServer()) {
      secure.setDispatcher(registryDispatcher());
      secure.setProtocols(List.of(Protocol.HTTP_1_1)); // HTTP/2 would be read through okio
      secure.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(server, ca.certificate())
              .build()
              .sslSocketFactory());
      secure.start(InetAddress.getByName("127.0.0.1"), 0);
      String image = "127.0.0.1:" + secure.getPort() + "/team/app:1.0";
      try (RegistryClient client =
          RegistryClient.create(
              ProbeSettings.builder()
                  .caCertificate(caFile)
                  .timeout(Duration.ofSeconds(10))
                  .maxAttempts(1)
                  .pullTest(true)
                  .pullSampleBytes(8L * 1024 * 1024)
                  .build())) {
        ProbeResult first = client.check(image, CredentialResolver.anonymous());
        ProbeResult second = client.check(image, CredentialResolver.anonymous());

        assertThat(first.failures()).isEmpty();
        assertThat(first.blobs().digestVerified()).isTrue();
        assertThat(first.blobs().sampledBytes()).isEqualTo(5 * 1024 * 1024 + 3);
        assertThat(second.blobs().digestVerified()).isTrue();
      }
    }
  }

  @Test
  void redirectsToTheCdnAreFollowedWithoutAuthorization() throws Exception {
    override =
        request -> {
          String path = request.getUrl().encodedPath();
          if (path.equals("/v2/") && request.getHeaders().get("Authorization") == null) {
            return new MockResponse.Builder()
                .code(401)
                .addHeader("Docker-Distribution-API-Version", "registry/2.0")
                .addHeader("WWW-Authenticate", "Basic realm=\"r\"")
                .build();
          }
          if (path.contains("/blobs/")) {
            String digest = path.substring(path.lastIndexOf('/') + 1);
            return new MockResponse.Builder()
                .code(307)
                .addHeader(
                    "Location",
                    cdn.url("/blob/" + digest + "?X-Amz-Signature=secret")
                        .toString()
                        .replace("localhost", "127.0.0.1"))
                .build();
          }
          return null;
        };
    ProbeResult result = pull(1024 * 1024, CredentialResolver.explicit(Credential.of("ci", "pw")));

    assertThat(result.failures()).isEmpty();
    assertThat(result.blobs().redirectHosts()).containsExactly("127.0.0.1:" + cdn.getPort());
    assertThat(result.blobs().digestVerified()).isTrue();
    assertThat(cdnSeen)
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isNull());
    assertThat(seen.stream().filter(r -> r.getTarget().contains("/blobs/")))
        .allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).startsWith("Basic "));
  }

  @Test
  void aFailingRedirectTargetIsABlobFailureNamingThatHost() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = socket.getLocalPort();
    }
    int port = closed;
    override =
        request ->
            request.getUrl().encodedPath().contains("/blobs/")
                ? new MockResponse.Builder()
                    .code(307)
                    .addHeader("Location", "http://127.0.0.1:" + port + "/blob")
                    .build()
                : null;
    ProbeResult result = pull(1024 * 1024, CredentialResolver.anonymous());

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.BLOB_FAILURE);
    assertThat(failure.step()).isEqualTo(StepName.BLOBS);
    assertThat(failure.summary()).contains("redirects to 127.0.0.1:" + port).contains("refused");
  }

  @Test
  void aCorruptLayerIsABlobFailure() {
    byte[] content = blobs.get(large);
    content[0] ^= 1; // the registry now serves bytes that do not match the digest
    ProbeResult result = pull(1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.BLOB_FAILURE);
    assertThat(result.primaryFailure().get().summary()).contains("corrupt").contains(large);
  }

  @Test
  void aThrottledBlobIsRateLimitedWithItsRetryAfter() {
    // Review 15, finding 9: every answer that can be a 429 has its rate-limit headers read.
    String digest = small;
    override =
        request ->
            request.getTarget().contains(digest)
                ? new MockResponse.Builder()
                    .code(429)
                    .addHeader("Retry-After", "90")
                    .addHeader("ratelimit-remaining", "0;w=3600")
                    .build()
                : null;

    ProbeResult result = pull(1024 * 1024, CredentialResolver.anonymous());

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(failure.step()).isEqualTo(StepName.BLOBS);
    assertThat(failure.summary())
        .isEqualTo(
            "127.0.0.1:"
                + registry.getPort()
                + " is rate limiting requests (429); retry after 90 s");
    assertThat(result.rateLimit().retryAfter()).isEqualTo(Duration.ofSeconds(90));
    assertThat(result.rateLimit().window()).isEqualTo(Duration.ofSeconds(3600));
  }

  @Test
  void aMissingBlobIsABlobFailure() {
    blobs.remove(small);
    ProbeResult result = pull(1024 * 1024, CredentialResolver.anonymous());

    assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.BLOB_FAILURE);
    assertThat(result.primaryFailure().get().summary()).contains(small).contains("missing");
  }

  @Test
  void withoutThePullTestNoBlobIsTouched() throws Exception {
    try (RegistryClient client =
        RegistryClient.create(
            ProbeSettings.builder()
                .plainHttpRegistry("127.0.0.1:" + registry.getPort())
                .maxAttempts(1)
                .build())) {
      ProbeResult result =
          client.check(
              "127.0.0.1:" + registry.getPort() + "/team/app:1.0", CredentialResolver.anonymous());
      assertThat(result.blobs()).isNull();
      assertThat(result.step(StepName.BLOBS)).isEmpty();
    }
    assertThat(seen).noneMatch(r -> r.getTarget().contains("/blobs/"));
    assertThat(registry.takeRequest(1, SECONDS)).isNotNull();
  }

  /**
   * With a requested platform the platform step reads the manifest that the pull test needs too: it
   * is fetched once, not again by the pull test.
   */
  @Nested
  class WithARequestedPlatform {
    private ProbeResult pullFor(String platform) {
      try (RegistryClient client =
          RegistryClient.create(
              ProbeSettings.builder()
                  .plainHttpRegistry("127.0.0.1:" + registry.getPort())
                  .timeout(Duration.ofSeconds(10))
                  .maxAttempts(1)
                  .platform(Platform.parse(platform))
                  .pullTest(true)
                  .pullSampleBytes(1024 * 1024)
                  .build())) {
        return client.check(
            "127.0.0.1:" + registry.getPort() + "/team/app:1.0", CredentialResolver.anonymous());
      }
    }

    private String manifestDigest() {
      return Digests.sha256(manifest().getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the request lines the registry saw for manifests, in order. */
    private List<String> manifestRequests() {
      return seen.stream()
          .filter(r -> r.getTarget().contains("/manifests/"))
          .map(RecordedRequest::getRequestLine)
          .toList();
    }

    @Test
    void aSinglePlatformManifestIsFetchedOnceForThePlatformAndThePullTest() {
      ProbeResult result = pullFor("linux/amd64");

      assertThat(result.failures()).isEmpty();
      assertThat(result.step(StepName.PLATFORM).orElseThrow().status()).isEqualTo(StepStatus.OK);
      assertThat(result.step(StepName.PLATFORM).get().detail())
          .isEqualTo("linux/amd64 (image config: linux/amd64)");
      assertThat(result.step(StepName.BLOBS).orElseThrow().status()).isEqualTo(StepStatus.OK);
      assertThat(result.blobs().manifestDigest()).isEqualTo(manifestDigest());
      assertThat(result.blobs().configDigest()).isEqualTo(config);
      assertThat(result.blobs().layerCount()).isEqualTo(2);
      assertThat(result.blobs().digestVerified()).isTrue();
      assertThat(manifestRequests())
          .containsExactly(
              "HEAD /v2/team/app/manifests/1.0 HTTP/1.1",
              "GET /v2/team/app/manifests/" + manifestDigest() + " HTTP/1.1");
    }

    @Test
    void aSinglePlatformManifestOfAnotherPlatformIsStillAMismatchWithoutAPullTest() {
      ProbeResult result = pullFor("linux/arm64");

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.PLATFORM_MISMATCH);
      assertThat(result.blobs()).isNull();
      assertThat(manifestRequests())
          .containsExactly(
              "HEAD /v2/team/app/manifests/1.0 HTTP/1.1",
              "GET /v2/team/app/manifests/" + manifestDigest() + " HTTP/1.1");
    }

    @Test
    void anIndexAndThePlatformsManifestAreEachFetchedOnce() {
      multiPlatform = true;
      String indexDigest = Digests.sha256(index().getBytes(StandardCharsets.UTF_8));
      ProbeResult result = pullFor("linux/amd64");

      assertThat(result.failures()).isEmpty();
      assertThat(result.manifest().platformDigest()).isEqualTo(manifestDigest());
      assertThat(result.step(StepName.PLATFORM).orElseThrow().detail())
          .isEqualTo("linux/amd64 among 2 platforms");
      assertThat(result.blobs().manifestDigest()).isEqualTo(manifestDigest());
      assertThat(result.blobs().layerCount()).isEqualTo(2);
      assertThat(manifestRequests())
          .containsExactly(
              "HEAD /v2/team/app/manifests/1.0 HTTP/1.1",
              "GET /v2/team/app/manifests/" + indexDigest + " HTTP/1.1",
              "GET /v2/team/app/manifests/" + manifestDigest() + " HTTP/1.1");
    }
  }
}
