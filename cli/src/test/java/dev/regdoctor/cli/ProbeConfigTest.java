package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ProbeConfigTest {
  @TempDir Path dir;

  private static ProbeConfig parse(String yaml) {
    return ProbeConfig.parse(yaml, "probes.yaml", Path.of("/etc/regdoctor"));
  }

  @Test
  void readsTheIssuesExample() {
    ProbeConfig config =
        parse(
            """
            interval: 60s        # per target, jittered
            timeout: 10s
            concurrency: 4
            targets:
              - image: registry.example.com/shop/web:1.4
              - image: 127.0.0.1:5000/team/app:1.0
                pullTest: true
            kubernetes:          # optional: discover images and their pull secrets from workloads
              namespaces: [default, shop]
            """);

    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.concurrency()).isEqualTo(4);
    assertThat(config.targets())
        .containsExactly(
            new ProbeConfig.Target("registry.example.com/shop/web:1.4", false, 5),
            new ProbeConfig.Target("127.0.0.1:5000/team/app:1.0", true, 6));
    assertThat(config.kubernetes().namespaces()).containsExactly("default", "shop");
    assertThat(config.kubernetes().interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.kubernetes().source()).isEqualTo("auto");
    assertThat(config.breaker()).isEqualTo(new ProbeConfig.Breaker(3, Duration.ofMinutes(1)));
  }

  /** Review item (session 17): discovered targets had no way to read the nodes' hosts directory. */
  @Test
  void kubernetesHostsDirIsTheNodesHostsDirectoryRelativeToTheFile() throws Exception {
    Files.createDirectories(dir.resolve("node-certs.d"));

    ProbeConfig config =
        ProbeConfig.parse(
            "kubernetes:\n  namespaces: [shop]\n  hostsDir: node-certs.d\n", "probes.yaml", dir);

    assertThat(config.kubernetes().hostsDir()).isEqualTo(dir.resolve("node-certs.d"));
    assertThat(parse("kubernetes:\n  namespaces: [shop]\n").kubernetes().hostsDir()).isNull();
  }

  @Test
  void aKubernetesHostsDirThatIsNotADirectoryStopsServeInTheFilesLanguage() throws Exception {
    Path file = dir.resolve("probes.yaml");
    Files.writeString(file, "lang: zh-CN\nkubernetes:\n  hostsDir: probes.yaml\n");
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setErr(new PrintWriter(err, true));

    int status = line.execute("serve", "--config", file.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "regdoctor: " + file + " 第 3 行，/kubernetes/hostsDir：hosts 目录 " + file + " 不是目录");
  }

  @Test
  void defaultsAndRelativePaths() {
    ProbeConfig config = parse("dockerConfig: kubelet/config.json\ntargets:\n  - image: nginx\n");

    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.concurrency()).isEqualTo(4);
    assertThat(config.dockerConfig()).isEqualTo(Path.of("/etc/regdoctor/kubelet/config.json"));
    assertThat(config.kubernetes()).isNull();
    assertThat(config.pullLimits()).isEqualTo(ProbeConfig.PullLimits.DEFAULTS);
  }

  @Test
  void pullTestSettingsTakeTheCommandLinesUnits() {
    ProbeConfig config =
        parse(
            """
            pullTestSettings:
              sampleSize: 64MiB
              slowPull: 2m
              largeImage: 1GB
              largeImageLayers: 50
            targets:
              - image: nginx
                pullTest: true
            """);

    assertThat(config.pullLimits())
        .isEqualTo(
            new ProbeConfig.PullLimits(64L << 20, Duration.ofMinutes(2), 1_000_000_000L, 50));
    assertThat(
            parse("pullTestSettings:\n  sampleSize: 512KiB\ntargets:\n  - image: nginx\n")
                .pullLimits())
        .isEqualTo(new ProbeConfig.PullLimits(512L << 10, Duration.ofSeconds(60), 500L << 20, 30));
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("", "probes.yaml: the file is empty"),
        Arguments.of("targets: [\n", "probes.yaml:1: not valid YAML"),
        Arguments.of(
            "intervall: 5s\ntargets: []\n",
            "probes.yaml:1: /intervall: unknown key 'intervall'; known keys: caFiles"),
        Arguments.of(
            "interval: soon\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /interval: must be a positive duration such as 60s, 500ms or 2m but was 'soon'"),
        Arguments.of(
            "timeout: 0s\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /timeout: must be a positive duration"),
        Arguments.of(
            "concurrency: 0\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /concurrency: must be in 1..64 but was 0"),
        Arguments.of(
            "concurrency: many\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /concurrency: must be a whole number but was 'many'"),
        Arguments.of(
            "targets:\n  - image: nginx\n  - image: Shop/Web:1\n",
            "probes.yaml:3: /targets/1/image: not a valid image reference"),
        Arguments.of(
            "targets:\n  - image: nginx\n  - image: nginx\n",
            "probes.yaml:3: /targets/1/image: the image nginx is listed twice"),
        Arguments.of("targets:\n  - pullTest: true\n", "probes.yaml:2: /targets/0: needs an image"),
        Arguments.of(
            "targets:\n  - image: nginx\n    pullTest: yes please\n",
            "probes.yaml:3: /targets/0/pullTest: must be true or false"),
        Arguments.of(
            "targets:\n  - image: nginx\n    tag: 1\n",
            "probes.yaml:3: /targets/0/tag: unknown key 'tag'"),
        Arguments.of("targets: nginx\n", "probes.yaml:1: /targets: must be a list"),
        Arguments.of("interval: 5s\n", "probes.yaml: nothing to probe"),
        Arguments.of(
            "kubernetes:\n  namespaces: [Shop]\n",
            "probes.yaml:2: /kubernetes/namespaces: 'Shop' is not a namespace name"),
        Arguments.of(
            "kubernetes:\n  source: api\n",
            "probes.yaml:2: /kubernetes/source: must be auto, kubectl or in-cluster"),
        Arguments.of(
            "lang: fr\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /lang: must be en or zh-CN but was 'fr'"),
        Arguments.of(
            "circuitBreaker:\n  failures: 0\ntargets:\n  - image: nginx\n",
            "probes.yaml:2: /circuitBreaker/failures: must be in 1..100"),
        Arguments.of(
            "caFiles: [missing.pem]\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /caFiles: cannot read the CA file /etc/regdoctor/missing.pem"),
        Arguments.of(
            "pullTestSettings:\n  sampleSize: lots\ntargets:\n  - image: nginx\n",
            "probes.yaml:2: /pullTestSettings/sampleSize: must be a size such as 8MiB or 500MB but was 'lots'"),
        Arguments.of(
            "pullTestSettings:\n  sampleSize: -8MiB\ntargets:\n  - image: nginx\n",
            "probes.yaml:2: /pullTestSettings/sampleSize: must be a size"),
        Arguments.of(
            "pullTestSettings:\n  largeImageLayers: 0\ntargets:\n  - image: nginx\n",
            "probes.yaml:2: /pullTestSettings/largeImageLayers: must be in 1..10000"),
        Arguments.of(
            "pullTestSettings:\n  sample: 8MiB\ntargets:\n  - image: nginx\n",
            "probes.yaml:2: /pullTestSettings/sample: unknown key 'sample'"),
        // review item "wrong depth of validation": serve used to accept these silently
        Arguments.of(
            "insecureRegistries:\n  - registry.local:5000\n  - host:99999\ntargets:\n  - image: nginx\n",
            "probes.yaml:3: /insecureRegistries/1: 'host:99999' is not HOST, HOST:PORT or a CIDR"
                + " range, e.g. registry.local:5000 or 10.0.0.0/8 (registry port must be between 1"
                + " and 65535)"),
        Arguments.of(
            "insecureRegistries: [https://registry.local]\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /insecureRegistries/0: 'https://registry.local' is not HOST, HOST:PORT"
                + " or a CIDR range, e.g. registry.local:5000 or 10.0.0.0/8 (drop the scheme"
                + " 'https://')"),
        Arguments.of(
            "plainHttp: [127.0.0.1]\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /plainHttp/0: '127.0.0.1' is not HOST:PORT, e.g. 127.0.0.1:5000 or"
                + " [::1]:5000 (the port is missing)"),
        Arguments.of(
            "plainHttp: ['alice:s3cr3t@[::1]:5000']\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /plainHttp/0: '<redacted>@[::1]:5000' is not HOST:PORT"),
        Arguments.of(
            "plainHttp: 127.0.0.1:5000\ntargets:\n  - image: nginx\n",
            "probes.yaml:1: /plainHttp: must be a list"),
        // review item "copied limits": the library's range, named by file, line and key
        Arguments.of(
            "pullTestSettings:\n  sampleSize: 512\ntargets:\n  - image: nginx\n",
            "probes.yaml:2: /pullTestSettings/sampleSize: must be a size from 1KiB to 1GiB but was"
                + " '512'"),
        Arguments.of(
            "pullTestSettings:\n  sampleSize: 2GiB\ntargets:\n  - image: nginx\n",
            "probes.yaml:2: /pullTestSettings/sampleSize: must be a size from 1KiB to 1GiB but was"
                + " '2GiB'"),
        Arguments.of(
            "timeout: 5s\ntimeout: 6s\ntargets:\n  - image: nginx\n",
            "probes.yaml:2: /timeout: duplicate key"),
        Arguments.of(
            "kubernetes:\n  namespaces: [shop]\n  hostsDir: missing.d\n",
            "probes.yaml:3: /kubernetes/hostsDir: the hosts directory /etc/regdoctor/missing.d is"
                + " not a directory"));
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void badConfigurationNamesFileLineAndKey(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  static IntStream seeds() {
    return IntStream.range(0, 200);
  }

  /** Random damage to a valid file is rejected with a ConfigException or still parses. */
  @ParameterizedTest
  @MethodSource("seeds")
  void damagedFilesFailOnlyWithConfigException(int seed) {
    String valid =
        "interval: 60s\ntimeout: 10s\nconcurrency: 4\npullTestSettings:\n  sampleSize: 8MiB\n  slowPull: 60s\ntargets:\n  - image: registry.example.com/shop/web:1.4\n    pullTest: true\nkubernetes:\n  namespaces: [default, shop]\n";
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(valid);
    String noise = ":-[]{}#&*!|>'\"%@` \n\tabc09";
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      int at = random.nextInt(text.length());
      if (random.nextBoolean()) {
        text.deleteCharAt(at);
      } else {
        text.insert(at, noise.charAt(random.nextInt(noise.length())));
      }
    }
    try {
      parse(text.toString());
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith("probes.yaml");
    }
  }

  @Test
  void serveExitsTwoNamingFileLineAndKey() throws Exception {
    Path file = dir.resolve("probes.yaml");
    Files.writeString(file, "interval: 60s\ntargets:\n  - image: nginx\n    pulltest: true\n");
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setErr(new PrintWriter(err, true));

    int status = line.execute("serve", "--config", file.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "regdoctor: "
                + file
                + ":4: /targets/0/pulltest: unknown key 'pulltest'; known keys: image, pullTest");
  }

  /** Review item "wrong depth of validation": serve used to start with a nonsense entry. */
  @Test
  @org.junit.jupiter.api.Timeout(30)
  void serveExitsTwoOnABadRegistryEntryNamingFileAndKey() throws Exception {
    Path file = dir.resolve("probes.yaml");
    Files.writeString(
        file,
        "plainHttp:\n  - 127.0.0.1:5000\n  - 127.0.0.1\ntargets:\n  - image: 127.0.0.1:1/a:1\n");
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setErr(new PrintWriter(err, true));

    int status = line.execute("serve", "--config", file.toString(), "--listen", "127.0.0.1:0");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "regdoctor: "
                + file
                + ":3: /plainHttp/1: '127.0.0.1' is not HOST:PORT, e.g. 127.0.0.1:5000 or"
                + " [::1]:5000 (the port is missing)");
  }

  // Review 15, finding 15: an invalid CIDR in a file without targets printed only "nothing to
  // probe", and a missing dockerConfig was reported without file, line and key.
  @Test
  void aBadRegistryEntryIsReportedEvenWhenNothingIsListed() {
    assertThatThrownBy(() -> parse("insecureRegistries: [10.0.0.0/33]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("probes.yaml:1: /insecureRegistries/0: '10.0.0.0/33' is not");
  }

  @Test
  void aMissingDockerConfigFileNamesFileLineAndKey() throws Exception {
    Path file = dir.resolve("probes.yaml");
    Files.writeString(
        file, "timeout: 5s\ndockerConfig: nowhere/config.json\ntargets:\n  - image: nginx\n");

    assertThatThrownBy(() -> ProbeConfig.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":2: /dockerConfig: the Docker config "
                + dir.resolve("nowhere/config.json")
                + " does not exist");
  }

  @Test
  void aDockerConfigDirectoryWithoutConfigJsonIsAccepted() throws Exception {
    // Docker's "no configuration": the probes run anonymously, as RegistryDoctor documents.
    Path file = dir.resolve("probes.yaml");
    Files.writeString(file, "dockerConfig: empty-dir\ntargets:\n  - image: nginx\n");

    assertThat(ProbeConfig.read(file).dockerConfig()).isEqualTo(dir.resolve("empty-dir"));
  }

  @Test
  void serveRejectsAMissingFileAndABadListenAddress() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setErr(new PrintWriter(err, true));

    assertThat(line.execute("serve", "--config", dir.resolve("none.yaml").toString())).isEqualTo(2);
    Path file = dir.resolve("probes.yaml");
    Files.writeString(file, "targets:\n  - image: nginx\n");
    assertThat(line.execute("serve", "--config", file.toString(), "--listen", "localhost"))
        .isEqualTo(2);
    assertThat(line.execute("serve", "--config", file.toString(), "--listen", "127.0.0.1:99999"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("none.yaml: no such file")
        .contains("--listen must be HOST:PORT")
        .contains("the port must be 0..65535");
  }

  @Test
  void theSampleConfigMapHoldsAValidProbesFile() throws Exception {
    String configMap = Files.readString(Path.of("..", "samples", "kubernetes", "configmap.yaml"));
    String probes =
        String.join(
            "\n",
            configMap
                .substring(configMap.indexOf("probes.yaml: |") + "probes.yaml: |".length())
                .lines()
                .map(text -> text.length() >= 4 ? text.substring(4) : text)
                .toList());

    ProbeConfig config = parse(probes);

    assertThat(config.kubernetes().namespaces()).containsExactly("default", "shop");
    assertThat(config.dockerConfig()).isEqualTo(Path.of("/var/lib/kubelet/config.json"));
    assertThat(List.of(config.targets().get(0).image()))
        .containsExactly("registry.example.com/shop/web:1.4");
  }
}
