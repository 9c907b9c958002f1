package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.reference.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The configuration that makes one runtime accept a registry another runtime already accepts. */
final class RuntimeFixes {
  private RuntimeFixes() {}

  /** A file, the lines to add to it, and a shell command that adds them. */
  record Fix(String file, String lines, String command) {}

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
        String file =
            profile.registriesConfFiles().isEmpty()
                ? RuntimeProfile.DEFAULT_REGISTRIES_CONF.toString()
                : profile.registriesConfFiles().get(0);
        List<String> lines;
        if (plan.refusal() != null && plan.refusal().contains("short name")) {
          lines = List.of("unqualified-search-registries = [\"docker.io\"]");
        } else if (plan.refusal() != null && plan.refusal().contains("blocked")) {
          lines = List.of("[[registry]]", "location = \"" + host + "\"", "blocked = false");
        } else if (transport) {
          lines = List.of("[[registry]]", "location = \"" + host + "\"", "insecure = true");
        } else {
          return null;
        }
        return new Fix(file, String.join("\n", lines), append(lines, file, false));
      }
      case CONTAINERD -> {
        if (!transport) {
          return null;
        }
        Path dir = profile.hostsDir().resolve(host);
        String file = dir.resolve("hosts.toml").toString();
        List<String> lines =
            kind == FailureKind.HTTPS_REQUIRED || tls
                ? List.of("server = \"https://" + host + "\"", "skip_verify = true", "[host]")
                : List.of("server = \"http://" + host + "\"", "[host]");
        return new Fix(
            file,
            String.join("\n", lines),
            "sudo mkdir -p " + dir + " && " + append(lines, file, true));
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
        return new Fix(
            file,
            line,
            "sudo jq '.\"insecure-registries\" += [\""
                + host
                + "\"]' "
                + file
                + " > /tmp/daemon.json && sudo mv /tmp/daemon.json "
                + file);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Puts {@code fixFile}, {@code fixLine} and {@code fixCommand} for the catalogue; none for null.
   */
  static void putInto(@Nullable Fix fix, java.util.Map<String, String> values) {
    if (fix != null) {
      values.put("fixFile", fix.file());
      values.put("fixLine", fix.lines());
      values.put("fixCommand", fix.command());
    }
  }

  private static String append(List<String> lines, String file, boolean replace) {
    return "printf '%s\\n' "
        + lines.stream()
            .map(l -> "'" + l.replace("'", "'\\''") + "'")
            .collect(Collectors.joining(" "))
        + " | sudo tee "
        + (replace ? "" : "-a ")
        + file;
  }
}
