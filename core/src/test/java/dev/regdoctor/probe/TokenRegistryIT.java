package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.credentials.Secret;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.TokenIssuer;
import dev.regdoctor.testkit.TokenRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Token auth: a real docker-registry trusting testkit's {@link TokenIssuer}. */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRegistryIT {
  private TokenIssuer issuer;
  private RegistryProcess registry;
  private RegistryClient client;

  @BeforeAll
  void start() {
    RegistryBinary.require();
    issuer =
        TokenIssuer.start()
            .user("alice", "alice-pw")
            .user("bob", "bob-pw")
            .allow("alice", "team/app", "pull", "push")
            .allow("alice", "public/app", "pull", "push")
            .allowAnonymousPull("public/app")
            .refreshToken("alice", "alice-refresh-token");
    registry = RegistryProcess.builder().tokenAuth(issuer).start();
    ImageSeeder seeder = ImageSeeder.to(registry.baseUrl()).withCredentials("alice", "alice-pw");
    seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
    seeder.pushImage("team/app", "1.1", Platform.LINUX_AMD64, 1, 512);
    seeder.pushImage("public/app", "1.0", Platform.LINUX_AMD64, 1, 512);
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  @BeforeEach
  void newClient() {
    client =
        RegistryClient.create(
            ProbeSettings.builder()
                .plainHttpRegistry(registry.hostPort())
                .timeout(Duration.ofSeconds(10))
                .build());
  }

  @AfterEach
  void closeClient() {
    client.close();
    issuer.stopFailing();
  }

  private ProbeResult check(String image, CredentialResolver credentials) {
    return client.check(registry.hostPort() + "/" + image, credentials);
  }

  private static CredentialResolver as(String user, String password) {
    return CredentialResolver.explicit(Credential.of(user, password));
  }

  @Test
  void grantedUserPullsWithThreeRequests() {
    int before = issuer.requestCount();

    ProbeResult result = check("team/app:1.0", as("alice", "alice-pw"));

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.requests()).isEqualTo(3);
    assertThat(result.auth().flow()).isEqualTo("token GET");
    assertThat(result.auth().realm()).isEqualTo(issuer.url());
    assertThat(result.auth().service()).isEqualTo(issuer.service());
    assertThat(result.auth().scopes()).containsExactly("repository:team/app:pull");
    assertThat(result.auth().granted()).containsExactly("pull");
    assertThat(issuer.requestCount() - before).isEqualTo(1);
    TokenRequest request = last(issuer.requests());
    assertThat(request.username()).isEqualTo("alice");
    assertThat(request.query()).contains("service=" + issuer.service(), "account=alice");
  }

  @Test
  void secondImageOfTheSameRepositoryNeedsOneRequest() {
    check("team/app:1.0", as("alice", "alice-pw"));
    int before = issuer.requestCount();

    ProbeResult second = check("team/app:1.1", as("alice", "alice-pw"));

    assertThat(second.isOk()).as("%s", second.failures()).isTrue();
    assertThat(second.requests()).isEqualTo(1);
    assertThat(second.auth().flow()).isEqualTo("cached");
    assertThat(second.ping().cached()).isTrue();
    assertThat(issuer.requestCount()).isEqualTo(before);
  }

  @Test
  void userWithoutTheGrantIsAccessDenied() {
    ProbeResult result = check("team/app:1.0", as("bob", "bob-pw"));

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
    assertThat(failure.step()).isEqualTo(StepName.MANIFEST);
    assertThat(result.auth().granted()).isEmpty();
    assertThat(failure.evidence()).contains("token grants no actions on repository team/app");
    assertThat(failure.evidence())
        .anySatisfy(line -> assertThat(line).contains("insufficient_scope"));
  }

  @Test
  void anonymousPullOfAPrivateRepositoryIsAuthRequired() {
    ProbeResult result = check("team/app:1.0", CredentialResolver.anonymous());

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.AUTH_REQUIRED);
    assertThat(result.credentialsSent()).isFalse();
    assertThat(last(issuer.requests()).username()).isNull();
  }

  @Test
  void anonymousPullOfAPublicRepositoryIsOk() {
    ProbeResult result = check("public/app:1.0", CredentialResolver.anonymous());

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.requests()).isEqualTo(3);
    assertThat(result.credentialsSent()).isFalse();
  }

  @Test
  void wrongPasswordIsAuthInvalidAtTheRealm() {
    ProbeResult result = check("team/app:1.0", as("alice", "not-her-password"));

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.AUTH_INVALID);
    assertThat(failure.step()).isEqualTo(StepName.AUTH);
    assertThat(result.toString()).doesNotContain("not-her-password");
  }

  @Test
  void identityTokenIsExchangedByOAuthPost() {
    ProbeResult result =
        check(
            "team/app:1.0",
            CredentialResolver.explicit(
                new Credential.IdentityToken("alice", Secret.of("alice-refresh-token"))));

    assertThat(result.isOk()).as("%s", result.failures()).isTrue();
    assertThat(result.auth().flow()).isEqualTo("token POST");
    assertThat(last(issuer.requests()).method()).isEqualTo("POST");
    assertThat(result.toString()).doesNotContain("alice-refresh-token");
  }

  @Test
  void brokenTokenServiceIsTokenServiceFailed() {
    issuer.failWith(503);

    ProbeResult result = check("team/app:1.0", as("alice", "alice-pw"));

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.TOKEN_SERVICE_FAILED);
    assertThat(failure.summary()).endsWith("answered 503");
  }

  private static TokenRequest last(List<TokenRequest> requests) {
    assertThat(requests).isNotEmpty();
    return requests.get(requests.size() - 1);
  }
}
