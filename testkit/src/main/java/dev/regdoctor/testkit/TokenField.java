package dev.regdoctor.testkit;

/**
 * Which field of a token response carries the JWT.
 *
 * <p>The Docker token specification names {@code token}; OAuth2-style services answer {@code
 * access_token}; most real services send both. Clients must accept either.
 */
public enum TokenField {
  /** Only {@code "token"}, as in the original Docker token specification. */
  TOKEN_ONLY,
  /** Only {@code "access_token"}, as OAuth2-style services answer. */
  ACCESS_TOKEN_ONLY,
  /** Both fields with the same JWT; the default, as Docker Hub answers. */
  BOTH
}
