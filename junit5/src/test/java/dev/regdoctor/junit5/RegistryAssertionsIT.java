package dev.regdoctor.junit5;

import static dev.regdoctor.junit5.RegistryAssertions.assertPullable;
import static dev.regdoctor.junit5.RegistryAssertions.assertReachable;
import static dev.regdoctor.junit5.RegistryAssertions.assertRegistryUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import dev.regdoctor.testkit.TokenIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

/**
 * The assertions against real docker-registry instances: anonymous, htpasswd (Basic) and token
 * auth.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryAssertionsIT {
  private static final String SECRET = "alice-s3cret-Pa55";
  private static final String WRONG_SECRET = "mallory-gu3ss-Pa55";

  private static RegistryProcess anonymous;
  private static RegistryProcess basic;
  private static TokenIssuer issuer;
  private static RegistryProcess token;
  private static SeededImage app;

  private final RegistryDoctor english = doctor().build();
  private final RegistryDoctor arm64 = doctor().platform("linux/arm64").build();

  @BeforeAll
  static void startRegistries() {
    RegistryBinary.require();
    anonymous = RegistryProcess.builder().start();
    app =
        ImageSeeder.to(anonymous.baseUrl())
            .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
    ImageSeeder.to(anonymous.baseUrl())
        .pushIndex("team/multi", "1.0", List.of(Platform.LINUX_AMD64));
    basic = RegistryProcess.builder().htpasswd("alice", SECRET).start();
    ImageSeeder.to(basic.baseUrl())
        .withCredentials("alice", SECRET)
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
    issuer =
        TokenIssuer.start()
            .user("alice", SECRET)
            .allow("alice", "team/app", "pull", "push")
            .allowAnonymousPull("public/app");
    token = RegistryProcess.builder().tokenAuth(issuer).start();
    ImageSeeder.to(token.baseUrl())
        .withCredentials("alice", SECRET)
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
  }

  @AfterAll
  static void stopRegistries() {
    for (AutoCloseable closeable : new AutoCloseable[] {anonymous, basic, token, issuer}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @AfterEach
  void closeDoctors() {
    english.close();
    arm64.close();
  }

  /**
   * Returns a builder for an anonymous doctor (unless told otherwise), whatever this machine's
   * Docker configuration.
   */
  private static RegistryDoctor.Builder doctor() {
    return RegistryDoctor.builder()
        .credentials(CredentialResolver.anonymous())
        .locale(Locale.ENGLISH)
        .timeout(Duration.ofSeconds(10));
  }

  private static String image(RegistryProcess registry, String repositoryAndTag) {
    return registry.hostPort() + "/" + repositoryAndTag;
  }

  @Nested
  class Pullable {
    @Test
    void seededImagePassesAndReturnsItsReport() {
      Report report = assertPullable(image(anonymous, "team/app:1.0"));

      assertThat(report.ok()).isTrue();
      assertThat(report.digest()).contains(app.digest());
    }

    @Test
    void missingTagFailsWithVerdictEvidenceAndRemediation() {
      String image = image(anonymous, "team/app:2.0");

      AssertionFailedError error =
          catchThrowableOfType(AssertionFailedError.class, () -> assertPullable(image, english));

      assertThat(error.getMessage())
          .startsWith(
              "expected "
                  + image
                  + " to be pullable, but the verdict is MANIFEST_NOT_FOUND"
                  + System.lineSeparator())
          .contains("team/app exists on " + anonymous.hostPort() + ", but 2.0 does not")
          .contains("HEAD http://" + anonymous.hostPort() + "/v2/team/app/manifests/2.0 -> 404")
          .contains("Use an existing tag; the closest ones are: 1.0");
    }

    @Test
    void missingPlatformFails() {
      assertThatThrownBy(() -> assertPullable(image(anonymous, "team/multi:1.0"), arm64))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining("the verdict is PLATFORM_MISMATCH");
    }

    @Test
    void credentialsFromTheDoctorAreUsed() {
      try (RegistryDoctor alice = doctor().credentials("alice", SECRET).build()) {
        assertThat(assertPullable(image(basic, "team/app:1.0"), alice).ok()).isTrue();
        assertThat(assertPullable(image(token, "team/app:1.0"), alice).ok()).isTrue();
      }
    }
  }

  @Nested
  class Reachable {
    @Test
    void seededImagePasses() {
      assertThat(assertReachable(image(anonymous, "team/app:1.0")).ok()).isTrue();
    }

    @Test
    void missingTagPassesAndReportsIt() {
      Report report = assertReachable(image(anonymous, "team/app:2.0"), english);

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
    }

    @Test
    void missingRepositoryPasses() {
      assertThat(assertReachable(image(anonymous, "nobody/here:1.0"), english).verdict().code())
          .isEqualTo(DiagnosisCode.REPOSITORY_NOT_FOUND);
    }

    @Test
    void missingPlatformPasses() {
      assertThat(assertReachable(image(anonymous, "team/multi:1.0"), arm64).verdict().code())
          .isEqualTo(DiagnosisCode.PLATFORM_MISMATCH);
    }

    @Test
    void basicRegistryWithoutCredentialsFails() {
      String image = image(basic, "team/app:1.0");

      assertThatThrownBy(() -> assertReachable(image, english))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageStartingWith(
              "expected the registry of "
                  + image
                  + " to be reachable and to authorise access to team/app,"
                  + " but the verdict is AUTH_REQUIRED")
          .hasMessageContaining("docker login " + basic.hostPort());
    }

    @Test
    void rejectedPasswordFailsAndNeverShowsIt() {
      try (RegistryDoctor mallory = doctor().credentials("alice", WRONG_SECRET).build()) {
        AssertionFailedError error =
            catchThrowableOfType(
                AssertionFailedError.class,
                () -> assertReachable(image(basic, "team/app:1.0"), mallory));

        assertThat(error.getMessage())
            .contains("the verdict is AUTH_INVALID")
            .doesNotContain(WRONG_SECRET)
            .doesNotContain(SECRET);
      }
    }

    @Test
    void missingTagBehindCredentialsPasses() {
      try (RegistryDoctor alice = doctor().credentials("alice", SECRET).build()) {
        assertThat(assertReachable(image(token, "team/app:2.0"), alice).verdict().code())
            .isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
      }
    }

    @Test
    void tokenRegistryRefusingAnonymousPullsFails() {
      AssertionFailedError error =
          catchThrowableOfType(
              AssertionFailedError.class,
              () -> assertReachable(image(token, "team/app:1.0"), english));

      assertThat(error.getMessage())
          .contains(
              "to be reachable and to authorise access to team/app, but the verdict is"
                  + " AUTH_REQUIRED");
    }
  }

  @Nested
  class RegistryUp {
    @Test
    void anonymousRegistryIsUp() {
      assertRegistryUp(anonymous.hostPort());
    }

    @Test
    void basicChallengeCountsAsUp() {
      assertRegistryUp(basic.hostPort(), english);
    }

    @Test
    void tokenChallengeCountsAsUp() {
      assertRegistryUp(token.hostPort(), english);
    }

    @Test
    void tokenServiceDownStillCountsAsUp() {
      issuer.failWith(503);
      try {
        Report report = english.check(RegistryAssertions.upImage(token.hostPort()));
        assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.TOKEN_SERVICE_FAILED);

        assertRegistryUp(token.hostPort(), english);
      } finally {
        issuer.stopFailing();
      }
    }
  }
}
