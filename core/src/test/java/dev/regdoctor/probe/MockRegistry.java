package dev.regdoctor.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Scripted registry answers on a loopback MockWebServer, for exact protocol branches. */
final class MockRegistry implements AutoCloseable {
  static final String API_VERSION = "registry/2.0";
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  final MockWebServer server = new MockWebServer();

  MockRegistry() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  String hostPort() {
    return "127.0.0.1:" + server.getPort();
  }

  String image(String repositoryAndTag) {
    return hostPort() + "/" + repositoryAndTag;
  }

  String url(String path) {
    return server.url(path).newBuilder().host("127.0.0.1").build().toString();
  }

  MockRegistry enqueue(MockResponse response) {
    server.enqueue(response);
    return this;
  }

  /** Returns a client that reaches this registry over plain HTTP, 5 s deadline, no retries. */
  RegistryClient client() {
    return RegistryClient.create(
        ProbeSettings.builder()
            .plainHttpRegistry(hostPort())
            .timeout(java.time.Duration.ofSeconds(5))
            .maxAttempts(1)
            .build());
  }

  static MockResponse.Builder registry(int code) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Docker-Distribution-API-Version", API_VERSION);
  }

  static MockResponse ok() {
    return registry(200).body("{}").build();
  }

  static MockResponse bearerChallenge(String realm, String service) {
    return registry(401)
        .addHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"" + service + "\"")
        .body(
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}")
        .build();
  }

  static MockResponse basicChallenge() {
    return registry(401).addHeader("WWW-Authenticate", "Basic realm=\"Registry Realm\"").build();
  }

  static MockResponse manifest(String mediaType) {
    return registry(200)
        .addHeader("Content-Type", mediaType)
        .addHeader("Docker-Content-Digest", DIGEST)
        .addHeader("Content-Length", "528")
        .build();
  }

  static MockResponse token(String field, String value) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body("{\"" + field + "\":\"" + value + "\",\"expires_in\":300}")
        .build();
  }

  static MockResponse error(int code, String errorCode, String message) {
    return registry(code)
        .addHeader("Content-Type", "application/json")
        .body(
            "{\"errors\":[{\"code\":\""
                + errorCode
                + "\",\"message\":\""
                + message
                + "\",\"detail\":{}}]}")
        .build();
  }

  /** A HEAD answer: status and headers only, as registries send for HEAD. */
  static MockResponse head(int code) {
    return registry(code).addHeader("Content-Type", "application/json").build();
  }

  /** A JWT whose payload carries {@code accessJson} as its access claim; the signature is fake. */
  static String jwt(String accessJson) {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    String header =
        encoder.encodeToString(
            "{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        encoder.encodeToString(
            ("{\"iss\":\"test\",\"aud\":\"svc\",\"access\":" + accessJson + "}")
                .getBytes(StandardCharsets.UTF_8));
    return header
        + "."
        + payload
        + "."
        + encoder.encodeToString("sig".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
  }
}
