package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.Credentials;
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
class HtpasswdRegistryIT {

  private static final String UNAUTHORIZED_BODY =
      "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication"
          + " required\",\"detail\":null}]}\n";

  private final OkHttpClient http = TestHttp.client();
  private Path storage;
  private RegistryProcess registry;
  private SeededImage image;

  @BeforeAll
  void seedAnonymouslyThenRestartWithBasicAuth() throws IOException {
    RegistryBinary.require();
    storage = Files.createTempDirectory("htpasswd-storage-");
    try (RegistryProcess seed = RegistryProcess.builder().storage(storage).start()) {
      image =
          ImageSeeder.to(seed.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
    }
    registry =
        RegistryProcess.builder()
            .storage(storage)
            .htpasswd("alice", "alice-pw")
            .htpasswd("bob", "bob-pw")
            .start();
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
    if (storage != null) {
      RegistryProcess.deleteRecursively(storage);
    }
  }

  private Response get(String path, String authorization) throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url(registry.baseUrl() + path)
            .header("Accept", TestHttp.MANIFEST_ACCEPT);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.newCall(request.build()).execute();
  }

  @Test
  void pingWithoutCredentialsIsBasicChallenge() throws IOException {
    try (Response response = get("/v2/", null)) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"regdoctor-test\"");
      assertThat(response.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
      assertThat(TestHttp.body(response)).isEqualTo(UNAUTHORIZED_BODY);
    }
  }

  @Test
  void validBasicCredentialsServeTheImageSeededBeforeTheRestart() throws IOException {
    String alice = Credentials.basic("alice", "alice-pw");
    try (Response response = get("/v2/", alice)) {
      assertThat(response.code()).isEqualTo(200);
    }
    try (Response response =
        get("/v2/team/app/manifests/1.0", Credentials.basic("bob", "bob-pw"))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Docker-Content-Digest")).isEqualTo(image.digest());
    }
  }

  @Test
  void badPasswordLooksExactlyLikeMissingCredentials() throws IOException {
    for (String authorization :
        new String[] {
          Credentials.basic("alice", "wrong"), Credentials.basic("eve", "x"), "Bearer something"
        }) {
      try (Response response = get("/v2/", authorization)) {
        assertThat(response.code()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"regdoctor-test\"");
        assertThat(TestHttp.body(response)).isEqualTo(UNAUTHORIZED_BODY);
      }
    }
  }

  @Test
  void repositoryRequestWithoutCredentialsNamesTheAccessInDetail() throws IOException {
    try (Response response = get("/v2/team/app/manifests/1.0", null)) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(TestHttp.body(response))
          .isEqualTo(
              "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication"
                  + " required\",\"detail\":[{\"Type\":\"repository\",\"Class\":\"\",\"Name\":\"team/app\",\"Action\":\"pull\"}]}]}\n");
    }
  }

  @Test
  void seederLogsInWithBasicCredentials() throws IOException {
    SeededImage pushed =
        ImageSeeder.to(registry.baseUrl())
            .withCredentials("alice", "alice-pw")
            .pushImage("team/pushed", "2.0", Platform.LINUX_ARM64, 1, 256);

    try (Response response =
        get("/v2/team/pushed/manifests/2.0", Credentials.basic("alice", "alice-pw"))) {
      assertThat(response.header("Docker-Content-Digest")).isEqualTo(pushed.digest());
    }
    assertThatThrownBy(
            () ->
                ImageSeeder.to(registry.baseUrl())
                    .pushImage("team/anon", "1", Platform.LINUX_AMD64, 1, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answered 401");
  }

  @Test
  void skopeoWithCredentialsInspectsAndWithoutIsUnauthorized(@TempDir Path home) throws Exception {
    String reference = "docker://" + registry.hostPort() + "/team/app:1.0";

    Skopeo.Result ok =
        Skopeo.run(home, "inspect", "--tls-verify=false", "--creds", "alice:alice-pw", reference);
    Skopeo.Result bad =
        Skopeo.run(home, "inspect", "--tls-verify=false", "--creds", "alice:wrong", reference);

    assertThat(ok.exitCode()).as(ok.stderr()).isZero();
    assertThat(TestHttp.json(ok.stdout()).path("Digest").asText()).isEqualTo(image.digest());
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).contains("authentication required");
  }
}
