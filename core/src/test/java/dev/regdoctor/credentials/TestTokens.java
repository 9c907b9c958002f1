package dev.regdoctor.credentials;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Builds unsigned JWT-shaped tokens and base64 values for tests. */
final class TestTokens {

  private TestTokens() {}

  /** Returns {@code header.payload.signature} with {@code alg ES256} and the given {@code exp}. */
  static String jwt(Instant exp) {
    return jwtWithClaims("{\"sub\":\"u\",\"exp\":" + exp.getEpochSecond() + "}");
  }

  static String jwtWithClaims(String claims) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return url.encodeToString(
            "{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + "."
        + url.encodeToString("not-a-real-signature".getBytes(StandardCharsets.UTF_8));
  }

  /** Returns standard padded base64 of {@code text}. */
  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Describes a credential for assertions, secrets included (tests use fake values only). */
  static String describe(Credential credential) {
    if (credential instanceof Credential.UsernamePassword basic) {
      return "basic " + basic.username() + ":" + basic.password().reveal();
    }
    if (credential instanceof Credential.IdentityToken identity) {
      return "identity " + identity.username() + ":" + identity.token().reveal();
    }
    return "bearer " + credential.secret().reveal();
  }
}
