package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RegistryProcessIT {

  @BeforeEach
  void requireBinary() {
    RegistryBinary.require();
  }

  @Test
  void closeStopsTheProcessAndDeletesWhatItCreated() throws IOException {
    RegistryProcess registry = RegistryProcess.builder().deleteEnabled(true).start();
    Path config = registry.configFile();
    Path storage = registry.storage();
    assertThat(Files.readString(config))
        .contains("addr: \"127.0.0.1:" + registry.port() + "\"")
        .contains("enabled: true");

    registry.close();
    registry.close();

    assertThat(registry.isRunning()).isFalse();
    assertThat(config).doesNotExist();
    assertThat(storage).doesNotExist();
    assertThat(registry.log()).contains("listening on");
    assertThatThrownBy(
            () ->
                TestHttp.client(Duration.ofMillis(500))
                    .newCall(new Request.Builder().url(registry.baseUrl() + "/v2/").build())
                    .execute()
                    .close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void sharedStorageSurvivesCloseAndServesTheNextInstance(@TempDir Path storage)
      throws IOException {
    SeededImage image;
    try (RegistryProcess first = RegistryProcess.builder().storage(storage).start()) {
      image =
          ImageSeeder.to(first.baseUrl()).pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 64);
    }
    assertThat(storage.resolve("docker/registry/v2/repositories/team/app")).isDirectory();

    try (RegistryProcess second = RegistryProcess.builder().storage(storage).start();
        Response response =
            TestHttp.client()
                .newCall(
                    new Request.Builder()
                        .url(second.baseUrl() + "/v2/team/app/manifests/1.0")
                        .head()
                        .header("Accept", TestHttp.MANIFEST_ACCEPT)
                        .build())
                .execute()) {
      assertThat(response.header("Docker-Content-Digest")).isEqualTo(image.digest());
    }
  }

  @Test
  void registriesStartOnDistinctPortsConcurrently() {
    try (RegistryProcess a = RegistryProcess.builder().start();
        RegistryProcess b = RegistryProcess.builder().start()) {
      assertThat(a.port()).isNotEqualTo(b.port());
    }
  }

  @Test
  void startFailureReportsTheLogTailAndCleansUp(@TempDir Path parent) throws IOException {
    // A proxy URL the registry cannot parse makes it exit at once. The work directory lives in a
    // directory of this test's own, so builds running beside it in /tmp cannot change the count.
    RegistryProcess.Builder broken =
        RegistryProcess.builder().proxy("::not a url::").workIn(parent);

    assertThatThrownBy(broken::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("docker-registry exited with status")
        .hasMessageContaining("log tail");
    try (var left = Files.list(parent)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void tinyStartTimeoutFailsWithTheLogTail() {
    assertThatThrownBy(() -> RegistryProcess.builder().startTimeout(Duration.ofNanos(1)).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not answer /v2/ within");
  }

  @Test
  void htpasswdAndTokenAuthCannotBeCombined() {
    try (TokenIssuer issuer = TokenIssuer.start()) {
      assertThatThrownBy(
              () -> RegistryProcess.builder().htpasswd("a", "b").tokenAuth(issuer).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot be combined");
    }
  }
}
