package dev.regdoctor.testkit;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One request a {@link TokenIssuer} received, without secrets.
 *
 * <p>For {@code GET} the query is the raw query string; for {@code POST} it is the form body with
 * {@code password} and {@code refresh_token} left out. Authorization headers are never kept.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param path the request path, e.g. {@code /token}
 * @param query the query string or the secret-free form body, without a leading {@code ?}; empty
 *     when there is none
 * @param username the user named by Basic credentials or by the OAuth2 form, or {@code null} for an
 *     anonymous request or a refresh-token grant
 */
public record TokenRequest(String method, String path, String query, @Nullable String username) {

  /** Validates that method, path and query are present. */
  public TokenRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(query, "query");
  }

  /** Returns {@code METHOD path?query}, e.g. {@code GET /token?service=test-registry}. */
  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query);
  }
}
