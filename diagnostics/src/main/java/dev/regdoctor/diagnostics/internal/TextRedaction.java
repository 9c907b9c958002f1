package dev.regdoctor.diagnostics.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes pasted text safe to keep and print: removes {@code Authorization} values, {@code Basic} and
 * {@code Bearer} credentials, passwords and tokens in {@code key=value}, JSON and command-line
 * form, JWTs and well-known token formats, user info in URLs, and the values of URL query
 * parameters other than the harmless ones (presigned object-store URLs carry credentials there).
 *
 * <p>Query values become {@code REDACTED} so the URL stays parseable, as the probe's redactor does;
 * everything else becomes {@code <redacted>}. Redacting twice gives the same text. Thread-safe.
 */
public final class TextRedaction {
  public static final String REDACTED = "<redacted>";
  public static final String REDACTED_QUERY_VALUE = "REDACTED";

  private static final Set<String> SAFE_QUERY_PARAMETERS =
      Set.of(
          "service", "scope", "account", "n", "last", "ns", "digest", "client_id", "mount", "from");

  /**
   * {@code Authorization: Basic …} in headers, curl output or JSON; the scheme word is kept. A
   * scheme is required so that prose such as "may require authorization: server message" stays
   * intact.
   */
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?i)((?:proxy-)?authorization\\\\?[\"']?[ \\t]*[:=][ \\t]*\\\\?[\"']?[ \\t]*\\[?)"
              + "(basic|bearer|token|digest|negotiate|aws4-hmac-sha256)[ \\t]+"
              + "(?!<redacted>)[^\\s\"'\\\\\\]][^\\n\"'\\\\}\\]]*");

  /**
   * A {@code Basic} or {@code Bearer} credential standing alone; it must hold a digit or one of
   * {@code +/=}, so that prose such as "Basic authentication" is left alone.
   */
  private static final Pattern SCHEME_CREDENTIAL =
      Pattern.compile(
          "\\b(Basic|Bearer)[ \\t]+(?!realm=)(?=[A-Za-z_.~-]*[0-9+/=])([A-Za-z0-9+/_.~-]{8,}=*)");

  /** {@code "password": "…"}, also with backslash-escaped quotes as in Go-quoted log fields. */
  private static final Pattern JSON_SECRET =
      Pattern.compile(
          "(?i)(\\\\?\"(?:password|passwd|secret|token|access_token|refresh_token|identitytoken|registrytoken"
              + "|auth|client_secret|api_?key)\\\\?\"\\s*:\\s*\\\\?\")(?!<redacted>)[^\"\\\\]+");

  /** {@code password=…} and {@code token=…} outside URLs. */
  private static final Pattern KEY_VALUE_SECRET =
      Pattern.compile(
          "(?i)\\b((?:password|passwd|pwd|secret|token|access_token|refresh_token|identitytoken|client_secret"
              + "|api_?key|x-amz-security-token|sig|signature)=)(?!<redacted>|REDACTED)[^\\s&\"',;]+");

  /** {@code password: …} as in YAML or prompts. */
  private static final Pattern COLON_PASSWORD =
      Pattern.compile("(?i)\\b((?:password|passwd)[ \\t]*:[ \\t]+)(?!<redacted>)[^\\s\"',]+");

  /** {@code --password …} and {@code login … -p …}; {@code --password-stdin} has no value. */
  private static final Pattern FLAG_PASSWORD =
      Pattern.compile(
          "(?i)((?:--(?:docker-|registry-)?password|\\blogin\\b[^\\n]*?[ \\t]-p)(?:[ \\t]+|=))"
              + "(?!<redacted>|via\\b|-)[^\\s\"']+");

  /** JSON web tokens. */
  private static final Pattern JWT =
      Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

  /** GitHub, GitLab and AWS key formats. */
  private static final Pattern KNOWN_TOKENS =
      Pattern.compile(
          "\\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}"
              + "|A(?:KIA|SIA)[0-9A-Z]{16})\\b");

  /** User info in a URL. */
  private static final Pattern USER_INFO = Pattern.compile("(?i)\\b(https?://)[^/\\s@\"'<>\\\\]+@");

  /** A URL with a query. */
  private static final Pattern URL_QUERY =
      Pattern.compile("(?i)\\bhttps?://[^\\s\"'<>?\\\\]+\\?([^\\s\"'<>\\\\]+)");

  private TextRedaction() {}

  /** Returns {@code text} with every secret it recognises redacted. */
  public static String redact(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    String result = text;
    // URLs first: a query value redacted here is not seen again as "signature=…" below.
    if (lower.contains("://")) {
      if (result.indexOf('@') >= 0) {
        result = USER_INFO.matcher(result).replaceAll("$1");
      }
      if (result.indexOf('?') >= 0) {
        result = redactQueries(result);
      }
    }
    if (lower.contains("authorization")) {
      result = replaceKeepingPrefix(AUTHORIZATION, result, true);
    }
    if (lower.contains("basic") || lower.contains("bearer")) {
      result = SCHEME_CREDENTIAL.matcher(result).replaceAll("$1 " + REDACTED);
    }
    if (result.indexOf(':') >= 0 && result.indexOf('"') >= 0) {
      result = replaceKeepingPrefix(JSON_SECRET, result, false);
    }
    if (result.indexOf('=') >= 0) {
      result = replaceKeepingPrefix(KEY_VALUE_SECRET, result, false);
    }
    if (lower.contains("pass")) {
      result = replaceKeepingPrefix(COLON_PASSWORD, result, false);
    }
    if (lower.contains("--") || lower.contains("-p")) {
      result = replaceKeepingPrefix(FLAG_PASSWORD, result, false);
    }
    if (result.contains("eyJ")) {
      result = JWT.matcher(result).replaceAll(REDACTED);
    }
    if (lower.contains("gh")
        || lower.contains("glpat")
        || lower.contains("akia")
        || lower.contains("asia")) {
      result = KNOWN_TOKENS.matcher(result).replaceAll(REDACTED);
    }
    return result;
  }

  /** Replaces what follows group 1 of each match; group 2, when asked for, is kept too. */
  private static String replaceKeepingPrefix(Pattern pattern, String text, boolean keepScheme) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String replacement = matcher.group(1);
      if (keepScheme && matcher.group(2) != null) {
        replacement += matcher.group(2) + " ";
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement + REDACTED));
    } while (matcher.find());
    matcher.appendTail(out);
    return out.toString();
  }

  private static String redactQueries(String text) {
    Matcher matcher = URL_QUERY.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String url = matcher.group();
      int queryStart = matcher.start(1) - matcher.start();
      String query = redactQuery(matcher.group(1));
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(url.substring(0, queryStart) + query));
    } while (matcher.find());
    matcher.appendTail(out);
    return out.toString();
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
            .append(REDACTED_QUERY_VALUE)
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
