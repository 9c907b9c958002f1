package dev.regdoctor.diagnostics.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutual TLS, ground truth: a real {@code docker-registry} serving HTTPS with a test CA and
 * requiring client certificates ({@code http.tls.clientcas}), pulled by the real containerd ({@code
 * ctr --hosts-dir} with {@code ca} and {@code client} in {@code hosts.toml}) and the real
 * containers/image ({@code skopeo --src-cert-dir}, a {@code certs.d} directory with {@code ca.crt},
 * {@code client.cert} and {@code client.key}). With the client certificate configured both pull;
 * without it both fail; Registry Doctor's verdict and {@code pullsFrom} must agree with each.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsGroundTruthIT {
  @TempDir static Path temp;
  private RuntimeTools tools;
  private RegistryProcess upstream;
  private RegistryProcess mtls;
  private HeldCertificate clientCertificate;
  private HeldCertificate authority;
  private String image;

  @BeforeAll
  void start() throws Exception {
    RegistryBinary.require();
    tools = RuntimeTools.start(Files.createDirectories(temp.resolve("tools")));
    authority =
        new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("regdoctor mtls test CA")
            .build();
    HeldCertificate server =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress())
            .commonName("127.0.0.1")
            .signedBy(authority)
            .build();
    HeldCertificate clientAuthority =
        new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("regdoctor mtls client CA")
            .build();
    clientCertificate =
        new HeldCertificate.Builder().commonName("puller").signedBy(clientAuthority).build();
    upstream = RegistryProcess.builder().start();
    ImageSeeder.to(upstream.baseUrl())
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 32 * 1024);
    // a pull-through cache of the plain upstream, behind mutual TLS: it fetches on demand
    mtls =
        RegistryProcess.builder()
            .tls(server)
            .clientCa(clientAuthority.certificate())
            .proxy(upstream.baseUrl())
            .start();
    image = mtls.hostPort() + "/team/app:1.0";
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {tools, mtls, upstream}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  /** Writes {@code ca.crt}, and with {@code withClient} {@code client.cert} and {@code .key}. */
  private Path certificates(Path dir, boolean withClient) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("ca.crt"), authority.certificatePem());
    if (withClient) {
      Files.writeString(dir.resolve("client.cert"), clientCertificate.certificatePem());
      Files.writeString(dir.resolve("client.key"), clientCertificate.privateKeyPkcs8Pem());
    }
    return dir;
  }

  @ParameterizedTest(name = "client certificate configured: {0}")
  @ValueSource(booleans = {true, false})
  void containerdWithHostsTomlClientAgrees(boolean withClient) throws Exception {
    Path hosts = Files.createTempDirectory(temp, "containerd");
    Path host = certificates(hosts.resolve(mtls.hostPort()), withClient);
    Files.writeString(
        host.resolve("hosts.toml"),
        "server = \"https://"
            + mtls.hostPort()
            + "\"\nca = \"ca.crt\"\n"
            + (withClient ? "client = [[\"client.cert\", \"client.key\"]]\n" : "")
            + "[host]\n");
    RuntimeTools.Run run = tools.ctrPull(hosts, image);
    Report report;
    try (RegistryDoctor doctor = doctor(ContainerRuntime.CONTAINERD).hostsDir(hosts).build()) {
      report = doctor.check(image);
    }

    assertThat(run.exit() == 0).as("ctr pulled (%s)", run.output()).isEqualTo(withClient);
    assertThat(report.ok())
        .as("Registry Doctor agrees with ctr:\n%s", report)
        .isEqualTo(withClient);
    if (withClient) {
      assertThat(report.pullsFrom()).contains("https://" + mtls.hostPort());
    } else {
      assertThat(report.pullsFrom()).isEmpty();
      assertThat(report.verdict().evidence()).anyMatch(line -> line.contains("client certificate"));
    }
  }

  @ParameterizedTest(name = "client certificate configured: {0}")
  @ValueSource(booleans = {true, false})
  void containersImageWithCertsDirAgrees(boolean withClient) throws Exception {
    Path root = Files.createTempDirectory(temp, "certs.d");
    Path dir = certificates(root.resolve(mtls.hostPort()), withClient);
    Path conf = Files.createTempDirectory(temp, "podman").resolve("registries.conf");
    Files.writeString(conf, "unqualified-search-registries = []\n");
    RuntimeTools.Run run = tools.skopeoPull(conf, image, List.of("--src-cert-dir", dir.toString()));
    Report report;
    try (RegistryDoctor doctor =
        doctor(ContainerRuntime.PODMAN).registriesConf(conf).certsDir(root).build()) {
      report = doctor.check(image);
    }

    assertThat(run.exit() == 0).as("skopeo pulled (%s)", run.output()).isEqualTo(withClient);
    assertThat(report.ok())
        .as("Registry Doctor agrees with skopeo:\n%s", report)
        .isEqualTo(withClient);
    if (withClient) {
      assertThat(report.pullsFrom()).contains("https://" + mtls.hostPort());
    } else {
      assertThat(report.verdict().evidence()).anyMatch(line -> line.contains("client certificate"));
    }
  }

  private static RegistryDoctor.Builder doctor(ContainerRuntime runtime) {
    return RegistryDoctor.builder()
        .credentials(CredentialResolver.anonymous())
        .runtime(runtime)
        .timeout(Duration.ofSeconds(20))
        .locale(Locale.ENGLISH);
  }
}
