package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Basic auth against a real docker-registry with an htpasswd file. */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtpasswdRegistryIT {
  private RegistryProcess registry;

  @BeforeAll
  void start() {
    RegistryBinary.require();
    registry = RegistryProcess.builder().htpasswd("alice", "alice-pw").start();
    ImageSeeder.to(registry.baseUrl())
        .withCredentials("alice", "alice-pw")
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private ProbeResult check(String image, CredentialResolver credentials) {
    ProbeSettings settings =
        ProbeSettings.builder()
            .plainHttpRegistry(registry.hostPort())
            .timeout(Duration.ofSeconds(10))
            .build();
    try (RegistryClient client = RegistryClient.create(settings)) {
      return client.check(registry.hostPort() + "/" + image, credentials);
    }
  }

  @Test
  void rightCredentialsPull() {
    ProbeResult result =
        check("team/app:1.0", CredentialResolver.explicit(Credential.of("alice", "alice-pw")));

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.requests()).isEqualTo(2);
    assertThat(result.auth().scheme()).isEqualTo("basic");
    assertThat(result.credentialsSent()).isTrue();
    assertThat(result.auth().credentialsSentTo()).containsExactly("http://" + registry.hostPort());
    assertThat(result.notes())
        .anySatisfy(note -> assertThat(note).contains("credentials sent over plain HTTP"));
  }

  @Test
  void wrongPasswordIsAuthInvalid() {
    ProbeResult result =
        check("team/app:1.0", CredentialResolver.explicit(Credential.of("alice", "wrong-pw")));

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.AUTH_INVALID);
    assertThat(failure.step()).isEqualTo(StepName.MANIFEST);
    assertThat(result.toString()).doesNotContain("wrong-pw");
  }

  @Test
  void unknownUserIsAuthInvalid() {
    ProbeResult result =
        check("team/app:1.0", CredentialResolver.explicit(Credential.of("mallory", "alice-pw")));

    assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.AUTH_INVALID);
  }

  @Test
  void noCredentialsIsAuthRequired() {
    ProbeResult result = check("team/app:1.0", CredentialResolver.anonymous());

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.AUTH_REQUIRED);
    assertThat(result.credentialsSent()).isFalse();
    assertThat(result.ping().challenges())
        .singleElement()
        .satisfies(challenge -> assertThat(challenge.isBasic()).isTrue());
  }

  @Test
  void missingTagBehindBasicAuthIsManifestNotFound() {
    ProbeResult result =
        check("team/app:1.1", CredentialResolver.explicit(Credential.of("alice", "alice-pw")));

    assertThat(result.primaryFailure().orElseThrow().kind())
        .isEqualTo(FailureKind.MANIFEST_NOT_FOUND);
    assertThat(result.tags().closest()).containsExactly("1.0");
  }
}
