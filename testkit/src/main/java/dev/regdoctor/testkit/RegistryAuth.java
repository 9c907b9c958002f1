package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who may do what on an {@link EmbeddedRegistry}, answering like registry 2.8's access controllers:
 * nothing to check, htpasswd-style Basic users, or Bearer tokens.
 */
sealed interface RegistryAuth {

  /** The realm of the Basic challenge, as {@link RegistryProcess} configures htpasswd. */
  String BASIC_REALM = "regdoctor-test";

  /**
   * Returns empty when {@code authorization} (the header value, or {@code null}) allows {@code
   * access}, otherwise the 401 reply with its challenge.
   */
  Optional<Reply> check(@Nullable String authorization, List<RegistryAccess> access, Instant now);

  /** Returns the 401 with {@code challenge} and the {@code UNAUTHORIZED} body naming the access. */
  static Reply unauthorized(String challenge, List<RegistryAccess> access) {
    return RegistryErrors.reply(
            401, "UNAUTHORIZED", "authentication required", RegistryAccess.detail(access))
        .header("WWW-Authenticate", challenge);
  }

  /** Quotes {@code value} as Go's {@code %q} does for printable ASCII. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** No authentication: everything is allowed. */
  record Anonymous() implements RegistryAuth {
    @Override
    public Optional<Reply> check(
        @Nullable String authorization, List<RegistryAccess> access, Instant now) {
      return Optional.empty();
    }
  }

  /**
   * Basic credentials checked against {@code users}; a wrong password, an unknown user and missing
   * credentials get the identical 401, as with htpasswd.
   */
  record Basic(Map<String, String> users) implements RegistryAuth {

    public Basic {
      users = Map.copyOf(users);
    }

    @Override
    public Optional<Reply> check(
        @Nullable String authorization, List<RegistryAccess> access, Instant now) {
      if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        String decoded;
        try {
          byte[] raw = Base64.getDecoder().decode(authorization.substring(6).trim());
          decoded = new String(raw, UTF_8);
        } catch (IllegalArgumentException e) {
          decoded = "";
        }
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          String expected = users.get(decoded.substring(0, colon));
          byte[] given = decoded.substring(colon + 1).getBytes(UTF_8);
          if (expected != null && MessageDigest.isEqual(expected.getBytes(UTF_8), given)) {
            return Optional.empty();
          }
        }
      }
      return Optional.of(unauthorized("Basic realm=" + quote(BASIC_REALM), access));
    }

    @Override
    public String toString() {
      return "Basic[users=" + users.keySet() + ", passwords=<redacted>]";
    }
  }

  /**
   * Bearer tokens verified by {@code verifier}; challenges name {@code realm} and {@code service},
   * the scope the request needs, and {@code error="invalid_token"} or {@code
   * error="insufficient_scope"} when a token was sent but does not do.
   */
  record Token(String realm, String service, TokenVerifier verifier) implements RegistryAuth {

    @Override
    public Optional<Reply> check(
        @Nullable String authorization, List<RegistryAccess> access, Instant now) {
      // Registry 2.8.2 splits the header on spaces and wants exactly "Bearer TOKEN".
      String[] parts = authorization == null ? new String[0] : authorization.split(" ", -1);
      if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
        return Optional.of(challenge(access, null));
      }
      Optional<TokenVerifier.Grant> grant = verifier.verify(parts[1], now);
      if (grant.isEmpty()) {
        return Optional.of(challenge(access, "invalid_token"));
      }
      for (RegistryAccess needed : access) {
        if (!grant.get().allows(needed)) {
          return Optional.of(challenge(access, "insufficient_scope"));
        }
      }
      return Optional.empty();
    }

    private Reply challenge(List<RegistryAccess> access, @Nullable String error) {
      StringBuilder challenge =
          new StringBuilder("Bearer realm=")
              .append(quote(realm))
              .append(",service=")
              .append(quote(service));
      String scope = RegistryAccess.scope(access);
      if (!scope.isEmpty()) {
        challenge.append(",scope=").append(quote(scope));
      }
      if (error != null) {
        challenge.append(",error=").append(quote(error));
      }
      return unauthorized(challenge.toString(), access);
    }
  }
}
