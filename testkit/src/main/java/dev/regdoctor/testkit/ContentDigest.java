package dev.regdoctor.testkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content digests {@code algorithm:hex} as go-digest (used by distribution) checks them: {@code
 * sha256}, {@code sha384} and {@code sha512}, lower-case hex of the exact length.
 */
final class ContentDigest {

  /**
   * What the registry's routes accept as a digest before parsing it ({@code DigestRegexp} of
   * distribution/reference); a string that matches may still be invalid.
   */
  static final String SYNTAX =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

  private static final Map<String, String> JDK_NAMES =
      Map.of("sha256", "SHA-256", "sha384", "SHA-384", "sha512", "SHA-512");
  private static final Map<String, Integer> HEX_LENGTHS =
      Map.of("sha256", 64, "sha384", 96, "sha512", 128);
  private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

  private ContentDigest() {}

  /** Returns whether {@code digest} names a supported algorithm with well-formed hex. */
  static boolean isValid(String digest) {
    return algorithm(digest).isPresent();
  }

  /** Returns the algorithm of a valid {@code digest}, e.g. {@code sha256}. */
  static Optional<String> algorithm(String digest) {
    int colon = digest.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String algorithm = digest.substring(0, colon);
    String hex = digest.substring(colon + 1);
    Integer length = HEX_LENGTHS.get(algorithm);
    if (length == null || hex.length() != length || !LOWER_HEX.matcher(hex).matches()) {
      return Optional.empty();
    }
    return Optional.of(algorithm);
  }

  /**
   * Returns {@code algorithm:hex} of {@code content}.
   *
   * @throws IllegalArgumentException if {@code algorithm} is not supported
   */
  static String of(String algorithm, byte[] content) {
    String jdkName = JDK_NAMES.get(algorithm);
    if (jdkName == null) {
      throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
    }
    try {
      byte[] hash = MessageDigest.getInstance(jdkName).digest(content);
      return algorithm + ":" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " is unavailable", e);
    }
  }

  /** Returns whether {@code content} hashes to the valid {@code digest}. */
  static boolean matches(String digest, byte[] content) {
    return algorithm(digest).map(a -> of(a, content).equals(digest)).orElse(false);
  }
}
