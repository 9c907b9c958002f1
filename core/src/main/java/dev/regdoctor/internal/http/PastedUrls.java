package dev.regdoctor.internal.http;

import java.util.Locale;
import java.util.Set;

/**
 * Finds URLs in free text by hand, in linear time, and makes them safe: user info removed whatever
 * the scheme, and query values masked unless the parameter is harmless ({@link
 * #SAFE_QUERY_PARAMETERS}, the one list {@link Redaction} uses for parsed URLs too).
 */
final class PastedUrls {
  /** Query parameters whose values are never secrets: the registry protocol's own. */
  static final Set<String> SAFE_QUERY_PARAMETERS =
      Set.of(
          "service", "scope", "account", "n", "last", "ns", "digest", "client_id", "mount", "from");

  private PastedUrls() {}

  /**
   * Scans for URLs by hand (linear): removes user info whatever the scheme ({@code
   * docker://user:pass@host}), and with {@code queries} masks query values other than harmless
   * ones.
   */
  static String urls(String text, boolean queries) {
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (true) {
      int sep = text.indexOf("://", from);
      if (sep < 0) {
        break;
      }
      int start = sep;
      while (start > 0 && sep - start < 32 && schemeChar(text.charAt(start - 1))) {
        start--;
      }
      if (start == sep || !Character.isLetter(text.charAt(start))) {
        from = sep + 3;
        continue;
      }
      int end = sep + 3;
      while (end < text.length() && !urlEnd(text.charAt(end))) {
        end++;
      }
      String url = text.substring(start, end);
      String safe = safeUrl(url, sep - start + 3, queries);
      if (!safe.equals(url)) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, start).append(safe);
        copied = end;
      }
      from = Math.max(end, sep + 3);
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static boolean schemeChar(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-');
  }

  private static boolean urlEnd(char c) {
    return Character.isWhitespace(c)
        || c == '"'
        || c == '\''
        || c == '<'
        || c == '>'
        || c == '\\'
        || c == '`';
  }

  private static String safeUrl(String url, int authorityStart, boolean queries) {
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    String result = url;
    if (at >= authorityStart) {
      result = url.substring(0, authorityStart) + url.substring(at + 1);
      authorityEnd -= at + 1 - authorityStart;
    }
    int question = result.indexOf('?', authorityEnd);
    if (!queries || question < 0) {
      return result;
    }
    int hash = result.indexOf('#', question);
    String query = hash < 0 ? result.substring(question + 1) : result.substring(question + 1, hash);
    return result.substring(0, question + 1)
        + redactQuery(query)
        + (hash < 0 ? "" : result.substring(hash));
  }

  private static String redactQuery(String query) {
    StringBuilder out = new StringBuilder(query.length());
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      String parameter = query.substring(start, end);
      int equals = parameter.indexOf('=');
      if (equals < 0
          || SAFE_QUERY_PARAMETERS.contains(
              parameter.substring(0, equals).toLowerCase(Locale.ROOT))) {
        out.append(parameter);
      } else {
        // Keep trailing punctuation that ends a sentence or a Go error ("...&sig=abc: EOF").
        String value = parameter.substring(equals + 1);
        int keep = value.length();
        while (keep > 0 && ":.,;)]".indexOf(value.charAt(keep - 1)) >= 0) {
          keep--;
        }
        out.append(parameter, 0, equals + 1)
            .append(Redaction.REDACTED)
            .append(value.substring(keep));
      }
      if (end < query.length()) {
        out.append('&');
      }
      start = end + 1;
    }
    return out.toString();
  }
}
