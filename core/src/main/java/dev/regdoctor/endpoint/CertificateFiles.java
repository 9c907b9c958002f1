package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The certificate files docker and containerd use for one registry host, as found by {@link
 * CertificateDirectories#find(String)}.
 *
 * @param hostPort the registry, e.g. {@code registry.example.com:5000}
 * @param dockerDirectory docker's {@code certs.d/<host:port>} directory, or {@code null} if absent
 * @param dockerCaFiles the {@code *.crt} files docker adds to the system roots, by name
 * @param dockerClientCertificates the {@code *.cert}/{@code *.key} client pairs docker presents
 * @param containerdDirectory the containerd hosts directory used, or {@code null} if none exists
 * @param containerdCaFiles the CA files containerd uses: {@code hosts.toml} {@code ca} entries when
 *     it has any, else the directory's {@code *.crt} files
 * @param problems problems that make a runtime fail or ignore files, e.g. a {@code .cert} without
 *     its {@code .key} (docker fails every pull) or a {@code ca} entry naming a missing file
 */
public record CertificateFiles(
    String hostPort,
    @Nullable Path dockerDirectory,
    List<Path> dockerCaFiles,
    List<ClientCertificate> dockerClientCertificates,
    @Nullable Path containerdDirectory,
    List<Path> containerdCaFiles,
    List<String> problems) {

  /** Validates and copies the lists. */
  public CertificateFiles {
    requireNonNull(hostPort, "hostPort");
    dockerCaFiles = List.copyOf(dockerCaFiles);
    dockerClientCertificates = List.copyOf(dockerClientCertificates);
    containerdCaFiles = List.copyOf(containerdCaFiles);
    problems = List.copyOf(problems);
  }

  /**
   * A client certificate and its key, presented to registries that require mutual TLS.
   *
   * @param certificate the PEM certificate file ({@code .cert}, or containerd's {@code client})
   * @param key the PEM private key file (PKCS#8, or PKCS#1 for RSA), or {@code null} when the key
   *     is in the certificate file itself (containerd) or missing (Docker then fails every pull)
   */
  public record ClientCertificate(Path certificate, @Nullable Path key) {
    /** Validates the certificate path. */
    public ClientCertificate {
      requireNonNull(certificate, "certificate");
    }
  }

  /** Returns every CA file either runtime uses, docker's first, without duplicates. */
  public List<Path> caFiles() {
    LinkedHashSet<Path> all = new LinkedHashSet<>(dockerCaFiles);
    all.addAll(containerdCaFiles);
    return List.copyOf(new ArrayList<>(all));
  }
}
