package dev.regdoctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A token service answer (Docker token spec and OAuth2): {@code token} or {@code access_token},
 * {@code expires_in} (default 60 s, values below 60 taken as 60), {@code issued_at}. The token
 * itself never leaves this type except as a header value; {@code toString} is redacted.
 */
public final class TokenResponse {
  public static final Duration MINIMUM_LIFETIME = Duration.ofSeconds(60);

  private final String token;
  private final Instant issuedAt;
  private final Duration expiresIn;
  private final @Nullable List<Access> access;

  private TokenResponse(
      String token, Instant issuedAt, Duration expiresIn, @Nullable List<Access> access) {
    this.token = token;
    this.issuedAt = issuedAt;
    this.expiresIn = expiresIn;
    this.access = access;
  }

  /** One entry of a JWT {@code access} claim. */
  public record Access(String type, String name, List<String> actions) {
    public Access {
      actions = List.copyOf(actions);
    }
  }

  /**
   * Parses a token response body.
   *
   * @param now the time to assume when {@code issued_at} is absent
   * @throws MalformedTokenResponseException with a secret-free reason when the body is not a token
   *     response
   */
  public static TokenResponse parse(byte[] body, Instant now) {
    JsonNode root;
    try {
      root = ErrorBodies.json().readTree(body);
    } catch (IOException e) {
      throw new MalformedTokenResponseException("token response is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedTokenResponseException("token response is not a JSON object");
    }
    String token = textField(root, "token");
    if (token.isEmpty()) {
      token = textField(root, "access_token");
    }
    if (token.isEmpty()) {
      throw new MalformedTokenResponseException(
          "token response has neither \"token\" nor \"access_token\"");
    }
    Duration expiresIn = MINIMUM_LIFETIME;
    JsonNode expires = root.get("expires_in");
    if (expires != null
        && expires.canConvertToLong()
        && expires.asLong() > MINIMUM_LIFETIME.getSeconds()) {
      expiresIn = Duration.ofSeconds(expires.asLong());
    }
    Instant issuedAt = now;
    String issued = textField(root, "issued_at");
    if (!issued.isEmpty()) {
      try {
        issuedAt = Instant.parse(issued);
      } catch (DateTimeParseException e) {
        // a malformed issued_at is ignored, as the reference client does
      }
    }
    return new TokenResponse(token, issuedAt, expiresIn, decodeAccess(token));
  }

  public String token() {
    return token;
  }

  public Instant expiresAt() {
    try {
      return issuedAt.plus(expiresIn);
    } catch (DateTimeException | ArithmeticException e) {
      // issued_at + expires_in beyond the Instant range (expires_in is at least 60 s): saturate
      // rather than fail every later check that looks the token up
      return Instant.MAX;
    }
  }

  /** Returns the JWT {@code access} claim, or {@code null} when the token is not such a JWT. */
  public @Nullable List<Access> access() {
    return access;
  }

  /** Returns the actions granted on repository {@code name}, or {@code null} when unknown. */
  public @Nullable List<String> grantedActions(String type, String name) {
    if (access == null) {
      return null;
    }
    List<String> actions = new ArrayList<>();
    for (Access entry : access) {
      if (entry.type().equals(type) && entry.name().equals(name)) {
        actions.addAll(entry.actions());
      }
    }
    return actions;
  }

  /** Decodes the {@code access} claim of a JWT; {@code null} when the token is opaque. */
  public static @Nullable List<Access> decodeAccess(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    JsonNode claims;
    try {
      claims = ErrorBodies.json().readTree(Base64.getUrlDecoder().decode(strip(parts[1])));
    } catch (IllegalArgumentException | IOException e) {
      return null;
    }
    if (claims == null || !claims.isObject()) {
      return null;
    }
    JsonNode access = claims.get("access");
    if (access == null || access.isNull()) {
      // a JWT without an access claim grants nothing (the distribution token server's semantics)
      return claims.has("iss") || claims.has("aud") ? List.of() : null;
    }
    if (!access.isArray()) {
      return null;
    }
    List<Access> entries = new ArrayList<>();
    for (JsonNode entry : access) {
      List<String> actions = new ArrayList<>();
      JsonNode actionNodes = entry.get("actions");
      if (actionNodes != null && actionNodes.isArray()) {
        actionNodes.forEach(action -> actions.add(action.asText()));
      }
      entries.add(new Access(textField(entry, "type"), textField(entry, "name"), actions));
    }
    return entries;
  }

  private static String strip(String base64) {
    int end = base64.length();
    while (end > 0 && base64.charAt(end - 1) == '=') {
      end--;
    }
    return base64.substring(0, end);
  }

  private static String textField(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || !value.isTextual() ? "" : value.asText();
  }

  @Override
  public String toString() {
    return "TokenResponse[token=<redacted>, expiresAt=" + expiresAt() + ", access=" + access + "]";
  }

  /** Decodes a JWT payload for tests and diagnostics; never returns the signature. */
  public static String payloadJson(String token) {
    String[] parts = token.split("\\.", -1);
    return parts.length == 3
        ? new String(Base64.getUrlDecoder().decode(strip(parts[1])), StandardCharsets.UTF_8)
        : "";
  }
}
