package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TokenIssuerTest {

  private final OkHttpClient http = TestHttp.client();
  private final TokenIssuer issuer =
      TokenIssuer.start()
          .user("alice", "alice-secret")
          .user("bob", "bob-secret")
          .allow("alice", "team/app", "pull", "push")
          .allow("bob", "*", "pull")
          .allowAnonymousPull("public/app");

  @AfterEach
  void closeIssuer() {
    issuer.close();
  }

  private Response get(String query, String user, String password) throws IOException {
    Request.Builder request = new Request.Builder().url(issuer.url() + "?" + query);
    if (user != null) {
      request.header("Authorization", Credentials.basic(user, password));
    }
    return http.newCall(request.build()).execute();
  }

  private JsonNode tokenClaims(String query, String user, String password) throws IOException {
    try (Response response = get(query, user, password)) {
      assertThat(response.code()).isEqualTo(200);
      return TestHttp.claims(TestHttp.json(TestHttp.body(response)).path("token").asText());
    }
  }

  @Nested
  class TokenGet {

    @Test
    void grantsRequestedActionsThatThePolicyAllows() throws IOException {
      try (Response response =
          get(
              "service=test-registry&scope=repository:team/app:pull,push",
              "alice",
              "alice-secret")) {
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = TestHttp.json(TestHttp.body(response));
        assertThat(body.path("token").asText()).isEqualTo(body.path("access_token").asText());
        assertThat(body.path("expires_in").asInt()).isEqualTo(300);
        assertThat(Instant.parse(body.path("issued_at").asText())).isBeforeOrEqualTo(Instant.now());
        JsonNode claims = TestHttp.claims(body.path("token").asText());
        assertThat(claims.path("iss").asText()).isEqualTo("test-issuer");
        assertThat(claims.path("aud").asText()).isEqualTo("test-registry");
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
        assertThat(claims.path("nbf").asLong()).isEqualTo(claims.path("iat").asLong());
        assertThat(claims.path("jti").asText()).isNotBlank();
        assertThat(claims.path("access").toString())
            .isEqualTo(
                "[{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\",\"push\"]}]");
      }
    }

    @Test
    void grantIsTheIntersectionOfRequestedAndAllowed() throws IOException {
      JsonNode claims =
          tokenClaims(
              "service=test-registry&scope=repository:team/app:pull,push,delete&scope=repository:secret/app:pull",
              "bob",
              "bob-secret");

      assertThat(claims.path("access").toString())
          .isEqualTo(
              "[{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\"]},"
                  + "{\"type\":\"repository\",\"name\":\"secret/app\",\"actions\":[\"pull\"]}]");
    }

    @Test
    void deniedRepositoryGetsOkWithEmptyAccess() throws IOException {
      JsonNode claims =
          tokenClaims("service=test-registry&scope=repository:team/app:pull", null, null);

      assertThat(claims.path("access").isArray()).isTrue();
      assertThat(claims.path("access")).isEmpty();
      assertThat(claims.path("sub").asText()).isEmpty();
    }

    @Test
    void anonymousPullOfPublicRepositoryIsGrantedToEveryone() throws IOException {
      assertThat(
              tokenClaims("scope=repository:public/app:pull,push", null, null)
                  .path("access")
                  .toString())
          .isEqualTo("[{\"type\":\"repository\",\"name\":\"public/app\",\"actions\":[\"pull\"]}]");
      assertThat(
              tokenClaims("scope=repository:public/app:pull", "alice", "alice-secret")
                  .path("access"))
          .hasSize(1);
    }

    @Test
    void spaceSeparatedScopesAndPortInNameAreParsed() throws IOException {
      String query =
          HttpUrl.get(issuer.url())
              .newBuilder()
              .addQueryParameter("scope", "repository:team/app:pull repository:public/app:pull")
              .addQueryParameter("scope", "repository:127.0.0.1:5000/x:pull")
              .build()
              .encodedQuery();
      issuer.allow("alice", "127.0.0.1:5000/x", "pull");

      JsonNode claims = tokenClaims(query, "alice", "alice-secret");

      assertThat(claims.path("access")).hasSize(3);
      assertThat(claims.path("access").get(2).path("name").asText()).isEqualTo("127.0.0.1:5000/x");
    }

    @Test
    void badPasswordIsUnauthorizedWithJsonError() throws IOException {
      try (Response response =
          get("service=test-registry&scope=repository:team/app:pull", "alice", "wrong")) {
        assertThat(response.code()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"test-issuer\"");
        assertThat(TestHttp.body(response))
            .isEqualTo("{\"details\":\"incorrect username or password\"}");
      }
      try (Response response = get("scope=repository:team/app:pull", "mallory", "x")) {
        assertThat(response.code()).isEqualTo(401);
      }
    }

    @Test
    void unknownServiceIsBadRequest() throws IOException {
      try (Response response = get("service=other&scope=repository:team/app:pull", null, null)) {
        assertThat(response.code()).isEqualTo(400);
        assertThat(TestHttp.body(response)).contains("unknown service: other");
      }
    }

    @Test
    void tokenFieldKnobChoosesTheResponseFields() throws IOException {
      issuer.tokenField(TokenField.TOKEN_ONLY);
      try (Response response = get("scope=repository:public/app:pull", null, null)) {
        JsonNode body = TestHttp.json(TestHttp.body(response));
        assertThat(body.has("token")).isTrue();
        assertThat(body.has("access_token")).isFalse();
      }
      issuer.tokenField(TokenField.ACCESS_TOKEN_ONLY);
      try (Response response = get("scope=repository:public/app:pull", null, null)) {
        JsonNode body = TestHttp.json(TestHttp.body(response));
        assertThat(body.has("token")).isFalse();
        assertThat(body.has("access_token")).isTrue();
      }
    }

    @Test
    void expiresInSetsLifetimeAndClaims() throws IOException {
      issuer.expiresIn(42);
      try (Response response = get("scope=repository:public/app:pull", null, null)) {
        JsonNode body = TestHttp.json(TestHttp.body(response));
        assertThat(body.path("expires_in").asInt()).isEqualTo(42);
        JsonNode claims = TestHttp.claims(body.path("token").asText());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(42);
      }
    }

    @Test
    void offlineTokenRequestReturnsUsableRefreshToken() throws IOException {
      String refresh;
      try (Response response =
          get(
              "service=test-registry&offline_token=true&client_id=docker",
              "alice",
              "alice-secret")) {
        refresh = TestHttp.json(TestHttp.body(response)).path("refresh_token").asText();
      }
      assertThat(refresh).startsWith("refresh-");

      FormBody form =
          new FormBody.Builder()
              .add("grant_type", "refresh_token")
              .add("refresh_token", refresh)
              .add("service", "test-registry")
              .add("client_id", "regdoctor")
              .add("scope", "repository:team/app:pull")
              .build();
      try (Response response =
          http.newCall(new Request.Builder().url(issuer.url()).post(form).build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
    }
  }

  @Nested
  class OAuth2Post {

    private Response post(FormBody form) throws IOException {
      return http.newCall(new Request.Builder().url(issuer.url()).post(form).build()).execute();
    }

    @Test
    void passwordGrantWithOfflineAccessReturnsAccessAndRefreshToken() throws IOException {
      FormBody form =
          new FormBody.Builder()
              .add("grant_type", "password")
              .add("username", "alice")
              .add("password", "alice-secret")
              .add("service", "test-registry")
              .add("client_id", "regdoctor")
              .add("access_type", "offline")
              .add("scope", "repository:team/app:pull repository:public/app:pull")
              .build();

      try (Response response = post(form)) {
        assertThat(response.code()).isEqualTo(200);
        JsonNode body = TestHttp.json(TestHttp.body(response));
        assertThat(body.has("token")).isFalse();
        assertThat(body.path("refresh_token").asText()).startsWith("refresh-");
        assertThat(body.path("scope").asText())
            .isEqualTo("repository:team/app:pull repository:public/app:pull");
        assertThat(TestHttp.claims(body.path("access_token").asText()).path("access")).hasSize(2);
      }
    }

    @Test
    void registeredRefreshTokenGrantsTheUsersAccess() throws IOException {
      issuer.refreshToken("alice", "identity-token-of-alice");
      FormBody form =
          new FormBody.Builder()
              .add("grant_type", "refresh_token")
              .add("refresh_token", "identity-token-of-alice")
              .add("service", "test-registry")
              .add("client_id", "regdoctor")
              .add("scope", "repository:team/app:pull,push")
              .build();

      try (Response response = post(form)) {
        assertThat(response.code()).isEqualTo(200);
        JsonNode body = TestHttp.json(TestHttp.body(response));
        assertThat(body.has("refresh_token")).isFalse();
        JsonNode claims = TestHttp.claims(body.path("access_token").asText());
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("access").get(0).path("actions").toString())
            .isEqualTo("[\"pull\",\"push\"]");
      }
    }

    @Test
    void unknownRefreshTokenIsInvalidGrant() throws IOException {
      FormBody form =
          new FormBody.Builder()
              .add("grant_type", "refresh_token")
              .add("refresh_token", "nope")
              .add("client_id", "regdoctor")
              .build();

      try (Response response = post(form)) {
        assertThat(response.code()).isEqualTo(401);
        assertThat(TestHttp.json(TestHttp.body(response)).path("error").asText())
            .isEqualTo("invalid_grant");
      }
    }

    @Test
    void missingClientIdAndUnknownGrantTypeAreBadRequests() throws IOException {
      try (Response response = post(new FormBody.Builder().add("grant_type", "password").build())) {
        assertThat(response.code()).isEqualTo(400);
        assertThat(TestHttp.body(response)).contains("invalid_request");
      }
      try (Response response =
          post(new FormBody.Builder().add("grant_type", "magic").add("client_id", "x").build())) {
        assertThat(response.code()).isEqualTo(400);
        assertThat(TestHttp.body(response)).contains("unsupported_grant_type");
      }
    }
  }

  @Test
  void failWithAnswersEveryRequestWithThatStatusUntilStopped() throws IOException {
    issuer.failWith(503);
    try (Response response = get("scope=repository:public/app:pull", null, null)) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(TestHttp.body(response)).contains("UNAVAILABLE");
    }
    issuer.stopFailing();
    try (Response response = get("scope=repository:public/app:pull", null, null)) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThatThrownBy(() -> issuer.failWith(42)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestsAreCountedAndRecordedWithoutSecrets() throws IOException {
    try (Response response =
        get("service=test-registry&scope=repository:team/app:pull", "alice", "alice-secret")) {
      assertThat(response.code()).isEqualTo(200);
    }
    FormBody form =
        new FormBody.Builder()
            .add("grant_type", "password")
            .add("username", "alice")
            .add("password", "alice-secret")
            .add("client_id", "regdoctor")
            .add("refresh_token", "refresh-secret")
            .build();
    try (Response response =
        http.newCall(new Request.Builder().url(issuer.url()).post(form).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(issuer.requestCount()).isEqualTo(2);
    assertThat(issuer.requests())
        .extracting(TokenRequest::toString)
        .containsExactly(
            "GET /token?service=test-registry&scope=repository:team/app:pull",
            "POST /token?grant_type=password&username=alice&client_id=regdoctor");
    assertThat(issuer.requests()).extracting(TokenRequest::username).containsOnly("alice");
    assertThat(issuer.requests().toString()).doesNotContain("secret");
  }

  @Test
  void otherPathsAreNotFound() throws IOException {
    try (Response response =
        http.newCall(new Request.Builder().url(issuer.url() + "/extra").build()).execute()) {
      assertThat(response.code()).isEqualTo(404);
    }
  }

  @Test
  void rootCertBundleIsThePemOfTheSigningCertificate(@TempDir Path directory) throws Exception {
    Path bundle = issuer.rootCertBundle(directory.resolve("bundle.pem"));

    assertThat(Files.readString(bundle)).startsWith("-----BEGIN CERTIFICATE-----");
    try (InputStream in = Files.newInputStream(bundle)) {
      assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in))
          .isEqualTo(issuer.signingCertificate());
    }
  }

  @Test
  void servesHttpsWithTheGivenCertificate() throws IOException {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).ecdsa256().build();
    HeldCertificate server =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(ca)
            .ecdsa256()
            .build();
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
    OkHttpClient https =
        http.newBuilder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();

    try (TokenIssuer tls =
        TokenIssuer.builder().tls(server).service("svc").issuerName("iss").start()) {
      assertThat(tls.url()).startsWith("https://127.0.0.1:").endsWith("/token");
      try (Response response =
          https.newCall(new Request.Builder().url(tls.url() + "?service=svc").build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
        JsonNode claims =
            TestHttp.claims(TestHttp.json(TestHttp.body(response)).path("token").asText());
        assertThat(claims.path("aud").asText()).isEqualTo("svc");
        assertThat(claims.path("iss").asText()).isEqualTo("iss");
      }
    }
  }

  @Test
  void issueTokenGrantsExactlyTheGivenScopes() {
    String token = issuer.issueToken("carol", "repository:any/thing:pull,push");

    JsonNode claims = TestHttp.claims(token);
    assertThat(claims.path("sub").asText()).isEqualTo("carol");
    assertThat(claims.path("access").get(0).path("name").asText()).isEqualTo("any/thing");
    assertThatThrownBy(() -> issuer.issueToken(null, "nonsense"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
