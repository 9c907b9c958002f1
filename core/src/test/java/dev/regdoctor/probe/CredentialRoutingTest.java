package dev.regdoctor.probe;

import static dev.regdoctor.probe.HostileServer.registryHeaders;
import static dev.regdoctor.probe.HostileServer.response;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.credentials.Secret;
import dev.regdoctor.internal.http.HostResolver;
import dev.regdoctor.internal.probe.ManifestMediaTypes;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12: credentials go only where they belong. Every loopback listener records every request;
 * after each test, a canary credential (in every encoding it could travel in) found at any listener
 * it was not meant for fails the test. Names resolve through a fake resolver, never DNS: {@code
 * reg.test} is the registry at 127.0.0.1, {@code realm.test} is ::1 (this machine, but not the
 * registry's own address).
 */
@Timeout(30)
class CredentialRoutingTest {
  private static final String USER = "ci-bot";
  private static final String CANARY = "canary-S3cr3t+/=7f1c";
  private static final String DIGEST = "sha256:" + "cd".repeat(32);

  private final List<HostileServer> servers = new ArrayList<>();

  /** Listeners a credential may reach. */
  private final List<HostileServer> entitled = new ArrayList<>();

  private HostileServer registry;
  private HostileServer
      elsewhere; // 127.0.0.1, another port: another origin on the registry's address
  private HostileServer foreign; // ::1: not the registry's address
  private HostileServer.Script registryScript;
  private HostileServer.Script elsewhereScript;

  @BeforeEach
  void start() throws Exception {
    registry = listen("127.0.0.1", "registry", (r, s, o) -> registryScript.answer(r, s, o));
    elsewhere = listen("127.0.0.1", "elsewhere", (r, s, o) -> elsewhereScript.answer(r, s, o));
    foreign =
        listen(
            "::1", "foreign", HostileServer.always(200, "application/json", "{\"token\":\"t\"}"));
    entitled.add(registry);
    elsewhereScript = (request, socket, out) -> out.write(response(404, Map.of(), ""));
  }

  @AfterEach
  void everyListenerIsCheckedForTheCanary() throws Exception {
    try {
      for (HostileServer server : servers) {
        if (entitled.contains(server)) {
          continue;
        }
        for (HostileServer.Seen request : server.requests()) {
          for (String form : canaryForms()) {
            assertThat(request.wire())
                .as(
                    "request to %s (%s) must not carry the credential",
                    server.name(), request.target())
                .doesNotContain(form);
          }
          assertThat(request.header("Authorization"))
              .as("Authorization sent to %s", server.name())
              .isNull();
        }
      }
    } finally {
      for (HostileServer server : servers) {
        server.close();
      }
    }
  }

  private static List<String> canaryForms() {
    List<String> forms = new ArrayList<>();
    byte[] pair = (USER + ":" + CANARY).getBytes(UTF_8);
    for (byte[] bytes : List.of(CANARY.getBytes(UTF_8), pair)) {
      forms.add(Base64.getEncoder().encodeToString(bytes));
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
    forms.add(CANARY);
    forms.add(URLEncoder.encode(CANARY, UTF_8));
    forms.add(URLEncoder.encode(CANARY, UTF_8).replace("+", "%20"));
    return forms;
  }

  private HostileServer listen(String bind, String name, HostileServer.Script script)
      throws Exception {
    HostileServer server = HostileServer.startOn(bind, name, script);
    servers.add(server);
    return server;
  }

  private ProbeResult check(Credential credential, Map<String, List<InetAddress>> names) {
    HostResolver resolver =
        host -> {
          List<InetAddress> addresses = names.get(host);
          if (addresses == null) {
            throw new UnknownHostException(host + " (fake resolver)");
          }
          return addresses;
        };
    Map<String, List<InetAddress>> all = new LinkedHashMap<>(names);
    try (RegistryClient client =
        RegistryClient.create(
            ProbeSettings.builder()
                .plainHttpRegistry("reg.test:" + registry.port())
                .timeout(Duration.ofSeconds(3))
                .maxAttempts(1)
                .build(),
            host -> {
              if (host.equals("reg.test")) {
                return List.of(InetAddress.getByName("127.0.0.1"));
              }
              return resolver.resolve(host);
            })) {
      return client.check(
          "reg.test:" + registry.port() + "/team/app:1.0", CredentialResolver.explicit(credential));
    }
  }

  private static Credential password() {
    return Credential.of(USER, CANARY);
  }

  private static Map<String, List<InetAddress>> names(String name, String... addresses)
      throws Exception {
    List<InetAddress> list = new ArrayList<>();
    for (String address : addresses) {
      list.add(InetAddress.getByName(address));
    }
    return Map.of(name, list, name + ".", list);
  }

  private void challengeWithRealm(String realm) {
    registryScript =
        (request, socket, out) -> {
          if (request.target().equals("/v2/")) {
            Map<String, String> headers = new LinkedHashMap<>(registryHeaders());
            headers.put("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"reg.test\"");
            out.write(response(401, headers, "{}"));
          } else {
            out.write(manifest(request));
          }
        };
  }

  private static byte[] manifest(HostileServer.Seen request) {
    return response(
        200,
        Map.of("Docker-Content-Digest", DIGEST, "Content-Type", ManifestMediaTypes.OCI_MANIFEST),
        "{\"schemaVersion\":2,\"config\":{},\"layers\":[]}".getBytes(UTF_8),
        request.method().equals("HEAD"));
  }

  @Test
  void realmNameResolvingToALoopbackAddressThatIsNotTheRegistrysGetsNothing() throws Exception {
    challengeWithRealm("http://realm.test:" + foreign.port() + "/token");

    ProbeResult result = check(password(), names("realm.test", "::1"));

    assertThat(result.primaryFailure().orElseThrow().kind())
        .isEqualTo(FailureKind.TOKEN_SERVICE_FAILED);
    assertThat(result.primaryFailure().orElseThrow().evidence())
        .anyMatch(
            line -> line.contains("loopback address of this machine, not the registry's own"));
    assertThat(foreign.requests()).isEmpty();
    assertThat(result.credentialsSent()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://realm.test.:PORT/token",
        "http://[::1]:PORT/token",
        "http://[0:0:0:0:0:0:0:1]:PORT/token",
        "http://[::127.0.0.1]:PORT/token",
        "http://[::ffff:127.0.0.2]:PORT/token",
        "http://0.0.0.0:PORT/token"
      })
  void realmInAnyLoopbackSpellingThatIsNotTheRegistrysIsRefused(String realm) throws Exception {
    challengeWithRealm(realm.replace("PORT", String.valueOf(foreign.port())));

    ProbeResult result = check(password(), names("realm.test", "::1"));

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.TOKEN_SERVICE_FAILED);
    assertThat(failure.summary()).contains("refused to use token realm");
    assertThat(foreign.requests()).isEmpty();
    assertThat(result.credentialsSent()).isFalse();
  }

  @Test
  void localhostAndTheLoopbackLiteralAreJudgedAlikeAndTheClearTextSendIsShown() throws Exception {
    entitled.add(elsewhere); // the announced realm, on the registry's own address
    elsewhereScript = HostileServer.always(200, "application/json", "{\"token\":\"t\"}");
    List<String> verdicts = new ArrayList<>();
    for (String host : List.of("localhost", "127.0.0.1")) {
      challengeWithRealm("http://" + host + ":" + elsewhere.port() + "/token");

      ProbeResult result = check(password(), names("localhost", "::1", "127.0.0.1"));

      verdicts.add(result.primaryFailure().map(f -> f.kind().name()).orElse("OK"));
      assertThat(result.notes())
          .anyMatch(
              note ->
                  note.contains("credentials sent in clear text over plain HTTP to token realm")
                      && note.contains("on the registry's own address 127.0.0.1"));
    }
    assertThat(verdicts).containsExactly("OK", "OK");
    assertThat(foreign.requests()).isEmpty();
  }

  @Test
  void basicCredentialsNeverFollowARealmRedirectToAnotherOrigin() throws Exception {
    HostileServer realm =
        listen("127.0.0.1", "realm", HostileServer.redirectTo(elsewhere.url("/token?moved=1")));
    entitled.add(realm);
    elsewhereScript = HostileServer.always(200, "application/json", "{\"token\":\"t\"}");
    challengeWithRealm(realm.url("/token"));

    ProbeResult result = check(password(), Map.of());

    assertThat(realm.requests()).isNotEmpty();
    assertThat(elsewhere.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.target()).contains("moved=1"));
    assertThat(result.isOk()).isTrue();
  }

  @Test
  void identityTokenPostIsNeverResentToAnotherOrigin() throws Exception {
    HostileServer realm =
        listen("127.0.0.1", "realm", HostileServer.redirectTo(elsewhere.url("/collect")));
    entitled.add(realm);
    challengeWithRealm(realm.url("/token"));

    ProbeResult result = check(new Credential.IdentityToken(USER, Secret.of(CANARY)), Map.of());

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(FailureKind.TOKEN_SERVICE_FAILED);
    assertThat(failure.summary()).contains("redirected to " + elsewhere.url("/collect"));
    assertThat(failure.evidence()).anyMatch(line -> line.contains(elsewhere.url("/collect")));
    assertThat(realm.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.method()).isEqualTo("POST"));
    assertThat(elsewhere.requests()).isEmpty();
  }

  @Test
  void manifestRedirectToAnotherOriginLosesTheAuthorization() throws Exception {
    elsewhereScript = (request, socket, out) -> out.write(manifest(request));
    registryScript =
        (request, socket, out) -> {
          if (request.target().equals("/v2/")) {
            Map<String, String> headers = new LinkedHashMap<>(registryHeaders());
            headers.put("WWW-Authenticate", "Basic realm=\"reg\"");
            out.write(response(401, headers, "{}"));
          } else {
            out.write(response(307, Map.of("Location", elsewhere.url(request.target())), ""));
          }
        };

    ProbeResult result = check(password(), Map.of());

    assertThat(result.isOk()).isTrue();
    assertThat(registry.requests())
        .anyMatch(r -> r.header("Authorization") != null && r.target().contains("/manifests/"));
    assertThat(elsewhere.requests()).isNotEmpty();
  }

  @Test
  void manifestRedirectToAnAddressThatIsNotTheRegistrysIsRefused() throws Exception {
    registryScript =
        (request, socket, out) -> {
          if (request.target().equals("/v2/")) {
            out.write(response(200, registryHeaders(), "{}"));
          } else {
            out.write(
                response(
                    307,
                    Map.of("Location", "http://realm.test:" + foreign.port() + "/meta-data"),
                    ""));
          }
        };

    ProbeResult result = check(password(), names("realm.test", "::1"));

    Failure failure = result.primaryFailure().orElseThrow();
    assertThat(failure.summary())
        .contains("refused to follow")
        .contains("loopback address of this machine, not the registry's own");
    assertThat(failure.summary()).doesNotContain("no route");
    assertThat(foreign.requests()).isEmpty();
  }
}
