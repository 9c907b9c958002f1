package dev.regdoctor.internal.probe;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.internal.http.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Authorization header values, credential fingerprints for the token cache, and origins where
 * credentials go.
 */
final class AuthHeaders {
  AuthHeaders() {}

  static String basicHeader(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static List<String> secretsOf(@Nullable Credential credential) {
    return credential == null ? List.of() : List.of(credential.secret().reveal());
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
