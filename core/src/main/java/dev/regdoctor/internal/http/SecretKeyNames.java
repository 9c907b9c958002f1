package dev.regdoctor.internal.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which key names in pasted text name a secret ({@code CI_REGISTRY_PASSWORD}, {@code auth}), and
 * whether a text holds any word that could make a key a secret at all, so that {@link
 * PastedSecrets} looks at keys only where one may be.
 */
final class SecretKeyNames {
  private SecretKeyNames() {}

  /** Words that make a key name a secret when it contains them. */
  static final List<String> SECRET_WORDS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "token",
          "apikey",
          "api_key",
          "api-key",
          "privatekey",
          "private_key",
          "private-key");

  /** Keys that name a secret only as a whole word (or the last part of the key). */
  static final Set<String> SECRET_LAST_PARTS =
      Set.of(
          "auth",
          "pwd",
          "pass",
          "creds",
          "credential",
          "credentials",
          "sig",
          "signature",
          "cookie");

  /**
   * Keys that name a secret only as the last part of a longer key: {@code API_KEY}, {@code
   * STRIPE_KEY} or {@code access-key} in an environment, while {@code key: app} (a label selector)
   * names none.
   */
  static final Set<String> SECRET_SUFFIXES = Set.of("key");

  /** Last parts that make a key about a secret rather than the secret itself. */
  private static final Set<String> HARMLESS_LAST_PARTS =
      Set.of(
          "url",
          "uri",
          "endpoint",
          "type",
          "method",
          "realm",
          "service",
          "scope",
          "header",
          "path",
          "file",
          "dir",
          "stdin",
          "expiry",
          "expires",
          "expires_in",
          "expires_at",
          "issued_at",
          "name",
          "count",
          "length",
          "helper",
          "store",
          "command",
          "version",
          "ttl",
          "server",
          "error",
          "required",
          "provider",
          "source",
          "mode",
          "kind",
          "env",
          "ref",
          "id");

  /**
   * Returns whether {@code text} at {@code at} holds what {@link PastedSecrets#KEY_VALUE} reads
   * after a key: an optional quote (backslash-escaped or not), at most eight blanks, then {@code :}
   * or {@code =}.
   */
  static boolean separatorAt(String text, int at) {
    int i = at;
    if (i + 1 < text.length() && text.charAt(i) == '\\' && isQuote(text.charAt(i + 1))) {
      i += 2;
    } else if (i < text.length() && isQuote(text.charAt(i))) {
      i++;
    }
    int blanks = 0;
    while (i < text.length() && blanks < 8 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
      blanks++;
    }
    return i < text.length() && (text.charAt(i) == ':' || text.charAt(i) == '=');
  }

  static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  /** Returns whether a key such as {@code CI_REGISTRY_PASSWORD} or {@code auth} names a secret. */
  static boolean secretKey(String key) {
    String k = withoutLeadingDashes(key.toLowerCase(Locale.ROOT));
    int cut = Math.max(k.lastIndexOf('_'), Math.max(k.lastIndexOf('-'), k.lastIndexOf('.')));
    String last = k.substring(cut + 1);
    if (HARMLESS_LAST_PARTS.contains(last)) {
      return false;
    }
    return SECRET_LAST_PARTS.contains(last)
        || cut > 0 && SECRET_SUFFIXES.contains(last)
        || PastedSecrets.containsAny(k, SECRET_WORDS);
  }

  /**
   * Returns {@code key} without the dashes of a flag ({@code --password} gives {@code password}).
   */
  static String withoutLeadingDashes(String key) {
    int start = 0;
    while (start < key.length() && key.charAt(start) == '-') {
      start++;
    }
    return key.substring(start);
  }
}
