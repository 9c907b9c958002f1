package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateDirectoriesTest {

  @TempDir Path root;
  Path docker;
  Path containerd;
  CertificateDirectories directories;

  @BeforeEach
  void setUp() {
    docker = root.resolve("docker/certs.d");
    containerd = root.resolve("containerd/certs.d");
    directories = new CertificateDirectories(docker, containerd);
  }

  private Path touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n");
  }

  @Test
  void listsDockerCaFilesAndClientPairs() throws IOException {
    Path dir = docker.resolve("registry.example.com:5000");
    Path ca = touch(dir.resolve("ca.crt"));
    Path extra = touch(dir.resolve("corp-root.crt"));
    Path cert = touch(dir.resolve("client.cert"));
    Path key = touch(dir.resolve("client.key"));
    touch(dir.resolve("README.md"));

    CertificateFiles files = directories.find("registry.example.com:5000");

    assertThat(files.dockerDirectory()).isEqualTo(dir);
    assertThat(files.dockerCaFiles()).containsExactly(ca, extra);
    assertThat(files.dockerClientCertificates())
        .containsExactly(new CertificateFiles.ClientCertificate(cert, key));
    assertThat(files.problems()).isEmpty();
    assertThat(files.caFiles()).containsExactly(ca, extra);
  }

  @Test
  void portIsPartOfDockersDirectoryName() throws IOException {
    touch(docker.resolve("registry.example.com/ca.crt"));

    assertThat(directories.find("registry.example.com:5000").dockerCaFiles()).isEmpty();
    assertThat(directories.find("registry.example.com").dockerCaFiles()).hasSize(1);
  }

  @Test
  void certWithoutKeyIsAProblem() throws IOException {
    touch(docker.resolve("registry.example.com/ca.cert"));
    touch(docker.resolve("registry.example.com/orphan.key"));

    CertificateFiles files = directories.find("registry.example.com");

    assertThat(files.dockerClientCertificates())
        .singleElement()
        .satisfies(pair -> assertThat(pair.key()).isNull());
    assertThat(files.problems()).hasSize(2);
    assertThat(files.problems().get(0))
        .startsWith("missing key ca.key for client certificate")
        .contains("CA certificates must use the extension .crt");
    assertThat(files.problems().get(1)).startsWith("missing client certificate orphan.cert");
  }

  @Test
  void containerdPrefersUnderscorePortDirectory() throws IOException {
    Path underscore = touch(containerd.resolve("registry.example.com_5000_/ca.crt"));
    touch(containerd.resolve("registry.example.com:5000/other.crt"));

    CertificateFiles files = directories.find("registry.example.com:5000");

    assertThat(files.containerdDirectory()).isEqualTo(underscore.getParent());
    assertThat(files.containerdCaFiles()).containsExactly(underscore);
  }

  @Test
  void containerdFallsBackToDefaultDirectory() throws IOException {
    Path ca = touch(containerd.resolve("_default/ca.crt"));

    CertificateFiles files = directories.find("registry.example.com");

    assertThat(files.containerdCaFiles()).containsExactly(ca);
    assertThat(files.dockerDirectory()).isNull();
  }

  @Test
  void containerdReadsCaEntriesFromHostsToml() throws IOException {
    Path dir = containerd.resolve("docker.io");
    Path mirrorCa = touch(dir.resolve("mirror-ca.pem"));
    Path serverCa = touch(root.resolve("abs/server.pem"));
    touch(dir.resolve("ignored.crt"));
    Files.writeString(
        dir.resolve("hosts.toml"),
        "# mirrors first\n"
            + "server = \"https://registry-1.docker.io\"\n"
            + "ca = \""
            + serverCa
            + "\"\n\n"
            + "[host.\"https://mirror.example.com\"]\n"
            + "  capabilities = [\"pull\", \"resolve\"]\n"
            + "  ca = [\"mirror-ca.pem\", # the mirror's CA\n"
            + "        'missing.pem']\n"
            + "  [host.\"https://mirror.example.com\".header]\n"
            + "    ca = \"not-a-ca-but-a-header.pem\"\n");

    CertificateFiles files = directories.find("docker.io");

    assertThat(files.containerdCaFiles())
        .containsExactly(mirrorCa, dir.resolve("missing.pem"), serverCa);
    assertThat(files.problems())
        .singleElement()
        .satisfies(p -> assertThat(p).contains("missing.pem", "does not exist"));
  }

  @Test
  void unreadableHostsTomlFallsBackToCrtFiles() throws IOException {
    Path dir = containerd.resolve("registry.example.com");
    Path ca = touch(dir.resolve("ca.crt"));
    Files.writeString(dir.resolve("hosts.toml"), "ca = 42\n");

    CertificateFiles files = directories.find("registry.example.com");

    assertThat(files.containerdCaFiles()).containsExactly(ca);
    assertThat(files.problems())
        .singleElement()
        .satisfies(p -> assertThat(p).contains("falls back to the *.crt files"));
  }

  @Test
  void missingDirectoriesGiveNothing() {
    CertificateFiles files = directories.find("registry.example.com");

    assertThat(files.caFiles()).isEmpty();
    assertThat(files.problems()).isEmpty();
    assertThat(files.containerdDirectory()).isNull();
  }

  @Test
  void rejectsPathTraversal() {
    assertThatThrownBy(() -> directories.find("../etc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CertificateDirectories.defaults().dockerCertsRoot())
        .isEqualTo(Path.of("/etc/docker/certs.d"));
  }
}
