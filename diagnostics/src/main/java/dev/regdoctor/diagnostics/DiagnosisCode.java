package dev.regdoctor.diagnostics;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The diagnosis codes: stable names that tools depend on (see {@code DIAGNOSIS-CODES.md}). Codes
 * are never renamed or renumbered; new ones may be added. Each has a default severity and the
 * section of the source guide its advice rests on.
 */
public enum DiagnosisCode {
  /** Reachable, authorised, image (and platform) present. */
  OK(Severity.INFO, null),
  /** The image reference itself is malformed. */
  INVALID_REFERENCE(Severity.ERROR, "2.1"),
  /** Host name does not resolve. */
  DNS_FAILURE(Severity.ERROR, "4.2"),
  /** Nothing listens on host:port. */
  CONNECTION_REFUSED(Severity.ERROR, "4.2"),
  /** No route to the host. */
  NETWORK_UNREACHABLE(Severity.ERROR, "4.2"),
  /** TCP connect never completes (firewall drop, black hole). */
  CONNECT_TIMEOUT(Severity.ERROR, "4.2"),
  /** TCP up, TLS handshake stalls. */
  TLS_HANDSHAKE_TIMEOUT(Severity.ERROR, "4.2"),
  /** Connected, no answer in time. */
  RESPONSE_TIMEOUT(Severity.ERROR, "4.2"),
  /** Peer closed or reset the connection mid-exchange. */
  CONNECTION_RESET(Severity.ERROR, "4.2"),
  /** An HTTP(S) proxy on the way refuses, needs auth, or is unreachable. */
  PROXY_FAILURE(Severity.ERROR, "4.2"),
  /** Certificate chain not trusted. */
  TLS_UNTRUSTED(Severity.ERROR, null),
  /** Registry requires a TLS client certificate (mutual TLS) and refused the handshake. */
  TLS_CLIENT_CERTIFICATE(Severity.ERROR, null),
  /** Certificate not valid for the host. */
  TLS_HOSTNAME_MISMATCH(Severity.ERROR, null),
  /** Certificate expired or not yet valid. */
  TLS_EXPIRED(Severity.ERROR, null),
  /** Registry speaks plain HTTP, client used HTTPS. */
  PLAIN_HTTP_REGISTRY(Severity.ERROR, "2.1"),
  /** Client spoke HTTP to an HTTPS port. */
  HTTPS_REQUIRED(Severity.ERROR, null),
  /** Something answers but it is not a registry v2 API. */
  NOT_A_REGISTRY(Severity.ERROR, "4.1"),
  /** Registry-side failure. */
  REGISTRY_UNAVAILABLE(Severity.ERROR, "4.2"),
  /** Registry throttles pulls. */
  RATE_LIMITED(Severity.ERROR, "3.1"),
  /** Credentials needed, none found or sent for this host. */
  AUTH_REQUIRED(Severity.ERROR, "4.1"),
  /** Credentials sent and rejected (wrong, expired, revoked). */
  AUTH_INVALID(Severity.ERROR, "4.1"),
  /** Configured credsStore/credHelpers helper missing or failing. */
  CREDENTIAL_HELPER_FAILED(Severity.ERROR, "2.1"),
  /** The token realm is unreachable or answers wrongly. */
  TOKEN_SERVICE_FAILED(Severity.ERROR, "4.1"),
  /** Authenticated but not allowed to pull this repository. */
  ACCESS_DENIED(Severity.ERROR, "4.1"),
  /** Docker's ambiguous pull access denied; a live probe resolves it. */
  NOT_FOUND_OR_DENIED(Severity.ERROR, "4.1"),
  /** Repository unknown (or invisible) to the registry. */
  REPOSITORY_NOT_FOUND(Severity.ERROR, "4.1"),
  /** Repository exists, tag or digest does not. */
  MANIFEST_NOT_FOUND(Severity.ERROR, "4.1"),
  /** The index has no manifest for the requested os/arch. */
  PLATFORM_MISMATCH(Severity.ERROR, null),
  /** A layer or config blob is missing, corrupt, or its download fails. */
  BLOB_FAILURE(Severity.ERROR, "3.1"),
  /** A configuration file cannot be read or parsed. */
  CONFIG_INVALID(Severity.ERROR, "2.1"),
  /** A configured mirror fails (runtimes fall back to the upstream, slowly). */
  MIRROR_FAILURE(Severity.WARNING, "2.1"),
  /** Registry reached over plain HTTP or with TLS verification off. */
  INSECURE_REGISTRY(Severity.WARNING, "2.1"),
  /**
   * An input the user gave had no effect: a password without a user name, a secrets file with no
   * Secret, a docker configuration directory without {@code config.json}.
   */
  INPUT_IGNORED(Severity.WARNING, null),
  /** ImagePullSecrets names a secret that does not exist in the namespace. */
  K8S_PULL_SECRET_MISSING(Severity.ERROR, "4.3"),
  /** The named secret exists, but in another namespace. */
  K8S_PULL_SECRET_WRONG_NAMESPACE(Severity.ERROR, "4.3"),
  /** A matching secret exists, but neither the pod nor its service account references it. */
  K8S_PULL_SECRET_NOT_REFERENCED(Severity.ERROR, "2.2"),
  /** Secret is not kubernetes.io/dockerconfigjson (or dockercfg) or lacks its key. */
  K8S_PULL_SECRET_WRONG_TYPE(Severity.ERROR, "2.2"),
  /** Base64 / JSON / auth field cannot be decoded. */
  K8S_PULL_SECRET_MALFORMED(Severity.ERROR, "4.3"),
  /** The secret has no entry matching the image's registry host. */
  K8S_PULL_SECRET_NO_MATCH(Severity.ERROR, "4.3"),
  /** Image uses latest or no tag; pin a version or digest. */
  MUTABLE_TAG(Severity.WARNING, "3.2"),
  /** ImagePullPolicy does not fit the reference. */
  PULL_POLICY(Severity.INFO, "3.3"),
  /** Pulls left in the current window below 10 %. */
  RATE_LIMIT_LOW(Severity.WARNING, "3.1"),
  /** Estimated pull time exceeds the threshold. */
  SLOW_PULL(Severity.WARNING, "3.1"),
  /** Compressed size or layer count above a threshold. */
  LARGE_IMAGE(Severity.INFO, "3.2"),
  /** Not a registry problem (disk full, daemon down, storage driver). */
  LOCAL_ENVIRONMENT(Severity.ERROR, null),
  /** Nothing matched; the raw evidence is kept. */
  UNKNOWN(Severity.ERROR, null),
  /**
   * The verdict differs between container runtimes on this machine (Docker vs containerd vs
   * Podman/CRI-O), e.g. plain HTTP or a self-signed certificate on loopback; names the
   * configuration line that fixes the other runtime. Added after the first codes, so it comes last.
   */
  RUNTIME_MISMATCH(Severity.WARNING, "2.1");

  private final Severity severity;
  private final @Nullable String guide;

  DiagnosisCode(Severity severity, @Nullable String guide) {
    this.severity = severity;
    this.guide = guide;
  }

  /** Returns the default severity. */
  public Severity severity() {
    return severity;
  }

  /** Returns the guide section the advice comes from, e.g. {@code 4.1}. */
  public Optional<String> guide() {
    return Optional.ofNullable(guide);
  }
}
