package dev.regdoctor.diagnostics.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every configuration scenario, Registry Doctor's verdict and {@code pullsFrom} must agree with
 * what the real runtime did: containerd through {@code ctr --hosts-dir}, containers/image through
 * {@code skopeo --registries-conf}. Which registry served a pull is read from the registries' own
 * logs (the manifest request with the runtime's User-Agent).
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeGroundTruthIT {
  private static final String IMAGE_PATH = "team/app";

  @TempDir static Path temp;
  private RegistryProcess upstream;
  private RegistryProcess cache;
  private int deadPort;
  private RuntimeTools tools;
  private final Map<String, RegistryProcess> registries = new LinkedHashMap<>();

  @BeforeAll
  void start() throws Exception {
    RegistryBinary.require();
    tools = RuntimeTools.start(Files.createDirectories(temp.resolve("tools")));
    upstream = RegistryProcess.builder().start();
    ImageSeeder.to(upstream.baseUrl())
        .pushImage(IMAGE_PATH, "1.0", Platform.LINUX_AMD64, 2, 64 * 1024);
    cache = RegistryProcess.builder().proxy(upstream.baseUrl()).start();
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    registries.put("upstream", upstream);
    registries.put("cache", cache);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {tools, cache, upstream}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  /** A configuration scenario: what the files say and which registry should serve the pull. */
  record Scenario(
      String name, ContainerRuntime runtime, String config, String image, @Nullable String serves) {
    @Override
    public String toString() {
      return runtime.label() + ": " + name;
    }
  }

  Stream<Arguments> scenarios() {
    String up = "127.0.0.1:" + upstream.port();
    String cached = "127.0.0.1:" + cache.port();
    String dead = "127.0.0.1:" + deadPort;
    String image = up + "/" + IMAGE_PATH + ":1.0";
    return Stream.of(
            new Scenario(
                "no hosts.toml: loopback is plain HTTP",
                ContainerRuntime.CONTAINERD,
                "",
                image,
                "upstream"),
            new Scenario(
                "dead mirror, then the cache, then the server",
                ContainerRuntime.CONTAINERD,
                "server = \"http://"
                    + up
                    + "\"\n[host.\"http://"
                    + dead
                    + "\"]\n[host.\"http://"
                    + cached
                    + "\"]\n",
                image,
                "cache"),
            new Scenario(
                "dead mirror only: falls back to the server",
                ContainerRuntime.CONTAINERD,
                "server = \"http://" + up + "\"\n[host.\"http://" + dead + "\"]\n",
                image,
                "upstream"),
            new Scenario(
                "mirror without resolve capability is not asked for tags",
                ContainerRuntime.CONTAINERD,
                "server = \"http://"
                    + up
                    + "\"\n[host.\"http://"
                    + cached
                    + "\"]\n  capabilities = [\"pull\"]\n",
                image,
                "upstream"),
            new Scenario(
                "server forced to https on a plain-HTTP registry",
                ContainerRuntime.CONTAINERD,
                "server = \"https://" + up + "\"\n[host]\n",
                image,
                null),
            new Scenario(
                "only a dead server",
                ContainerRuntime.CONTAINERD,
                "server = \"http://" + dead + "\"\n[host]\n",
                image,
                null),
            new Scenario("no entry: HTTPS is required", ContainerRuntime.PODMAN, "", image, null),
            new Scenario(
                "insecure registry",
                ContainerRuntime.PODMAN,
                "[[registry]]\nlocation = \"" + up + "\"\ninsecure = true\n",
                image,
                "upstream"),
            new Scenario(
                "dead mirror, then the cache",
                ContainerRuntime.PODMAN,
                "[[registry]]\nlocation = \""
                    + up
                    + "\"\ninsecure = true\n"
                    + "[[registry.mirror]]\nlocation = \""
                    + dead
                    + "\"\ninsecure = true\n"
                    + "[[registry.mirror]]\nlocation = \""
                    + cached
                    + "\"\ninsecure = true\n",
                image,
                "cache"),
            new Scenario(
                "digest-only mirror is skipped for a tag",
                ContainerRuntime.PODMAN,
                "[[registry]]\nlocation = \""
                    + up
                    + "\"\ninsecure = true\n"
                    + "[[registry.mirror]]\nlocation = \""
                    + cached
                    + "\"\ninsecure = true\npull-from-mirror = \"digest-only\"\n",
                image,
                "upstream"),
            new Scenario(
                "prefix rewritten to another repository",
                ContainerRuntime.PODMAN,
                "[[registry]]\nprefix = \""
                    + up
                    + "/alias\"\nlocation = \""
                    + up
                    + "/team\"\ninsecure = true\n",
                up + "/alias/app:1.0",
                "upstream"),
            new Scenario(
                "blocked registry",
                ContainerRuntime.PODMAN,
                "[[registry]]\nlocation = \"" + up + "\"\ninsecure = true\nblocked = true\n",
                image,
                null))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void registryDoctorAgreesWithTheRealRuntime(Scenario scenario) throws Exception {
    Path dir = Files.createTempDirectory(temp, "scenario");
    RegistryDoctor.Builder builder =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .runtime(scenario.runtime())
            .timeout(Duration.ofSeconds(20))
            .locale(Locale.ENGLISH);
    Path hosts = Files.createDirectories(dir.resolve("certs.d"));
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, "unqualified-search-registries = []\n");
    if (scenario.runtime() == ContainerRuntime.CONTAINERD) {
      if (!scenario.config().isEmpty()) {
        Path host = Files.createDirectories(hosts.resolve("127.0.0.1:" + upstream.port()));
        Files.writeString(host.resolve("hosts.toml"), scenario.config());
      }
      builder.hostsDir(hosts);
    } else {
      Files.writeString(conf, scenario.config(), java.nio.file.StandardOpenOption.APPEND);
      builder.registriesConf(conf);
    }
    Report report;
    try (RegistryDoctor doctor = builder.build()) {
      report = doctor.check(scenario.image());
    }
    Map<String, Integer> marks = marks();
    RuntimeTools.Run run =
        scenario.runtime() == ContainerRuntime.CONTAINERD
            ? tools.ctrPull(hosts, scenario.image())
            : tools.skopeoPull(conf, scenario.image());
    String served = servedBy(marks, scenario.runtime());
    // The registries write their logs asynchronously: give a successful pull's lines a moment.
    for (int i = 0; i < 40 && served == null && run.exit() == 0; i++) {
      Thread.sleep(50);
      served = servedBy(marks, scenario.runtime());
    }

    assertThat(run.exit() == 0)
        .as("the runtime's own result matches the scenario (%s)\n%s", scenario, run.output())
        .isEqualTo(scenario.serves() != null);
    assertThat(served).as("registry that served the runtime's pull").isEqualTo(scenario.serves());
    assertThat(report.ok())
        .as("Registry Doctor agrees with %s:\n%s", scenario.runtime().label(), report)
        .isEqualTo(run.exit() == 0);
    if (served != null) {
      assertThat(report.pullsFrom()).contains(registries.get(served).baseUrl());
    } else {
      assertThat(report.pullsFrom()).isEmpty();
    }
    if (scenario.name().contains("dead mirror")) {
      assertThat(report.finding(DiagnosisCode.MIRROR_FAILURE)).isPresent();
    }
  }

  /**
   * A plain-HTTP registry on loopback: Docker and containerd pull, Podman refuses. The
   * RUNTIME_MISMATCH finding's configuration, written as suggested, makes the real skopeo pull.
   */
  @org.junit.jupiter.api.Test
  void runtimeMismatchFixMakesTheRealRuntimePull() throws Exception {
    Path dir = Files.createTempDirectory(temp, "mismatch");
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, "unqualified-search-registries = []\n");
    String image = "127.0.0.1:" + upstream.port() + "/" + IMAGE_PATH + ":1.0";
    assertThat(tools.skopeoPull(conf, image).exit()).isNotZero();
    Report report = underPodman(conf, dir, image);
    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.PLAIN_HTTP_REGISTRY);
    var mismatch = report.finding(DiagnosisCode.RUNTIME_MISMATCH).orElseThrow();
    assertThat(mismatch.summary())
        .startsWith("docker, containerd can pull")
        .contains("podman cannot");
    String fix = mismatch.remediation().get(0).text();
    String lines = fix.substring(fix.indexOf(": ") + 2);
    assertThat(lines).contains("insecure = true");
    Files.writeString(conf, "\n" + lines + "\n", java.nio.file.StandardOpenOption.APPEND);
    RuntimeTools.Run fixed = tools.skopeoPull(conf, image);
    assertThat(fixed.exit()).as(fixed.output()).isZero();
  }

  /**
   * The verdict's own steps fit the runtime: under Podman's rules a plain-HTTP registry is fixed in
   * registries.conf, not daemon.json, and the step's lines, written as suggested, make the real
   * skopeo pull.
   */
  @org.junit.jupiter.api.Test
  void podmansVerdictStepsFixItInRegistriesConf() throws Exception {
    Path dir = Files.createTempDirectory(temp, "podman-verdict");
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, "unqualified-search-registries = []\n");
    String image = "127.0.0.1:" + upstream.port() + "/" + IMAGE_PATH + ":1.0";
    Report report = underPodman(conf, dir, image);

    var verdict = report.verdict();
    assertThat(verdict.code()).isEqualTo(DiagnosisCode.PLAIN_HTTP_REGISTRY);
    assertThat(verdict.summary()).contains("podman");
    assertThat(verdict.remediation())
        .as("no Docker step for a Podman verdict")
        .noneMatch(step -> step.toString().contains("daemon.json"));
    var step =
        verdict.remediation().stream()
            .filter(r -> r.text().contains(conf.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(step.command()).contains("sudo tee -a " + conf);
    // run the suggested command as it is printed (tests run without sudo)
    Process shell =
        new ProcessBuilder("sh", "-c", step.command().replace("sudo tee", "tee"))
            .redirectErrorStream(true)
            .start();
    assertThat(shell.waitFor()).as(new String(shell.getInputStream().readAllBytes())).isZero();
    assertThat(Files.readString(conf)).contains("insecure = true");
    RuntimeTools.Run fixed = tools.skopeoPull(conf, image);
    assertThat(fixed.exit()).as(fixed.output()).isZero();
  }

  /** Diagnoses {@code image} under Podman's rules with {@code conf} as registries.conf. */
  private static Report underPodman(Path conf, Path dir, String image) throws IOException {
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .runtime(ContainerRuntime.PODMAN)
            .registriesConf(conf)
            .hostsDir(Files.createDirectories(dir.resolve("certs.d")))
            .locale(Locale.ENGLISH)
            .build()) {
      return doctor.check(image);
    }
  }

  private Map<String, Integer> marks() {
    Map<String, Integer> marks = new LinkedHashMap<>();
    registries.forEach((name, registry) -> marks.put(name, registry.log().length()));
    return marks;
  }

  private static final Pattern REQUEST =
      Pattern.compile(
          "http\\.request\\.method=(HEAD|GET) .*?http\\.request\\.uri=\"?/v2/\\S+/manifests/\\S+"
              + " .*?http\\.request\\.useragent=(\"[^\"]*\"|\\S+)");

  /** Returns the registry whose log shows the runtime's first manifest request since the marks. */
  private @Nullable String servedBy(Map<String, Integer> marks, ContainerRuntime runtime)
      throws IOException {
    String agent = runtime == ContainerRuntime.CONTAINERD ? "containerd" : "skopeo";
    for (String name : registries.keySet()) {
      String log = registries.get(name).log();
      String recent = log.substring(Math.min(marks.get(name), log.length()));
      for (String line : recent.split("\n")) {
        Matcher matcher = REQUEST.matcher(line);
        if (matcher.find()
            && matcher.group(2).contains(agent)
            && line.contains("http.response.status=200")) {
          return name;
        }
      }
    }
    return null;
  }
}
