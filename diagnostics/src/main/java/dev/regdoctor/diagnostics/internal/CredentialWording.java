package dev.regdoctor.diagnostics.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says where credentials came from in Chinese. The probe labels a credential source in English
 * ({@code explicit credentials (user alice)}, {@code secret shop/pull (user bot)}, {@code none
 * (anonymous)}); file names, configuration keys ({@code config.json auths "host"}, {@code
 * credsStore desktop}) and user names stay as they are.
 */
final class CredentialWording {
  private static final Pattern USER = Pattern.compile(" \\(user ([^)]*)\\)");
  private static final Pattern PROBLEMS = Pattern.compile("; (\\d+) problem\\(s\\)");

  private CredentialWording() {}

  /** Returns {@code source} in Chinese; parts it does not know are kept as they are. */
  static String chinese(String source) {
    String text = source;
    if (text.startsWith("none (anonymous)")) {
      text = "无（匿名）" + text.substring("none (anonymous)".length());
    } else if (text.equals("anonymous")) {
      text = "匿名";
    } else if (text.startsWith("explicit credentials")) {
      text = "显式提供的凭据" + text.substring("explicit credentials".length());
    } else if (text.equals("explicit") || text.startsWith("explicit ")) {
      text = "显式提供的凭据" + text.substring("explicit".length());
    } else if (text.startsWith("secret ")) {
      text = "密钥 " + text.substring("secret ".length());
    }
    text =
        USER.matcher(text)
            .replaceAll(match -> Matcher.quoteReplacement("（用户 " + match.group(1) + "）"));
    return PROBLEMS.matcher(text).replaceAll("；$1 个问题");
  }
}
