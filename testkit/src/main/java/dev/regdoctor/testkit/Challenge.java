package dev.regdoctor.testkit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The first challenge of a {@code WWW-Authenticate} header: scheme plus parameters (RFC 7235),
 * enough for the seeder to log in to the registries this package starts.
 *
 * @param scheme the scheme in lower case, e.g. {@code bearer}
 * @param parameters the parameters, names in lower case
 */
record Challenge(String scheme, Map<String, String> parameters) {

  static @Nullable Challenge parse(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String text = header.trim();
    int space = text.indexOf(' ');
    String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = space < 0 ? text.length() : space + 1;
    while (i < text.length()) {
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
        i++;
      }
      int equals = text.indexOf('=', i);
      if (equals < 0) {
        break;
      }
      String name = text.substring(i, equals).trim().toLowerCase(Locale.ROOT);
      i = equals + 1;
      StringBuilder value = new StringBuilder();
      if (i < text.length() && text.charAt(i) == '"') {
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
          char c = text.charAt(i++);
          if (c == '\\' && i < text.length()) {
            c = text.charAt(i++);
          }
          value.append(c);
        }
        i++;
      } else {
        while (i < text.length() && text.charAt(i) != ',') {
          value.append(text.charAt(i++));
        }
      }
      parameters.put(name, value.toString().trim());
    }
    return new Challenge(scheme, parameters);
  }
}
