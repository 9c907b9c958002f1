package dev.regdoctor.junit5;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Function;

/**
 * Replaces {@code ${name}} in annotation values with configuration parameters, so that
 * {@code @RequiresRegistry("${registry.host}/team/app:1.0")} follows the environment. No nesting,
 * no defaults: a reference to a parameter without a value is an error, never an empty string that
 * would silently send the probe to Docker Hub.
 */
final class Placeholders {
  private Placeholders() {}

  /**
   * Returns {@code text} with every {@code ${name}} replaced by {@code parameters.apply(name)}.
   *
   * @throws IllegalArgumentException naming the placeholder when it is unclosed, empty, or has no
   *     value
   */
  static String expand(String text, Function<String, Optional<String>> parameters) {
    requireNonNull(text, "text");
    requireNonNull(parameters, "parameters");
    StringBuilder expanded = new StringBuilder(text.length());
    int from = 0;
    while (true) {
      int start = text.indexOf("${", from);
      if (start < 0) {
        return expanded.append(text, from, text.length()).toString();
      }
      int end = text.indexOf('}', start + 2);
      if (end < 0) {
        throw new IllegalArgumentException(
            "unclosed placeholder at index " + start + " in \"" + text + "\"");
      }
      String name = text.substring(start + 2, end).trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "empty placeholder at index " + start + " in \"" + text + "\"");
      }
      String value =
          parameters
              .apply(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "placeholder ${"
                              + name
                              + "} in \""
                              + text
                              + "\" has no value: set the configuration parameter "
                              + name
                              + " (in junit-platform.properties or as -D"
                              + name
                              + "=...)"));
      expanded.append(text, from, start).append(value.trim());
      from = end + 1;
    }
  }
}
