package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** A real pull-through cache (registry proxy mode) in front of another instance. */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullThroughRegistryIT {
  private RegistryProcess upstream;
  private RegistryProcess mirror;
  private SeededImage image;

  @BeforeAll
  void start() {
    RegistryBinary.require();
    upstream = RegistryProcess.builder().start();
    mirror = RegistryProcess.builder().proxy(upstream.baseUrl()).start();
    image =
        ImageSeeder.to(upstream.baseUrl())
            .pushImage("library/app", "1.0", Platform.LINUX_AMD64, 1, 512);
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

  private ProbeResult checkAtMirror(String repositoryAndTag) {
    ProbeSettings settings = ProbeSettings.builder().timeout(Duration.ofSeconds(10)).build();
    try (RegistryClient client = RegistryClient.create(settings)) {
      return client.check(
          dev.regdoctor.reference.ImageReference.parse(
              upstream.hostPort() + "/" + repositoryAndTag),
          RegistryEndpoint.parse(mirror.baseUrl()),
          dev.regdoctor.credentials.CredentialLookup.anonymous());
    }
  }

  @Test
  void mirrorServesTheUpstreamImage() {
    ProbeResult result = checkAtMirror("library/app:1.0");

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.endpoint()).isEqualTo(RegistryEndpoint.parse(mirror.baseUrl()));
    assertThat(result.manifest().digest()).isEqualTo(image.digest());
    assertThat(result.requests()).isEqualTo(2);
  }

  @Test
  void mirrorImageByItsOwnNameIsFoundToo() {
    ProbeSettings settings =
        ProbeSettings.builder()
            .plainHttpRegistry(mirror.hostPort())
            .timeout(Duration.ofSeconds(10))
            .build();
    ProbeResult result;
    try (RegistryClient client = RegistryClient.create(settings)) {
      result = client.check(mirror.hostPort() + "/library/app:1.0", CredentialResolver.anonymous());
    }

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.manifest().digest()).isEqualTo(image.digest());
  }

  @Test
  void imageMissingUpstreamIsNotFoundAtTheMirror() {
    ProbeResult result = checkAtMirror("library/app:9.9");

    assertThat(result.primaryFailure().orElseThrow().kind())
        .isIn(FailureKind.MANIFEST_NOT_FOUND, FailureKind.REPOSITORY_NOT_FOUND);
  }
}
