package dev.regdoctor.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the {@code auth} field of a docker config entry: base64 of {@code user:password}, where
 * the password may itself contain {@code :}. Docker and the kubelet differ in the details, so each
 * has its own method. Reasons never include the value.
 */
final class AuthField {

  /** A decoded user name and password. */
  record UserPassword(String username, String password) {
    @Override
    public String toString() {
      return "UserPassword[username=" + username + ", password=<redacted>]";
    }
  }

  private AuthField() {}

  /**
   * Decodes as docker's {@code configfile.decodeAuth}: standard base64 with padding (Go ignores
   * {@code \r} and {@code \n}), split at the first {@code :}, a non-empty user name, trailing NULs
   * trimmed from the password.
   *
   * @throws ConfigException naming {@code pointer}
   */
  static UserPassword decodeDocker(String field, String source, String pointer) {
    UserPassword split = decodeAndSplit(field, true, source, pointer);
    if (split.username().isEmpty()) {
      throw new ConfigException(source, pointer, "decoded value has an empty user name");
    }
    return new UserPassword(split.username(), trimNuls(split.password()));
  }

  /**
   * Decodes as the kubelet's {@code decodeDockerConfigFieldAuth}: padded standard base64 when the
   * value ends with {@code =} once surrounding white space is trimmed (Go's {@code
   * strings.TrimSpace}), unpadded standard base64 otherwise; Go's decoders skip {@code \r} and
   * {@code \n} anywhere, so a value wrapped by {@code base64} decodes. Then split at the first
   * {@code :} (the user name may be empty).
   *
   * @throws ConfigException naming {@code pointer}
   */
  static UserPassword decodeKubelet(String field, String source, String pointer) {
    return decodeAndSplit(field, goTrimSpace(field).endsWith("="), source, pointer);
  }

  /** Trims white space as Go's {@code strings.TrimSpace} does ({@code unicode.IsSpace}). */
  static String goTrimSpace(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && goSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && goSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean goSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u0085' || Character.isSpaceChar(c);
  }

  /** Decodes {@code field} (see {@link #decodeBase64}) and splits it at the first {@code :}. */
  private static UserPassword decodeAndSplit(
      String field, boolean padded, String source, String pointer) {
    byte[] decoded = decodeBase64(field, padded);
    if (decoded == null) {
      throw new ConfigException(source, pointer, "not valid base64");
    }
    String text = new String(decoded, StandardCharsets.UTF_8);
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new ConfigException(
          source, pointer, "decoded value has no ':' between user name and password");
    }
    return new UserPassword(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * Decodes standard-alphabet base64 as Go does: {@code \r} and {@code \n} are skipped; with {@code
   * padded} the length must be a multiple of 4, without it no {@code =} may appear.
   *
   * @return the bytes, or {@code null} when the input is not valid
   */
  static byte @Nullable [] decodeBase64(String field, boolean padded) {
    String compact =
        field.indexOf('\r') >= 0 || field.indexOf('\n') >= 0
            ? field.replace("\r", "").replace("\n", "")
            : field;
    if (padded ? compact.length() % 4 != 0 : compact.indexOf('=') >= 0) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String trimNuls(String password) {
    int start = 0;
    int end = password.length();
    while (start < end && password.charAt(start) == '\0') {
      start++;
    }
    while (end > start && password.charAt(end - 1) == '\0') {
      end--;
    }
    return password.substring(start, end);
  }
}
