package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Where docker and containerd look for per-registry certificates.
 *
 * <ul>
 *   <li>Docker (moby {@code daemon/pkg/registry/registry.go} {@code loadTLSConfig}): {@code
 *       <dockerCertsRoot>/<host:port>/}; every {@code *.crt} is a CA added to the system roots,
 *       every {@code *.cert} a client certificate that needs a {@code *.key} of the same name (else
 *       every pull fails), and a {@code *.key} needs its {@code *.cert}.
 *   <li>containerd (containerd {@code core/remotes/docker/config/hosts.go}): the first existing of
 *       {@code <containerdCertsRoot>/<host>_<port>_/}, {@code <containerdCertsRoot>/<host:port>/},
 *       {@code <containerdCertsRoot>/_default/}; a non-empty readable {@code hosts.toml} there
 *       supplies {@code ca} files (relative to the directory), otherwise the {@code *.crt} files
 *       are used as by docker.
 * </ul>
 *
 * @param dockerCertsRoot docker's root, normally {@code /etc/docker/certs.d}
 * @param containerdCertsRoot containerd's root, normally {@code /etc/containerd/certs.d}
 */
public record CertificateDirectories(Path dockerCertsRoot, Path containerdCertsRoot) {

  /** Validates the paths. */
  public CertificateDirectories {
    requireNonNull(dockerCertsRoot, "dockerCertsRoot");
    requireNonNull(containerdCertsRoot, "containerdCertsRoot");
  }

  /**
   * Returns the Linux defaults, {@code /etc/docker/certs.d} and {@code /etc/containerd/certs.d}.
   */
  public static CertificateDirectories defaults() {
    return new CertificateDirectories(
        Path.of("/etc/docker/certs.d"), Path.of("/etc/containerd/certs.d"));
  }

  /**
   * Lists the certificate files both runtimes would use for {@code hostPort}. Missing directories
   * give empty lists; nothing here throws for unreadable files, which become problems.
   *
   * @param hostPort the registry as in an image reference, e.g. {@code registry.example.com:5000};
   *     for Docker Hub docker connects to {@code registry-1.docker.io} and containerd uses {@code
   *     docker.io}
   * @throws IllegalArgumentException if {@code hostPort} is empty or contains a path separator
   */
  public CertificateFiles find(String hostPort) {
    requireNonNull(hostPort, "hostPort");
    if (hostPort.isEmpty()
        || hostPort.contains("/")
        || hostPort.contains("\\")
        || hostPort.equals(".")
        || hostPort.equals("..")) {
      throw new IllegalArgumentException("hostPort must be a host[:port] but was " + hostPort);
    }
    List<String> problems = new ArrayList<>();
    List<Path> dockerCas = new ArrayList<>();
    List<CertificateFiles.ClientCertificate> clients = new ArrayList<>();
    Path dockerDir = dockerCertsRoot.resolve(hostPort);
    if (Files.isDirectory(dockerDir)) {
      Set<String> names = listNames(dockerDir, problems);
      for (String name : names) {
        Path file = dockerDir.resolve(name);
        String extension = extension(name);
        if (extension.equals(".crt")) {
          if (Files.isDirectory(file)) {
            problems.add(file + " is a directory; docker fails to read it as a CA certificate");
          } else {
            dockerCas.add(file);
          }
        } else if (extension.equals(".cert")) {
          String keyName = name.substring(0, name.length() - 5) + ".key";
          if (names.contains(keyName)) {
            clients.add(new CertificateFiles.ClientCertificate(file, dockerDir.resolve(keyName)));
          } else {
            clients.add(new CertificateFiles.ClientCertificate(file, null));
            problems.add(
                "missing key "
                    + keyName
                    + " for client certificate "
                    + file
                    + "; docker fails every pull from "
                    + hostPort
                    + " (CA certificates must use the extension .crt)");
          }
        } else if (extension.equals(".key")) {
          String certName = name.substring(0, name.length() - 4) + ".cert";
          if (!names.contains(certName)) {
            problems.add(
                "missing client certificate "
                    + certName
                    + " for key "
                    + file
                    + "; docker fails every pull from "
                    + hostPort);
          }
        }
      }
    } else {
      dockerDir = null;
    }

    Path containerdDir = containerdHostDirectory(hostPort);
    List<Path> containerdCas = new ArrayList<>();
    if (containerdDir != null) {
      containerdCas.addAll(containerdCaFiles(containerdDir, problems));
    }
    return new CertificateFiles(
        hostPort, dockerDir, dockerCas, clients, containerdDir, containerdCas, problems);
  }

  /**
   * containerd's {@code hostPaths}: {@code host_port_}, then {@code host:port}, then {@code
   * _default}.
   */
  private @Nullable Path containerdHostDirectory(String hostPort) {
    List<Path> candidates = new ArrayList<>();
    int colon = hostPort.lastIndexOf(':');
    if (colon > 0) {
      candidates.add(
          containerdCertsRoot.resolve(
              hostPort.substring(0, colon) + "_" + hostPort.substring(colon + 1) + "_"));
    }
    candidates.add(containerdCertsRoot.resolve(hostPort));
    candidates.add(containerdCertsRoot.resolve("_default"));
    for (Path candidate : candidates) {
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<Path> containerdCaFiles(Path dir, List<String> problems) {
    Path hostsToml = dir.resolve("hosts.toml");
    if (Files.isRegularFile(hostsToml)) {
      try {
        String text = Files.readString(hostsToml, StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
          List<Path> cas = new ArrayList<>();
          for (String entry : HostsToml.caEntries(text)) {
            Path path = Path.of(entry);
            Path file = path.isAbsolute() ? path : dir.resolve(path);
            cas.add(file);
            if (!Files.isRegularFile(file)) {
              problems.add(
                  hostsToml
                      + " names ca "
                      + file
                      + ", which does not exist; containerd fails to connect");
            }
          }
          return cas;
        }
      } catch (HostsToml.SyntaxException e) {
        problems.add(
            hostsToml
                + " "
                + e.getMessage()
                + "; containerd logs an error and falls back to the *.crt files");
      } catch (IOException | RuntimeException e) {
        problems.add("cannot read " + hostsToml + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    List<Path> cas = new ArrayList<>();
    for (String name : listNames(dir, problems)) {
      Path file = dir.resolve(name);
      if (name.endsWith(".crt") && !Files.isDirectory(file)) {
        cas.add(file);
      }
    }
    return cas;
  }

  private static Set<String> listNames(Path dir, List<String> problems) {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.forEach(entry -> names.add(entry.getFileName().toString()));
    } catch (IOException e) {
      problems.add("cannot list " + dir + " (" + e.getClass().getSimpleName() + ")");
    }
    return names;
  }

  /** Go's {@code filepath.Ext}: the suffix from the last dot, or {@code ""}. */
  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 ? name.substring(dot) : "";
  }
}
