package dev.regdoctor.internal.http;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The one place URLs and texts are made safe to print: user info removed, query values redacted
 * (presigned object-store URLs carry credentials there) except parameters known to be harmless.
 */
public final class Redaction {
  public static final String REDACTED = "REDACTED";
  private static final Set<String> SAFE_QUERY_PARAMETERS =
      Set.of(
          "service", "scope", "account", "n", "last", "ns", "digest", "client_id", "mount", "from");

  private Redaction() {}

  private static final java.util.regex.Pattern URL_IN_TEXT =
      java.util.regex.Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>]+");

  /** Returns {@code url} without user info and with unsafe query values redacted. */
  public static String url(HttpUrl url) {
    if (url.querySize() == 0
        && url.encodedUsername().isEmpty()
        && url.encodedPassword().isEmpty()) {
      return url.toString();
    }
    HttpUrl.Builder builder = url.newBuilder().username("").password("");
    if (url.querySize() > 0) {
      builder.query(null);
      for (int i = 0; i < url.querySize(); i++) {
        String name = url.queryParameterName(i);
        String value = url.queryParameterValue(i);
        boolean safe = SAFE_QUERY_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
        builder.addQueryParameter(name, value == null ? null : safe ? value : REDACTED);
      }
    }
    return builder.build().toString();
  }

  /** Returns {@code text} (a URL or not) made safe: parsed URLs are redacted, other text kept. */
  public static String url(String text) {
    HttpUrl parsed = HttpUrl.parse(text);
    return parsed == null ? text : url(parsed);
  }

  /** Redacts every http(s) URL inside free text, such as a WWW-Authenticate header or a body. */
  public static String urlsIn(String text) {
    if (text.indexOf("://") < 0) {
      return text;
    }
    return URL_IN_TEXT
        .matcher(text)
        .replaceAll(match -> java.util.regex.Matcher.quoteReplacement(url(match.group())));
  }

  /** Replaces every occurrence of each secret value in {@code text}. */
  public static String scrub(String text, Collection<String> secrets) {
    String result = text;
    for (String secret : secrets) {
      if (secret.length() >= 3) {
        result = result.replace(secret, "<redacted>");
      }
    }
    return result;
  }
}
