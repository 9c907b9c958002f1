package dev.regdoctor.internal.probe;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.internal.http.Digests;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Authorization header values, credential fingerprints for the token cache, and origins where
 * credentials go.
 */
final class AuthHeaders {
  private AuthHeaders() {}

  static String basicHeader(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static List<String> secretsOf(@Nullable Credential credential) {
    if (credential == null) {
      return List.of();
    }
    String secret = credential.secret().reveal();
    return credential.username() == null
        ? List.of(secret)
        : List.of(secret, credential.username() + ":" + secret);
  }

  /**
   * Returns the credential's secrets and the credential part of the {@code Authorization} header
   * sent (a bearer token the registry may echo back).
   */
  static List<String> secretsOf(
      @Nullable Credential credential, Exchange.@Nullable Authorization authorization) {
    List<String> secrets = new ArrayList<>(secretsOf(credential));
    if (authorization != null) {
      secrets.addAll(Redaction.secretsOfHeader(authorization.headerValue()));
    }
    return secrets;
  }

  static String credentialDigest(@Nullable Credential credential) {
    if (credential == null) {
      return "anonymous";
    }
    String material =
        credential.getClass().getSimpleName()
            + "\u0000"
            + credential.username()
            + "\u0000"
            + credential.secret().reveal();
    return Digests.sha256Hex(material.getBytes(StandardCharsets.UTF_8));
  }

  static String origin(HttpUrl url) {
    return dev.regdoctor.internal.http.Exchange.origin(url);
  }
}
