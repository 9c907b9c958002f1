package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.internal.http.IpLiterals;
import dev.regdoctor.internal.json.JsonInput;
import dev.regdoctor.internal.json.SettingsJson;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The registry settings of docker's {@code /etc/docker/daemon.json}: {@code registry-mirrors} and
 * {@code insecure-registries}, validated as dockerd does (moby {@code
 * daemon/pkg/registry/config.go} {@code ValidateMirror}, {@code loadInsecureRegistries}). Other
 * keys are ignored.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param source the file path, or a name such as {@code defaults}
 * @param registryMirrors the mirrors in order, normalised with a trailing {@code /} and without
 *     duplicates, e.g. {@code https://mirror.example.com/}
 * @param insecureRegistries the {@code host[:port]} entries, with any {@code http://} or {@code
 *     https://} prefix removed as dockerd does
 * @param insecureCidrs the CIDR entries, masked; the loopback ranges dockerd always adds are not
 *     listed but are honoured by {@link #isInsecure(String, InetAddress)}
 */
public record DaemonConfig(
    String source,
    List<URI> registryMirrors,
    List<String> insecureRegistries,
    List<Cidr> insecureCidrs) {

  /** The ranges dockerd always treats as insecure: {@code 127.0.0.0/8} and {@code ::1/128}. */
  public static final List<Cidr> LOOPBACK =
      List.of(Cidr.parse("127.0.0.0/8").orElseThrow(), Cidr.parse("::1/128").orElseThrow());

  private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  /** distribution/reference {@code DomainRegexp}: a domain or bracketed IPv6, optional port. */
  private static final Pattern DOMAIN_AND_PORT =
      Pattern.compile(
          "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
              + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
              + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");

  /** Validates and copies the lists. */
  public DaemonConfig {
    requireNonNull(source, "source");
    registryMirrors = List.copyOf(registryMirrors);
    insecureRegistries = List.copyOf(insecureRegistries);
    insecureCidrs = List.copyOf(insecureCidrs);
  }

  /**
   * Returns dockerd's settings without a {@code daemon.json}: no mirrors, loopback insecure only.
   */
  public static DaemonConfig defaults() {
    return new DaemonConfig("defaults", List.of(), List.of(), List.of());
  }

  /**
   * Parses a {@code daemon.json} document. A leading byte order mark is skipped and blank text
   * means the defaults, as in dockerd.
   *
   * @throws ConfigException naming the pointer (e.g. {@code /registry-mirrors/0}) when dockerd
   *     would refuse to start: invalid JSON, a value of the wrong type, a mirror without {@code
   *     http://} or {@code https://}, with a query, fragment or user info, or an insecure registry
   *     that is neither {@code host[:port]} nor CIDR
   */
  public static DaemonConfig parse(String json, String sourceName) {
    requireNonNull(json, "json");
    requireNonNull(sourceName, "sourceName");
    String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
    JsonNode root = SettingsJson.parse(text, sourceName);
    if (root == null || root.isNull()) {
      return new DaemonConfig(sourceName, List.of(), List.of(), List.of());
    }
    if (!root.isObject()) {
      throw new ConfigException(
          sourceName, "", "expected an object but found " + JsonInput.typeName(root));
    }
    List<String> mirrorTexts =
        strings(root.get("registry-mirrors"), sourceName, "/registry-mirrors");
    Set<URI> mirrors = new LinkedHashSet<>();
    for (int i = 0; i < mirrorTexts.size(); i++) {
      mirrors.add(validateMirror(mirrorTexts.get(i), sourceName, "/registry-mirrors/" + i));
    }
    List<String> insecureTexts =
        strings(root.get("insecure-registries"), sourceName, "/insecure-registries");
    Set<String> hosts = new LinkedHashSet<>();
    Set<Cidr> cidrs = new LinkedHashSet<>();
    for (int i = 0; i < insecureTexts.size(); i++) {
      String at = "/insecure-registries/" + i;
      String entry = insecureTexts.get(i);
      String normalized = entry.equals("index.docker.io") ? "docker.io" : entry;
      if (normalized.startsWith("-") || normalized.endsWith("-")) {
        throw new ConfigException(
            sourceName,
            at,
            "invalid index name (" + normalized + "); it cannot begin or end with a hyphen");
      }
      int separator = entry.indexOf("://");
      if (separator >= 0) {
        String scheme = entry.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          throw new ConfigException(sourceName, at, "an insecure registry must not contain '://'");
        }
        entry = entry.substring(separator + 3);
      }
      Optional<Cidr> cidr = Cidr.parse(entry);
      if (cidr.isPresent()) {
        cidrs.add(cidr.get());
      } else {
        validateHostPort(entry, sourceName, at);
        hosts.add(entry);
      }
    }
    return new DaemonConfig(
        sourceName, new ArrayList<>(mirrors), new ArrayList<>(hosts), new ArrayList<>(cidrs));
  }

  /**
   * Reads a {@code daemon.json} file; UTF-8, or UTF-16 with a byte order mark, as dockerd accepts.
   *
   * @throws ConfigException if the file cannot be read or parsed
   */
  public static DaemonConfig read(Path file) {
    requireNonNull(file, "file");
    return parse(SettingsJson.readFile(file, MAX_FILE_BYTES), file.toString());
  }

  /** Reads {@code file} when it exists, else returns {@link #defaults()}, as dockerd does. */
  public static DaemonConfig readOrDefaults(Path file) {
    requireNonNull(file, "file");
    return Files.exists(file) ? read(file) : defaults();
  }

  /**
   * Returns whether dockerd talks to {@code hostPort} insecurely (plain HTTP allowed, certificate
   * errors ignored): Docker Hub never; an {@code insecure-registries} entry equal to {@code
   * hostPort}; or an IP in a configured range or in {@link #LOOPBACK}. The IP is {@code hostPort}'s
   * host when it is a literal, else {@code resolved}; without either only exact entries count.
   *
   * @param hostPort the registry as in an image reference, e.g. {@code registry.example.com:5000}
   * @param resolved an address {@code hostPort}'s host resolves to, or {@code null}
   */
  public boolean isInsecure(String hostPort, @Nullable InetAddress resolved) {
    requireNonNull(hostPort, "hostPort");
    if (hostPort.equals("docker.io") || hostPort.equals("index.docker.io")) {
      return false;
    }
    if (insecureRegistries.contains(hostPort)) {
      return true;
    }
    String host = hostOf(hostPort);
    InetAddress address = IpLiterals.parse(host);
    if (address == null) {
      address = resolved;
    }
    if (address == null) {
      return false;
    }
    for (Cidr cidr : insecureCidrs) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    for (Cidr cidr : LOOPBACK) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the mirrors dockerd tries, in order, before {@code registry}: the configured mirrors
   * for Docker Hub ({@code docker.io} or {@code index.docker.io}), nothing for any other registry.
   */
  public List<URI> mirrorsFor(String registry) {
    requireNonNull(registry, "registry");
    return registry.equals("docker.io") || registry.equals("index.docker.io")
        ? registryMirrors
        : List.of();
  }

  private static String hostOf(String hostPort) {
    return HostPort.parse(hostPort).host();
  }

  private static List<String> strings(@Nullable JsonNode node, String source, String at) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ConfigException(
          source, at, "expected an array of strings but found " + JsonInput.typeName(node));
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (element.isNull()) {
        values.add("");
      } else if (element.isTextual()) {
        values.add(element.textValue());
      } else {
        throw new ConfigException(
            source, at + "/" + i, "expected a string but found " + JsonInput.typeName(element));
      }
    }
    return values;
  }

  /** moby {@code ValidateMirror}; returns the mirror with exactly one trailing slash. */
  private static URI validateMirror(String mirror, String source, String at) {
    int separator = mirror.indexOf("://");
    if (separator <= 0) {
      // The value is not repeated: without a scheme, "user:password@host" would leak.
      throw new ConfigException(
          source,
          at,
          "no scheme specified for the mirror: must use either 'https://' or 'http://'");
    }
    URI uri;
    try {
      uri = new URI(mirror);
    } catch (URISyntaxException e) {
      throw new ConfigException(source, at, "mirror is not a valid URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException(
          source,
          at,
          "unsupported scheme \"" + scheme + "\": must use either 'https://' or 'http://'");
    }
    if (uri.getRawUserInfo() != null) {
      // The user info may hold a password: the message must not repeat the URI.
      throw new ConfigException(source, at, "username/password not allowed in a mirror URI");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigException(
          source, at, "query or fragment not allowed at the end of a mirror URI");
    }
    if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
      throw new ConfigException(source, at, "mirror URI has no host");
    }
    // moby trims one trailing slash and appends one, so "https://m/base//" keeps both.
    String normalized = mirror.endsWith("/") ? mirror : mirror + "/";
    try {
      return new URI(normalized);
    } catch (URISyntaxException e) {
      throw new ConfigException(source, at, "mirror is not a valid URI");
    }
  }

  /** moby {@code validateHostPort}. */
  private static void validateHostPort(String entry, String source, String at) {
    String host = entry;
    String port = "";
    int colon = entry.lastIndexOf(':');
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close > 0 && close + 1 < entry.length() && entry.charAt(close + 1) == ':') {
        host = entry.substring(1, close);
        port = entry.substring(close + 2);
      }
    } else if (colon >= 0 && entry.indexOf(':') == colon) {
      host = entry.substring(0, colon);
      port = entry.substring(colon + 1);
    }
    if (entry.length() > 512
        || (!DOMAIN_AND_PORT.matcher(entry).matches() && IpLiterals.parse(host) == null)) {
      throw new ConfigException(source, at, "insecure registry is not valid: invalid host");
    }
    if (!port.isEmpty()) {
      if (port.length() > 5
          || !port.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(port) > 65535) {
        throw new ConfigException(source, at, "insecure registry is not valid: invalid port");
      }
    }
  }
}
