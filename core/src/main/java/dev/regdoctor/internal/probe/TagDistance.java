package dev.regdoctor.internal.probe;

import dev.regdoctor.internal.text.EditDistance;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the existing tags closest to a missing one: tags that extend it first ({@code 1.4} → {@code
 * 1.4.2}), then by edit distance, then by shared prefix.
 */
public final class TagDistance {
  private TagDistance() {}

  public static List<String> closest(String wanted, List<String> tags, int limit) {
    String target = wanted.toLowerCase(Locale.ROOT);
    return tags.stream()
        .distinct()
        .map(
            tag ->
                new Scored(
                    tag,
                    distance(target, tag.toLowerCase(Locale.ROOT)),
                    commonPrefix(target, tag.toLowerCase(Locale.ROOT))))
        .filter(
            scored -> scored.distance() <= Math.max(3, target.length() / 2) || scored.prefix() >= 2)
        .sorted(
            Comparator.comparingInt(
                    (Scored scored) ->
                        scored.tag().toLowerCase(Locale.ROOT).startsWith(target) ? 0 : 1)
                .thenComparingInt(Scored::distance)
                .thenComparing(Comparator.comparingInt(Scored::prefix).reversed())
                .thenComparing(Scored::tag))
        .limit(limit)
        .map(Scored::tag)
        .toList();
  }

  private record Scored(String tag, int distance, int prefix) {}

  /** Returns the edit distance of two tags ({@link EditDistance#of}). */
  public static int distance(String a, String b) {
    return EditDistance.of(a, b);
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }
}
