package dev.regdoctor.testkit;

import static java.util.Objects.requireNonNull;

/**
 * One request an {@link EmbeddedRegistry} or a {@link ScriptedEndpoint} answered, without secrets:
 * no headers (so no {@code Authorization} values), no query string and no body.
 *
 * @param method the HTTP method, e.g. {@code HEAD}
 * @param path the raw (still percent-encoded) request path, e.g. {@code /v2/team/app/manifests/1.0}
 * @param status the status code the server answered, e.g. {@code 200}
 */
public record ServedRequest(String method, String path, int status) {

  /** Validates that method and path are present and the status is an HTTP status. */
  public ServedRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException(
          "status must be an HTTP status (100-599) but was " + status);
    }
  }

  /** Returns {@code METHOD path -> status}, e.g. {@code GET /v2/ -> 401}. */
  @Override
  public String toString() {
    return method + " " + path + " -> " + status;
  }
}
