package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the probe authenticated. Holds where credentials went, never the credentials.
 *
 * @param scheme {@code none}, {@code basic} or {@code bearer}
 * @param realm the token realm URL (redacted), or {@code null}
 * @param service the token {@code service} parameter sent, or {@code null}
 * @param scopes the scopes asked for, e.g. {@code repository:library/nginx:pull}
 * @param granted the actions the token grants on the repository, when the token is a JWT with an
 *     {@code access} claim; {@code null} when that cannot be known
 * @param credentialsSentTo where credentials were sent, e.g. {@code https://auth.example.com}
 * @param flow {@code none}, {@code basic}, {@code token GET}, {@code token POST}, {@code registry
 *     token} or {@code cached}
 */
public record AuthInfo(
    String scheme,
    @Nullable String realm,
    @Nullable String service,
    List<String> scopes,
    @Nullable List<String> granted,
    List<String> credentialsSentTo,
    String flow) {

  /** Validates and copies. */
  public AuthInfo {
    requireNonNull(scheme, "scheme");
    requireNonNull(flow, "flow");
    scopes = List.copyOf(scopes);
    granted = granted == null ? null : List.copyOf(granted);
    credentialsSentTo = List.copyOf(credentialsSentTo);
  }

  /** Returns the info for a registry that needs no authentication. */
  public static AuthInfo none() {
    return new AuthInfo("none", null, null, List.of(), null, List.of(), "none");
  }
}
