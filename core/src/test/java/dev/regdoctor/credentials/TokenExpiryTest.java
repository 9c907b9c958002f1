package dev.regdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenExpiryTest {

  @Test
  void readsExpiryOfJwt() {
    assertThat(TokenExpiry.expiry(TestTokens.jwt(Instant.parse("2026-01-02T03:04:05Z"))))
        .contains(Instant.parse("2026-01-02T03:04:05Z"));
  }

  @Test
  void fractionalExpiryIsRoundedDown() {
    assertThat(TokenExpiry.expiry(TestTokens.jwtWithClaims("{\"exp\": 1767322800.9}")))
        .contains(Instant.ofEpochSecond(1767322800L));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain-password",
        "dckr_pat_abcdefghijklmnop",
        "ya29.a0AfH6SMB.xyz",
        "a.b.c",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.sig",
        "eyJ0eXAiOiJKV1QifQ.eyJleHAiOjF9.sig",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.sig",
        "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiJzb29uIn0.sig",
        "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjFlOTk5fQ.sig",
        "a.b.c.d"
      })
  void ignoresValuesThatAreNotJwtsWithNumericExp(String value) {
    assertThat(TokenExpiry.expiry(value)).isEmpty();
  }
}
