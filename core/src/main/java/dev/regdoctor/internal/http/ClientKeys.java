package dev.regdoctor.internal.http;

import dev.regdoctor.endpoint.CertificateFiles.ClientCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * Client certificates for mutual TLS, read from PEM files as Go's {@code tls.X509KeyPair} reads
 * them for containerd and containers/image: the certificate chain from {@code CERTIFICATE} blocks,
 * the key from a {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC
 * PRIVATE KEY} (SEC 1, as {@code openssl ecparam -genkey} writes it) block.
 */
final class ClientKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  // AlgorithmIdentifier of rsaEncryption with NULL parameters, for wrapping PKCS#1 in PKCS#8
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  // OBJECT IDENTIFIER 1.2.840.10045.2.1 (id-ecPublicKey)
  private static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private ClientKeys() {}

  /**
   * Returns key managers offering every pair, or {@code null} for none.
   *
   * @throws IllegalArgumentException naming the file when a pair cannot be read
   */
  static KeyManager @org.jspecify.annotations.Nullable [] keyManagers(
      List<ClientCertificate> pairs) {
    if (pairs.isEmpty()) {
      return null;
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      int index = 0;
      for (ClientCertificate pair : pairs) {
        List<Certificate> chain = certificates(pair);
        PrivateKey key = privateKey(pair);
        store.setKeyEntry("client-" + index++, key, password, chain.toArray(new Certificate[0]));
      }
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("client certificate: " + e.getMessage(), e);
    }
  }

  private static List<Certificate> certificates(ClientCertificate pair) {
    List<Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(pair.certificate().toString(), read(pair.certificate()))) {
        if (block.type().equals("CERTIFICATE")) {
          chain.add(factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "client certificate " + pair.certificate() + ": not a PEM certificate: " + e.getMessage(),
          e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "client certificate " + pair.certificate() + ": no CERTIFICATE block found");
    }
    return chain;
  }

  private static PrivateKey privateKey(ClientCertificate pair) {
    java.nio.file.Path keyFile = pair.key() != null ? pair.key() : pair.certificate();
    String file = keyFile.toString();
    for (Block block : blocks(file, read(keyFile))) {
      try {
        switch (block.type()) {
          case "PRIVATE KEY" -> {
            return pkcs8(block.der());
          }
          case "RSA PRIVATE KEY" -> {
            return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs8(block.der())));
          }
          case "EC PRIVATE KEY" -> {
            return KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(ecPkcs8(file, block.der())));
          }
          case "ENCRYPTED PRIVATE KEY" ->
              throw new IllegalArgumentException(
                  "client key "
                      + file
                      + ": "
                      + block.type()
                      + " is not supported here; convert it with: openssl pkcs8 -topk8 -nocrypt -in "
                      + file);
          default -> {
            // other blocks (the certificate in a combined file) are skipped
          }
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "client key " + file + ": not a valid private key: " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException("client key " + file + ": no PRIVATE KEY block found");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption). */
  static byte[] rsaPkcs8(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = tlv(0x04, pkcs1);
    byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
    System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
    return tlv(0x30, body);
  }

  /**
   * Wraps a SEC 1 ECPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, id-ecPublicKey with the named
   * curve the SEC 1 structure carries in its {@code [0]} parameters).
   */
  static byte[] ecPkcs8(String file, byte[] sec1) {
    byte[] curve;
    try {
      curve = Der.namedCurve(sec1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "client key " + file + ": EC PRIVATE KEY is not valid DER: " + e.getMessage(), e);
    }
    if (curve == null) {
      throw new IllegalArgumentException(
          "client key "
              + file
              + ": EC PRIVATE KEY names no curve; write it with the curve, e.g.: openssl ec -in "
              + file
              + " -param_enc named_curve");
    }
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = tlv(0x30, concat(EC_PUBLIC_KEY, curve));
    return tlv(0x30, concat(concat(version, algorithm), tlv(0x04, sec1)));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] tlv(int tag, byte[] content) {
    byte[] length;
    if (content.length < 0x80) {
      length = new byte[] {(byte) content.length};
    } else {
      byte[] digits = BigInteger.valueOf(content.length).toByteArray();
      int start = digits[0] == 0 ? 1 : 0;
      length = new byte[1 + digits.length - start];
      length[0] = (byte) (0x80 | (digits.length - start));
      System.arraycopy(digits, start, length, 1, digits.length - start);
    }
    byte[] out = new byte[1 + length.length + content.length];
    out[0] = (byte) tag;
    System.arraycopy(length, 0, out, 1, length.length);
    System.arraycopy(content, 0, out, 1 + length.length, content.length);
    return out;
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(String file, String text) {
    List<Block> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      try {
        blocks.add(
            new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2).strip())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            file + ": a " + matcher.group(1) + " block is not base64");
      }
    }
    return blocks;
  }

  private static String read(java.nio.file.Path file) {
    try {
      if (Files.size(file) > 1024 * 1024) {
        throw new IllegalArgumentException(file + ": larger than 1 MiB, not a PEM file");
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
