package dev.regdoctor.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.internal.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Spots JWT-shaped secrets (three base64url parts, a JSON header with {@code alg}) whose {@code
 * exp} claim has passed. Registries such as ACR hand out such tokens as passwords or refresh
 * tokens; an expired one explains a 401 before any request is made.
 */
final class TokenExpiry {

  private static final Pattern JWT_SHAPE =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  /** Tokens longer than this are not decoded. */
  private static final int MAX_TOKEN_CHARS = 64 * 1024;

  private TokenExpiry() {}

  /** Returns the {@code exp} of a JWT-shaped value; empty for anything else. Never throws. */
  static Optional<Instant> expiry(String value) {
    if (value.length() > MAX_TOKEN_CHARS || !JWT_SHAPE.matcher(value).matches()) {
      return Optional.empty();
    }
    String[] parts = value.split("\\.", -1);
    JsonNode header = decodeObject(parts[0]);
    if (header == null || header.get("alg") == null || !header.get("alg").isTextual()) {
      return Optional.empty();
    }
    JsonNode claims = decodeObject(parts[1]);
    if (claims == null) {
      return Optional.empty();
    }
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      return Optional.empty();
    }
    double seconds = exp.asDouble();
    if (!Double.isFinite(seconds) || Math.abs(seconds) > Instant.MAX.getEpochSecond()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond((long) Math.floor(seconds)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Returns an EXPIRED problem when {@code credential}'s secret is a JWT past its {@code exp}. */
  static Optional<CredentialProblem> check(Credential credential, String source, Clock clock) {
    return expiry(credential.secret().reveal())
        .filter(exp -> exp.isBefore(clock.instant()))
        .map(
            exp ->
                new CredentialProblem(
                    CredentialProblem.Kind.EXPIRED, source, "token expired at " + exp));
  }

  private static @Nullable JsonNode decodeObject(String part) {
    try {
      byte[] json = Base64.getUrlDecoder().decode(part);
      JsonNode node = JsonTrees.parseFirst(new String(json, StandardCharsets.UTF_8), "jwt");
      return node != null && node.isObject() ? node : null;
    } catch (IllegalArgumentException | ConfigException e) {
      return null;
    }
  }
}
