package dev.regdoctor.diagnostics.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.internal.MirrorsRender;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration fixes, run as printed against files that already configure the registry, then
 * judged by the real runtimes (review 15): skopeo with {@code --registries-conf} and containerd
 * through {@code ctr --hosts-dir} with a relative hosts directory. A fix must edit the existing
 * entry, keep the rest of the file, and make the real pull work.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigEditGroundTruthIT {
  @TempDir static Path temp;
  private RuntimeTools tools;
  private RegistryProcess upstream;
  private RegistryProcess tls;
  private RegistryProcess cache;
  private HeldCertificate authority;
  private int deadPort;

  @BeforeAll
  void start() throws Exception {
    RegistryBinary.require();
    tools = RuntimeTools.start(Files.createDirectories(temp.resolve("tools")));
    authority =
        new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("regdoctor config-edit test CA")
            .build();
    HeldCertificate server =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress())
            .commonName("localhost")
            .signedBy(authority)
            .build();
    upstream = RegistryProcess.builder().start();
    ImageSeeder.to(upstream.baseUrl())
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 32 * 1024);
    ImageSeeder.to(upstream.baseUrl())
        .pushImage("team/app", "latest", Platform.LINUX_AMD64, 1, 32 * 1024);
    tls = RegistryProcess.builder().tls(server).proxy(upstream.baseUrl()).start();
    cache = RegistryProcess.builder().proxy(upstream.baseUrl()).start();
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {tools, cache, tls, upstream}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  private static RegistryDoctor.Builder doctor(ContainerRuntime runtime) {
    return RegistryDoctor.builder()
        .credentials(CredentialResolver.anonymous())
        .runtime(runtime)
        .locale(Locale.ENGLISH);
  }

  /** Runs a printed command without sudo, {@code ca.crt} taken from {@code caFile}. */
  private static void run(String command, Path caFile) throws Exception {
    Process shell =
        new ProcessBuilder(
                "sh",
                "-c",
                command.replace("sudo ", "").replace("cp ca.crt ", "cp " + caFile + " "))
            .redirectErrorStream(true)
            .start();
    String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shell.waitFor()).as(command + "\n" + output).isZero();
  }

  private static Remedy stepWithCommand(Finding finding, String part) {
    return finding.remediation().stream()
        .filter(r -> r.command() != null && r.command().contains(part))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step with " + part + " in " + finding));
  }

  /** Finding 1: the insecure fix for an existing [[registry]] edits it; skopeo then pulls. */
  @Test
  void podmanInsecureFixEditsTheExistingEntryAndSkopeoPulls() throws Exception {
    Path dir = Files.createTempDirectory(temp, "podman-edit");
    Path conf = dir.resolve("registries.conf");
    String image = upstream.hostPort() + "/team/app:1.0";
    Files.writeString(
        conf,
        "[[registry]]\nlocation = \""
            + upstream.hostPort()
            + "\"\n\n[[registry.mirror]]\nlocation = \"127.0.0.1:"
            + deadPort
            + "\"\n");
    Report report;
    try (RegistryDoctor doctor =
        doctor(ContainerRuntime.PODMAN)
            .registriesConf(conf)
            .hostsDir(Files.createDirectories(dir.resolve("certs.d")))
            .build()) {
      report = doctor.check(image);
    }
    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.PLAIN_HTTP_REGISTRY);
    Remedy step = stepWithCommand(report.verdict(), "sed -i.bak");
    assertThat(step.text()).contains(conf + " line 1").contains("insecure = true");
    assertThat(report.verdict().remediation())
        .noneMatch(r -> r.command() != null && r.command().contains("tee -a"));

    run(step.command(), conf);
    RuntimeTools.Run fixed = tools.skopeoPull(conf, image);
    assertThat(fixed.exit()).as(fixed.output()).isZero();
  }

  /**
   * Finding 1: the appended second entry the old fix wrote; skopeo rejects the whole file, and so
   * does Registry Doctor, naming file and line, instead of reporting OK.
   */
  @Test
  void conflictingEntriesAreRejectedAsContainersImageRejectsThem() throws Exception {
    Path dir = Files.createTempDirectory(temp, "podman-conflict");
    Path conf = dir.resolve("registries.conf");
    Files.writeString(
        conf,
        "[[registry]]\nlocation = \""
            + upstream.hostPort()
            + "\"\n[[registry]]\nlocation = \""
            + upstream.hostPort()
            + "\"\ninsecure = true\n");
    RuntimeTools.Run skopeo = tools.skopeoPull(conf, upstream.hostPort() + "/team/app:1.0");
    assertThat(skopeo.exit()).isNotZero();
    assertThat(skopeo.output()).contains("conflicting 'insecure' setting");

    assertThatThrownBy(
            () ->
                doctor(ContainerRuntime.PODMAN)
                    .registriesConf(conf)
                    .hostsDir(dir.resolve("certs.d"))
                    .build()
                    .check(upstream.hostPort() + "/team/app:1.0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(conf + ": line 5, key registry.insecure")
        .hasMessageContaining("conflicting 'insecure' setting");
  }

  /**
   * Finding 3: an existing hosts.toml with a host table, capabilities and a header, under a
   * relative hosts directory. The CA fix adds {@code ca = "ca.crt"} in place; ctr then pulls, and
   * the header and capabilities are still there.
   */
  @Test
  void containerdCaFixEditsTheExistingHostsTomlAndCtrPulls() throws Exception {
    Path absolute = Files.createTempDirectory(temp, "hosts");
    Path hostsDir = Path.of("").toAbsolutePath().relativize(absolute);
    String hostPort = "localhost:" + tls.port();
    Path file = Files.createDirectories(absolute.resolve(hostPort)).resolve("hosts.toml");
    Files.writeString(
        file,
        "server = \"https://"
            + hostPort
            + "\"\n\n[host.\"https://"
            + hostPort
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n  [host.\"https://"
            + hostPort
            + "\".header]\n    X-Tenant = [\"blue\"]\n");
    Path ca = Files.writeString(temp.resolve("ca.crt"), authority.certificatePem());
    String image = hostPort + "/team/app:1.0";
    assertThat(tools.ctrPull(hostsDir, image).exit()).isNotZero();
    Report report;
    try (RegistryDoctor doctor = doctor(ContainerRuntime.CONTAINERD).hostsDir(hostsDir).build()) {
      report = doctor.check(image);
    }
    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
    Remedy step = stepWithCommand(report.verdict(), "cp ca.crt");
    assertThat(step.command()).doesNotContain("tee").contains("sed -i.bak");
    assertThat(step.text()).contains(hostsDir.resolve(hostPort).resolve("hosts.toml") + " line 3");

    run(step.command(), ca);
    RuntimeTools.Run fixed = tools.ctrPull(hostsDir, image);
    assertThat(fixed.exit()).as(fixed.output()).isZero();
    assertThat(Files.readString(file))
        .contains("X-Tenant = [\"blue\"]")
        .contains("capabilities = [\"pull\", \"resolve\"]")
        .contains("ca = \"ca.crt\"")
        .doesNotContain(hostsDir.toString());
  }

  /**
   * Finding 12: a moving tag served by a mirror is pinned under the image's own name, not the
   * mirror's; finding 13: a plain-HTTP endpoint is not {@code tlsVerified}.
   */
  @Test
  void mirrorServedLatestIsPinnedUnderItsOwnNameAndPlainHttpIsNotTlsVerified() throws Exception {
    Path hosts = Files.createTempDirectory(temp, "mirror");
    Path host = Files.createDirectories(hosts.resolve(upstream.hostPort()));
    Files.writeString(
        host.resolve("hosts.toml"),
        "server = \"http://"
            + upstream.hostPort()
            + "\"\n[host.\"http://"
            + cache.hostPort()
            + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n");
    String image = upstream.hostPort() + "/team/app:latest";
    try (RegistryDoctor doctor = doctor(ContainerRuntime.CONTAINERD).hostsDir(hosts).build()) {
      Report report = doctor.check(image);
      assertThat(report.pullsFrom()).contains("http://" + cache.hostPort());
      Finding pin = report.finding(DiagnosisCode.MUTABLE_TAG).orElseThrow();
      assertThat(pin.summary()).startsWith(upstream.hostPort() + "/team/app:latest");
      assertThat(pin.remediation().get(0).command())
          .startsWith("docker pull " + upstream.hostPort() + "/team/app@sha256:")
          .doesNotContain(cache.hostPort());

      JsonNode json = new ObjectMapper().readTree(MirrorsRender.json(doctor.mirrors(image)));
      assertThat(json.get("mirrors")).hasSize(2);
      for (JsonNode entry : json.get("mirrors")) {
        assertThat(entry.get("plainHttp").asBoolean()).isTrue();
        assertThat(entry.get("tlsVerified").asBoolean()).as(entry.toString()).isFalse();
      }
    }
  }
}
