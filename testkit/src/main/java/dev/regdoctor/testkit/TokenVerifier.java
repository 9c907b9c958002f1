package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Bearer tokens as registry 2.8's token access controller does, for tokens of a {@link
 * TokenIssuer}: compact JWS with {@code alg} {@code ES256} and the signing certificate in {@code
 * x5c}, which must be the trusted certificate or chain to it; {@code iss} equal to the issuer;
 * {@code aud} (a string or a list) naming the service; {@code exp} and {@code nbf} with 60 s of
 * leeway. Other algorithms and {@code jwk}/{@code kid} key references are rejected. Thread-safe.
 */
final class TokenVerifier {

  /** The clock skew distribution tolerates on {@code exp} and {@code nbf}. */
  static final Duration LEEWAY = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String issuer;
  private final String service;
  private final X509Certificate root;

  TokenVerifier(String issuer, String service, X509Certificate root) {
    this.issuer = issuer;
    this.service = service;
    this.root = root;
  }

  /** What a verified token grants: its {@code access} claim. */
  record Grant(List<RegistryAccess> access) {

    /** Returns whether the token grants {@code needed} itself or {@code *} on its resource. */
    boolean allows(RegistryAccess needed) {
      for (RegistryAccess granted : access) {
        if (granted.type().equals(needed.type())
            && granted.name().equals(needed.name())
            && (granted.action().equals(needed.action()) || granted.action().equals("*"))) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Returns the grant of {@code token} (the part after {@code Bearer }), or empty when it is
   * malformed, foreign-signed, for another issuer or service, expired or not yet valid.
   */
  Optional<Grant> verify(String token, Instant now) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return reject("not a compact JWS");
    }
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IOException | IllegalArgumentException e) {
      return reject("undecodable");
    }
    if (header == null || claims == null || !header.isObject() || !claims.isObject()) {
      return reject("undecodable");
    }
    if (!issuer.equals(claims.path("iss").asText(null))) {
      return reject("issuer");
    }
    if (!audienceNamesService(claims.path("aud"))) {
      return reject("audience");
    }
    long nowSeconds = now.getEpochSecond();
    if (nowSeconds > claims.path("exp").asLong(0) + LEEWAY.toSeconds()) {
      return reject("expired");
    }
    if (nowSeconds < claims.path("nbf").asLong(0) - LEEWAY.toSeconds()) {
      return reject("not yet valid");
    }
    if (!"ES256".equals(header.path("alg").asText())) {
      return reject("algorithm");
    }
    Optional<X509Certificate> signer = trustedSigner(header.path("x5c"), now);
    if (signer.isEmpty()) {
      return reject("untrusted signing certificate");
    }
    if (!signatureMatches(signer.get(), parts[0] + "." + parts[1], signature)) {
      return reject("signature");
    }
    List<RegistryAccess> access = new ArrayList<>();
    for (JsonNode entry : claims.path("access")) {
      String type = entry.path("type").asText("");
      String name = entry.path("name").asText("");
      for (JsonNode action : entry.path("actions")) {
        access.add(new RegistryAccess(type, name, action.asText("")));
      }
    }
    return Optional.of(new Grant(List.copyOf(access)));
  }

  private boolean audienceNamesService(JsonNode audience) {
    if (audience.isTextual()) {
      return audience.asText().equals(service);
    }
    for (JsonNode entry : audience) {
      if (entry.isTextual() && entry.asText().equals(service)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the leaf of {@code x5c} if it is the root or chains to it through {@code x5c}. */
  private Optional<X509Certificate> trustedSigner(JsonNode x5c, Instant now) {
    if (!x5c.isArray() || x5c.isEmpty()) {
      return Optional.empty();
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (JsonNode encoded : x5c) {
        byte[] der = Base64.getDecoder().decode(encoded.asText(""));
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
      Date date = Date.from(now);
      for (X509Certificate certificate : chain) {
        certificate.checkValidity(date);
      }
      X509Certificate current = chain.get(0);
      for (int next = 1; ; next++) {
        if (current.equals(root)) {
          return Optional.of(chain.get(0));
        }
        if (current.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
          current.verify(root.getPublicKey());
          return Optional.of(chain.get(0));
        }
        if (next >= chain.size()) {
          return Optional.empty();
        }
        X509Certificate parent = chain.get(next);
        current.verify(parent.getPublicKey());
        current = parent;
      }
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static boolean signatureMatches(
      X509Certificate signer, String signingInput, byte[] signature) {
    try {
      // JWS ES256 signatures are the raw 64-byte r || s (RFC 7518 section 3.4).
      Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
      verifier.initVerify(signer.getPublicKey());
      verifier.update(signingInput.getBytes(US_ASCII));
      return signature.length == 64 && verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static Optional<Grant> reject(String reason) {
    log.debug("bearer token rejected: {}", reason);
    return Optional.empty();
  }
}
