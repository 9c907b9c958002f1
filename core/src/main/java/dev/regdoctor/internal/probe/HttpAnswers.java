package dev.regdoctor.internal.probe;

import dev.regdoctor.probe.FailureKind;
import org.jspecify.annotations.Nullable;

/**
 * The one table from an HTTP answer to what it means, per exchange of a check. Each exchange writes
 * its own summary and evidence, but the verdict for a status is decided here and nowhere else.
 * {@code null} means the answer is not a failure.
 *
 * <pre>
 * status   ping (/v2/)              token service            manifest                  tags/list (after 404)
 * 200      OK (HTML, no API header  OK                       OK                        MANIFEST_NOT_FOUND
 *          → NOT_A_REGISTRY)
 * 401      challenge (none, no API  AUTH_INVALID with a      AUTH_REQUIRED if nothing  MANIFEST_NOT_FOUND
 *          header → NOT_A_REGISTRY) credential, else         was sent; ACCESS_DENIED
 *                                   AUTH_REQUIRED            if not granted; else
 *                                                            AUTH_INVALID
 * 403      ACCESS_DENIED if a       ACCESS_DENIED with a     ACCESS_DENIED             MANIFEST_NOT_FOUND
 *          registry answered, else  credential, else
 *          NOT_A_REGISTRY           AUTH_REQUIRED
 * 404      NOT_A_REGISTRY           TOKEN_SERVICE_FAILED     MANIFEST_NOT_FOUND (tags  REPOSITORY_NOT_FOUND
 *                                                            decide)
 * 429      RATE_LIMITED             RATE_LIMITED             RATE_LIMITED              MANIFEST_NOT_FOUND
 * 5xx      REGISTRY_UNAVAILABLE     TOKEN_SERVICE_FAILED     REGISTRY_UNAVAILABLE      MANIFEST_NOT_FOUND
 * other    NOT_A_REGISTRY           TOKEN_SERVICE_FAILED     UNKNOWN                   MANIFEST_NOT_FOUND
 * </pre>
 *
 * A ping answered with nginx's or Go's "plain HTTP request to an HTTPS server" 400 is
 * HTTPS_REQUIRED whatever else it says.
 */
final class HttpAnswers {
  private HttpAnswers() {}

  /** What a {@code GET /v2/} answer means. */
  static @Nullable FailureKind ping(
      int status,
      boolean httpsRequired,
      boolean html,
      boolean registryHeader,
      boolean challenged,
      boolean errorBody) {
    if (httpsRequired) {
      return FailureKind.HTTPS_REQUIRED;
    }
    return switch (status) {
      case 200 -> html && !registryHeader ? FailureKind.NOT_A_REGISTRY : null;
      case 401 -> !challenged && !registryHeader ? FailureKind.NOT_A_REGISTRY : null;
      case 429 -> FailureKind.RATE_LIMITED;
      case 403 ->
          registryHeader || errorBody ? FailureKind.ACCESS_DENIED : FailureKind.NOT_A_REGISTRY;
      default -> status >= 500 ? FailureKind.REGISTRY_UNAVAILABLE : FailureKind.NOT_A_REGISTRY;
    };
  }

  /** What the token service's answer means; {@code hasCredential}: one was sent to it. */
  static @Nullable FailureKind token(int status, boolean hasCredential) {
    return switch (status) {
      case 200 -> null;
      case 401 -> hasCredential ? FailureKind.AUTH_INVALID : FailureKind.AUTH_REQUIRED;
      case 403 -> hasCredential ? FailureKind.ACCESS_DENIED : FailureKind.AUTH_REQUIRED;
      case 429 -> FailureKind.RATE_LIMITED;
      default -> FailureKind.TOKEN_SERVICE_FAILED;
    };
  }

  /**
   * What a manifest answer means. {@code credentialsSent}: the request carried credentials or a
   * token got with them; {@code notGranted}: the token does not grant pull (or the registry said
   * {@code insufficient_scope}).
   */
  static @Nullable FailureKind manifest(int status, boolean credentialsSent, boolean notGranted) {
    return switch (status) {
      case 200 -> null;
      case 401 ->
          !credentialsSent
              ? FailureKind.AUTH_REQUIRED
              : notGranted ? FailureKind.ACCESS_DENIED : FailureKind.AUTH_INVALID;
      case 403 -> FailureKind.ACCESS_DENIED;
      case 404 -> FailureKind.MANIFEST_NOT_FOUND;
      case 429 -> FailureKind.RATE_LIMITED;
      default -> status >= 500 ? FailureKind.REGISTRY_UNAVAILABLE : FailureKind.UNKNOWN;
    };
  }

  /** What {@code tags/list} says after the manifest answered 404. */
  static FailureKind tags(int status) {
    return status == 404 ? FailureKind.REPOSITORY_NOT_FOUND : FailureKind.MANIFEST_NOT_FOUND;
  }
}
