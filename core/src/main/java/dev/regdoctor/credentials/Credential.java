package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What a client presents to a registry. Every variant redacts its secret in {@code toString}.
 *
 * <ul>
 *   <li>{@link UsernamePassword}: sent as HTTP Basic to the registry, or to the token realm;
 *   <li>{@link IdentityToken}: an OAuth2 refresh token (docker {@code identitytoken}, or a helper
 *       answering with user {@code <token>}), exchanged by POST at the token realm;
 *   <li>{@link RegistryToken}: a bearer token sent to the registry as is (docker {@code
 *       registrytoken}).
 * </ul>
 */
public sealed interface Credential {

  /** Returns the user name when the credential has one, for display; never the secret. */
  @Nullable String username();

  /** Returns the secret part. */
  Secret secret();

  /** A user name and password (or access token used as a password). */
  record UsernamePassword(String username, Secret password) implements Credential {
    /** Validates that the user name is not empty. */
    public UsernamePassword {
      requireNonNull(username, "username");
      requireNonNull(password, "password");
      if (username.isEmpty()) {
        throw new IllegalArgumentException("username must not be empty");
      }
    }

    @Override
    public Secret secret() {
      return password;
    }

    @Override
    public String toString() {
      return "UsernamePassword[username=" + username + ", password=<redacted>]";
    }
  }

  /** An OAuth2 refresh token, with the user name it was issued to when known. */
  record IdentityToken(@Nullable String username, Secret token) implements Credential {
    /** Validates the token is present. */
    public IdentityToken {
      requireNonNull(token, "token");
    }

    @Override
    public Secret secret() {
      return token;
    }

    @Override
    public String toString() {
      return "IdentityToken[username=" + username + ", token=<redacted>]";
    }
  }

  /** A registry bearer token, sent as {@code Authorization: Bearer} without a token exchange. */
  record RegistryToken(Secret token) implements Credential {
    /** Validates the token is present. */
    public RegistryToken {
      requireNonNull(token, "token");
    }

    @Override
    public @Nullable String username() {
      return null;
    }

    @Override
    public Secret secret() {
      return token;
    }

    @Override
    public String toString() {
      return "RegistryToken[token=<redacted>]";
    }
  }

  /** Returns a user name and password credential. */
  static Credential of(String username, String password) {
    return new UsernamePassword(username, Secret.of(password));
  }
}
