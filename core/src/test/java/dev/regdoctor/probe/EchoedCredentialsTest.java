package dev.regdoctor.probe;

import static dev.regdoctor.probe.MockRegistry.basicChallenge;
import static dev.regdoctor.probe.MockRegistry.bearerChallenge;
import static dev.regdoctor.probe.MockRegistry.registry;
import static dev.regdoctor.probe.MockRegistry.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialResolver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12: a registry whose error body echoes the request's {@code Authorization} header (the
 * password in Basic, the token in Bearer, as is or JSON-escaped) never gets it into the result.
 */
@Timeout(30)
class EchoedCredentialsTest {
  private static final String PASSWORD = "Echo\"Pw/9+x=";
  private static final String TOKEN = "opaque-Token-7Vq";

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

  private static MockResponse echoing(int status, String header) {
    String escaped = header.replace("\\", "\\\\").replace("\"", "\\\"");
    return registry(status)
        .addHeader("Content-Type", "application/json")
        .body(
            "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"you sent "
                + escaped
                + "\",\"detail\":{\"got\":\""
                + escaped
                + "\"}}]}")
        .build();
  }

  private static String everything(ProbeResult result) {
    return result
        + " "
        + result.primaryFailure().map(f -> f.summary() + " " + f.evidence()).orElse("");
  }

  @Test
  void basicCredentialsEchoedOnTheManifestPathAreMasked() {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    registry.enqueue(basicChallenge()).enqueue(echoing(403, basic));

    ProbeResult result =
        client.check(
            registry.image("team/app:1.0"),
            CredentialResolver.explicit(Credential.of("ci", PASSWORD)));

    assertThat(result.primaryFailure()).isPresent();
    assertThat(everything(result))
        .doesNotContain(PASSWORD, "Echo\\\"Pw", basic.substring(6), "Pw/9");
  }

  @Test
  void bearerTokenEchoedOnTheManifestPathIsMasked() {
    registry
        .enqueue(bearerChallenge(registry.url("/token"), "svc"))
        .enqueue(token("token", TOKEN))
        .enqueue(echoing(403, "Bearer " + TOKEN));

    ProbeResult result =
        client.check(registry.image("team/app:1.0"), CredentialResolver.anonymous());

    assertThat(result.primaryFailure()).isPresent();
    assertThat(everything(result)).doesNotContain(TOKEN);
  }
}
