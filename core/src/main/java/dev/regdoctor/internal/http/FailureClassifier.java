package dev.regdoctor.internal.http;

import dev.regdoctor.probe.FailureKind;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Maps a transport exception, together with the phase the call had reached, to the
 * reaching-the-registry failure kinds. The phase decides between timeouts: a call cancelled by the
 * deadline while connecting is a connect timeout, while in TLS a handshake timeout, after sending
 * the request a response timeout.
 */
public final class FailureClassifier {
  private FailureClassifier() {}

  public static FailureKind classify(Throwable error, PhaseRecorder phases) {
    Throwable root = error;
    boolean proxied = phases.viaProxy();
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      FailureKind kind = classifyOne(cause, phases, proxied);
      if (kind != null) {
        return kind;
      }
      root = cause;
      if (cause.getCause() == cause) {
        break;
      }
    }
    return timeoutOrUnknown(root, phases);
  }

  private static FailureKind classifyOne(Throwable cause, PhaseRecorder phases, boolean proxied) {
    String message = lower(cause.getMessage());
    if (cause instanceof RefusedDestinationException) {
      return FailureKind.UNKNOWN; // nothing was sent; callers say what was refused and why
    }
    if (cause instanceof ProxyAuthenticationException) {
      return FailureKind.PROXY_FAILURE;
    }
    if (cause instanceof MalformedResponseException) {
      return FailureKind.NOT_A_REGISTRY;
    }
    if (cause instanceof UnknownHostException) {
      return proxied ? FailureKind.PROXY_FAILURE : FailureKind.DNS_FAILURE;
    }
    if (proxied
        && !phases.connected()
        && (cause instanceof ConnectException || cause instanceof SocketTimeoutException)) {
      return FailureKind.PROXY_FAILURE;
    }
    if (message.contains("unexpected response code for connect")
        || message.contains("failed to authenticate with proxy")
        || message.contains("unable to tunnel")
        || message.contains("proxy authentication")) {
      return FailureKind.PROXY_FAILURE;
    }
    if (cause instanceof NoRouteToHostException
        || cause instanceof PortUnreachableException
        || message.contains("network is unreachable")
        || message.contains("no route to host")) {
      return FailureKind.NETWORK_UNREACHABLE;
    }
    if (cause instanceof ConnectException) {
      if (message.contains("timed out")) {
        return FailureKind.CONNECT_TIMEOUT;
      }
      return message.contains("refused") || message.isEmpty()
          ? FailureKind.CONNECTION_REFUSED
          : FailureKind.CONNECTION_REFUSED;
    }
    if (cause instanceof SSLPeerUnverifiedException && message.contains("not verified")) {
      return FailureKind.TLS_HOSTNAME_MISMATCH;
    }
    if (cause instanceof CertificateExpiredException
        || cause instanceof CertificateNotYetValidException) {
      return FailureKind.TLS_EXPIRED;
    }
    if (cause instanceof CertPathValidatorException validator) {
      String reason = String.valueOf(validator.getReason());
      if (reason.equals("EXPIRED") || reason.equals("NOT_YET_VALID")) {
        return FailureKind.TLS_EXPIRED;
      }
    }
    if (cause instanceof SSLException) {
      if (message.contains("unrecognized ssl message")
          || message.contains("unsupported or unrecognized")
          || message.contains("plaintext connection")) {
        return FailureKind.PLAIN_HTTP_REGISTRY;
      }
      if (message.contains("no subject alternative") || message.contains("no name matching")) {
        return FailureKind.TLS_HOSTNAME_MISMATCH;
      }
      if (hasExpiredCause(cause)) {
        return FailureKind.TLS_EXPIRED;
      }
      if (message.contains("bad_certificate")
          || message.contains("certificate_required")
          || message.contains("bad certificate")) {
        // the server's alert: it wanted a client certificate it could verify (mutual TLS)
        return FailureKind.TLS_CLIENT_CERTIFICATE;
      }
      if (message.contains("pkix path")
          || message.contains("unable to find valid certification path")
          || message.contains("certificate_unknown")
          || message.contains("path building failed")
          || message.contains("trust anchor")) {
        return FailureKind.TLS_UNTRUSTED;
      }
      if (message.contains("remote host terminated")
          || message.contains("connection reset")
          || message.contains("connection or inbound has closed")
          || message.contains("broken pipe")) {
        return FailureKind.CONNECTION_RESET;
      }
      if (cause instanceof SSLHandshakeException && cause.getCause() == null) {
        return FailureKind.TLS_UNTRUSTED;
      }
    }
    if (cause instanceof ProtocolException && isTlsRecord(cause.getMessage())) {
      return FailureKind.HTTPS_REQUIRED;
    }
    if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException) {
      return timeoutOrUnknown(cause, phases);
    }
    if (cause instanceof EOFException
        || message.contains("unexpected end of stream")
        || message.contains("connection reset")
        || message.contains("broken pipe")
        || message.contains("stream was reset")
        || message.contains("socket closed")
        || (cause instanceof SocketException && message.contains("closed"))) {
      return FailureKind.CONNECTION_RESET;
    }
    return null;
  }

  private static FailureKind timeoutOrUnknown(Throwable cause, PhaseRecorder phases) {
    if (!(cause instanceof InterruptedIOException)
        && !lower(cause.getMessage()).contains("timeout")
        && !lower(cause.getMessage()).contains("timed out")
        && !lower(cause.getMessage()).contains("canceled")) {
      return FailureKind.UNKNOWN;
    }
    return switch (phases.phase()) {
      case NOT_STARTED, DNS ->
          phases.viaProxy() ? FailureKind.PROXY_FAILURE : FailureKind.DNS_FAILURE;
      case CONNECT -> phases.viaProxy() ? FailureKind.PROXY_FAILURE : FailureKind.CONNECT_TIMEOUT;
      case TLS -> FailureKind.TLS_HANDSHAKE_TIMEOUT;
      case REQUEST, RESPONSE, DONE -> FailureKind.RESPONSE_TIMEOUT;
    };
  }

  private static boolean hasExpiredCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateExpiredException
          || cause instanceof CertificateNotYetValidException) {
        return true;
      }
      if (cause instanceof CertPathValidatorException validator) {
        String reason = String.valueOf(validator.getReason());
        if (reason.equals("EXPIRED") || reason.equals("NOT_YET_VALID")) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** A TLS alert or handshake record read where an HTTP status line was expected. */
  public static boolean isTlsRecord(String message) {
    if (message == null) {
      return false;
    }
    int colon = message.indexOf(": ");
    String line = colon >= 0 ? message.substring(colon + 2) : message;
    return !line.isEmpty() && (line.charAt(0) == 0x15 || line.charAt(0) == 0x16);
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }
}
