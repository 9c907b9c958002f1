package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

/**
 * Something wrong with a credential source, found while looking credentials up. The message never
 * holds secret material.
 *
 * @param kind what went wrong
 * @param source the source, e.g. {@code credHelper ecr-login} or {@code
 *     /home/u/.docker/config.json}
 * @param message a one-line explanation, e.g. {@code /auths/registry.example.com/auth: not valid
 *     base64}
 */
public record CredentialProblem(Kind kind, String source, String message) {

  /** The kinds of credential problems. */
  public enum Kind {
    /**
     * A {@code credsStore} or {@code credHelpers} helper is missing, failed, hung or answered
     * badly.
     */
    HELPER_FAILED,
    /** A configuration file or document cannot be read or parsed. */
    CONFIG_INVALID,
    /** The credential carries an expiry (a JWT {@code exp}) that has passed. */
    EXPIRED
  }

  /** Validates the fields. */
  public CredentialProblem {
    requireNonNull(kind, "kind");
    requireNonNull(source, "source");
    requireNonNull(message, "message");
  }
}
