package dev.regdoctor.internal.http;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds base64 tokens in pasted text that decode to a login ({@code user:password}, or JSON with a
 * password, auth or token field as in {@code X-Registry-Auth}) and masks them: a {@code
 * .dockerconfigjson}'s {@code auth}, a Basic credential without its scheme word. One pass by hand
 * over the text; a token is decoded only when its bits hold a {@code :} or <code>{</code>.
 */
final class Base64Logins {
  private Base64Logins() {}

  /**
   * A token that may be base64: checked in code for {@code user:password} or a JSON login. The
   * specification of {@link #masked}, which finds the same tokens by hand.
   */
  static final Pattern BASE64_TOKEN =
      Pattern.compile("(?<![A-Za-z0-9+/=_\\-])[A-Za-z0-9+/_\\-]{12,4096}+={0,2}+");

  private static final int MIN_TOKEN = 12;
  private static final int MAX_TOKEN = 4096;

  /** The six bits of each base64 and base64url character by ASCII code; -1 for other characters. */
  private static final int[] SEXTET = new int[128];

  static {
    Arrays.fill(SEXTET, -1);
    for (char c = 'A'; c <= 'Z'; c++) {
      SEXTET[c] = c - 'A';
    }
    for (char c = 'a'; c <= 'z'; c++) {
      SEXTET[c] = c - 'a' + 26;
    }
    for (char c = '0'; c <= '9'; c++) {
      SEXTET[c] = c - '0' + 52;
    }
    SEXTET['+'] = 62;
    SEXTET['-'] = 62;
    SEXTET['/'] = 63;
    SEXTET['_'] = 63;
  }

  /**
   * Masks base64 tokens that decode to a login: finds by hand, in one pass, exactly the tokens
   * {@link #BASE64_TOKEN} finds (a run of 12 to 4096 base64 or base64url characters not preceded by
   * one of them or {@code =}, with up to two {@code =} of padding), which the regular expression
   * did at several times the cost.
   */
  static String masked(String text) {
    // A char array and a table: a fraction of the String and predicate calls per character in the
    // launcher's C1-compiled code.
    char[] chars = text.toCharArray();
    StringBuilder out = null;
    int copied = 0;
    int length = chars.length;
    int i = 0;
    while (i < length) {
      if (!base64Character(chars[i]) || i > 0 && precedesToken(chars[i - 1])) {
        i++;
        continue;
      }
      int end = i;
      while (end < length && end - i < MAX_TOKEN && base64Character(chars[end])) {
        end++;
      }
      if (end - i < MIN_TOKEN) {
        i = end;
        continue;
      }
      for (int padding = 0; padding < 2 && end < length && chars[end] == '='; padding++) {
        end++;
      }
      if (decodesToSeparator(chars, i, end) && encodedLogin(text.substring(i, end))) {
        if (out == null) {
          out = new StringBuilder(length);
        }
        out.append(text, copied, i).append(Redaction.MASK);
        copied = end;
      }
      i = end;
    }
    return out == null ? text : out.append(text, copied, length).toString();
  }

  /**
   * Returns whether {@code chars[from, end)}, read as base64 or base64url (padding ignored), holds
   * a {@code :} or <code>{</code> byte: without one {@link #encodedLogin} answers false, and this
   * answers without copying or decoding the token (most tokens are paths, digests and long words).
   * A token that is not valid base64 may pass; {@code encodedLogin} then rejects it.
   */
  static boolean decodesToSeparator(char[] chars, int from, int end) {
    int bits = 0;
    int buffered = 0;
    for (int i = from; i < end; i++) {
      char c = chars[i];
      if (c == '=') {
        break;
      }
      bits = bits << 6 | SEXTET[c];
      buffered += 6;
      if (buffered >= 8) {
        buffered -= 8;
        int b = bits >>> buffered & 0xff;
        if (b == ':' || b == '{') {
          return true;
        }
      }
    }
    return false;
  }

  static boolean base64Character(char c) {
    return c < 128 && SEXTET[c] >= 0;
  }

  private static boolean precedesToken(char c) {
    return base64Character(c) || c == '=';
  }

  /**
   * Returns whether {@code token} is base64 of a login: {@code user:password}, or JSON with a
   * password, auth or token field (as in {@code X-Registry-Auth}).
   */
  static boolean encodedLogin(String token) {
    String decoded = decode(token);
    if (decoded == null || decoded.length() < 3) {
      return false;
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == '\ufffd') {
        return false;
      }
    }
    String trimmed = decoded.strip();
    if (trimmed.startsWith("{")) {
      String lower = trimmed.toLowerCase(Locale.ROOT);
      return lower.contains("\"password\"")
          || lower.contains("\"auth\"")
          || lower.contains("\"identitytoken\"")
          || lower.contains("\"registrytoken\"")
          || lower.contains("\"secret\"");
    }
    int colon = trimmed.indexOf(':');
    return colon > 0
        && colon < trimmed.length() - 1
        && trimmed.indexOf(' ') < 0
        && trimmed.indexOf('\n') < 0;
  }

  /**
   * Returns whether UTF-8 {@code bytes} hold a {@code :} or <code>{</code> (single bytes in UTF-8,
   * never part of a longer sequence), without which {@link #encodedLogin} answers false.
   */
  private static boolean holdsLoginSeparator(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ':' || b == '{') {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns {@code token} decoded as base64 or base64url UTF-8 text, or {@code null} when it is not
   * that or cannot hold a login.
   */
  private static @Nullable String decode(String token) {
    String body = token;
    int unpadded = body.length();
    while (unpadded > 0 && body.charAt(unpadded - 1) == '=') {
      unpadded--;
    }
    if (unpadded % 4 == 1) {
      return null;
    }
    boolean url = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
    if (url && (body.indexOf('+') >= 0 || body.indexOf('/') >= 0)) {
      return null;
    }
    byte[] bytes;
    try {
      bytes =
          (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(body.substring(0, unpadded));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!holdsLoginSeparator(bytes)) {
      // Neither a colon nor a brace: no login, whatever the characters are.
      return null;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
