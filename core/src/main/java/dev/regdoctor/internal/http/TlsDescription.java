package dev.regdoctor.internal.http;

import dev.regdoctor.probe.TlsInfo;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Describes the certificate a server presented: issuer, names, validity, and the {@link TlsInfo} of
 * a handshake.
 */
public final class TlsDescription {
  private TlsDescription() {}

  static @Nullable X509Certificate leaf(PhaseRecorder phases) {
    List<Certificate> chain = phases.presentedChain();
    return chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)
        ? null
        : leaf;
  }

  public static String issuerText(PhaseRecorder phases) {
    X509Certificate leaf = leaf(phases);
    return leaf == null ? "" : " (issued by " + leaf.getIssuerX500Principal().getName() + ")";
  }

  public static String sansText(PhaseRecorder phases) {
    X509Certificate leaf = leaf(phases);
    List<String> names = leaf == null ? List.of() : subjectAlternativeNames(leaf);
    return names.isEmpty() ? "" : " (it is valid for " + String.join(", ", names) + ")";
  }

  public static String validityText(PhaseRecorder phases) {
    X509Certificate leaf = leaf(phases);
    return leaf == null
        ? ""
        : " (valid "
            + leaf.getNotBefore().toInstant()
            + " to "
            + leaf.getNotAfter().toInstant()
            + ")";
  }

  public static List<String> subjectAlternativeNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      var sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2
              && (Integer.valueOf(2).equals(san.get(0)) || Integer.valueOf(7).equals(san.get(0)))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no SANs readable: evidence simply has none
    }
    return names;
  }

  public static @Nullable TlsInfo tlsInfo(PhaseRecorder phases) {
    List<Certificate> chain = phases.presentedChain();
    okhttp3.Handshake handshake = phases.handshake();
    if ((chain == null || chain.isEmpty()) && handshake == null) {
      return null;
    }
    X509Certificate leaf = leaf(phases);
    return new TlsInfo(
        handshake == null ? null : handshake.tlsVersion().javaName(),
        handshake == null ? null : handshake.cipherSuite().javaName(),
        leaf == null ? null : leaf.getSubjectX500Principal().getName(),
        leaf == null ? null : leaf.getIssuerX500Principal().getName(),
        leaf == null ? List.of() : subjectAlternativeNames(leaf),
        leaf == null ? null : leaf.getNotBefore().toInstant(),
        leaf == null ? null : leaf.getNotAfter().toInstant(),
        chain == null ? 0 : chain.size());
  }
}
