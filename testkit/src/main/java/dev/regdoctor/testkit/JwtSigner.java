package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import okhttp3.tls.HeldCertificate;

/**
 * Signs JWTs with ES256 the way distribution's token verifier expects: the signing certificate
 * travels in the {@code x5c} header and the signature is the raw 64-byte {@code r || s} (RFC 7518
 * section 3.4), not the DER the JDK produces.
 */
final class JwtSigner {

  private static final int P256_FIELD_BYTES = 32;

  private final ObjectMapper json;
  private final PrivateKey key;
  private final String encodedHeader;

  JwtSigner(HeldCertificate signer, ObjectMapper json) {
    if (!(signer.keyPair().getPrivate() instanceof ECPrivateKey)) {
      throw new IllegalArgumentException(
          "signer must hold an ECDSA P-256 key (HeldCertificate.Builder.ecdsa256())");
    }
    this.json = json;
    this.key = signer.keyPair().getPrivate();
    ObjectNode header = json.createObjectNode();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    try {
      header
          .putArray("x5c")
          .add(Base64.getEncoder().encodeToString(signer.certificate().getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("signer certificate cannot be encoded", e);
    }
    this.encodedHeader = base64Url(bytes(header));
  }

  /** Returns the compact JWS {@code header.claims.signature} of {@code claims}. */
  String sign(ObjectNode claims) {
    String signingInput = encodedHeader + "." + base64Url(bytes(claims));
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(key);
      ecdsa.update(signingInput.getBytes(US_ASCII));
      return signingInput + "." + base64Url(derToConcatenated(ecdsa.sign(), P256_FIELD_BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ES256 signing failed", e);
    }
  }

  /**
   * Converts a DER {@code SEQUENCE { INTEGER r, INTEGER s }} to {@code r || s}, each left-padded to
   * {@code fieldBytes}.
   */
  static byte[] derToConcatenated(byte[] der, int fieldBytes) {
    int[] position = {0};
    expect(der, position, 0x30, "SEQUENCE");
    int sequenceLength = readLength(der, position);
    if (position[0] + sequenceLength != der.length) {
      throw new IllegalArgumentException("DER signature length mismatch");
    }
    byte[] out = new byte[2 * fieldBytes];
    readInteger(der, position, out, 0, fieldBytes);
    readInteger(der, position, out, fieldBytes, fieldBytes);
    if (position[0] != der.length) {
      throw new IllegalArgumentException("trailing bytes after DER signature");
    }
    return out;
  }

  private static void readInteger(
      byte[] der, int[] position, byte[] out, int offset, int fieldBytes) {
    expect(der, position, 0x02, "INTEGER");
    int length = readLength(der, position);
    int start = position[0];
    int end = start + length;
    if (length == 0 || end > der.length) {
      throw new IllegalArgumentException("truncated DER INTEGER");
    }
    // DER prefixes a 0x00 when the high bit is set; strip all leading zeros, then right-align.
    int first = start;
    while (first < end - 1 && der[first] == 0) {
      first++;
    }
    int significant = end - first;
    if (significant > fieldBytes) {
      throw new IllegalArgumentException("DER INTEGER longer than " + fieldBytes + " bytes");
    }
    System.arraycopy(der, first, out, offset + fieldBytes - significant, significant);
    position[0] = end;
  }

  private static void expect(byte[] der, int[] position, int tag, String name) {
    if (position[0] >= der.length || (der[position[0]] & 0xff) != tag) {
      throw new IllegalArgumentException("expected DER " + name + " at offset " + position[0]);
    }
    position[0]++;
  }

  private static int readLength(byte[] der, int[] position) {
    if (position[0] >= der.length) {
      throw new IllegalArgumentException("truncated DER length");
    }
    int first = der[position[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int count = first & 0x7f;
    if (count == 0 || count > 2 || position[0] + count > der.length) {
      throw new IllegalArgumentException("unsupported DER length encoding");
    }
    int length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | (der[position[0]++] & 0xff);
    }
    return length;
  }

  private byte[] bytes(ObjectNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON encoding failed", e);
    }
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
