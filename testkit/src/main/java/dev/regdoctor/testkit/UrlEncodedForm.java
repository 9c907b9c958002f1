package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Decodes {@code application/x-www-form-urlencoded} text: query strings and form bodies. */
final class UrlEncodedForm {

  private UrlEncodedForm() {}

  /**
   * Returns the parameters of {@code text} (e.g. {@code a=1&b=x%20y&a=2}) in order, each name with
   * all its values; a name without {@code =} has value {@code ""}, and a malformed escape is kept
   * as written.
   *
   * @param text the encoded text, or {@code null} for none
   */
  static Map<String, List<String>> parse(@Nullable String text) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return params;
    }
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  /** Returns the first value of {@code name} in {@code params}, or empty. */
  static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
