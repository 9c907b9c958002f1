package dev.regdoctor.endpoint;

import dev.regdoctor.credentials.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * containers/image {@code registries.conf} (version 2, {@code pkg/sysregistriesv2}): {@code
 * [[registry]]} entries with {@code prefix}, {@code location}, {@code insecure}, {@code blocked},
 * {@code mirror-by-digest-only} and {@code [[registry.mirror]]} ({@code location}, {@code
 * insecure}, {@code pull-from-mirror}); {@code unqualified-search-registries}, {@code
 * short-name-mode} and {@code [aliases]}. Drop-ins in {@code <file>.d/*.conf} apply in name order:
 * a registry with the same prefix replaces the earlier one, aliases merge, lists replace. The v1
 * tables ({@code [registries.search]}, {@code .insecure}, {@code .block}) are read as
 * containers/image converts them.
 */
final class RegistriesConf {
  private static final long MAX_FILE_BYTES = 1024 * 1024;

  record Mirror(String location, boolean insecure, String pullFromMirror, String at) {}

  /**
   * One {@code [[registry]]} (or a v1 list entry): {@code file} and {@code line} of its table, the
   * lines of its {@code insecure} and {@code blocked} keys (0 when not set there), {@code v1} for
   * an entry of a {@code [registries.insecure]}/{@code [registries.block]} list.
   */
  record Registry(
      String prefix,
      String location,
      boolean insecure,
      boolean blocked,
      boolean mirrorByDigestOnly,
      List<Mirror> mirrors,
      String at,
      String file,
      int line,
      int insecureLine,
      int blockedLine,
      boolean v1) {}

  record Alias(String target, String at) {}

  final Map<String, Registry> registries = new LinkedHashMap<>();

  /** Every entry of every file in reading order, including those a later one replaced. */
  final List<Registry> declared = new ArrayList<>();

  int searchLine;
  List<String> unqualifiedSearch = List.of();
  String searchAt = "";
  String shortNameMode = "";
  final Map<String, Alias> aliases = new LinkedHashMap<>();
  final List<String> files = new ArrayList<>();

  static RegistriesConf empty() {
    return new RegistriesConf();
  }

  /** Reads {@code file} and the drop-ins in {@code file + ".d"}. */
  static RegistriesConf read(Path file) {
    RegistriesConf conf = new RegistriesConf();
    conf.merge(file);
    Path dropIns = file.resolveSibling(file.getFileName() + ".d");
    if (Files.isDirectory(dropIns)) {
      try (Stream<Path> list = Files.list(dropIns)) {
        for (Path dropIn :
            list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList()) {
          conf.merge(dropIn);
        }
      } catch (IOException e) {
        throw new ConfigException(dropIns.toString(), "", "cannot list the directory: " + e);
      }
    }
    return conf;
  }

  private void merge(Path path) {
    String file = path.toString();
    String text;
    try {
      if (Files.size(path) > MAX_FILE_BYTES) {
        throw new ConfigException(file, "", "larger than 1 MiB");
      }
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file, "", "cannot read the file: " + e.getMessage(), e);
    }
    Toml.Table root;
    try {
      root = Toml.parse(text);
    } catch (Toml.SyntaxException e) {
      throw new ConfigException(
          file, "line " + e.line(), e.getMessage().replaceFirst("^line \\d+: ", ""));
    }
    files.add(file);
    Toml.Table v1 = Toml.table(root, "registries", file, "");
    List<Toml.Table> v2 = Toml.tables(root, "registry", file, "");
    if (v1 != null && (!v2.isEmpty() || root.get("unqualified-search-registries") != null)) {
      throw new ConfigException(
          file,
          "line " + root.get("registries").line() + ", key registries",
          "mixes the v1 format ([registries.search]) with the v2 format ([[registry]]); "
              + "containers/image refuses such a file");
    }
    if (v1 != null) {
      readV1(v1, file);
    }
    List<Registry> entries = new ArrayList<>();
    for (int i = 0; i < v2.size(); i++) {
      entries.add(registry(v2.get(i), file, "registry[" + i + "]."));
    }
    rejectConflicts(entries, file);
    // Within one file the first entry of a prefix wins (postProcessRegistries keeps the first and
    // drops the rest); a drop-in's entry replaces the earlier files' one.
    Map<String, Registry> firsts = new LinkedHashMap<>();
    entries.forEach(entry -> firsts.putIfAbsent(entry.prefix(), entry));
    registries.putAll(firsts);
    declared.addAll(entries);
    Toml.Value search = root.get("unqualified-search-registries");
    if (search != null) {
      unqualifiedSearch = Toml.strings(root, "unqualified-search-registries", file, "");
      searchAt = file + " line " + search.line();
      searchLine = search.line();
    }
    String mode = Toml.string(root, "short-name-mode", file, "");
    if (mode != null) {
      if (!List.of("enforcing", "permissive", "disabled").contains(mode)) {
        throw Toml.invalid(
            file,
            root.get("short-name-mode"),
            "short-name-mode",
            "must be enforcing, permissive or disabled but was \"" + mode + "\"");
      }
      shortNameMode = mode;
    }
    Toml.Table aliasTable = Toml.table(root, "aliases", file, "");
    if (aliasTable != null) {
      for (var entry : aliasTable.entries.entrySet()) {
        if (!(entry.getValue().value() instanceof String target)) {
          throw Toml.invalid(
              file, entry.getValue(), "aliases." + entry.getKey(), "expected a string");
        }
        aliases.put(entry.getKey(), new Alias(target, file + " line " + entry.getValue().line()));
      }
    }
  }

  /**
   * Rejects what containers/image's {@code postProcessRegistries} rejects ({@code
   * pkg/sysregistriesv2/system_registries_v2.go}): entries of one file that share a location (the
   * prefix when the location is empty) but differ in {@code insecure} or {@code blocked}. It fails
   * the whole file ("registry 'X' is defined multiple times with conflicting 'insecure' setting"),
   * so every podman, skopeo and CRI-O pull on the machine fails, not only this registry's.
   */
  private static void rejectConflicts(List<Registry> entries, String file) {
    Map<String, Registry> firstByLocation = new LinkedHashMap<>();
    for (Registry entry : entries) {
      String key = entry.location().isEmpty() ? entry.prefix() : entry.location();
      Registry first = firstByLocation.putIfAbsent(key, entry);
      if (first == null) {
        continue;
      }
      String setting =
          first.insecure() != entry.insecure()
              ? "insecure"
              : first.blocked() != entry.blocked() ? "blocked" : null;
      if (setting != null) {
        int keyLine = setting.equals("insecure") ? entry.insecureLine() : entry.blockedLine();
        throw new ConfigException(
            file,
            "line " + (keyLine > 0 ? keyLine : entry.line()) + ", key registry." + setting,
            "registry '"
                + key
                + "' is defined multiple times with conflicting '"
                + setting
                + "' setting (the [[registry]] at line "
                + first.line()
                + " and the one at line "
                + entry.line()
                + "); containers/image rejects the whole file, so every podman, skopeo and CRI-O"
                + " pull fails: keep one entry for it, or give all of them the same "
                + setting);
      }
    }
  }

  private void readV1(Toml.Table v1, String file) {
    Toml.Table search = Toml.table(v1, "search", file, "registries.");
    if (search != null) {
      unqualifiedSearch = Toml.strings(search, "registries", file, "registries.search.");
      searchAt = file;
    }
    for (String kind : List.of("insecure", "block")) {
      Toml.Table table = Toml.table(v1, kind, file, "registries.");
      if (table == null) {
        continue;
      }
      int line = table.line;
      for (String host : Toml.strings(table, "registries", file, "registries." + kind + ".")) {
        Registry old = registries.get(host);
        Registry entry =
            new Registry(
                host,
                host,
                kind.equals("insecure") || (old != null && old.insecure()),
                kind.equals("block") || (old != null && old.blocked()),
                false,
                List.of(),
                file + " line " + line,
                file,
                line,
                0,
                0,
                true);
        registries.put(host, entry);
        declared.add(entry);
      }
    }
  }

  private static Registry registry(Toml.Table table, String file, String at) {
    String location = Toml.string(table, "location", file, at);
    String prefix = Toml.string(table, "prefix", file, at);
    int line = table.line;
    if ((location == null || location.isEmpty()) && (prefix == null || prefix.isEmpty())) {
      throw new ConfigException(
          file,
          "line " + line + ", key " + at + "location",
          "a [[registry]] needs a location or a prefix");
    }
    if (prefix == null || prefix.isEmpty()) {
      prefix = location;
    }
    if (location == null) {
      location = "";
    }
    if (prefix.startsWith("*.") && !location.isEmpty()) {
      throw new ConfigException(
          file,
          "line " + line + ", key " + at + "location",
          "a wildcarded prefix (" + prefix + ") must not have a location");
    }
    if (location.endsWith("/") || prefix.endsWith("/")) {
      throw new ConfigException(
          file, "line " + line + ", key " + at + "location", "must not end with a slash");
    }
    boolean digestOnly = Toml.bool(table, "mirror-by-digest-only", false, file, at);
    List<Mirror> mirrors = new ArrayList<>();
    List<Toml.Table> mirrorTables = Toml.tables(table, "mirror", file, at);
    for (int m = 0; m < mirrorTables.size(); m++) {
      Toml.Table mirror = mirrorTables.get(m);
      String mirrorAt = at + "mirror[" + m + "].";
      String mirrorLocation = Toml.string(mirror, "location", file, mirrorAt);
      if (mirrorLocation == null || mirrorLocation.isEmpty()) {
        throw new ConfigException(
            file,
            "line " + mirror.line + ", key " + mirrorAt + "location",
            "a [[registry.mirror]] needs a location");
      }
      String pull = Toml.string(mirror, "pull-from-mirror", file, mirrorAt);
      if (pull != null && !List.of("", "all", "digest-only", "tag-only").contains(pull)) {
        throw Toml.invalid(
            file,
            mirror.get("pull-from-mirror"),
            mirrorAt + "pull-from-mirror",
            "must be all, digest-only or tag-only but was \"" + pull + "\"");
      }
      if (pull != null && !pull.isEmpty() && digestOnly) {
        throw Toml.invalid(
            file,
            mirror.get("pull-from-mirror"),
            mirrorAt + "pull-from-mirror",
            "cannot be set together with mirror-by-digest-only = true on the registry");
      }
      mirrors.add(
          new Mirror(
              mirrorLocation,
              Toml.bool(mirror, "insecure", false, file, mirrorAt),
              pull == null || pull.isEmpty() ? "all" : pull,
              file + " line " + mirror.line));
    }
    return new Registry(
        prefix,
        location,
        Toml.bool(table, "insecure", false, file, at),
        Toml.bool(table, "blocked", false, file, at),
        digestOnly,
        mirrors,
        file + " line " + line,
        file,
        line,
        table.get("insecure") == null ? 0 : table.get("insecure").line(),
        table.get("blocked") == null ? 0 : table.get("blocked").line(),
        false);
  }

  /** containers/image {@code refMatchingPrefix}: the matched length, or -1. */
  static int matchingPrefix(String ref, String prefix) {
    if (prefix.startsWith("*.")) {
      String domain = prefix.substring(1);
      int index = ref.indexOf(domain);
      if (index < 0 || ref.substring(0, index).contains("/")) {
        return -1;
      }
      index += domain.length();
      return index == ref.length() || "/:@".indexOf(ref.charAt(index)) >= 0 ? index : -1;
    }
    if (ref.length() < prefix.length() || !ref.startsWith(prefix)) {
      return -1;
    }
    if (ref.length() == prefix.length()) {
      return prefix.length();
    }
    return "/:@".indexOf(ref.charAt(prefix.length())) >= 0 ? prefix.length() : -1;
  }

  /** Returns the registry entry with the longest prefix matching {@code ref}, or null. */
  @Nullable Registry find(String ref) {
    Registry best = null;
    int length = -1;
    for (Registry registry : registries.values()) {
      int matched = matchingPrefix(ref, registry.prefix());
      if (matched > length) {
        best = registry;
        length = matched;
      }
    }
    return best;
  }
}
