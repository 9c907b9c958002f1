package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.TokenIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Diagnoses against Debian's real docker-registry on loopback: anonymous, htpasswd, TLS and token
 * auth.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealRegistryIT {
  private static final String PASSWORD = "it-password";

  @TempDir static Path temp;
  private RegistryProcess anonymous;
  private RegistryProcess htpasswd;
  private RegistryProcess tls;
  private TokenIssuer issuer;
  private RegistryProcess token;
  private HeldCertificate ca;

  @BeforeAll
  void startRegistries() throws Exception {
    RegistryBinary.require();
    Path storage = Files.createDirectories(temp.resolve("storage"));
    anonymous = RegistryProcess.builder().storage(storage).start();
    ImageSeeder seeder = ImageSeeder.to(anonymous.baseUrl());
    seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
    seeder.pushImage("team/app", "1.4.1", Platform.LINUX_AMD64, 1, 1024);
    seeder.pushIndex("team/multi", "1.0", List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM_V7));
    htpasswd = RegistryProcess.builder().storage(storage).htpasswd("alice", PASSWORD).start();
    ca =
        new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("regdoctor test CA")
            .build();
    HeldCertificate server =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("registry.it.test")
            .signedBy(ca)
            .build();
    tls = RegistryProcess.builder().storage(storage).tls(server).start();
    issuer =
        TokenIssuer.start()
            .user("alice", PASSWORD)
            .allow("alice", "team/app", "pull")
            .user("admin", PASSWORD)
            .allow("admin", "*", "pull", "push");
    token = RegistryProcess.builder().tokenAuth(issuer).start();
    ImageSeeder.to(token.baseUrl())
        .withCredentials("admin", PASSWORD)
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
    ImageSeeder.to(token.baseUrl())
        .withCredentials("admin", PASSWORD)
        .pushImage("team/payroll", "1.0", Platform.LINUX_AMD64, 1, 1024);
  }

  @AfterAll
  void stopRegistries() {
    for (AutoCloseable closeable : new AutoCloseable[] {anonymous, htpasswd, tls, token, issuer}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // keep closing
      }
    }
  }

  private Report check(String image, UnaryOperator<RegistryDoctor.Builder> tweak) {
    try (RegistryDoctor doctor =
        tweak
            .apply(RegistryDoctor.builder().locale(Locale.ENGLISH).timeout(Duration.ofSeconds(10)))
            .build()) {
      return doctor.check(image);
    }
  }

  @Nested
  class Anonymous {
    @Test
    void seededImageIsOk() {
      Report report =
          check(
              anonymous.hostPort() + "/team/app:1.0",
              b -> b.plainHttpRegistry(anonymous.hostPort()));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
      assertThat(report.requests()).isEqualTo(2);
    }

    @Test
    void loopbackRegistryIsFoundOverHttpAfterHttps() {
      Report report = check(anonymous.hostPort() + "/team/app:1.0", b -> b);

      assertThat(report.ok()).isTrue();
      assertThat(report.finding(DiagnosisCode.INSECURE_REGISTRY)).isPresent();
    }

    @Test
    void missingTagIsManifestNotFoundWithClosestTag() {
      Report report =
          check(
              anonymous.hostPort() + "/team/app:1.4",
              b -> b.plainHttpRegistry(anonymous.hostPort()));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
      assertThat(report.verdict().remediation().get(0).text()).contains("1.4.1");
    }

    @Test
    void missingRepositoryIsRepositoryNotFound() {
      Report report =
          check(
              anonymous.hostPort() + "/team/nothing:1.0",
              b -> b.plainHttpRegistry(anonymous.hostPort()));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.REPOSITORY_NOT_FOUND);
    }

    @Test
    void missingPlatformIsPlatformMismatch() {
      Report report =
          check(
              anonymous.hostPort() + "/team/multi:1.0",
              b -> b.plainHttpRegistry(anonymous.hostPort()).platform("linux/arm64"));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.PLATFORM_MISMATCH);
      assertThat(report.verdict().remediation())
          .extracting(Remedy::command)
          .contains(
              "docker pull --platform linux/amd64 " + anonymous.hostPort() + "/team/multi:1.0");
    }

    @Test
    void namedPlainHttpRegistryIsPlainHttpRegistry() {
      String host = "registry.it.test:" + anonymous.port();
      Report report = check(host + "/team/app:1.0", b -> b.resolve(host + ":127.0.0.1"));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.PLAIN_HTTP_REGISTRY);
      assertThat(report.verdict().remediation())
          .extracting(Remedy::text)
          .anySatisfy(
              text -> assertThat(text).contains("\"insecure-registries\": [\"" + host + "\"]"));
    }
  }

  @Nested
  class Htpasswd {
    @Test
    void rightCredentialsAreOk() {
      Report report =
          check(
              htpasswd.hostPort() + "/team/app:1.0",
              b -> b.plainHttpRegistry(htpasswd.hostPort()).credentials("alice", PASSWORD));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
    }

    @Test
    void wrongPasswordIsAuthInvalid() {
      Report report =
          check(
              htpasswd.hostPort() + "/team/app:1.0",
              b -> b.plainHttpRegistry(htpasswd.hostPort()).credentials("alice", "nope"));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
      assertThat(report.verdict().remediation())
          .extracting(Remedy::command)
          .contains("docker login " + htpasswd.hostPort() + " --username alice --password-stdin")
          .noneMatch(command -> command != null && command.contains("logout"));
    }

    @Test
    void noCredentialsIsAuthRequired() {
      Report report =
          check(
              htpasswd.hostPort() + "/team/app:1.0", b -> b.plainHttpRegistry(htpasswd.hostPort()));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(report.verdict().remediation())
          .extracting(Remedy::command)
          .contains("docker login " + htpasswd.hostPort());
    }
  }

  @Nested
  class Tls {
    private String host() {
      return "registry.it.test:" + tls.port();
    }

    @Test
    void trustedCaIsOk() throws Exception {
      Path caFile = temp.resolve("ca.pem");
      Files.writeString(caFile, ca.certificatePem());

      Report report =
          check(host() + "/team/app:1.0", b -> b.resolve(host() + ":127.0.0.1").caFile(caFile));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
      assertThat(report.probe().tls().issuer()).contains("regdoctor test CA");
      assertThat(report.finding(DiagnosisCode.INSECURE_REGISTRY)).isEmpty();
    }

    @Test
    void unknownCaIsTlsUntrusted() {
      Report report = check(host() + "/team/app:1.0", b -> b.resolve(host() + ":127.0.0.1"));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
      assertThat(report.verdict().remediation())
          .extracting(Remedy::command)
          .anySatisfy(
              command -> assertThat(command).contains("/etc/docker/certs.d/" + host() + "/ca.crt"));
    }

    @Test
    void wrongNameIsTlsHostnameMismatch() throws Exception {
      Path caFile = temp.resolve("ca-2.pem");
      Files.writeString(caFile, ca.certificatePem());
      String other = "other.it.test:" + tls.port();

      Report report =
          check(other + "/team/app:1.0", b -> b.resolve(other + ":127.0.0.1").caFile(caFile));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.TLS_HOSTNAME_MISMATCH);
      assertThat(report.verdict().evidence().get(0)).contains("registry.it.test");
    }
  }

  @Nested
  class TokenAuth {
    @Test
    void allowedUserIsOkWithThreeRequests() {
      Report report =
          check(
              token.hostPort() + "/team/app:1.0",
              b -> b.plainHttpRegistry(token.hostPort()).credentials("alice", PASSWORD));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
      assertThat(report.requests()).isEqualTo(3);
    }

    @Test
    void userWithoutGrantIsAccessDenied() {
      Report report =
          check(
              token.hostPort() + "/team/payroll:1.0",
              b -> b.plainHttpRegistry(token.hostPort()).credentials("alice", PASSWORD));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
    }

    @Test
    void anonymousIsAuthRequired() {
      Report report =
          check(token.hostPort() + "/team/app:1.0", b -> b.plainHttpRegistry(token.hostPort()));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
    }

    @Test
    void wrongPasswordIsAuthInvalid() {
      Report report =
          check(
              token.hostPort() + "/team/app:1.0",
              b -> b.plainHttpRegistry(token.hostPort()).credentials("alice", "wrong"));

      assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
      assertThat(report.verdict().evidence())
          .anySatisfy(line -> assertThat(line).contains("/token"));
    }
  }
}
