package dev.regdoctor.credentials;

import dev.regdoctor.endpoint.HostPort;
import dev.regdoctor.internal.text.EditDistance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The kubelet's credential keyring (kubernetes {@code pkg/credentialprovider/keyring.go}: {@code
 * BasicDockerKeyring.Add}, {@code Lookup}, {@code URLsMatch}, {@code isDefaultRegistryMatch}).
 */
final class KubeletKeyring {

  /** The host whose credentials serve Docker Hub images when no key matches. */
  static final String DEFAULT_REGISTRY_HOST = "index.docker.io";

  private static final Set<String> HUB_LOOKALIKES =
      Set.of("registry-1.docker.io", "registry.hub.docker.com", "hub.docker.com", "auth.docker.io");

  /** The most characters a key's host may differ from the image's to count as a likely typo. */
  private static final int MAX_TYPO = 2;

  private KubeletKeyring() {}

  /**
   * Normalises a secret key as {@code BasicDockerKeyring.Add}: {@code https://} is added unless the
   * key starts with {@code https://} or {@code http://}; the URL is parsed; the scheme is dropped;
   * a leading {@code /v1/} or {@code /v2/} loses its first three characters; a remaining path other
   * than {@code /} is kept after the host.
   *
   * @return the key, e.g. {@code index.docker.io} for {@code https://index.docker.io/v1/}, or
   *     {@code null} when Go's URL parser rejects it (the kubelet then skips the entry)
   */
  static @Nullable String normalizeKey(String key) {
    String value = key.startsWith("https://") || key.startsWith("http://") ? key : "https://" + key;
    GoUrl parsed = GoUrl.parse(value);
    if (parsed == null) {
      return null;
    }
    String effectivePath = parsed.path();
    if (effectivePath.startsWith("/v2/") || effectivePath.startsWith("/v1/")) {
      effectivePath = effectivePath.substring(3);
    }
    return !effectivePath.isEmpty() && !effectivePath.equals("/")
        ? parsed.host() + effectivePath
        : parsed.host();
  }

  /**
   * Returns whether the schemeless {@code glob} matches the schemeless {@code target} ({@code
   * URLsMatchStr}): equal ports, the same number of host labels, each label a {@code
   * filepath.Match} glob, and the glob's path a string prefix of the target's.
   */
  static boolean urlsMatch(String glob, String target) {
    GoUrl globUrl = GoUrl.parse("https://" + glob);
    GoUrl targetUrl = GoUrl.parse("https://" + target);
    if (globUrl == null || targetUrl == null) {
      return false;
    }
    Split globSplit = split(globUrl.host());
    Split targetSplit = split(targetUrl.host());
    if (!globSplit.port().equals(targetSplit.port())) {
      return false;
    }
    if (globSplit.labels().size() != targetSplit.labels().size()) {
      return false;
    }
    if (!targetUrl.path().startsWith(globUrl.path())) {
      return false;
    }
    for (int i = 0; i < globSplit.labels().size(); i++) {
      if (!GoGlob.matches(globSplit.labels().get(i), targetSplit.labels().get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether the kubelet treats {@code image} as a Docker Hub image for the fallback to
   * {@code index.docker.io} credentials ({@code isDefaultRegistryMatch}): no {@code /}, a first
   * component {@code docker.io} or {@code index.docker.io}, or a first component without {@code .}
   * and {@code :} (which includes {@code localhost}).
   */
  static boolean isDefaultRegistryMatch(String image) {
    int slash = image.indexOf('/');
    String first = slash >= 0 ? image.substring(0, slash) : image;
    if (first.isEmpty()) {
      return false;
    }
    if (slash < 0) {
      return true;
    }
    if (first.equals("docker.io") || first.equals(DEFAULT_REGISTRY_HOST)) {
      return true;
    }
    return first.indexOf('.') < 0 && first.indexOf(':') < 0;
  }

  /** A host split into labels and port ({@code SplitURL}). */
  record Split(List<String> labels, String port) {}

  static Split split(String host) {
    HostPort hostPort = HostPort.split(host);
    String name = hostPort == null ? host : hostPort.host();
    String port = hostPort == null ? "" : hostPort.port();
    return new Split(Arrays.asList(name.split("\\.", -1)), port);
  }

  /** A value stored under a normalised key. */
  record Keyed<T>(String key, T value) {}

  /**
   * Looks {@code image} up as {@code BasicDockerKeyring.Lookup}: keys deduplicated and sorted in
   * reverse byte order (so {@code quay.io/coreos} precedes {@code quay.io}), every matching key's
   * values in insertion order; when none matches and the image is a Docker Hub image, the values
   * stored under {@code index.docker.io}.
   */
  static <T> List<T> lookup(List<Keyed<T>> entries, String image) {
    Map<String, List<T>> byKey = new LinkedHashMap<>();
    for (Keyed<T> entry : entries) {
      byKey.computeIfAbsent(entry.key(), k -> new ArrayList<>()).add(entry.value());
    }
    TreeSet<String> index = new TreeSet<>(KubeletKeyring::compareBytes);
    index.addAll(byKey.keySet());
    List<T> result = new ArrayList<>();
    for (String key : index.descendingSet()) {
      if (urlsMatch(key, image)) {
        result.addAll(byKey.get(key));
      }
    }
    if (result.isEmpty()
        && isDefaultRegistryMatch(image)
        && byKey.containsKey(DEFAULT_REGISTRY_HOST)) {
      result.addAll(byKey.get(DEFAULT_REGISTRY_HOST));
    }
    return result;
  }

  /** Compares as Go compares strings: by UTF-8 bytes. */
  private static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Explains why a key that does not match {@code image} looks as if it should.
   *
   * @param normalizedKey the key after {@link #normalizeKey(String)}, or {@code null}
   * @return the reason, or {@code null} when the key is unrelated
   */
  static @Nullable String nearMiss(@Nullable String normalizedKey, String image) {
    if (normalizedKey == null) {
      return "the kubelet cannot parse this key as a URL and skips it";
    }
    GoUrl glob = GoUrl.parse("https://" + normalizedKey);
    GoUrl target = GoUrl.parse("https://" + image);
    if (glob == null || target == null) {
      return null;
    }
    Split globSplit = split(glob.host());
    Split targetSplit = split(target.host());
    String globName = String.join(".", globSplit.labels());
    String targetName = String.join(".", targetSplit.labels());
    String globLower = globName.toLowerCase(Locale.ROOT);
    String targetLower = targetName.toLowerCase(Locale.ROOT);
    if (targetLower.equals("docker.io") && HUB_LOOKALIKES.contains(globLower)) {
      return globName
          + " never matches Docker Hub images; use https://index.docker.io/v1/ or"
          + " docker.io";
    }
    if (globLower.equals(targetLower)) {
      if (!globName.equals(targetName)) {
        return "letter case differs; the kubelet compares host names case-sensitively";
      }
      if (!globSplit.port().equals(targetSplit.port())) {
        return "port differs ("
            + describePort(globSplit.port())
            + " vs "
            + describePort(targetSplit.port())
            + ")";
      }
      if (!target.path().startsWith(glob.path())) {
        return "path \"" + glob.path() + "\" is not a prefix of \"" + target.path() + "\"";
      }
      return null;
    }
    if (globName.indexOf('*') >= 0 || globName.indexOf('?') >= 0 || globName.indexOf('[') >= 0) {
      if (globSplit.labels().size() != targetSplit.labels().size()
          && wildcardCouldMatch(globLower, targetLower)) {
        return "a wildcard matches exactly one DNS label: \""
            + globName
            + "\" has "
            + globSplit.labels().size()
            + " labels, \""
            + targetName
            + "\" has "
            + targetSplit.labels().size();
      }
      return null;
    }
    if (targetLower.endsWith("." + globLower)) {
      return "a parent domain of " + targetName + "; the kubelet needs the same number of labels";
    }
    if (globLower.endsWith("." + targetLower)) {
      return "a subdomain of " + targetName;
    }
    int distance = EditDistance.atMost(globLower, targetLower, MAX_TYPO);
    if (distance <= MAX_TYPO && distance * 2 < targetLower.length()) {
      return "host differs from "
          + targetName
          + " by "
          + distance
          + (distance == 1 ? " character" : " characters")
          + ", a likely typo; the kubelet needs the exact host";
    }
    return null;
  }

  /** Returns whether the fixed suffix of a glob such as {@code *.example.com} fits the target. */
  private static boolean wildcardCouldMatch(String glob, String target) {
    int lastWild =
        Math.max(glob.lastIndexOf('*'), Math.max(glob.lastIndexOf('?'), glob.lastIndexOf(']')));
    String suffix = glob.substring(lastWild + 1);
    return suffix.isEmpty() || target.endsWith(suffix) || ("." + target).equals(suffix);
  }

  private static String describePort(String port) {
    return port.isEmpty() ? "none" : port;
  }
}
