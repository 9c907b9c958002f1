package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyRegistryIT {

  private final OkHttpClient http = TestHttp.client();
  private RegistryProcess upstream;
  private RegistryProcess mirror;
  private SeededImage image;

  @BeforeAll
  void start() {
    RegistryBinary.require();
    upstream = RegistryProcess.builder().start();
    image =
        ImageSeeder.to(upstream.baseUrl())
            .pushImage("library/app", "1.0", Platform.LINUX_AMD64, 2, 1024);
    mirror = RegistryProcess.builder().proxy(upstream.baseUrl()).start();
  }

  @AfterAll
  void stop() {
    if (mirror != null) {
      mirror.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private Response get(RegistryProcess registry, String path) throws IOException {
    return http.newCall(
            new Request.Builder()
                .url(registry.baseUrl() + path)
                .header("Accept", TestHttp.MANIFEST_ACCEPT)
                .build())
        .execute();
  }

  @Test
  void proxyServesAnImageSeededOnlyInItsUpstream() throws IOException {
    try (Response response = get(mirror, "/v2/library/app/manifests/1.0")) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Docker-Content-Digest")).isEqualTo(image.digest());
    }
    try (Response response = get(mirror, "/v2/library/app/blobs/" + image.layerDigests().get(0))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(LayerArchive.digest(response.body().bytes()))
          .isEqualTo(image.layerDigests().get(0));
    }
  }

  @Test
  void proxyAnswersUnknownImageAsUpstreamDoes() throws IOException {
    try (Response response = get(mirror, "/v2/library/app/manifests/9.9")) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(TestHttp.body(response)).contains("MANIFEST_UNKNOWN");
    }
  }

  @Test
  void proxyRefusesPushes() {
    assertThatThrownBy(
            () ->
                ImageSeeder.to(mirror.baseUrl())
                    .pushImage("library/other", "1", Platform.LINUX_AMD64, 1, 8))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UNSUPPORTED");
  }

  @Test
  void proxyLogsInToATokenAuthUpstream() throws IOException {
    try (TokenIssuer issuer =
            TokenIssuer.start().user("mirror", "mirror-pw").allow("mirror", "*", "pull", "push");
        RegistryProcess secured = RegistryProcess.builder().tokenAuth(issuer).start()) {
      SeededImage secret =
          ImageSeeder.to(secured.baseUrl())
              .withCredentials("mirror", "mirror-pw")
              .pushImage("team/app", "1.0", Platform.LINUX_ARM64, 1, 64);
      try (RegistryProcess withCredentials =
              RegistryProcess.builder().proxy(secured.baseUrl(), "mirror", "mirror-pw").start();
          Response response = get(withCredentials, "/v2/team/app/manifests/1.0")) {
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.header("Docker-Content-Digest")).isEqualTo(secret.digest());
      }
      assertThat(issuer.requests())
          .anySatisfy(request -> assertThat(request.username()).isEqualTo("mirror"));
    }
  }

  @Test
  void upstreamAuthFailureLooksLikeAMissingManifest() throws IOException {
    // Registry 2.8 answers a Basic challenge from the upstream with nothing: it only speaks tokens.
    try (RegistryProcess basicUpstream =
        RegistryProcess.builder().htpasswd("mirror", "mirror-pw").start()) {
      ImageSeeder.to(basicUpstream.baseUrl())
          .withCredentials("mirror", "mirror-pw")
          .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 64);
      try (RegistryProcess proxy =
              RegistryProcess.builder()
                  .proxy(basicUpstream.baseUrl(), "mirror", "mirror-pw")
                  .start();
          Response response = get(proxy, "/v2/team/app/manifests/1.0")) {
        assertThat(response.code()).isEqualTo(404);
        assertThat(TestHttp.body(response))
            .isEqualTo(
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest"
                    + " unknown\",\"detail\":{\"Tag\":\"1.0\"}}]}\n");
      }
    }
  }

  @Test
  void skopeoInspectsThroughTheMirror(@TempDir Path home) throws Exception {
    Skopeo.Result result =
        Skopeo.run(
            home,
            "inspect",
            "--tls-verify=false",
            "--no-creds",
            "docker://" + mirror.hostPort() + "/library/app:1.0");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(TestHttp.json(result.stdout()).path("Digest").asText()).isEqualTo(image.digest());
  }
}
