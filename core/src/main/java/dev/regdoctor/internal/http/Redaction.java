package dev.regdoctor.internal.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * The one redactor: everything the tool prints that it did not write itself, and every URL, passes
 * through here. It removes
 *
 * <ul>
 *   <li>every form of every secret the tool knows ({@link #scrub}): as is, base64 (standard,
 *       unpadded, URL-safe), URL-encoded and JSON-escaped;
 *   <li>every secret-looking field in text ({@link #text}): {@code Authorization} values, {@code
 *       Basic}/{@code Bearer} credentials, {@code key=value}, {@code key: value}, JSON, Python and
 *       YAML fields named like a secret ({@code password}, {@code CI_REGISTRY_PASSWORD}, {@code
 *       auth}, {@code X-Registry-Auth}, …), {@code --password X} and {@code --creds user:X} flags,
 *       base64 of {@code user:password} or of a JSON login, JWTs and well-known token formats;
 *   <li>user info in URLs of any scheme ({@code docker://user:pass@host}) and URL query values
 *       other than harmless ones (presigned object-store URLs carry credentials there).
 * </ul>
 *
 * <p>Query values become {@value #REDACTED} so the URL stays parseable; everything else becomes
 * {@value #MASK}. Redacting twice gives the same text. Every pattern runs in linear time.
 * Thread-safe.
 */
public final class Redaction {
  /** What a redacted URL query value becomes. */
  public static final String REDACTED = "REDACTED";

  /** What any other redacted value becomes. */
  public static final String MASK = "<redacted>";

  private Redaction() {}

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
        boolean safe = PastedUrls.SAFE_QUERY_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
        builder.addQueryParameter(name, value == null ? null : safe ? value : REDACTED);
      }
    }
    return builder.build().toString();
  }

  /** Returns {@code text} (a URL or not) made safe: parsed URLs are redacted, other text kept. */
  public static String url(String text) {
    HttpUrl parsed = HttpUrl.parse(text);
    return parsed == null ? PastedUrls.urls(text, true) : url(parsed);
  }

  /** Redacts every URL inside free text, such as a WWW-Authenticate header or a body. */
  public static String urlsIn(String text) {
    if (text.indexOf("://") < 0) {
      return text;
    }
    return PastedUrls.urls(text, true);
  }

  /** Returns whether {@code text} holds a URL with user info, such as {@code docker://u:p@host}. */
  public static boolean hasUserInfo(String text) {
    return text.contains("://") && !PastedUrls.urls(text, false).equals(text);
  }

  /** Returns {@code text} with every secret-looking field and URL secret masked. */
  public static String text(String text) {
    return PastedSecrets.redact(text);
  }

  /**
   * Returns {@code text} masked as {@link #text} masks it, and with every secret that a hard line
   * wrap split across lines masked too, each of its pieces (a terminal or log viewer breaks a long
   * line at its width, often inside a token or URL). Pasted text goes through here; lines that were
   * not split in a secret are left as {@link #text} leaves them. Linear time.
   */
  public static String textAcrossWraps(String text) {
    return PastedSecrets.redact(WrappedSecrets.masked(text));
  }

  /**
   * Returns where the pieces of the secrets in {@code text} that a hard line wrap split across
   * lines are ({@link #textAcrossWraps} masks them), as {@code [from, to)} pairs of positions in
   * ascending order of {@code from}, each within one line: for removing them from text made from
   * {@code text}. Empty for most texts. Linear time.
   */
  public static int[] wrapSplitRanges(String text) {
    return WrappedSecrets.ranges(text);
  }

  /**
   * Returns whether {@code redacted}, text that {@link #text} returned, shows a login given on a
   * command line, which the redaction masked while it kept the user name: {@code curl -u
   * ci:<redacted>}, {@code curl -uci:<redacted>}, {@code ctr --user=ci:<redacted>}, {@code crictl
   * --creds ci:<redacted>}, {@code skopeo --src-creds ci:<redacted>}. Credentials were then sent.
   * The flags are the ones the redaction masks, so the two cannot drift apart. A user name is
   * required, so that a text anonymised by hand ({@code -u <redacted>:<redacted>}) is not taken for
   * a login. Linear time.
   */
  public static boolean showsCommandLineLogin(String redacted) {
    return PastedSecrets.showsMaskedLogin(redacted);
  }

  /**
   * Replaces every form of each of {@code secrets} in {@code text} (values shorter than three
   * characters are left alone: masking "a" everywhere would reveal it by its absence), then masks
   * secret-looking fields as {@link #text} does.
   */
  public static String scrub(String text, Collection<String> secrets) {
    String result = text;
    for (String form : formsOf(secrets)) {
      if (result.contains(form)) {
        result = result.replace(form, MASK);
      }
    }
    return PastedSecrets.redact(result);
  }

  /**
   * Returns the secrets in an {@code Authorization} header value: the credential after the scheme
   * and, for {@code Basic}, the decoded {@code user:password} and the password.
   */
  public static List<String> secretsOfHeader(String headerValue) {
    int space = headerValue.indexOf(' ');
    String credential = space < 0 ? headerValue : headerValue.substring(space + 1).strip();
    List<String> secrets = new ArrayList<>(List.of(credential));
    if (space > 0 && headerValue.substring(0, space).equalsIgnoreCase("basic")) {
      try {
        String login =
            new String(
                java.util.Base64.getDecoder().decode(credential),
                java.nio.charset.StandardCharsets.UTF_8);
        secrets.add(login);
        int colon = login.indexOf(':');
        if (colon >= 0) {
          secrets.add(login.substring(colon + 1));
        }
      } catch (IllegalArgumentException e) {
        // Not base64: the credential as sent is all there is to hide.
      }
    }
    return secrets;
  }

  /** Returns every printable form of every secret, longest first. */
  public static List<String> formsOf(Collection<String> secrets) {
    List<String> forms = new ArrayList<>();
    for (String secret : secrets) {
      forms.addAll(SecretForms.of(secret));
    }
    forms.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return forms;
  }
}
