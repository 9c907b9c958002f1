package dev.regdoctor.probe;

import static dev.regdoctor.probe.MockRegistry.bearerChallenge;
import static dev.regdoctor.probe.MockRegistry.manifest;
import static dev.regdoctor.probe.MockRegistry.ok;
import static dev.regdoctor.probe.MockRegistry.registry;
import static dev.regdoctor.probe.MockRegistry.token;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.internal.probe.ManifestMediaTypes;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pins the flow of one check, the way OkHttp's tests pin event sequences: the exact steps (name and
 * status, in order) and the exact requests on the wire. A change to the order of the stages shows
 * here first; see the diagram in the {@code dev.regdoctor.probe} package docs.
 */
@Timeout(30)
class FlowTest {
  private MockRegistry registry;
  private RegistryClient client;

  @BeforeEach
  void start() throws Exception {
    registry = new MockRegistry();
    client = registry.client();
  }

  @AfterEach
  void stop() {
    client.close();
    registry.close();
  }

  private ProbeResult check(String repositoryAndTag) {
    return client.check(registry.image(repositoryAndTag), CredentialResolver.anonymous());
  }

  private static List<String> steps(ProbeResult result) {
    return result.steps().stream().map(s -> s.name().label() + ":" + s.status()).toList();
  }

  private List<String> requests(int count) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RecordedRequest request = registry.server.takeRequest(5, SECONDS);
      String target = request.getTarget();
      int query = target.indexOf('?');
      lines.add(request.getMethod() + " " + (query < 0 ? target : target.substring(0, query)));
    }
    assertThat(registry.server.getRequestCount()).isEqualTo(count);
    return lines;
  }

  @Test
  void anonymousPullPingsThenHeadsTheManifest() throws Exception {
    registry.enqueue(ok()).enqueue(manifest(ManifestMediaTypes.DOCKER_MANIFEST));

    ProbeResult result = check("team/app:1.0");

    assertThat(steps(result))
        .containsExactly(
            "reference:OK",
            "endpoint:OK",
            "dns:SKIPPED",
            "connect:OK",
            "tls:SKIPPED",
            "ping:OK",
            "credentials:OK",
            "auth:SKIPPED",
            "manifest:OK",
            "platform:SKIPPED");
    assertThat(requests(2)).containsExactly("GET /v2/", "HEAD /v2/team/app/manifests/1.0");
  }

  @Test
  void tokenPullPingsGetsATokenThenHeadsTheManifest() throws Exception {
    registry
        .enqueue(bearerChallenge(registry.url("/token"), "test-registry"))
        .enqueue(token("token", "opaque-token"))
        .enqueue(manifest(ManifestMediaTypes.OCI_MANIFEST));

    ProbeResult result = check("team/app:1.0");

    assertThat(steps(result))
        .containsExactly(
            "reference:OK",
            "endpoint:OK",
            "dns:SKIPPED",
            "connect:OK",
            "tls:SKIPPED",
            "ping:OK",
            "credentials:OK",
            "auth:OK",
            "manifest:OK",
            "platform:SKIPPED");
    assertThat(requests(3))
        .containsExactly("GET /v2/", "GET /token", "HEAD /v2/team/app/manifests/1.0");
  }

  @Test
  void missingManifestAsksTagsListAndStopsThere() throws Exception {
    registry
        .enqueue(ok())
        .enqueue(MockRegistry.head(404))
        .enqueue(registry(200).body("{\"name\":\"team/app\",\"tags\":[\"1.0\"]}").build());

    ProbeResult result = check("team/app:2.0");

    assertThat(steps(result))
        .containsExactly(
            "reference:OK",
            "endpoint:OK",
            "dns:SKIPPED",
            "connect:OK",
            "tls:SKIPPED",
            "ping:OK",
            "credentials:OK",
            "auth:SKIPPED",
            "manifest:FAILED",
            "tags:OK");
    assertThat(requests(3))
        .containsExactly(
            "GET /v2/", "HEAD /v2/team/app/manifests/2.0", "GET /v2/team/app/tags/list");
  }

  @Test
  void indexIsFetchedByDigestForThePlatform() throws Exception {
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + ManifestMediaTypes.OCI_INDEX
            + "\",\"manifests\":[{\"mediaType\":\""
            + ManifestMediaTypes.OCI_MANIFEST
            + "\",\"digest\":\"sha256:"
            + "cd".repeat(32)
            + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
    registry
        .enqueue(ok())
        .enqueue(manifest(ManifestMediaTypes.OCI_INDEX))
        .enqueue(
            registry(200)
                .addHeader("Content-Type", ManifestMediaTypes.OCI_INDEX)
                .body(index)
                .build());

    ProbeResult result = check("team/app:1.0");

    assertThat(steps(result))
        .containsExactly(
            "reference:OK",
            "endpoint:OK",
            "dns:SKIPPED",
            "connect:OK",
            "tls:SKIPPED",
            "ping:OK",
            "credentials:OK",
            "auth:SKIPPED",
            "manifest:OK",
            "platform:OK");
    assertThat(requests(3))
        .containsExactly(
            "GET /v2/",
            "HEAD /v2/team/app/manifests/1.0",
            "GET /v2/team/app/manifests/" + MockRegistry.DIGEST);
  }

  @Test
  void failedTokenStopsBeforeTheManifest() throws Exception {
    registry
        .enqueue(bearerChallenge(registry.url("/token"), "test-registry"))
        .enqueue(registry(503).body("down").build());

    ProbeResult result = check("team/app:1.0");

    assertThat(steps(result))
        .containsExactly(
            "reference:OK",
            "endpoint:OK",
            "dns:SKIPPED",
            "connect:OK",
            "tls:SKIPPED",
            "ping:OK",
            "credentials:OK",
            "auth:FAILED");
    assertThat(requests(2)).containsExactly("GET /v2/", "GET /token");
  }

  @Test
  void refusedConnectionStopsAtConnect() {
    registry.close();

    ProbeResult result = check("team/app:1.0");

    assertThat(steps(result))
        .containsExactly("reference:OK", "endpoint:OK", "dns:SKIPPED", "connect:FAILED");
  }
}
