package dev.regdoctor.internal.http;

/**
 * Masks the bodies of PEM private keys pasted as text or inside a JSON string with {@code \n}
 * escapes (a service account's {@code _json_key}), keeping the {@code BEGIN} and {@code END} lines
 * so that the reader still sees what was there. Found by hand in one pass: linear.
 */
final class PemPrivateKeys {
  private PemPrivateKeys() {}

  /**
   * The body of a PEM private key ({@code -----BEGIN PRIVATE KEY-----}, {@code RSA}, {@code EC},
   * {@code OPENSSH}, {@code ENCRYPTED} …): found by hand ({@link #masked}), as text or inside a
   * JSON string with {@code \n} escapes (a service account's {@code _json_key}).
   */
  private static final String PEM_BEGIN = "-----BEGIN ";

  private static final String PEM_END = "-----END ";

  /**
   * Masks the body of every PEM private key: from the end of its {@code -----BEGIN … PRIVATE
   * KEY-----} line to its {@code -----END} line, without the line breaks (or their {@code \n}
   * escapes) at either end; to the end of the base64 run when no end line follows. Labels other
   * than a private key's (a certificate) stay. One pass: each {@code -----END} is looked for once.
   */
  static String masked(String text) {
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    int end = -2;
    while (true) {
      int begin = text.indexOf(PEM_BEGIN, from);
      if (begin < 0) {
        break;
      }
      int labelStart = begin + PEM_BEGIN.length();
      int labelEnd = labelStart;
      while (labelEnd < text.length()
          && labelEnd - labelStart < 64
          && pemLabelCharacter(text.charAt(labelEnd))) {
        labelEnd++;
      }
      from = labelEnd;
      if (!text.startsWith("-----", labelEnd)
          || !text.substring(labelStart, labelEnd).contains("PRIVATE KEY")) {
        continue;
      }
      int bodyStart = labelEnd + 5;
      if (end != -1 && end < bodyStart) {
        end = text.indexOf(PEM_END, bodyStart);
      }
      int bodyEnd;
      if (end < 0) {
        bodyEnd = bodyStart;
        while (bodyEnd < text.length() && pemBodyCharacter(text.charAt(bodyEnd))) {
          bodyEnd++;
        }
      } else {
        bodyEnd = end;
      }
      from = Math.max(from, bodyEnd);
      bodyStart = skipLineBreaks(text, bodyStart, bodyEnd);
      bodyEnd = trimLineBreaks(text, bodyStart, bodyEnd);
      if (bodyEnd <= bodyStart
          || text.startsWith(Redaction.MASK, bodyStart)
              && bodyEnd - bodyStart == Redaction.MASK.length()) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, bodyStart).append(Redaction.MASK);
      copied = bodyEnd;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static boolean pemLabelCharacter(char c) {
    return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ';
  }

  /** A character of a key's base64 body, a line break or the backslash of its escape. */
  private static boolean pemBodyCharacter(char c) {
    return Base64Logins.base64Character(c) || c == '=' || c == '\\' || c == '\n' || c == '\r';
  }

  /**
   * Returns where the line breaks and blanks (or {@code \n}, {@code \r} escapes) from {@code at}
   * end.
   */
  private static int skipLineBreaks(String text, int at, int limit) {
    int i = at;
    while (i < limit) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\\'
          && i + 1 < limit
          && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r')) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  /** Returns where the body before {@code end} ends without its trailing line breaks. */
  private static int trimLineBreaks(String text, int start, int end) {
    int i = end;
    while (i > start) {
      char c = text.charAt(i - 1);
      if (Character.isWhitespace(c)) {
        i--;
      } else if (i - 2 >= start && text.charAt(i - 2) == '\\' && (c == 'n' || c == 'r')) {
        i -= 2;
      } else {
        break;
      }
    }
    return i;
  }
}
