package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.Secret;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Pushes a known password and token through every credential path (Basic, token GET, OAuth2 POST,
 * registry token) against servers that echo them back, and scans every string the library produces
 * — reports, JSON, probe results, failures, exception messages and the TRACE log — for the secrets
 * and their base64 forms.
 */
class SecretCanaryTest {
  private static final String PASSWORD = "canary-Pa55w0rd!";
  private static final String TOKEN = "canary-t0ken-9f8e7d";

  private static List<String> forbidden() {
    Base64.Encoder base64 = Base64.getEncoder();
    return List.of(
        PASSWORD,
        TOKEN,
        base64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)),
        base64.encodeToString(("user:" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
        base64.encodeToString(("user:" + TOKEN).getBytes(StandardCharsets.UTF_8)),
        base64.encodeToString(("<token>:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void noSecretReachesAnyOutput() throws Exception {
    LoggerFactory.getLogger(SecretCanaryTest.class).info("canary test starts");
    List<String> produced = new ArrayList<>();
    for (Credential credential :
        List.of(
            Credential.of("user", PASSWORD),
            new Credential.IdentityToken("user", Secret.of(TOKEN)),
            new Credential.RegistryToken(Secret.of(TOKEN)))) {
      for (String scheme : List.of("basic", "bearer")) {
        produced.addAll(run(credential, scheme));
      }
    }
    produced.add(Credential.of("user", PASSWORD).toString());
    produced.add(new Credential.IdentityToken("user", Secret.of(TOKEN)).toString());

    Path log = Path.of("target/test-trace.log");
    if (Files.exists(log)) {
      produced.add(Files.readString(log));
    }
    for (String text : produced) {
      for (String secret : forbidden()) {
        assertThat(text).doesNotContain(secret);
      }
    }
    assertThat(produced).isNotEmpty();
  }

  private List<String> run(Credential credential, String scheme) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      String hostPort = "127.0.0.1:" + server.getPort();
      String echo = "{\"details\":\"bad credentials " + PASSWORD + " " + TOKEN + "\"}";
      MockResponse challenge =
          scheme.equals("basic")
              ? RegistryDoctorTest.registry(401)
                  .addHeader("WWW-Authenticate", "Basic realm=\"r\"")
                  .body(echo)
                  .build()
              : RegistryDoctorTest.registry(401)
                  .addHeader(
                      "WWW-Authenticate",
                      "Bearer realm=\"http://"
                          + hostPort
                          + "/token?t="
                          + TOKEN
                          + "\",service=\"s\"")
                  .body(echo)
                  .build();
      for (int i = 0; i < 8; i++) {
        server.enqueue(
            i == 0
                ? challenge
                : new MockResponse.Builder().code(i % 2 == 0 ? 401 : 200).body(echo).build());
      }
      try (RegistryDoctor doctor =
          RegistryDoctor.builder()
              .plainHttpRegistry(hostPort)
              .credentials(credential)
              .timeout(Duration.ofSeconds(3))
              .locale(Locale.ENGLISH)
              .build()) {
        Report report = doctor.check(hostPort + "/team/app:1.0");
        List<String> texts = new ArrayList<>();
        texts.add(report.toString());
        texts.add(report.toJson());
        texts.add(report.probe().toString());
        report
            .probe()
            .failures()
            .forEach(
                failure -> {
                  texts.add(failure.toString());
                  if (failure.cause() != null) {
                    texts.add(String.valueOf(failure.cause().getMessage()));
                  }
                });
        return texts;
      }
    }
  }
}
