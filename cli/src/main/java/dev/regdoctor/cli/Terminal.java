package dev.regdoctor.cli;

import java.util.Locale;
import java.util.Map;

/**
 * What the process's terminal allows: colors only on a terminal, and never with {@code NO_COLOR}.
 */
final class Terminal {
  private Terminal() {}

  static boolean colors(Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    return System.console() != null && !"dumb".equals(env.getOrDefault("TERM", ""));
  }

  static boolean interactiveStderr() {
    return System.console() != null;
  }

  static Locale locale(String lang) {
    return switch (lang.toLowerCase(Locale.ROOT)) {
      case "zh", "zh-cn", "zh_cn", "zh-hans" -> Locale.SIMPLIFIED_CHINESE;
      case "en", "en-us", "en-gb" -> Locale.ENGLISH;
      default -> throw new Cli.UsageError("--lang must be en or zh-CN but was '" + lang + "'");
    };
  }
}
