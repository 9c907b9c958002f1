package dev.regdoctor.internal.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in the registry's {@code sha256:<hex>} form. */
public final class Digests {
  private Digests() {}

  /** Returns {@code sha256:<hex>} of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return "sha256:" + sha256Hex(bytes);
  }

  /** Returns the lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
