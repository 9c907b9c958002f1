package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.endpoint.RegistriesConfEntry;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.reference.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The configuration that makes one runtime accept a registry another runtime already accepts.
 *
 * <p>A fix never replaces or appends to a configuration file that already says something about the
 * registry: a second {@code [[registry]]} for the same location with another {@code insecure} makes
 * containers/image reject the whole {@code registries.conf} (every pull on the machine fails), and
 * {@code tee} over an existing {@code hosts.toml} or {@code daemon.json} loses its other settings
 * (review 15, findings 1 and 3). Then the fix names the file and line to edit, and its command
 * edits that line in place ({@code sed -i.bak}, which keeps a backup).
 */
final class RuntimeFixes {
  private RuntimeFixes() {}

  /**
   * A file, the lines to add to it, and a shell command that adds them; or, for an edit ({@code at}
   * set), where to change an existing entry, the setting, and a command that edits in place.
   */
  record Fix(String file, String lines, String command, @Nullable String at) {}

  private static final Pattern LINE = Pattern.compile("^(.*) line (\\d+)$");

  static @Nullable Fix fix(
      ContainerRuntime runtime,
      RuntimeProfile profile,
      ImageReference image,
      @Nullable FailureKind kind,
      PullPlan plan) {
    String host = image.registry();
    boolean tls =
        kind == FailureKind.TLS_UNTRUSTED
            || kind == FailureKind.TLS_HOSTNAME_MISMATCH
            || kind == FailureKind.TLS_EXPIRED;
    boolean transport =
        tls || kind == FailureKind.PLAIN_HTTP_REGISTRY || kind == FailureKind.HTTPS_REQUIRED;
    switch (runtime) {
      case PODMAN -> {
        return podman(profile, image, plan, transport);
      }
      case CONTAINERD -> {
        if (!transport) {
          return null;
        }
        boolean https = kind == FailureKind.HTTPS_REQUIRED || tls;
        return containerd(profile, host, https, plan);
      }
      case DOCKER -> {
        if (!transport) {
          return null;
        }
        String file = RuntimeProfile.DEFAULT_DAEMON_JSON.toString();
        String source = profile.daemonConfig().source();
        if (!source.equals("defaults")) {
          file = source;
        }
        String line = "\"insecure-registries\": [\"" + host + "\"]";
        if (!Files.exists(Path.of(file))) {
          return new Fix(
              file, line, "printf '%s\\n' '{" + line + "}' | sudo tee " + shell(file), null);
        }
        // jq keeps every other setting; writing a new file over daemon.json would drop them.
        return new Fix(
            file,
            line,
            "jq '.\"insecure-registries\" += [\""
                + host
                + "\"]' "
                + shell(file)
                + " | sudo tee "
                + shell(file + ".new")
                + " >/dev/null && sudo cp "
                + shell(file)
                + " "
                + shell(file + ".bak")
                + " && sudo mv "
                + shell(file + ".new")
                + " "
                + shell(file),
            null);
      }
      default -> {
        return null;
      }
    }
  }

  private static @Nullable Fix podman(
      RuntimeProfile profile, ImageReference image, PullPlan plan, boolean transport) {
    String host = image.registry();
    String file =
        profile.registriesConfFiles().isEmpty()
            ? RuntimeProfile.DEFAULT_REGISTRIES_CONF.toString()
            : profile.registriesConfFiles().get(0);
    String refusal = plan.refusal();
    if (refusal != null && refusal.contains("short name")) {
      if (!profile.unqualifiedSearchRegistries().isEmpty()) {
        // Ambiguous: the search registries are configured; the fix is a full name (or an alias),
        // never a search list that sends the name to another registry.
        return null;
      }
      String line = "unqualified-search-registries = [\"docker.io\"]";
      if (Files.exists(Path.of(file))) {
        // A top-level key belongs before the first table; appended after a [[registry]] it would
        // become a key of that table.
        return new Fix(file, line, "sudo sed -i.bak '1i " + line + "' " + shell(file), null);
      }
      return new Fix(file, line, append(List.of(line), file, false), null);
    }
    boolean blocked = refusal != null && refusal.contains("blocked");
    if (!blocked && !transport) {
      return null;
    }
    String setting = blocked ? "blocked = false" : "insecure = true";
    List<RegistriesConfEntry> entries = profile.registriesConfEntries(plan.image());
    if (entries.isEmpty()) {
      List<String> lines = List.of("[[registry]]", "location = \"" + host + "\"", setting);
      return new Fix(file, String.join("\n", lines), append(lines, file, false), null);
    }
    // Edit the entry containers/image uses, and the others of its file with the same location:
    // containers/image rejects the whole file when they disagree on insecure or blocked.
    RegistriesConfEntry first = entries.get(0);
    if (first.v1()) {
      String table = blocked ? "[registries.block]" : "[registries.insecure]";
      return new Fix(
          first.file(),
          blocked
              ? "remove \"" + host + "\" from registries in " + table
              : "add \"" + host + "\" to registries in " + table,
          "sudoedit " + shell(first.file()),
          first.file() + " line " + first.line());
    }
    List<String> expressions = new ArrayList<>();
    int line = first.line();
    for (RegistriesConfEntry entry : entries) {
      if (!entry.file().equals(first.file()) || entry.v1()) {
        continue;
      }
      if (blocked ? !entry.blocked() : entry.insecure()) {
        continue;
      }
      int keyLine = blocked ? entry.blockedLine() : entry.insecureLine();
      String old = blocked ? "true" : "false";
      if (keyLine > 0) {
        expressions.add(
            "-e '"
                + keyLine
                + "s/=[[:space:]]*"
                + old
                + "/= "
                + (blocked ? "false" : "true")
                + "/'");
      } else {
        expressions.add("-e '" + entry.line() + "a " + setting + "'");
      }
      if (entry == first) {
        line = keyLine > 0 ? keyLine : entry.line();
      }
    }
    if (expressions.isEmpty()) {
      return null;
    }
    return new Fix(
        first.file(),
        setting,
        "sudo sed -i.bak " + String.join(" ", expressions) + " " + shell(first.file()),
        first.file() + " line " + line);
  }

  private static Fix containerd(RuntimeProfile profile, String host, boolean https, PullPlan plan) {
    Path dir = profile.containerdHostDirectory(host);
    Path path = dir.resolve("hosts.toml");
    String file = path.toString();
    String server = "server = \"" + (https ? "https://" : "http://") + host + "\"";
    List<String> lines =
        https ? List.of(server, "skip_verify = true", "[host]") : List.of(server, "[host]");
    if (!Files.isRegularFile(path)) {
      return new Fix(
          file,
          String.join("\n", lines),
          "sudo mkdir -p " + shell(dir.toString()) + " && " + append(lines, file, true),
          null);
    }
    // The file exists: change its server line (or add one at the top, where top-level keys
    // belong), keeping its hosts, headers and capabilities.
    int serverLine =
        plan.sources().stream()
            .filter(s -> s.role() == PullSource.Role.UPSTREAM)
            .map(s -> lineIn(s.configuredAt(), file))
            .filter(l -> l > 0)
            .findFirst()
            .orElse(0);
    List<String> expressions = new ArrayList<>();
    if (serverLine > 0) {
      expressions.add("-e '" + serverLine + "s|^.*$|" + server + "|'");
      if (https) {
        expressions.add("-e '" + serverLine + "a skip_verify = true'");
      }
    } else {
      expressions.add("-e '1i " + server + "'");
      if (https) {
        expressions.add("-e '1i skip_verify = true'");
      }
    }
    return new Fix(
        file,
        https ? server + "\nskip_verify = true" : server,
        "sudo sed -i.bak " + String.join(" ", expressions) + " " + shell(file),
        file + " line " + (serverLine > 0 ? serverLine : 1));
  }

  /**
   * Puts the placeholders of the CA step for containerd: {@code caDir}, and either {@code
   * caCommand} (no {@code hosts.toml} yet: a new one) or {@code caAt} and {@code caEditCommand}
   * (add {@code ca} to the existing file's tables for {@code endpoint}).
   *
   * <p>containerd resolves a relative {@code ca} against the host directory ({@code makeAbsPath(p,
   * baseDir)} in {@code core/remotes/docker/config/hosts.go}), so the file names it {@code
   * "ca.crt"}; a path that starts with the hosts directory would be doubled (review 15, finding 3).
   */
  static void putCaFix(
      RuntimeProfile profile,
      String registry,
      PullSource failing,
      PullPlan plan,
      Catalogue catalogue,
      Map<String, String> values) {
    Path dir = profile.containerdHostDirectory(registry);
    Path path = dir.resolve("hosts.toml");
    String file = path.toString();
    String url = failing.url();
    String copy =
        "sudo mkdir -p "
            + shell(dir.toString())
            + " && sudo cp ca.crt "
            + shell(dir.resolve("ca.crt").toString());
    values.put("caDir", dir.toString());
    if (!Files.isRegularFile(path)) {
      List<String> lines =
          List.of("server = \"" + url + "\"", "[host.\"" + url + "\"]", "  ca = \"ca.crt\"");
      values.put("caCommand", copy + " && " + append(lines, file, true));
      return;
    }
    // Every table of the file whose endpoint is this registry's HTTPS endpoint: a [host."…"] table
    // (the line of its header) or the top level (the line of server).
    List<String> expressions = new ArrayList<>();
    List<String> places = new ArrayList<>();
    for (PullSource source : plan.sources()) {
      int line = lineIn(source.configuredAt(), file);
      if (line <= 0 || !source.endpoint().equals(failing.endpoint())) {
        continue;
      }
      places.add(catalogue.position(file + " line " + line));
      if (source.caFiles().isEmpty()) {
        expressions.add("-e '" + line + "a ca = \"ca.crt\"'");
      } else {
        // The table names another CA: replace its first ca line (a second ca key would make
        // containerd reject the file).
        expressions.add(
            "-e '"
                + line
                + ",/^[[:space:]]*ca[[:space:]]*=/s|^[[:space:]]*ca[[:space:]]*=.*|ca = \"ca.crt\"|'");
      }
    }
    if (expressions.isEmpty()) {
      // No table for the endpoint: a top-level server line first, where top-level keys belong.
      places.add(catalogue.position(file + " line 1"));
      expressions.add("-e '1i server = \"" + url + "\"'");
      expressions.add("-e '1i ca = \"ca.crt\"'");
    }
    values.put("caAt", String.join(", ", places));
    values.put(
        "caEditCommand",
        copy + " && sudo sed -i.bak " + String.join(" ", expressions) + " " + shell(file));
  }

  /** The line of {@code at} ({@code FILE line N}) when it is in {@code file}, else 0. */
  private static int lineIn(String at, String file) {
    Matcher m = LINE.matcher(at);
    return m.matches() && m.group(1).equals(file) ? Integer.parseInt(m.group(2)) : 0;
  }

  /**
   * Puts the placeholders for the catalogue; none for null: {@code fixFile}, {@code fixLine} and
   * {@code fixCommand} for lines to add, or {@code fixAt}, {@code fixLine} and {@code
   * fixEditCommand} for an entry to change in place.
   */
  static void putInto(@Nullable Fix fix, Catalogue catalogue, Map<String, String> values) {
    if (fix == null) {
      return;
    }
    values.put("fixLine", fix.lines());
    if (fix.at() == null) {
      values.put("fixFile", fix.file());
      values.put("fixCommand", fix.command());
    } else {
      values.put("fixAt", catalogue.position(fix.at()));
      values.put("fixEditCommand", fix.command());
    }
  }

  private static String append(List<String> lines, String file, boolean replace) {
    return "printf '%s\\n' "
        + lines.stream()
            .map(l -> "'" + l.replace("'", "'\\''") + "'")
            .collect(Collectors.joining(" "))
        + " | sudo tee "
        + (replace ? "" : "-a ")
        + shell(file);
  }

  private static String shell(String word) {
    return Catalogue.shellWord(word);
  }
}
