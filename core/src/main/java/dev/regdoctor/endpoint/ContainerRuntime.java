package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The container runtimes whose pull rules Registry Doctor applies. CRI-O, skopeo and Buildah share
 * Podman's rules (the containers/image library); the kubelet pulls through containerd's CRI plugin
 * on most clusters.
 */
public enum ContainerRuntime {
  /** dockerd: {@code /etc/docker/daemon.json}, {@code /etc/docker/certs.d}. */
  DOCKER("docker", "/etc/docker/daemon.json", "sudo systemctl restart docker"),
  /** containerd (also the kubelet through CRI, and {@code ctr}): {@code hosts.toml} per host. */
  CONTAINERD("containerd", "/etc/containerd/certs.d/<host>/hosts.toml", null),
  /** containers/image: Podman, CRI-O, skopeo, Buildah: {@code registries.conf} v2. */
  PODMAN("podman", "/etc/containers/registries.conf", "sudo systemctl reload crio");

  private final String label;
  private final String configFile;
  private final @Nullable String restartCommand;

  ContainerRuntime(String label, String configFile, @Nullable String restartCommand) {
    this.label = label;
    this.configFile = configFile;
    this.restartCommand = restartCommand;
  }

  /** Returns the lower-case name used on the command line and in JSON, e.g. {@code containerd}. */
  public String label() {
    return label;
  }

  /** Returns the default system configuration file that holds this runtime's registry rules. */
  public String configFile() {
    return configFile;
  }

  /**
   * Returns the command that makes the runtime read an edited configuration: dockerd needs a
   * restart, CRI-O a reload (podman and skopeo read {@code registries.conf} on every run), and
   * containerd none (it reads {@code hosts.toml} on every pull).
   */
  public Optional<String> restartCommand() {
    return Optional.ofNullable(restartCommand);
  }

  /**
   * Parses a runtime name: {@code docker}, {@code containerd} (or {@code kubelet}, {@code cri},
   * {@code ctr}, {@code crictl}), {@code podman} (or {@code cri-o}, {@code crio}, {@code skopeo},
   * {@code buildah}); case-insensitive.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static ContainerRuntime parse(String name) {
    requireNonNull(name, "name");
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "docker", "dockerd", "moby" -> DOCKER;
      case "containerd", "ctr", "kubelet", "cri", "crictl", "nerdctl" -> CONTAINERD;
      case "podman", "cri-o", "crio", "skopeo", "buildah", "containers/image" -> PODMAN;
      default ->
          throw new IllegalArgumentException(
              "runtime must be docker, containerd or podman but was " + name);
    };
  }
}
