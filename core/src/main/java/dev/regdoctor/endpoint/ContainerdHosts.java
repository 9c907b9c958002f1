package dev.regdoctor.endpoint;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.endpoint.CertificateFiles.ClientCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * containerd's host configuration ({@code core/remotes/docker/config/hosts.go}, 1.6/1.7): the first
 * existing directory of {@code <root>/<host>_<port>_}, {@code <root>/<host:port>}, {@code
 * <root>/_default}; in it, {@code hosts.toml} lists {@code [host."…"]} entries tried in file order
 * and then {@code server}; without a {@code hosts.toml}, the directory's {@code *.crt} files are
 * CAs for the default host. The default host is {@code https://registry-1.docker.io} for {@code
 * docker.io}, plain HTTP without TLS verification for loopback hosts, else {@code https://host}.
 */
final class ContainerdHosts {
  private static final long MAX_FILE_BYTES = 1024 * 1024;

  private ContainerdHosts() {}

  /** The hosts containerd tries, and remarks on how the files applied. */
  record Hosts(List<PullSource> sources, List<String> notes, List<String> files) {}

  /** Plans the hosts for {@code registry}; {@code root} null: no hosts directory is read. */
  static Hosts plan(@Nullable Path root, String registry, String repository) {
    List<String> notes = new ArrayList<>();
    List<String> files = new ArrayList<>();
    Path dir = root == null ? null : hostDirectory(root, registry);
    List<PullSource> sources = new ArrayList<>();
    List<Path> defaultCas = new ArrayList<>();
    List<ClientCertificate> defaultClients = new ArrayList<>();
    if (root == null) {
      notes.add(
          "no hosts directory was given, so none is read: containerd uses its built-in default for "
              + registry);
    } else if (dir == null) {
      notes.add(
          "no "
              + root.resolve(registry)
              + " directory (nor _default): containerd uses its built-in default for "
              + registry);
    } else {
      Path file = dir.resolve("hosts.toml");
      if (Files.isRegularFile(file)) {
        files.add(file.toString());
        sources.addAll(readHostsFile(file, dir, registry, repository, notes));
      } else {
        defaultCas.addAll(crtFiles(dir));
        defaultClients.addAll(certFiles(dir));
        notes.add(
            dir
                + " has no hosts.toml: its *.crt files are CAs and its *.cert/*.key pairs client"
                + " certificates for the default host");
      }
    }
    boolean hasServer =
        sources.stream().anyMatch(source -> source.role() == PullSource.Role.UPSTREAM);
    if (!hasServer) {
      sources.add(
          defaultHost(registry, repository, defaultCas, sources.size() + 1)
              .withClientCertificates(defaultClients));
    }
    return new Hosts(sources, notes, files);
  }

  static @Nullable Path hostDirectory(Path root, String registry) {
    List<Path> candidates = new ArrayList<>();
    int colon = registry.lastIndexOf(':');
    if (colon > 0 && !registry.endsWith("]")) {
      candidates.add(
          root.resolve(registry.substring(0, colon) + "_" + registry.substring(colon + 1) + "_"));
    }
    candidates.add(root.resolve(registry));
    candidates.add(root.resolve("_default"));
    for (Path candidate : candidates) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static PullSource defaultHost(
      String registry, String repository, List<Path> cas, int order) {
    if (registry.equals("docker.io")) {
      return new PullSource(
          PullSource.Role.UPSTREAM,
          order,
          new RegistryEndpoint("https", "registry-1.docker.io", 443),
          repository,
          false,
          true,
          cas,
          PullSource.ALL_CAPABILITIES,
          false,
          "/v2",
          "built-in default",
          List.of(),
          Map.of());
    }
    HostPort hostPort = HostPort.parse(registry);
    boolean loopback = isLoopback(hostPort.host());
    String scheme = loopback ? "http" : "https";
    int port = hostPort.port().isEmpty() ? (loopback ? 80 : 443) : hostPort.portNumber();
    return new PullSource(
        PullSource.Role.UPSTREAM,
        order,
        new RegistryEndpoint(scheme, hostPort.host(), port),
        repository,
        false,
        !loopback,
        cas,
        PullSource.ALL_CAPABILITIES,
        false,
        "/v2",
        loopback ? "built-in default (loopback: plain HTTP)" : "built-in default",
        List.of(),
        Map.of());
  }

  static boolean isLoopback(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.equals("localhost")
        || lower.equals("::1")
        || (lower.startsWith("127.")
            && lower.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
  }

  private static List<PullSource> readHostsFile(
      Path file, Path dir, String registry, String repository, List<String> notes) {
    String name = file.toString();
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException(name, "", "larger than 1 MiB");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(name, "", "cannot read the file: " + e.getMessage(), e);
    }
    Toml.Table root;
    try {
      root = Toml.parse(text);
    } catch (Toml.SyntaxException e) {
      throw new ConfigException(
          name, "line " + e.line(), e.getMessage().replaceFirst("^line \\d+: ", ""));
    }
    Toml.Table hostTree = Toml.table(root, "host", name, "");
    if (hostTree == null) {
      // containerd 1.6 rejects such a file ("invalid `host` tree"), logs
      // "failed to decode hosts.toml" and pulls with its default as if the file were absent.
      notes.add(
          name
              + " has no [host.\"…\"] table: containerd 1.6 logs \"failed to decode hosts.toml\""
              + " and ignores the file; add an empty [host] table or a [host.\"URL\"] entry");
      return List.of();
    }
    List<PullSource> sources = new ArrayList<>();
    for (var entry : hostTree.entries.entrySet()) {
      if (!(entry.getValue().value() instanceof Toml.Table table)) {
        throw Toml.invalid(
            name, entry.getValue(), "host." + entry.getKey(), "expected a [host.\"URL\"] table");
      }
      sources.add(
          hostConfig(
              entry.getKey(),
              table,
              entry.getValue().line(),
              dir,
              repository,
              PullSource.Role.MIRROR,
              sources.size() + 1,
              name,
              "host.\"" + entry.getKey() + "\"."));
    }
    String server = Toml.string(root, "server", name, "");
    if (server != null) {
      sources.add(
          hostConfig(
              server,
              root,
              root.get("server").line(),
              dir,
              repository,
              PullSource.Role.UPSTREAM,
              sources.size() + 1,
              name,
              ""));
    } else if (sources.isEmpty()) {
      notes.add(
          name + " lists no hosts and no server: containerd uses its default for " + registry);
    }
    return sources;
  }

  private static PullSource hostConfig(
      String server,
      Toml.Table table,
      int line,
      Path dir,
      String repository,
      PullSource.Role role,
      int order,
      String file,
      String prefix) {
    String url = server.startsWith("http") ? server : "https://" + server;
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigException(
          file, "line " + line + ", key " + prefix + "server", "not a URL: " + e.getReason());
    }
    if (uri.getHost() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new ConfigException(
          file,
          "line "
              + line
              + ", key "
              + (prefix.isEmpty() ? "server" : prefix.substring(0, prefix.length() - 1)),
          "expected an http:// or https:// URL with a host");
    }
    boolean overridePath = Toml.bool(table, "override_path", false, file, prefix);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!overridePath && !path.endsWith("/v2")) {
      path = path + "/v2";
    }
    List<String> capabilities = Toml.strings(table, "capabilities", file, prefix);
    if (table.get("capabilities") == null) {
      capabilities = PullSource.ALL_CAPABILITIES;
    }
    List<String> normalized = new ArrayList<>();
    for (String capability : capabilities) {
      String lower = capability.toLowerCase(Locale.ROOT);
      if (!PullSource.ALL_CAPABILITIES.contains(lower)) {
        throw Toml.invalid(
            file,
            table.get("capabilities"),
            prefix + "capabilities",
            "unknown capability \"" + capability + "\" (pull, resolve or push)");
      }
      normalized.add(lower);
    }
    List<Path> cas = new ArrayList<>();
    for (String ca : Toml.strings(table, "ca", file, prefix)) {
      Path caPath = Path.of(ca);
      cas.add(caPath.isAbsolute() ? caPath : dir.resolve(caPath));
    }
    List<ClientCertificate> clients = clientPairs(table, dir, file, prefix);
    Map<String, List<String>> headers = headers(table, file, prefix);
    boolean skipVerify = Toml.bool(table, "skip_verify", false, file, prefix);
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("http") ? 80 : 443;
    String host = uri.getHost();
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new PullSource(
        role,
        order,
        new RegistryEndpoint(uri.getScheme(), host, port),
        repository,
        false,
        !skipVerify,
        cas,
        normalized,
        overridePath,
        path,
        file + " line " + line,
        clients,
        headers);
  }

  /**
   * Reads {@code client} as containerd does: a path (certificate and key in one file), an array of
   * such paths, or an array of {@code [certificate, key]} pairs; relative paths are relative to the
   * host directory.
   */
  private static List<ClientCertificate> clientPairs(
      Toml.Table table, Path dir, String file, String prefix) {
    Toml.Value client = table.get("client");
    if (client == null) {
      return List.of();
    }
    String reason = "expected a path, an array of paths, or an array of [cert, key] pairs";
    List<Object> items = new ArrayList<>();
    if (client.value() instanceof String) {
      items.add(client.value());
    } else if (client.value() instanceof List<?> list) {
      items.addAll(list);
    } else {
      throw Toml.invalid(file, client, prefix + "client", reason);
    }
    List<ClientCertificate> pairs = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof String single) {
        pairs.add(new ClientCertificate(resolve(dir, single), null));
      } else if (item instanceof List<?> pair
          && pair.size() == 2
          && pair.get(0) instanceof String certificate
          && pair.get(1) instanceof String key) {
        Path certificatePath = resolve(dir, certificate);
        pairs.add(new ClientCertificate(certificatePath, key.isEmpty() ? null : resolve(dir, key)));
      } else {
        throw Toml.invalid(file, client, prefix + "client", reason);
      }
    }
    return pairs;
  }

  /** Reads {@code [host."…".header]}: each key a header name, a string or array of strings. */
  private static Map<String, List<String>> headers(Toml.Table table, String file, String prefix) {
    Toml.Table header = Toml.table(table, "header", file, prefix);
    if (header == null) {
      return Map.of();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : header.entries.keySet()) {
      headers.put(name, Toml.strings(header, name, file, prefix + "header."));
    }
    return headers;
  }

  private static Path resolve(Path dir, String path) {
    Path given = Path.of(path);
    return given.isAbsolute() ? given : dir.resolve(given);
  }

  /**
   * Returns the {@code *.cert} files of a directory without {@code hosts.toml}, each with the
   * {@code *.key} of the same name, or alone when it holds its key (containerd's {@code
   * loadCertFiles}, Docker's layout).
   */
  static List<ClientCertificate> certFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".cert") && Files.isRegularFile(f))
          .sorted()
          .map(
              cert -> {
                String name = cert.getFileName().toString();
                Path key = dir.resolve(name.substring(0, name.length() - 5) + ".key");
                return new ClientCertificate(cert, Files.exists(key) ? key : null);
              })
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static List<Path> crtFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".crt")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
