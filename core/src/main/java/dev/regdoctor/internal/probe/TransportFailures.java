package dev.regdoctor.internal.probe;

import dev.regdoctor.endpoint.HostPort;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.MalformedResponseException;
import dev.regdoctor.internal.http.PhaseRecorder;
import dev.regdoctor.internal.http.ProxyAuthenticationException;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.internal.http.RefusedDestinationException;
import dev.regdoctor.internal.http.TlsDescription;
import dev.regdoctor.internal.http.UrlProxy;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.StepName;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Turns a transport fault (DNS, TCP, TLS, proxy, timeouts) into a {@link Failure} with a one-line
 * summary.
 */
final class TransportFailures {

  static Failure transportFailure(Exchange.Fault fault, StepName step) {
    return new Failure(
        fault.kind(),
        step,
        transportSummary(fault, endpointText(fault.url())),
        fault.evidence(),
        fault.cause());
  }

  static String endpointText(HttpUrl url) {
    return HostPort.authority(url.host(), url.port());
  }

  static String transportSummary(Exchange.Fault fault, String target) {
    PhaseRecorder phases = fault.phases();
    String message = fault.cause().getMessage() == null ? "" : fault.cause().getMessage();
    if (fault.cause() instanceof RefusedDestinationException refused) {
      return (fault.answered()
              ? target + " redirected to " + Redaction.url(fault.url()) + "; refused to follow: "
              : "refused to send " + fault.method() + " " + Redaction.url(fault.url()) + ": ")
          + refused.reason();
    }
    if (fault.cause() instanceof MalformedResponseException) {
      return target + " sent a malformed HTTP response that container runtimes reject: " + message;
    }
    return switch (fault.kind()) {
      case DNS_FAILURE ->
          "cannot resolve host "
              + fault.url().host()
              + (message.contains("timed out") ? " (DNS lookup timed out)" : "");
      case CONNECTION_REFUSED -> "connection to " + target + " refused: nothing listens there";
      case NETWORK_UNREACHABLE -> "no route to " + target + " (network unreachable)";
      case CONNECT_TIMEOUT ->
          "TCP connection to "
              + target
              + " did not complete (timed out after "
              + phases.currentPhaseTime().toMillis()
              + " ms)";
      case TLS_HANDSHAKE_TIMEOUT ->
          "TLS handshake with "
              + target
              + " did not complete (timed out after "
              + phases.currentPhaseTime().toMillis()
              + " ms)";
      case RESPONSE_TIMEOUT ->
          target
              + " accepted the connection but did not answer "
              + fault.method()
              + " "
              + fault.url().encodedPath()
              + " in time";
      case CONNECTION_RESET ->
          target
              + " closed or reset the connection during "
              + fault.method()
              + " "
              + fault.url().encodedPath();
      case PROXY_FAILURE ->
          fault.cause() instanceof ProxyAuthenticationException refused
              ? (refused.credentialsSent()
                  ? "the proxy "
                      + proxyText(phases)
                      + " refused the user name and password from the proxy URL for "
                      + target
                      + " (407 Proxy Authentication Required)"
                  : "the proxy "
                      + proxyText(phases)
                      + " requires credentials for "
                      + target
                      + " (407 Proxy Authentication Required), and the proxy URL has none")
              : "the proxy "
                  + proxyText(phases)
                  + " failed for "
                  + target
                  + ": "
                  + Exchange.describe(fault.cause());
      case TLS_UNTRUSTED ->
          "the certificate of " + target + " is not trusted" + TlsDescription.issuerText(phases);
      case TLS_CLIENT_CERTIFICATE ->
          target
              + " refused the TLS handshake: it requires a client certificate (mutual TLS) and"
              + " none was sent or it was not accepted ("
              + Exchange.describe(fault.cause())
              + ")";
      case TLS_HOSTNAME_MISMATCH ->
          "the certificate of "
              + target
              + " is not valid for "
              + fault.url().host()
              + TlsDescription.sansText(phases);
      case TLS_EXPIRED ->
          "the certificate of "
              + target
              + " has expired or is not yet valid"
              + TlsDescription.validityText(phases);
      case PLAIN_HTTP_REGISTRY -> target + " speaks plain HTTP, not HTTPS";
      case HTTPS_REQUIRED -> target + " expects HTTPS but was sent plain HTTP";
      default ->
          fault.method()
              + " "
              + Redaction.url(fault.url())
              + " failed: "
              + Exchange.describe(fault.cause());
    };
  }

  static String proxyText(PhaseRecorder phases) {
    java.net.Proxy proxy = phases.proxy();
    return proxy == null ? "(unknown)" : UrlProxy.authorityOf(proxy);
  }

  static String describeKind(FailureKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
