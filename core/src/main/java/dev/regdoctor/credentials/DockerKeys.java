package dev.regdoctor.credentials;

import dev.regdoctor.endpoint.HostPort;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the docker CLI turns a registry into a credential key and matches stored keys (docker/cli
 * {@code cli/config/configfile/file.go} {@code getAuthConfigKey}, {@code
 * cli/config/credentials/file_store.go} {@code Get} and {@code ConvertToHostname}), plus the near
 * misses users commonly write instead.
 */
final class DockerKeys {

  /**
   * Host names people use for Docker Hub; only {@link DockerConfig#DOCKER_HUB_KEY} is looked up.
   */
  private static final Set<String> HUB_HOSTS =
      Set.of(
          "docker.io",
          "index.docker.io",
          "registry-1.docker.io",
          "registry.hub.docker.com",
          "hub.docker.com",
          "auth.docker.io");

  private DockerKeys() {}

  /** Returns whether docker treats {@code registry} as Docker Hub. */
  static boolean isDockerHub(String registry) {
    return registry.equals("docker.io") || registry.equals("index.docker.io");
  }

  /**
   * Returns the key docker looks credentials up by: {@code https://index.docker.io/v1/} for Docker
   * Hub, else the registry ({@code host[:port]}) unchanged. The same key selects {@code
   * credHelpers} and is what a helper receives on stdin.
   */
  static String authConfigKey(String registry) {
    return isDockerHub(registry) ? DockerConfig.DOCKER_HUB_KEY : registry;
  }

  /**
   * Returns the host docker derives from a stored key: scheme and path dropped, port kept ({@code
   * https://registry.example.com:5000/v2/} becomes {@code registry.example.com:5000}).
   */
  static String convertToHostname(String key) {
    if (key.contains("://")) {
      GoUrl url = GoUrl.parse(key);
      if (url != null && !url.hostname().isEmpty()) {
        return url.port().isEmpty()
            ? url.hostname()
            : GoUrl.joinHostPort(url.hostname(), url.port());
      }
      String fallback = hostFromUrlFallback(key);
      if (!fallback.isEmpty()) {
        return fallback;
      }
    }
    int slash = key.indexOf('/');
    return slash >= 0 ? key.substring(0, slash) : key;
  }

  /** Docker's fallback for scheme URLs Go rejects, such as unbracketed IPv6 hosts. */
  private static String hostFromUrlFallback(String key) {
    int sep = key.indexOf("://");
    if (sep < 0) {
      return "";
    }
    String rest = key.substring(sep + 3);
    int slash = rest.indexOf('/');
    String host = slash >= 0 ? rest.substring(0, slash) : rest;
    if (host.isEmpty()) {
      return "";
    }
    if (host.chars().filter(c -> c == ':').count() > 1 && !host.startsWith("[")) {
      int portStart = host.lastIndexOf(':');
      String address = host.substring(0, portStart);
      String port = host.substring(portStart + 1);
      if (!address.isEmpty() && !port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
        return GoUrl.joinHostPort(address, port);
      }
    }
    return host;
  }

  /**
   * Returns whether the file store answers {@code lookupKey} with the entry stored under {@code
   * entryKey}: an exact key, or a legacy key whose host is the lookup key. Docker Hub's key never
   * matches a host, so Hub needs the exact key.
   */
  static boolean fileStoreMatches(String entryKey, String lookupKey) {
    return entryKey.equals(lookupKey) || convertToHostname(entryKey).equals(lookupKey);
  }

  /**
   * Explains why {@code entryKey} looks like, but is not, the key docker uses for {@code registry}.
   *
   * @param exactOnly whether the section matches keys exactly ({@code credHelpers}, {@value
   *     DockerConfig#AUTH_CONFIG_VARIABLE}) rather than by host ({@code auths} in a file)
   * @return the reason, or {@code null} when the key matches or is unrelated
   */
  static @Nullable String nearMiss(String entryKey, String registry, boolean exactOnly) {
    String lookupKey = authConfigKey(registry);
    if (entryKey.equals(lookupKey)) {
      return null;
    }
    String entryHost = convertToHostname(entryKey);
    if (isDockerHub(registry)) {
      String hostOnly = hostWithoutPort(entryHost).toLowerCase(Locale.ROOT);
      if (HUB_HOSTS.contains(hostOnly)) {
        return "Docker Hub credentials are looked up only under \""
            + DockerConfig.DOCKER_HUB_KEY
            + "\"";
      }
      return null;
    }
    if (entryHost.equals(lookupKey)) {
      return exactOnly
          ? "this section needs the key exactly \"" + lookupKey + "\" (no scheme or path)"
          : null;
    }
    if (entryHost.equalsIgnoreCase(lookupKey)) {
      return "letter case differs; docker compares keys case-sensitively";
    }
    String entryName = hostWithoutPort(entryHost);
    String wantedName = hostWithoutPort(lookupKey);
    if (entryName.equalsIgnoreCase(wantedName)) {
      String entryPort = portOf(entryHost);
      String wantedPort = portOf(lookupKey);
      return "port differs ("
          + describePort(entryPort)
          + " vs "
          + describePort(wantedPort)
          + "); docker needs the exact host:port";
    }
    String entryLower = entryName.toLowerCase(Locale.ROOT);
    String wantedLower = wantedName.toLowerCase(Locale.ROOT);
    if (!entryLower.isEmpty() && entryLower.endsWith("." + wantedLower)) {
      return "a subdomain of " + wantedName + "; docker needs the exact host";
    }
    if (!entryLower.isEmpty() && wantedLower.endsWith("." + entryLower)) {
      return "a parent domain of " + wantedName + "; docker needs the exact host";
    }
    return null;
  }

  static String hostWithoutPort(String hostPort) {
    HostPort split = HostPort.split(hostPort);
    return split == null ? hostPort : split.host();
  }

  private static String portOf(String hostPort) {
    HostPort split = HostPort.split(hostPort);
    return split == null ? "" : split.port();
  }

  private static String describePort(String port) {
    return port.isEmpty() ? "none" : port;
  }
}
