package dev.regdoctor.probe;

/**
 * The kinds of failure a probe can observe. Names equal the diagnosis codes of the same meaning
 * (see {@code DIAGNOSIS-CODES.md}), so a diagnosis maps them one to one.
 */
public enum FailureKind {
  /** The image reference itself is malformed. */
  INVALID_REFERENCE,
  /** The host name does not resolve (or resolution timed out). */
  DNS_FAILURE,
  /** Nothing listens on the host and port. */
  CONNECTION_REFUSED,
  /** No route to the host. */
  NETWORK_UNREACHABLE,
  /** The TCP connection never completed. */
  CONNECT_TIMEOUT,
  /** TCP connected, the TLS handshake stalled. */
  TLS_HANDSHAKE_TIMEOUT,
  /** Connected and sent the request; no response arrived in time. */
  RESPONSE_TIMEOUT,
  /** The peer closed or reset the connection mid-exchange. */
  CONNECTION_RESET,
  /** A proxy on the way refused, required authentication, or was unreachable. */
  PROXY_FAILURE,
  /** The certificate chain is not trusted. */
  TLS_UNTRUSTED,
  /**
   * The registry requires a TLS client certificate (mutual TLS) and refused the handshake: none was
   * configured, or it did not accept the one sent.
   */
  TLS_CLIENT_CERTIFICATE,
  /** The certificate is not valid for the host name. */
  TLS_HOSTNAME_MISMATCH,
  /** The certificate expired or is not yet valid. */
  TLS_EXPIRED,
  /** The registry speaks plain HTTP where HTTPS was expected. */
  PLAIN_HTTP_REGISTRY,
  /** Plain HTTP was sent to a port that speaks HTTPS. */
  HTTPS_REQUIRED,
  /** Something answered, but not a registry v2 API. */
  NOT_A_REGISTRY,
  /** The registry answered with a server-side failure (5xx). */
  REGISTRY_UNAVAILABLE,
  /** The registry throttles requests (429 or {@code TOOMANYREQUESTS}). */
  RATE_LIMITED,
  /** Credentials are needed and none were sent. */
  AUTH_REQUIRED,
  /** Credentials were sent and rejected. */
  AUTH_INVALID,
  /** The token realm is unreachable or answered wrongly. */
  TOKEN_SERVICE_FAILED,
  /** Authenticated, but not allowed to pull the repository. */
  ACCESS_DENIED,
  /** The repository is unknown to the registry (or invisible to this identity). */
  REPOSITORY_NOT_FOUND,
  /** The repository exists; the tag or digest does not. */
  MANIFEST_NOT_FOUND,
  /** The image index has no manifest for the requested platform. */
  PLATFORM_MISMATCH,
  /** A blob is missing, corrupt, or its download failed. */
  BLOB_FAILURE,
  /** Something failed that none of the other kinds describes; the evidence keeps what was seen. */
  UNKNOWN
}
