package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenResponseTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static TokenResponse parse(String json) {
    return TokenResponse.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A JWT whose payload is {@code claims}; header and signature are placeholders. */
  private static String jwt(String claims, boolean padded) {
    String payload = base64Url(claims);
    if (!padded) {
      payload = payload.replace("=", "");
    }
    return base64Url("{\"alg\":\"ES256\",\"typ\":\"JWT\"}").replace("=", "")
        + "."
        + payload
        + ".c2lnbmF0dXJl";
  }

  @Nested
  class Fields {
    @Test
    void tokenFieldIsTheToken() {
      assertThat(parse("{\"token\":\"abc\",\"expires_in\":300}").token()).isEqualTo("abc");
    }

    @Test
    void accessTokenFieldIsUsedWhenTokenIsAbsent() {
      assertThat(parse("{\"access_token\":\"oauth\",\"expires_in\":300}").token())
          .isEqualTo("oauth");
    }

    @Test
    void tokenWinsOverAccessToken() {
      assertThat(parse("{\"access_token\":\"second\",\"token\":\"first\"}").token())
          .isEqualTo("first");
    }

    @Test
    void emptyTokenFallsBackToAccessToken() {
      assertThat(parse("{\"token\":\"\",\"access_token\":\"oauth\"}").token()).isEqualTo("oauth");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{}",
          "{\"expires_in\":300}",
          "{\"token\":\"\"}",
          "{\"token\":42}",
          "{\"token\":null,\"access_token\":[]}"
        })
    void withoutAUsableTokenIsMalformed(String json) {
      assertThatThrownBy(() -> parse(json))
          .isInstanceOf(MalformedTokenResponseException.class)
          .hasMessageContaining("neither \"token\" nor \"access_token\"");
    }

    @ParameterizedTest
    @CsvSource({"300, 300", "60, 60", "59, 60", "1, 60", "0, 60", "-5, 60", "3600, 3600"})
    void expiresInBelowSixtySecondsCountsAsSixty(long sent, long expected) {
      TokenResponse token =
          parse(
              "{\"token\":\"t\",\"issued_at\":\"2026-11-25T09:00:00Z\",\"expires_in\":"
                  + sent
                  + "}");

      assertThat(token.expiresAt())
          .isEqualTo(Instant.parse("2026-11-25T09:00:00Z").plusSeconds(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"300\"", "null", "true", "3.5e300", "{}"})
    void unusableExpiresInCountsAsSixty(String value) {
      TokenResponse token = parse("{\"token\":\"t\",\"expires_in\":" + value + "}");

      assertThat(token.expiresAt()).isEqualTo(NOW.plus(TokenResponse.MINIMUM_LIFETIME));
    }

    @Test
    void missingIssuedAtMeansNow() {
      assertThat(parse("{\"token\":\"t\",\"expires_in\":300}").expiresAt())
          .isEqualTo(NOW.plusSeconds(300));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2026-13-45T99:00:00Z\"", "\"\"", "12345", "null"})
    void malformedIssuedAtIsIgnored(String value) {
      assertThat(
              parse("{\"token\":\"t\",\"expires_in\":300,\"issued_at\":" + value + "}").expiresAt())
          .isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void issuedAtWithFractionalSecondsIsRead() {
      assertThat(
              parse(
                      "{\"token\":\"t\",\"expires_in\":300,\"issued_at\":\"2026-11-25T09:59:00.123456789Z\"}")
                  .expiresAt())
          .isEqualTo(Instant.parse("2026-11-25T10:04:00.123456789Z"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"token\":\"t\",\"expires_in\":9223372036854775807}",
          "{\"token\":\"t\",\"expires_in\":1e18}",
          "{\"token\":\"t\",\"expires_in\":300,\"issued_at\":\"+1000000000-12-31T23:59:59Z\"}",
          "{\"token\":\"t\",\"expires_in\":300,\"issued_at\":\"-1000000000-01-01T00:00:00Z\"}"
        })
    void extremeLifetimesDoNotOverflow(String json) {
      TokenResponse token = parse(json);

      assertThat(token.expiresAt()).isNotNull();
      assertThat(token.toString()).contains("expiresAt=");
    }
  }

  @Nested
  class NotATokenResponse {
    @ParameterizedTest
    @ValueSource(strings = {"<html>login</html>", "token=abc", "{\"token\":", "\u0000\u0001"})
    void nonJsonIsMalformed(String body) {
      assertThatThrownBy(() -> parse(body))
          .isInstanceOf(MalformedTokenResponseException.class)
          .hasMessage("token response is not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"token\":\"abc\"}]", "\"abc\"", "42", "null", ""})
    void jsonThatIsNotAnObjectIsMalformed(String body) {
      assertThatThrownBy(() -> parse(body))
          .isInstanceOf(MalformedTokenResponseException.class)
          .hasMessage("token response is not a JSON object");
    }

    @Test
    void messageNeverQuotesTheBody() {
      assertThatThrownBy(() -> parse("[\"secret-looking-token\"]"))
          .hasMessageNotContaining("secret-looking-token");
    }

    @Test
    void toStringRedactsTheToken() {
      assertThat(parse("{\"token\":\"very-secret-token\"}").toString())
          .doesNotContain("very-secret-token")
          .contains("<redacted>");
    }
  }

  @Nested
  class AccessClaim {
    @ParameterizedTest(name = "padded={0}")
    @ValueSource(booleans = {true, false})
    void jwtAccessClaimIsDecoded(boolean padded) {
      String token =
          jwt(
              "{\"iss\":\"test-issuer\",\"aud\":\"test-registry\",\"access\":["
                  + "{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\",\"push\"]},"
                  + "{\"type\":\"repository\",\"name\":\"team/other\",\"actions\":[\"pull\"]}]}",
              padded);

      TokenResponse response = parse("{\"token\":\"" + token + "\"}");

      assertThat(response.access())
          .containsExactly(
              new TokenResponse.Access("repository", "team/app", List.of("pull", "push")),
              new TokenResponse.Access("repository", "team/other", List.of("pull")));
      assertThat(response.grantedActions("repository", "team/app")).containsExactly("pull", "push");
      assertThat(response.grantedActions("repository", "team/none")).isEmpty();
    }

    @Test
    void payloadsOfEveryLengthModuloFourDecode() {
      // Base64 of 1, 2 and 3 trailing bytes ends with "==", "=" and nothing; the name pads the
      // length.
      for (String name : List.of("a", "ab", "abc", "abcd")) {
        String claims =
            "{\"iss\":\"i\",\"access\":[{\"type\":\"repository\",\"name\":\""
                + name
                + "\",\"actions\":[\"pull\"]}]}";
        for (boolean padded : List.of(true, false)) {
          assertThat(TokenResponse.decodeAccess(jwt(claims, padded)))
              .as("name %s, padded %s", name, padded)
              .containsExactly(new TokenResponse.Access("repository", name, List.of("pull")));
        }
      }
    }

    @Test
    void jwtWithEmptyAccessGrantsNothing() {
      assertThat(TokenResponse.decodeAccess(jwt("{\"iss\":\"i\",\"access\":[]}", false))).isEmpty();
    }

    @Test
    void jwtWithoutAccessClaimGrantsNothing() {
      TokenResponse response =
          parse(
              "{\"token\":\"" + jwt("{\"iss\":\"i\",\"aud\":\"a\",\"sub\":\"u\"}", false) + "\"}");

      assertThat(response.access()).isEmpty();
      assertThat(response.grantedActions("repository", "team/app")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "opaque-token-value",
          "two.parts",
          "four.parts.in.total",
          "a.%%%notbase64%%%.c",
          "a.YWJj.c",
          "a.W10.c",
          "a.e30.c"
        })
    void opaqueOrUndecodableTokenHasUnknownAccess(String token) {
      // "YWJj" is "abc" (not JSON), "W10" is "[]" (not an object), "e30" is "{}" (no issuer, no
      // access).
      TokenResponse response = parse("{\"token\":\"" + token + "\"}");

      assertThat(response.access()).isNull();
      assertThat(response.grantedActions("repository", "team/app")).isNull();
    }

    @Test
    void accessClaimThatIsNotAnArrayIsUnknown() {
      assertThat(TokenResponse.decodeAccess(jwt("{\"iss\":\"i\",\"access\":\"pull\"}", false)))
          .isNull();
    }

    @Test
    void malformedAccessEntriesAreKeptWithEmptyFields() {
      assertThat(
              TokenResponse.decodeAccess(
                  jwt(
                      "{\"iss\":\"i\",\"access\":[42,{\"type\":\"repository\",\"actions\":\"pull\"}]}",
                      false)))
          .containsExactly(
              new TokenResponse.Access("", "", List.of()),
              new TokenResponse.Access("repository", "", List.of()));
    }

    @Test
    void payloadJsonDecodesThePayloadOnly() {
      String token = jwt("{\"iss\":\"i\"}", false);

      assertThat(TokenResponse.payloadJson(token)).isEqualTo("{\"iss\":\"i\"}");
      assertThat(TokenResponse.payloadJson("opaque")).isEmpty();
    }
  }

  @Test
  void lifetimeIsTheMinimumWhenAbsent() {
    assertThat(Duration.between(NOW, parse("{\"token\":\"t\"}").expiresAt()))
        .isEqualTo(Duration.ofSeconds(60));
  }

  // ---- properties -----------------------------------------------------------------------------

  @SeededProperty(cases = 1000)
  void arbitraryBytesParseOrThrowOnlyMalformedTokenResponse(long seed) {
    Gen gen = new Gen(seed);
    byte[] body = new byte[gen.between(0, 255)];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) gen.between(-128, 127);
    }
    assertParsesOrIsMalformed(body);
  }

  @SeededProperty(cases = 1000)
  void arbitraryJsonLikeTextParsesOrThrowsOnlyMalformedTokenResponse(long seed) {
    String body = jsonLike(new Gen(seed));
    assertParsesOrIsMalformed(body.getBytes(StandardCharsets.UTF_8));
  }

  @SeededProperty(cases = 1000)
  void arbitraryTokensNeverBreakAccessDecoding(long seed) {
    String token = tokenLike(new Gen(seed));
    List<TokenResponse.Access> access = TokenResponse.decodeAccess(token);
    if (access != null) {
      assertThat(access).doesNotContainNull();
    }
  }

  private static void assertParsesOrIsMalformed(byte[] body) {
    TokenResponse response;
    try {
      response = TokenResponse.parse(body, NOW);
    } catch (MalformedTokenResponseException e) {
      assertThat(e.getMessage()).startsWith("token response");
      return;
    }
    assertThat(response.token()).isNotEmpty();
    assertThat(response.expiresAt()).isAfterOrEqualTo(Instant.MIN);
    assertThat(response.toString()).doesNotContain(response.token());
  }

  private static String jsonLike(Gen gen) {
    List<String> fragments =
        List.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"token\"",
            "\"access_token\"",
            "\"expires_in\"",
            "\"issued_at\"",
            "\"abc\"",
            "\"2026-11-25T09:00:00Z\"",
            "-1",
            "0",
            "59",
            "61",
            "1e18",
            "9223372036854775807",
            "99999999999999999999",
            "null",
            "true",
            "\"+1000000000-12-31T23:59:59Z\"",
            "\"a.e30.c\"");
    return String.join("", gen.list(0, 14, () -> gen.pick(fragments)));
  }

  private static String tokenLike(Gen gen) {
    return String.join(
        ".",
        gen.list(
            1,
            4,
            () ->
                gen.oneOf(
                    () -> gen.string("abcXYZ019-_=+/", 0, 16),
                    () -> base64Url(gen.anyString(20)),
                    () ->
                        gen.pick(
                            "e30",
                            "W10",
                            "eyJpc3MiOiJpIiwiYWNjZXNzIjpbMSwyXX0",
                            "eyJhY2Nlc3MiOm51bGx9"))));
  }
}
