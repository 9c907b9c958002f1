package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRegistryIT {

  private final OkHttpClient http = TestHttp.client();
  private TokenIssuer issuer;
  private RegistryProcess registry;
  private SeededImage image;

  @BeforeAll
  void start() {
    RegistryBinary.require();
    issuer =
        TokenIssuer.start()
            .user("alice", "alice-pw")
            .user("bob", "bob-pw")
            .allow("alice", "team/app", "pull", "push")
            .allow("alice", "public/app", "pull", "push")
            .allowAnonymousPull("public/app");
    registry = RegistryProcess.builder().tokenAuth(issuer).start();
    ImageSeeder seeder = ImageSeeder.to(registry.baseUrl()).withCredentials("alice", "alice-pw");
    image = seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
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

  private String token(String scope, String user, String password) throws IOException {
    HttpUrl url =
        HttpUrl.get(issuer.url())
            .newBuilder()
            .addQueryParameter("service", issuer.service())
            .addQueryParameter("scope", scope)
            .build();
    Request.Builder request = new Request.Builder().url(url);
    if (user != null) {
      request.header("Authorization", Credentials.basic(user, password));
    }
    try (Response response = http.newCall(request.build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return TestHttp.json(TestHttp.body(response)).path("token").asText();
    }
  }

  private Response manifest(String repository, String token) throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url(registry.baseUrl() + "/v2/" + repository + "/manifests/1.0")
            .header("Accept", TestHttp.MANIFEST_ACCEPT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.newCall(request.build()).execute();
  }

  @Test
  void pingChallengesWithTheIssuerAsRealm() throws IOException {
    try (Response response =
        http.newCall(new Request.Builder().url(registry.baseUrl() + "/v2/").build()).execute()) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate"))
          .isEqualTo("Bearer realm=\"" + issuer.url() + "\",service=\"test-registry\"");
    }
  }

  @Test
  void manifestChallengeNamesTheScope() throws IOException {
    try (Response response = manifest("team/app", null)) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer realm=\""
                  + issuer.url()
                  + "\",service=\"test-registry\",scope=\"repository:team/app:pull\"");
    }
  }

  @Test
  void fetchedTokenServesTheManifest() throws IOException {
    String token = token("repository:team/app:pull", "alice", "alice-pw");

    try (Response response = manifest("team/app", token)) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Docker-Content-Digest")).isEqualTo(image.digest());
    }
  }

  @Test
  void tokenForAnotherRepositoryIsInsufficientScope() throws IOException {
    String token = token("repository:public/app:pull", "alice", "alice-pw");

    try (Response response = manifest("team/app", token)) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate"))
          .isEqualTo(
              "Bearer realm=\""
                  + issuer.url()
                  + "\",service=\"test-registry\",scope=\"repository:team/app:pull\",error=\"insufficient_scope\"");
      assertThat(TestHttp.body(response))
          .isEqualTo(
              "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication"
                  + " required\",\"detail\":[{\"Type\":\"repository\",\"Class\":\"\",\"Name\":\"team/app\",\"Action\":\"pull\"}]}]}\n");
    }
  }

  @Test
  void anonymousTokenGrantsNothingForPrivateRepositoryButPullsPublicOne() throws IOException {
    String privateToken = token("repository:team/app:pull", null, null);
    assertThat(TestHttp.claims(privateToken).path("access")).isEmpty();
    try (Response response = manifest("team/app", privateToken)) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
    }
    try (Response response =
        manifest("public/app", token("repository:public/app:pull", null, null))) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @Test
  void tokenWithEmptyAccessPassesThePing() throws IOException {
    String token = token("repository:team/app:pull", "bob", "bob-pw");
    Request ping =
        new Request.Builder()
            .url(registry.baseUrl() + "/v2/")
            .header("Authorization", "Bearer " + token)
            .build();

    try (Response response = http.newCall(ping).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @Test
  void expiredOrForeignOrGarbageTokenIsInvalidToken() throws IOException {
    String expired;
    synchronized (issuer) {
      // distribution allows 60 s of clock skew, so expire well before that.
      issuer.expiresIn(-120);
      expired = issuer.issueToken("alice", "repository:team/app:pull");
      issuer.expiresIn(TokenIssuer.DEFAULT_EXPIRES_IN_SECONDS);
    }
    String foreign;
    try (TokenIssuer stranger = TokenIssuer.start()) {
      foreign = stranger.issueToken("alice", "repository:team/app:pull");
    }
    for (String token : new String[] {expired, foreign, "garbage"}) {
      try (Response response = manifest("team/app", token)) {
        assertThat(response.code()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).endsWith(",error=\"invalid_token\"");
      }
    }
  }

  @Test
  void badCredentialsAtTheRealmAreUnauthorized() throws IOException {
    Request request =
        new Request.Builder()
            .url(issuer.url() + "?service=test-registry&scope=repository:team/app:pull")
            .header("Authorization", Credentials.basic("alice", "wrong"))
            .build();

    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(401);
    }
    assertThat(issuer.requests().toString()).doesNotContain("alice-pw").doesNotContain("wrong");
  }

  @Test
  void skopeoLogsInThroughTheTokenService(@TempDir Path home) throws Exception {
    int before = issuer.requestCount();

    Skopeo.Result ok =
        Skopeo.run(
            home,
            "inspect",
            "--tls-verify=false",
            "--creds",
            "alice:alice-pw",
            "docker://" + registry.hostPort() + "/team/app:1.0");
    Skopeo.Result anonymous =
        Skopeo.run(
            home,
            "inspect",
            "--tls-verify=false",
            "--no-creds",
            "docker://" + registry.hostPort() + "/team/app:1.0");

    assertThat(ok.exitCode()).as(ok.stderr()).isZero();
    JsonNode inspected = TestHttp.json(ok.stdout());
    assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest());
    assertThat(issuer.requestCount()).isGreaterThan(before);
    assertThat(issuer.requests())
        .anySatisfy(r -> assertThat(r.query()).contains("scope=repository%3Ateam%2Fapp%3Apull"));
    assertThat(anonymous.exitCode()).isNotZero();
    assertThat(anonymous.stderr())
        .contains("denied: requested access to the resource is denied")
        .contains("unauthorized: authentication required");
  }

  @Test
  void skopeoReportsBadCredentialsFromTheTokenService(@TempDir Path home) throws Exception {
    Skopeo.Result result =
        Skopeo.run(
            home,
            "inspect",
            "--tls-verify=false",
            "--creds",
            "alice:wrong",
            "docker://" + registry.hostPort() + "/team/app:1.0");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains("unable to retrieve auth token: invalid username/password")
        .contains("incorrect username or password");
  }

  @Test
  void brokenTokenServiceFailsTheLogin(@TempDir Path home) throws Exception {
    issuer.failWith(503);
    try {
      Skopeo.Result result =
          Skopeo.run(
              home,
              "inspect",
              "--tls-verify=false",
              "--creds",
              "alice:alice-pw",
              "docker://" + registry.hostPort() + "/team/app:1.0");

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.stderr()).contains("503");
    } finally {
      issuer.stopFailing();
    }
  }
}
