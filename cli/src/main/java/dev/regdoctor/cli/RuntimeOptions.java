package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.endpoint.ContainerRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --runtime} and the runtime configuration files, shared by diagnose and mirrors. */
final class RuntimeOptions {
  @Option(
      names = "--runtime",
      paramLabel = "docker|containerd|podman",
      description =
          "Apply this runtime's pull rules and configuration (default: docker, or containerd with"
              + " diagnose --k8s-secret; explain --probe:"
              + " the text's client's; CRI-O, skopeo and"
              + " Buildah follow podman, the kubelet follows containerd).")
  String runtime;

  @Option(
      names = "--hosts-dir",
      paramLabel = "DIR",
      description = "containerd hosts directory (default: /etc/containerd/certs.d).")
  Path hostsDir;

  @Option(
      names = "--registries-conf",
      paramLabel = "FILE",
      description =
          "containers/image registries.conf, with FILE.d/*.conf drop-ins (default:"
              + " /etc/containers/registries.conf).")
  Path registriesConf;

  @Option(
      names = "--certs-dir",
      paramLabel = "DIR",
      description =
          "Podman's per-registry certificates: DIR/HOST:PORT/ with *.crt CAs and *.cert/*.key"
              + " client pairs (default: ~/.config/containers/certs.d, /etc/containers/certs.d,"
              + " /etc/docker/certs.d).")
  Path certsDir;

  ContainerRuntime runtime() {
    try {
      return runtime == null ? ContainerRuntime.DOCKER : ContainerRuntime.parse(runtime);
    } catch (IllegalArgumentException e) {
      throw Cli.UsageError.quoting("--runtime: ", e.getMessage());
    }
  }

  /** Applies the options; unreadable files are usage errors. */
  RegistryDoctor.Builder apply(RegistryDoctor.Builder builder) {
    if (runtime != null) {
      builder.runtime(runtime());
    }
    if (hostsDir != null) {
      builder.hostsDir(requireDirectory("--hosts-dir", hostsDir));
    }
    if (registriesConf != null) {
      if (!Files.isReadable(registriesConf)) {
        throw new Cli.UsageError("--registries-conf " + registriesConf + ": cannot read the file");
      }
      builder.registriesConf(registriesConf);
    }
    if (certsDir != null) {
      builder.certsDir(requireDirectory("--certs-dir", certsDir));
    }
    return builder;
  }

  /** Returns {@code dir}; one that is not a directory is a usage error naming {@code option}. */
  static Path requireDirectory(String option, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new Cli.UsageError(option + " " + dir + ": not a directory");
    }
    return dir;
  }
}
