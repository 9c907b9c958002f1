package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.internal.probe.ManifestMediaTypes;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.ManifestFormat;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import dev.regdoctor.testkit.SeededIndex;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The outcomes of the MockWebServer tests, against a real anonymous docker-registry over HTTP. */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnonymousRegistryIT {
  private RegistryProcess registry;
  private SeededImage image;
  private SeededImage dockerImage;
  private SeededIndex index;
  private SeededIndex dockerList;

  @BeforeAll
  void start() {
    RegistryBinary.require();
    registry = RegistryProcess.builder().start();
    ImageSeeder seeder = ImageSeeder.to(registry.baseUrl());
    image = seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 2, 1024);
    seeder.pushImage("team/app", "1.4.1", Platform.LINUX_AMD64, 1, 256);
    seeder.pushImage("team/app", "1.4.2", Platform.LINUX_AMD64, 1, 256);
    seeder.pushImage("team/app", "2.0", Platform.LINUX_AMD64, 1, 256);
    dockerImage =
        seeder.pushImage("team/docker", "1.0", Platform.LINUX_AMD64, 1, 256, ManifestFormat.DOCKER);
    index =
        seeder.pushIndex("team/multi", "1.0", List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64));
    dockerList =
        seeder.pushIndex(
            "team/multi",
            "docker",
            List.of(Platform.LINUX_ARM_V7, Platform.LINUX_ARM64),
            ManifestFormat.DOCKER);
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private ProbeSettings.Builder plainHttp() {
    return ProbeSettings.builder()
        .plainHttpRegistry(registry.hostPort())
        .timeout(Duration.ofSeconds(10));
  }

  private ProbeResult check(ProbeSettings settings, String repositoryAndReference) {
    try (RegistryClient client = RegistryClient.create(settings)) {
      return client.check(
          registry.hostPort() + "/" + repositoryAndReference, CredentialResolver.anonymous());
    }
  }

  private ProbeResult check(String repositoryAndReference) {
    return check(plainHttp().build(), repositoryAndReference);
  }

  @Nested
  class Found {
    @Test
    void anonymousPullNeedsTwoRequests() {
      ProbeResult result = check("team/app:1.0");

      assertThat(result.isOk()).as("%s", result.failures()).isTrue();
      assertThat(result.requests()).isEqualTo(2);
      assertThat(result.ping().apiVersion()).isEqualTo("registry/2.0");
      assertThat(result.auth().scheme()).isEqualTo("none");
      assertThat(result.manifest().digest()).isEqualTo(image.digest());
      assertThat(result.manifest().mediaType()).isEqualTo(ManifestMediaTypes.OCI_MANIFEST);
      assertThat(result.manifest().size()).isEqualTo(image.size());
      assertThat(result.step(StepName.PLATFORM).orElseThrow().status())
          .isEqualTo(StepStatus.SKIPPED);
    }

    @Test
    void dockerSchema2ManifestIsFound() {
      ProbeResult result = check("team/docker:1.0");

      assertThat(result.isOk()).as("%s", result.failures()).isTrue();
      assertThat(result.manifest().mediaType()).isEqualTo(ManifestMediaTypes.DOCKER_MANIFEST);
      assertThat(result.manifest().digest()).isEqualTo(dockerImage.digest());
    }

    @Test
    void digestReferenceIsFound() {
      ProbeResult result = check(image.digestReference());

      assertThat(result.isOk()).as("%s", result.failures()).isTrue();
      assertThat(result.manifest().digest()).isEqualTo(image.digest());
    }

    @Test
    void loopbackRegistryWithoutSettingsIsFoundOverPlainHttpAfterHttps() {
      ProbeResult result =
          check(ProbeSettings.builder().timeout(Duration.ofSeconds(10)).build(), "team/app:1.0");

      assertThat(result.isOk()).as("%s", result.failures()).isTrue();
      assertThat(result.usedPlainHttp()).isTrue();
      assertThat(result.notes())
          .anySatisfy(
              note ->
                  assertThat(note)
                      .startsWith(
                          "HTTPS to "
                              + registry.hostPort()
                              + " failed (PLAIN_HTTP_REGISTRY); used plain HTTP"));
      assertThat(result.requests()).isEqualTo(3);
    }
  }

  @Nested
  class NotFound {
    @Test
    void missingTagIsManifestNotFoundWithClosestTags() {
      ProbeResult result = check("team/app:1.4");

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.MANIFEST_NOT_FOUND);
      assertThat(failure.step()).isEqualTo(StepName.MANIFEST);
      assertThat(result.tags().count()).isEqualTo(4);
      assertThat(result.tags().closest()).startsWith("1.4.1", "1.4.2");
      assertThat(failure.summary())
          .isEqualTo(
              "repository team/app exists but has no tag 1.4; closest tags: 1.4.1, 1.4.2, 1.0, 2.0");
      assertThat(result.requests()).isEqualTo(3);
    }

    @Test
    void missingDigestIsManifestNotFound() {
      ProbeResult result = check("team/app@sha256:" + "0".repeat(64));

      assertThat(result.primaryFailure().orElseThrow().kind())
          .isEqualTo(FailureKind.MANIFEST_NOT_FOUND);
      assertThat(result.primaryFailure().orElseThrow().summary())
          .contains("has no manifest sha256:" + "0".repeat(64));
    }

    @Test
    void missingRepositoryIsRepositoryNotFound() {
      ProbeResult result = check("team/nothing:1.0");

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.REPOSITORY_NOT_FOUND);
      assertThat(failure.evidence()).anySatisfy(line -> assertThat(line).contains("NAME_UNKNOWN"));
      assertThat(result.tags().status()).isEqualTo(404);
    }
  }

  @Nested
  class Platforms {
    @Test
    void indexWithTheRequestedPlatformIsOk() {
      ProbeResult result =
          check(
              plainHttp().platform(dev.regdoctor.reference.Platform.parse("linux/arm64")).build(),
              "team/multi:1.0");

      assertThat(result.isOk()).as("%s", result.failures()).isTrue();
      assertThat(result.manifest().isIndex()).isTrue();
      assertThat(result.manifest().digest()).isEqualTo(index.digest());
      assertThat(result.manifest().platforms()).containsExactly("linux/amd64", "linux/arm64/v8");
      assertThat(result.manifest().platformDigest()).isEqualTo(index.manifests().get(1).digest());
      assertThat(result.requests()).isEqualTo(3);
    }

    @Test
    void indexWithoutTheRequestedPlatformIsPlatformMismatch() {
      ProbeResult result =
          check(
              plainHttp().platform(dev.regdoctor.reference.Platform.parse("linux/s390x")).build(),
              "team/multi:1.0");

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.PLATFORM_MISMATCH);
      assertThat(failure.step()).isEqualTo(StepName.PLATFORM);
      assertThat(failure.summary()).contains("linux/s390x", "linux/amd64, linux/arm64/v8");
    }

    @Test
    void dockerManifestListIsCheckedToo() {
      ProbeResult result = check("team/multi:docker");

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.PLATFORM_MISMATCH);
      assertThat(result.manifest().mediaType()).isEqualTo(ManifestMediaTypes.DOCKER_LIST);
      assertThat(result.manifest().digest()).isEqualTo(dockerList.digest());
      assertThat(result.manifest().platforms()).containsExactly("linux/arm/v7", "linux/arm64/v8");
    }
  }

  @Nested
  class Transport {
    @Test
    void plainHttpRegistryReachedByNameIsAPlainHttpRegistry() {
      ProbeSettings settings =
          ProbeSettings.builder()
              .resolve(ResolveOverride.parse("registry.test:*:127.0.0.1"))
              .timeout(Duration.ofSeconds(10))
              .build();

      ProbeResult result;
      try (RegistryClient client = RegistryClient.create(settings)) {
        result =
            client.check(
                "registry.test:" + registry.port() + "/team/app:1.0",
                CredentialResolver.anonymous());
      }

      Failure failure = result.primaryFailure().orElseThrow();
      assertThat(failure.kind()).isEqualTo(FailureKind.PLAIN_HTTP_REGISTRY);
      assertThat(failure.evidence())
          .contains(
              "GET http://registry.test:" + registry.port() + "/v2/ -> 200",
              "the server gave an HTTP response to an HTTPS client");
    }
  }
}
