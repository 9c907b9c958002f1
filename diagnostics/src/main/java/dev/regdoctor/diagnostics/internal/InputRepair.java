package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.reference.ImageReference;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Repairs the usual mistakes in a typed image reference, for advice that shows the fixed one. */
final class InputRepair {
  private InputRepair() {}

  /**
   * Fixes the usual mistakes in an image reference so the advice can show the corrected one: a URL
   * scheme ({@code http://host:5000/app}), upper case in the repository, stray spaces or a trailing
   * slash. Puts {@code suggestion} (and {@code scheme}, {@code dockerHost}) when the repair parses.
   *
   * @return the catalogue variant ({@code scheme}, {@code uppercase}, {@code repaired}), or null
   */
  static @Nullable String repair(String input, Map<String, String> values) {
    String text = input.strip();
    String variant = null;
    Matcher scheme = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://").matcher(text);
    if (scheme.find()) {
      values.put("scheme", scheme.group(1));
      text = text.substring(scheme.end());
      variant = "scheme";
    }
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    ImageReference repaired = parseOrNull(text);
    if (repaired == null) {
      int tagAt = text.lastIndexOf(':') > text.lastIndexOf('/') ? text.lastIndexOf(':') : -1;
      String lowered =
          tagAt < 0
              ? text.toLowerCase(Locale.ROOT)
              : text.substring(0, tagAt).toLowerCase(Locale.ROOT) + text.substring(tagAt);
      repaired = parseOrNull(lowered);
      if (repaired != null && variant == null) {
        variant = "uppercase";
      }
    }
    if (repaired == null) {
      return null;
    }
    values.put("suggestion", repaired.familiar());
    values.put("dockerHost", repaired.registry());
    return variant == null ? "repaired" : variant;
  }

  private static @Nullable ImageReference parseOrNull(String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
