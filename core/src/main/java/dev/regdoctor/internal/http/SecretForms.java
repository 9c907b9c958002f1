package dev.regdoctor.internal.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every form a known secret may be printed in: as is, base64 (standard with and without padding,
 * URL-safe), URL-encoded ({@code +} or {@code %20} for spaces, either hex case), and JSON-escaped
 * (Jackson's minimal escaping, ASCII-only {@code \\uXXXX} in both hex cases, and Go's HTML-safe
 * escaping of {@code < > &}).
 */
final class SecretForms {
  /** Shorter values are left alone: replacing "a" everywhere would reveal it by its absence. */
  static final int MIN_LENGTH = 3;

  private SecretForms() {}

  /** Returns the distinct forms of {@code secret}, longest first; empty for a too-short secret. */
  static List<String> of(String secret) {
    if (secret.length() < MIN_LENGTH) {
      return List.of();
    }
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    forms.add(Base64.getEncoder().encodeToString(bytes));
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    forms.add(Base64.getUrlEncoder().encodeToString(bytes));
    forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    String plus = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    forms.add(plus);
    forms.add(plus.replace("+", "%20"));
    forms.add(lowerHexEscapes(plus));
    forms.add(lowerHexEscapes(plus.replace("+", "%20")));
    for (boolean ascii : new boolean[] {false, true}) {
      for (boolean upper : new boolean[] {false, true}) {
        for (boolean html : new boolean[] {false, true}) {
          forms.add(json(secret, ascii, upper, html));
        }
      }
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.removeIf(form -> form.length() < MIN_LENGTH);
    // Longest first, so a form that contains another is replaced whole.
    sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return sorted;
  }

  /**
   * Returns {@code value} escaped for a JSON string: always {@code "}, {@code \} and controls;
   * {@code ascii} escapes everything outside ASCII too, {@code upper} picks the hex case, {@code
   * html} escapes {@code < > &} as Go's encoding/json does.
   */
  static String json(String value, boolean ascii, boolean upper, boolean html) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          boolean escape =
              c < 0x20 || (ascii && c > 0x7e) || (html && (c == '<' || c == '>' || c == '&'));
          if (escape) {
            String hex = String.format(Locale.ROOT, upper ? "%04X" : "%04x", (int) c);
            out.append("\\u").append(hex);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static String lowerHexEscapes(String encoded) {
    StringBuilder out = new StringBuilder(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        out.append('%')
            .append(Character.toLowerCase(encoded.charAt(i + 1)))
            .append(Character.toLowerCase(encoded.charAt(i + 2)));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
