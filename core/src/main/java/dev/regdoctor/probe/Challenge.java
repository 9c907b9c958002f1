package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.internal.http.Redaction;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 7235), e.g. {@code
 * Bearer realm="https://auth.docker.io/token",service="registry.docker.io"}.
 *
 * @param scheme the scheme as sent, e.g. {@code Bearer}; compare with {@link #isBearer()}
 * @param parameters the auth parameters with lower-case names, in order
 */
public record Challenge(String scheme, Map<String, String> parameters) {

  /** Validates and copies the parameters. */
  public Challenge {
    requireNonNull(scheme, "scheme");
    if (scheme.isEmpty()) {
      throw new IllegalArgumentException("scheme must not be empty");
    }
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** Returns whether the scheme is {@code Bearer} (case-insensitive). */
  public boolean isBearer() {
    return scheme.equalsIgnoreCase("bearer");
  }

  /** Returns whether the scheme is {@code Basic} (case-insensitive). */
  public boolean isBasic() {
    return scheme.equalsIgnoreCase("basic");
  }

  /** Returns the parameter named {@code name} (case-insensitive). */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Returns the {@code realm} parameter. */
  public Optional<String> realm() {
    return parameter("realm");
  }

  /** Returns the {@code service} parameter. */
  public Optional<String> service() {
    return parameter("service");
  }

  /** Returns the {@code scope} parameter. */
  public Optional<String> scope() {
    return parameter("scope");
  }

  /** Returns the {@code error} parameter, e.g. {@code insufficient_scope}. */
  public Optional<String> error() {
    return parameter("error");
  }

  /** Returns the challenge as a header value, parameters quoted, with URLs redacted. */
  @Override
  public String toString() {
    return Redaction.urlsIn(headerValue());
  }

  /**
   * Returns the challenge as a {@code WWW-Authenticate} header value, parameters quoted, URLs not
   * redacted (a realm URL may carry credentials in its query: never log this).
   */
  public String headerValue() {
    StringBuilder text = new StringBuilder(scheme);
    String separator = " ";
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      text.append(separator)
          .append(parameter.getKey())
          .append("=\"")
          .append(parameter.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
      separator = ",";
    }
    return text.toString();
  }
}
