package dev.regdoctor.testkit;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts exactly one server certificate, whatever its validity period or names.
 *
 * <p>Only for the readiness probe of a {@link RegistryProcess} we configured ourselves: tests
 * deliberately start registries with expired or wrong-host certificates, and the probe must still
 * see that the server is up. It is a pin, never a trust-all manager.
 */
final class PinnedCertificate implements X509TrustManager, HostnameVerifier {

  private final X509Certificate expected;
  private final SSLSocketFactory socketFactory;

  PinnedCertificate(X509Certificate expected) {
    this.expected = expected;
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {this}, null);
      this.socketFactory = context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is unavailable", e);
    }
  }

  SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain.length == 0 || !chain[0].equals(expected)) {
      throw new CertificateException("server certificate is not the configured one");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("client certificates are not accepted");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  @Override
  public boolean verify(String hostname, SSLSession session) {
    try {
      Certificate[] peer = session.getPeerCertificates();
      return peer.length > 0 && peer[0].equals(expected);
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }
}
