package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the TLS handshake showed: the negotiated protocol and the server's leaf certificate.
 *
 * @param protocol e.g. {@code TLSv1.3}, or {@code null} when the handshake did not complete
 * @param cipherSuite the negotiated suite, or {@code null}
 * @param subject the leaf certificate's subject DN, or {@code null} when none was presented
 * @param issuer the leaf certificate's issuer DN, or {@code null}
 * @param subjectAlternativeNames DNS names and IP addresses the certificate is valid for
 * @param notBefore start of validity, or {@code null}
 * @param notAfter end of validity, or {@code null}
 * @param chainLength how many certificates the server presented
 */
public record TlsInfo(
    @Nullable String protocol,
    @Nullable String cipherSuite,
    @Nullable String subject,
    @Nullable String issuer,
    List<String> subjectAlternativeNames,
    @Nullable Instant notBefore,
    @Nullable Instant notAfter,
    int chainLength) {

  /** Validates and copies. */
  public TlsInfo {
    subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
    requireNonNull(subjectAlternativeNames, "subjectAlternativeNames");
  }
}
