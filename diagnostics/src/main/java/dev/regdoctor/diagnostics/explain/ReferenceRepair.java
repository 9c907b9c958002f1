package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.reference.ImageReference;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The image reference an invalid-reference text quotes ({@code Failed to pull image
 * "docker.io/Acme/WebApp:latest"}, {@code docker pull https://registry.example.com/team/app:1.0}),
 * repaired as the live diagnosis repairs a reference: upper case in the repository lowered, a URL
 * scheme (and the {@code user:token@} that redaction leaves of it) taken off.
 *
 * @param problem what is wrong: {@code uppercase}, {@code scheme} or {@code repaired}
 * @param suggestion the repaired reference as {@code docker pull} accepts it ({@code
 *     acme/webapp:latest})
 * @param canonical the repaired reference written in full ({@code docker.io/acme/webapp:latest}),
 *     as ctr needs it
 */
record ReferenceRepair(String problem, String suggestion, String canonical) {
  /** A reference a kubelet event or a runtime's message quotes. */
  private static final Pattern QUOTED =
      Pattern.compile("(?:image|reference|tag) \"([^\"\\s]{1,300})\"");

  /** The last word of a pull command line: its image, after any flags and their values. */
  private static final Pattern PULL_LINE =
      Pattern.compile(
          "(?m)\\b(?:docker|podman|nerdctl|buildah|crictl|ctr(?: +(?:-n|--namespace)[ =]\\S+)?"
              + " +(?:images?|i)) +pull +[^\\n]*?(\\S+)[ \\t]*$");

  /** A URL's user information, which the reference must not hold either. */
  private static final Pattern USER_INFO = Pattern.compile("^[^/@]*@");

  /**
   * Returns the repair of the first invalid reference {@code text} quotes or pulls, or null when
   * every reference it names is valid or none can be repaired.
   */
  static @Nullable ReferenceRepair of(String text) {
    for (Pattern pattern : new Pattern[] {QUOTED, PULL_LINE}) {
      Matcher matcher = pattern.matcher(text);
      while (matcher.find()) {
        ReferenceRepair repair = repair(matcher.group(1));
        if (repair != null) {
          return repair;
        }
      }
    }
    return null;
  }

  private static @Nullable ReferenceRepair repair(String given) {
    if (parses(given)) {
      return null;
    }
    String text = given;
    int scheme = text.indexOf("://");
    String prefix = "";
    if (scheme > 0) {
      prefix = text.substring(0, scheme + 3);
      text = USER_INFO.matcher(text.substring(scheme + 3)).replaceFirst("");
    }
    Map<String, String> values = new HashMap<>();
    String problem = Diagnoser.repair(prefix + text, values);
    String suggestion = values.get("suggestion");
    if (problem == null || suggestion == null) {
      return null;
    }
    return new ReferenceRepair(problem, suggestion, ImageReference.parse(suggestion).canonical());
  }

  private static boolean parses(String text) {
    try {
      ImageReference.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
