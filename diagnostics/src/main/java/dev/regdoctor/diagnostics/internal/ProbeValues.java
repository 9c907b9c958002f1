package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.probe.AuthInfo;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The placeholder values a probe result provides to the catalogue's sentences: the image's names,
 * the registry's address, the credential's source as the origin words it, the manifest's digest and
 * platforms, the closest tags, and the anonymous token request.
 */
final class ProbeValues {
  private final CredentialOrigin origin;

  ProbeValues(CredentialOrigin origin) {
    this.origin = origin;
  }

  /** Returns the values of {@code result}, with {@code failure}'s summary as the detail. */
  Map<String, String> values(ProbeResult result, @Nullable Failure failure) {
    Map<String, String> values = new HashMap<>(64);
    values.put(
        "source", result.credentialSource() == null ? "anonymous" : result.credentialSource());
    origin.putInto(values);
    if (origin.kind() == CredentialOrigin.Kind.KUBERNETES && result.credentialSource() != null) {
      PullSecretProblems.putSecret(result.credentialSource(), values);
    }
    values.put("platform", result.platform().toString());
    if (failure != null) {
      values.put("detail", failure.summary());
    }
    ImageReference reference = result.reference();
    if (reference == null) {
      if (failure != null) {
        values.put(
            "detail",
            failure.cause() instanceof InvalidReferenceException e
                ? e.reason()
                : failure.summary());
      }
      return values;
    }
    String apiHost = reference.apiHost();
    values.put("image", reference.familiar());
    values.put("canonical", reference.canonical());
    values.put("name", reference.name());
    values.put("registry", reference.registry());
    values.put("repository", reference.repository());
    values.put("reference", reference.manifestReference());
    values.put("credentialKey", reference.credentialKey());
    RegistryAddress address =
        result.endpoint() != null
            ? RegistryAddress.of(result.endpoint(), reference.registry(), apiHost)
            : RegistryAddress.of(reference.registry(), apiHost, "https");
    address.putInto(values);
    if (result.manifest() != null) {
      if (result.manifest().digest() != null) {
        values.put("digest", result.manifest().digest());
      }
      List<String> platforms = result.manifest().platforms();
      if (!platforms.isEmpty()) {
        values.put("platforms", String.join(", ", platforms));
        values.put("firstPlatform", platforms.get(0));
      }
    }
    if (result.tags() != null && !result.tags().closest().isEmpty()) {
      values.put("tags", String.join(", ", result.tags().closest()));
    }
    if (result.auth() != null && result.auth().realm() != null) {
      values.put("realm", result.auth().realm());
      values.put("tokenUrl", tokenUrl(result.auth()));
    }
    return values;
  }

  /**
   * Returns the token request a runtime sends anonymously: {@code
   * realm?service=S&scope=repository:team/app:pull} (the realm is already redacted; service and
   * scope are no secrets). Only characters a shell or URL would misread are escaped.
   */
  static String tokenUrl(AuthInfo auth) {
    StringBuilder url = new StringBuilder(auth.realm());
    char separator = url.indexOf("?") < 0 ? '?' : '&';
    if (auth.service() != null) {
      url.append(separator).append("service=").append(queryValue(auth.service()));
      separator = '&';
    }
    for (String scope : auth.scopes()) {
      url.append(separator).append("scope=").append(queryValue(scope));
      separator = '&';
    }
    return url.toString();
  }

  private static String queryValue(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char ch = (char) (b & 0xff);
      boolean plain =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || "-._~:/,*@".indexOf(ch) >= 0;
      out.append(plain ? String.valueOf(ch) : String.format("%%%02X", b & 0xff));
    }
    return out.toString();
  }
}
