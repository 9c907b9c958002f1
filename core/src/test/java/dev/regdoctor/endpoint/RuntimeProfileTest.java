package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeProfileTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private RuntimeProfile profile(ContainerRuntime runtime) {
    return RuntimeProfile.builder(runtime)
        .daemonJson(
            dir.resolve("daemon.json").toFile().exists() ? dir.resolve("daemon.json") : null)
        .hostsDir(dir.resolve("certs.d"))
        .registriesConf(
            Files.exists(dir.resolve("registries.conf")) ? dir.resolve("registries.conf") : null)
        .certificates(
            new CertificateDirectories(dir.resolve("docker-certs"), dir.resolve("certs.d")))
        .containersCertsDir(dir.resolve("containers-certs"))
        .build();
  }

  private RuntimeProfile profile(ContainerRuntime runtime, AddressLookup lookup) {
    return RuntimeProfile.builder(runtime)
        .daemonJson(
            dir.resolve("daemon.json").toFile().exists() ? dir.resolve("daemon.json") : null)
        .hostsDir(dir.resolve("certs.d"))
        .certificates(
            new CertificateDirectories(dir.resolve("docker-certs"), dir.resolve("certs.d")))
        .addressLookup(lookup)
        .build();
  }

  private static java.net.InetAddress address(String literal) {
    return dev.regdoctor.internal.http.IpLiterals.parse(literal);
  }

  private static List<String> urls(PullPlan plan) {
    return plan.sources().stream().map(s -> s.role().label() + " " + s.url()).toList();
  }

  @Nested
  class Docker {
    @Test
    void hubImagesTryMirrorsInOrderThenTheHub() throws IOException {
      write(
          "daemon.json",
          "{\"registry-mirrors\": [\"https://m1.example.com\", \"http://10.0.0.5:5000\"],"
              + " \"insecure-registries\": [\"10.0.0.0/8\"]}");
      PullPlan plan = profile(ContainerRuntime.DOCKER).plan("nginx");
      assertThat(urls(plan))
          .containsExactly(
              "mirror https://m1.example.com",
              "mirror http://10.0.0.5:5000",
              "upstream https://registry-1.docker.io");
      assertThat(plan.sources().get(1).verifyTls()).isFalse();
      assertThat(plan.sources().get(0).configuredAt()).endsWith("/registry-mirrors/0");
      assertThat(plan.notes()).isEmpty();
    }

    @Test
    void mirrorsDoNotApplyToOtherRegistriesAndThePlanSaysSo() throws IOException {
      write("daemon.json", "{\"registry-mirrors\": [\"https://m1.example.com\"]}");
      PullPlan plan = profile(ContainerRuntime.DOCKER).plan("quay.io/team/app:1");
      assertThat(urls(plan)).containsExactly("upstream https://quay.io");
      assertThat(plan.notes()).singleElement().asString().contains("Docker Hub images only");
    }

    @Test
    void certsDirClientPairsArePresentedToTheRegistryAndMirrors() throws IOException {
      write("daemon.json", "{\"registry-mirrors\": [\"https://m1.example.com\"]}");
      write("docker-certs/m1.example.com/client.cert", "x");
      write("docker-certs/m1.example.com/client.key", "x");
      write("docker-certs/registry-1.docker.io/ca.crt", "x");
      PullPlan plan = profile(ContainerRuntime.DOCKER).plan("nginx");
      Path certs = dir.resolve("docker-certs");

      assertThat(plan.mirrors().get(0).clientCertificates())
          .containsExactly(
              new CertificateFiles.ClientCertificate(
                  certs.resolve("m1.example.com/client.cert"),
                  certs.resolve("m1.example.com/client.key")));
      assertThat(plan.upstream().orElseThrow().caFiles())
          .containsExactly(certs.resolve("registry-1.docker.io/ca.crt"));
      assertThat(plan.upstream().orElseThrow().clientCertificates()).isEmpty();
    }

    @Test
    void loopbackIsInsecureByDefault() {
      PullSource upstream =
          profile(ContainerRuntime.DOCKER)
              .plan("127.0.0.1:5000/team/app:1")
              .upstream()
              .orElseThrow();
      assertThat(upstream.httpFallback()).isTrue();
      assertThat(upstream.verifyTls()).isFalse();
      assertThat(upstream.configuredAt()).contains("127.0.0.0/8");
    }

    // Review 16, finding 1: only IP literals counted, so localhost:5000 was a TLS registry.
    @Test
    void aNameThatResolvesToLoopbackIsInsecureLikeItsAddress() {
      List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
      AddressLookup lookup =
          host -> {
            asked.add(host);
            return host.equals("localhost")
                ? List.of(address("127.0.0.1"))
                : List.of(address("192.0.2.9"), address("::1"));
          };

      PullSource localhost =
          profile(ContainerRuntime.DOCKER, lookup)
              .plan("localhost:5000/team/app:1")
              .upstream()
              .orElseThrow();
      PullSource sixOnly =
          profile(ContainerRuntime.DOCKER, lookup)
              .plan("registry.rt16.invalid:5000/team/app:1")
              .upstream()
              .orElseThrow();

      assertThat(localhost.httpFallback()).isTrue();
      assertThat(localhost.verifyTls()).isFalse();
      assertThat(localhost.configuredAt()).contains("127.0.0.0/8 and ::1");
      // moby isCIDRMatch: any one of the addresses in a range is enough
      assertThat(sixOnly.httpFallback()).isTrue();
      assertThat(sixOnly.verifyTls()).isFalse();
      assertThat(asked).containsExactly("localhost", "registry.rt16.invalid");
    }

    @Test
    void aNameInAnInsecureRangeIsInsecureAndOneThatDoesNotResolveIsNot() throws IOException {
      write("daemon.json", "{\"insecure-registries\": [\"10.20.0.0/16\"]}");
      AddressLookup lookup =
          host -> host.equals("inside.rt16.invalid") ? List.of(address("10.20.3.4")) : List.of();

      PullSource inside =
          profile(ContainerRuntime.DOCKER, lookup)
              .plan("inside.rt16.invalid/team/app:1")
              .upstream()
              .orElseThrow();
      PullSource unresolved =
          profile(ContainerRuntime.DOCKER, lookup)
              .plan("nowhere.rt16.invalid/team/app:1")
              .upstream()
              .orElseThrow();

      assertThat(inside.httpFallback()).isTrue();
      assertThat(inside.configuredAt()).contains("insecure-registries range");
      assertThat(unresolved.httpFallback()).isFalse();
      assertThat(unresolved.verifyTls()).isTrue();
    }

    @Test
    void withoutALookupOnlyLiteralsCountAndDockerHubIsNeverAsked() {
      List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
      AddressLookup lookup =
          host -> {
            asked.add(host);
            return List.of(address("127.0.0.1"));
          };

      PullSource named =
          profile(ContainerRuntime.DOCKER).plan("localhost:5000/team/app:1").upstream().get();
      profile(ContainerRuntime.DOCKER, lookup).plan("nginx");

      assertThat(named.verifyTls()).isTrue();
      assertThat(asked).isEmpty();
    }

    @Test
    void aMirrorWhoseNameResolvesToLoopbackIsNotVerified() throws IOException {
      write("daemon.json", "{\"registry-mirrors\": [\"https://mirror.rt16.invalid:5443\"]}");
      List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
      AddressLookup lookup =
          host -> {
            asked.add(host);
            return List.of(address("127.0.0.2"));
          };

      PullSource mirror = profile(ContainerRuntime.DOCKER, lookup).plan("nginx").mirrors().get(0);

      assertThat(mirror.verifyTls()).isFalse();
      assertThat(mirror.httpFallback()).isFalse();
      assertThat(asked).containsExactly("mirror.rt16.invalid");
    }
  }

  @Nested
  class Containerd {
    @Test
    void withoutHostsTomlLoopbackIsPlainHttpAndOthersHttps() {
      RuntimeProfile profile = profile(ContainerRuntime.CONTAINERD);
      assertThat(urls(profile.plan("127.0.0.1:5000/a:1")))
          .containsExactly("upstream http://127.0.0.1:5000");
      assertThat(urls(profile.plan("registry.example.com/a:1")))
          .containsExactly("upstream https://registry.example.com");
      assertThat(urls(profile.plan("nginx")))
          .containsExactly("upstream https://registry-1.docker.io");
    }

    /** A node's hosts directory is not this machine's: without one, none is read. */
    @Test
    void withoutAHostsDirectoryNoHostsTomlIsReadAndThePlanSaysSo() throws IOException {
      write(
          "certs.d/registry.example.com/hosts.toml",
          """
          server = "https://registry.example.com"
          [host."https://mirror.example.com"]
            capabilities = ["pull", "resolve"]
          """);
      RuntimeProfile configured = profile(ContainerRuntime.CONTAINERD);
      assertThat(urls(configured.plan("registry.example.com/a:1")))
          .containsExactly(
              "mirror https://mirror.example.com", "upstream https://registry.example.com");

      RuntimeProfile none = configured.withHostsDir(null);

      PullPlan plan = none.plan("registry.example.com/a:1");
      assertThat(urls(plan)).containsExactly("upstream https://registry.example.com");
      assertThat(plan.configFiles()).isEmpty();
      assertThat(plan.notes())
          .containsExactly(
              "no hosts directory was given, so none is read: containerd uses its built-in"
                  + " default for registry.example.com");
      assertThat(none.hostsDir()).isEqualTo(RuntimeProfile.DEFAULT_HOSTS_DIR);
      assertThat(
              none.as(ContainerRuntime.DOCKER)
                  .as(ContainerRuntime.CONTAINERD)
                  .plan("registry.example.com/a:1")
                  .mirrors())
          .isEmpty();
      assertThat(urls(none.withHostsDir(dir.resolve("certs.d")).plan("registry.example.com/a:1")))
          .hasSize(2);
    }

    @Test
    void hostsAreTriedInFileOrderThenTheServer() throws IOException {
      write(
          "certs.d/docker.io/hosts.toml",
          """
          server = "https://registry-1.docker.io"

          [host."https://b.example.com"]
            capabilities = ["pull", "resolve"]
            ca = "b-ca.crt"
          [host."http://a.example.com:5000"]
            capabilities = ["pull"]
          [host."https://c.example.com"]
            skip_verify = true
          """);
      PullPlan tag = profile(ContainerRuntime.CONTAINERD).plan("nginx:1.27");
      assertThat(urls(tag))
          .containsExactly(
              "mirror https://b.example.com",
              "mirror https://c.example.com",
              "upstream https://registry-1.docker.io");
      assertThat(tag.notes())
          .anyMatch(n -> n.contains("a.example.com:5000") && n.contains("resolve"));
      assertThat(tag.sources().get(0).caFiles())
          .containsExactly(dir.resolve("certs.d/docker.io/b-ca.crt"));
      assertThat(tag.sources().get(1).verifyTls()).isFalse();
      PullPlan digest = profile(ContainerRuntime.CONTAINERD).plan("nginx@sha256:" + "a".repeat(64));
      assertThat(urls(digest)).hasSize(4).element(1).isEqualTo("mirror http://a.example.com:5000");
    }

    @Test
    void portHostsUseTheUnderscoreDirectoryFirstThenDefault() throws IOException {
      write("certs.d/_default/hosts.toml", "[host.\"https://default-mirror.example.com\"]\n");
      write(
          "certs.d/reg.example.com_5000_/hosts.toml",
          "server = \"http://reg.example.com:5000\"\n[host]\n");
      RuntimeProfile profile = profile(ContainerRuntime.CONTAINERD);
      assertThat(urls(profile.plan("reg.example.com:5000/a:1")))
          .containsExactly("upstream http://reg.example.com:5000");
      assertThat(urls(profile.plan("other.example.com/a:1")))
          .containsExactly(
              "mirror https://default-mirror.example.com", "upstream https://other.example.com");
    }

    @Test
    void aNewHostsTomlBelongsInTheDirectoryContainerdReadsButNeverInDefault() throws IOException {
      write("certs.d/_default/hosts.toml", "[host]\n");
      RuntimeProfile profile = profile(ContainerRuntime.CONTAINERD);
      assertThat(profile.containerdHostDirectory("reg.example.com:5000"))
          .isEqualTo(dir.resolve("certs.d/reg.example.com:5000"));
      write("certs.d/reg.example.com_5000_/hosts.toml", "[host]\n");
      assertThat(profile.containerdHostDirectory("reg.example.com:5000"))
          .isEqualTo(dir.resolve("certs.d/reg.example.com_5000_"));
    }

    @Test
    void aFileWithoutHostTableIsIgnoredLikeContainerd16() throws IOException {
      write("certs.d/127.0.0.1:5000/hosts.toml", "server = \"https://127.0.0.1:5000\"\n");
      PullPlan plan = profile(ContainerRuntime.CONTAINERD).plan("127.0.0.1:5000/a:1");
      assertThat(urls(plan)).containsExactly("upstream http://127.0.0.1:5000");
      assertThat(plan.notes()).anyMatch(n -> n.contains("failed to decode hosts.toml"));
    }

    @Test
    void clientCertificatesAndHeadersAreReadAsContainerdReadsThem() throws IOException {
      write(
          "certs.d/reg.example.com/hosts.toml",
          "server = \"https://reg.example.com\"\nclient = \"/abs/combined.pem\"\n"
              + "[host.\"https://m1.example.com\"]\n  client = [\"one.pem\", \"two.pem\"]\n"
              + "[host.\"https://m2.example.com\"]\n"
              + "  client = [[\"c.cert\", \"c.key\"], [\"d.pem\", \"\"]]\n"
              + "  [host.\"https://m2.example.com\".header]\n    X-A = \"1\"\n    X-B = [\"2\", \"3\"]\n");
      PullPlan plan = profile(ContainerRuntime.CONTAINERD).plan("reg.example.com/a:1");
      Path host = dir.resolve("certs.d/reg.example.com");

      assertThat(plan.sources().get(0).clientCertificates())
          .containsExactly(
              new CertificateFiles.ClientCertificate(host.resolve("one.pem"), null),
              new CertificateFiles.ClientCertificate(host.resolve("two.pem"), null));
      assertThat(plan.sources().get(1).clientCertificates())
          .containsExactly(
              new CertificateFiles.ClientCertificate(host.resolve("c.cert"), host.resolve("c.key")),
              new CertificateFiles.ClientCertificate(host.resolve("d.pem"), null));
      assertThat(plan.sources().get(1).headers())
          .containsExactly(
              java.util.Map.entry("X-A", List.of("1")),
              java.util.Map.entry("X-B", List.of("2", "3")));
      assertThat(plan.sources().get(0).headers()).isEmpty();
      assertThat(plan.notes())
          .contains("https://m2.example.com is sent the headers X-A, X-B (values not shown)");
      assertThat(plan.sources().get(1).toString())
          .contains("headers=[X-A, X-B]")
          .doesNotContain("[2, 3]");
      assertThat(plan.sources().get(2).clientCertificates())
          .containsExactly(
              new CertificateFiles.ClientCertificate(Path.of("/abs/combined.pem"), null));
    }

    @Test
    void aHostDirectoryWithoutHostsTomlLendsItsClientPairsToTheDefaultHost() throws IOException {
      write("certs.d/reg.example.com/ca.crt", "x");
      write("certs.d/reg.example.com/client.cert", "x");
      write("certs.d/reg.example.com/client.key", "x");
      write("certs.d/reg.example.com/other.cert", "x");
      PullSource upstream =
          profile(ContainerRuntime.CONTAINERD).plan("reg.example.com/a:1").upstream().orElseThrow();
      Path host = dir.resolve("certs.d/reg.example.com");

      assertThat(upstream.caFiles()).containsExactly(host.resolve("ca.crt"));
      assertThat(upstream.clientCertificates())
          .containsExactly(
              new CertificateFiles.ClientCertificate(
                  host.resolve("client.cert"), host.resolve("client.key")),
              new CertificateFiles.ClientCertificate(host.resolve("other.cert"), null));
    }

    @Test
    void badValuesNameFileLineAndKey() throws IOException {
      Path badClient =
          write(
              "certs.d/reg.example.com/hosts.toml",
              "[host.\"https://m.example.com\"]\n  client = [[\"only-one\"]]\n");
      assertThatThrownBy(() -> profile(ContainerRuntime.CONTAINERD).plan("reg.example.com/a:1"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(badClient + ": line 2, key host.\"https://m.example.com\".client:");
      Path file =
          write(
              "certs.d/docker.io/hosts.toml",
              "server = \"https://registry-1.docker.io\"\n\n[host.\"https://m.example.com\"]\n  capabilities = [\"pull\", \"fetch\"]\n");
      assertThatThrownBy(() -> profile(ContainerRuntime.CONTAINERD).plan("nginx"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              file
                  + ": line 4, key host.\"https://m.example.com\".capabilities: unknown capability \"fetch\" (pull, resolve or push)");
      write(
          "certs.d/docker.io/hosts.toml",
          "[host.\"https://m.example.com\"]\nskip_verify = \"yes\"\n");
      assertThatThrownBy(() -> profile(ContainerRuntime.CONTAINERD).plan("nginx"))
          .hasMessageContaining(
              "line 2, key host.\"https://m.example.com\".skip_verify: expected true or false");
      write("certs.d/docker.io/hosts.toml", "[host.\"https://m.example.com\"\n");
      assertThatThrownBy(() -> profile(ContainerRuntime.CONTAINERD).plan("nginx"))
          .hasMessageContaining(file + ": line 1: expected ] to close the table header");
    }
  }

  @Nested
  class Podman {
    @Test
    void mirrorsThenLocationWithPrefixRewrite() throws IOException {
      write(
          "registries.conf",
          """
          unqualified-search-registries = ["docker.io"]

          [[registry]]
          prefix = "docker.io/library"
          location = "registry.example.com/hub"
          insecure = true

          [[registry.mirror]]
          location = "mirror.example.com:5000/cache"
          [[registry.mirror]]
          location = "digest-mirror.example.com"
          pull-from-mirror = "digest-only"
          """);
      PullPlan plan = profile(ContainerRuntime.PODMAN).plan("nginx");
      assertThat(urls(plan))
          .containsExactly(
              "mirror https://mirror.example.com:5000", "upstream https://registry.example.com");
      assertThat(plan.sources().get(0).repository()).isEqualTo("cache/nginx");
      assertThat(plan.sources().get(1).repository()).isEqualTo("hub/nginx");
      assertThat(plan.sources().get(1).httpFallback()).isTrue();
      assertThat(plan.notes())
          .anyMatch(n -> n.contains("digest-mirror.example.com") && n.contains("skipped"));
    }

    @Test
    void certsDirectoriesGiveCasAndClientPairsToRegistriesAndMirrors() throws IOException {
      write(
          "registries.conf",
          "[[registry]]\nlocation = \"reg.example.com:5000\"\n"
              + "[[registry.mirror]]\nlocation = \"mirror.example.com\"\n");
      write("containers-certs/reg.example.com:5000/ca.crt", "x");
      write("containers-certs/reg.example.com:5000/client.cert", "x");
      write("containers-certs/reg.example.com:5000/client.key", "x");
      write("containers-certs/mirror.example.com/m.crt", "x");
      PullPlan plan = profile(ContainerRuntime.PODMAN).plan("reg.example.com:5000/a:1");
      Path certs = dir.resolve("containers-certs");

      PullSource mirror = plan.mirrors().get(0);
      PullSource upstream = plan.upstream().orElseThrow();
      assertThat(mirror.caFiles()).containsExactly(certs.resolve("mirror.example.com/m.crt"));
      assertThat(mirror.clientCertificates()).isEmpty();
      assertThat(upstream.caFiles()).containsExactly(certs.resolve("reg.example.com:5000/ca.crt"));
      assertThat(upstream.clientCertificates())
          .containsExactly(
              new CertificateFiles.ClientCertificate(
                  certs.resolve("reg.example.com:5000/client.cert"),
                  certs.resolve("reg.example.com:5000/client.key")));
      assertThat(upstream.configuredAt()).contains("certificates from " + certs);
    }

    @Test
    void blockedRegistriesAndUnresolvableShortNamesAreRefusals() throws IOException {
      write(
          "registries.conf",
          "unqualified-search-registries = []\n[[registry]]\nlocation = \"evil.example.com\"\nblocked = true\n");
      RuntimeProfile profile = profile(ContainerRuntime.PODMAN);
      assertThat(profile.plan("evil.example.com/x:1").refusal()).contains("blocked");
      assertThat(profile.plan("nginx").refusal()).contains("no unqualified-search registries");
    }

    @Test
    void dropInsReplaceSamePrefixAndAliasesResolveShortNames() throws IOException {
      write("registries.conf", "[[registry]]\nlocation = \"quay.io\"\nblocked = true\n");
      write(
          "registries.conf.d/10-unblock.conf",
          "[[registry]]\nlocation = \"quay.io\"\n[aliases]\n\"app\" = \"quay.io/team/app\"\n");
      PullPlan plan = profile(ContainerRuntime.PODMAN).plan("app:2");
      assertThat(plan.refusal()).isNull();
      assertThat(plan.image()).isEqualTo("quay.io/team/app:2");
      assertThat(plan.notes()).anyMatch(n -> n.contains("alias"));
    }

    @Test
    void ambiguousShortNameInEnforcingModeIsRefused() throws IOException {
      write(
          "registries.conf",
          "short-name-mode = \"enforcing\"\nunqualified-search-registries = [\"quay.io\", \"docker.io\"]\n");
      assertThat(profile(ContainerRuntime.PODMAN).plan("nginx").refusal()).contains("ambiguous");
    }

    @Test
    void ambiguousShortNameRefusalKeepsTheNameAsTyped() throws IOException {
      write(
          "registries.conf",
          "short-name-mode = \"enforcing\"\nunqualified-search-registries = [\"127.0.0.1:5000\", \"127.0.0.1:5001\"]\n");
      RuntimeProfile profile = profile(ContainerRuntime.PODMAN);
      PullPlan plan = profile.plan("team/app:1.0");
      assertThat(plan.image())
          .as("no docker.io form for a name podman does not resolve")
          .isEqualTo("team/app:1.0");
      assertThat(profile.unqualifiedSearchRegistries())
          .containsExactly("127.0.0.1:5000", "127.0.0.1:5001");
    }

    /**
     * Review 15, finding 1: containers/image's postProcessRegistries rejects the whole file when
     * entries of one location disagree on insecure or blocked; skopeo then fails every pull.
     */
    @Test
    void conflictingInsecureForOneLocationIsRejectedLikeContainersImage() throws IOException {
      Path file =
          write(
              "registries.conf",
              "[[registry]]\nlocation = \"127.0.0.1:5000\"\n\n[[registry.mirror]]\nlocation = \"127.0.0.1:5001\"\n"
                  + "[[registry]]\nlocation = \"127.0.0.1:5000\"\ninsecure = true\n");
      assertThatThrownBy(() -> profile(ContainerRuntime.PODMAN))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              file
                  + ": line 8, key registry.insecure: registry '127.0.0.1:5000' is defined multiple"
                  + " times with conflicting 'insecure' setting (the [[registry]] at line 1 and the"
                  + " one at line 6)");
    }

    @Test
    void conflictingBlockedAcrossPrefixesOfOneLocationIsRejected() throws IOException {
      write(
          "registries.conf",
          "[[registry]]\nprefix = \"example.com/a\"\nlocation = \"mirror.example.com\"\nblocked = true\n"
              + "[[registry]]\nprefix = \"example.com/b\"\nlocation = \"mirror.example.com\"\n");
      assertThatThrownBy(() -> profile(ContainerRuntime.PODMAN))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("line 5, key registry.blocked")
          .hasMessageContaining("conflicting 'blocked' setting");
    }

    @Test
    void agreeingDuplicatesAndOtherFilesAreAcceptedAndTheFirstEntryOfAFileWins()
        throws IOException {
      write(
          "registries.conf",
          "[[registry]]\nlocation = \"reg.example.com\"\ninsecure = true\n"
              + "[[registry]]\nlocation = \"reg.example.com\"\ninsecure = true\n"
              + "[[registry.mirror]]\nlocation = \"m.example.com\"\n");
      write("registries.conf.d/10-other.conf", "[[registry]]\nlocation = \"other.example.com\"\n");
      PullPlan plan = profile(ContainerRuntime.PODMAN).plan("reg.example.com/app:1");
      assertThat(urls(plan))
          .as("containers/image keeps the first entry of a prefix in a file")
          .containsExactly("upstream https://reg.example.com");
      assertThat(plan.upstream().orElseThrow().configuredAt()).endsWith("line 1");
    }

    @Test
    void entriesToEditAreTheMatchedOneAndItsSameLocationSiblings() throws IOException {
      Path file =
          write(
              "registries.conf",
              "[[registry]]\nlocation = \"reg.example.com\"\n"
                  + "[[registry]]\nprefix = \"alias.example.com/team\"\nlocation = \"reg.example.com\"\ninsecure = false\n"
                  + "[[registry]]\nlocation = \"other.example.com\"\n");
      List<RegistriesConfEntry> entries =
          profile(ContainerRuntime.PODMAN).registriesConfEntries("reg.example.com/app:1");
      assertThat(entries)
          .extracting(RegistriesConfEntry::line, RegistriesConfEntry::insecureLine)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, 0), org.assertj.core.groups.Tuple.tuple(3, 6));
      assertThat(entries).allMatch(e -> e.file().equals(file.toString()) && !e.v1());
      assertThat(profile(ContainerRuntime.PODMAN).registriesConfEntries("quay.io/x:1")).isEmpty();
    }

    @Test
    void badValuesNameFileLineAndKey() throws IOException {
      Path file =
          write(
              "registries.conf",
              "[[registry]]\nlocation = \"a.example.com\"\n\n[[registry.mirror]]\nlocation = \"m.example.com\"\npull-from-mirror = \"sometimes\"\n");
      assertThatThrownBy(() -> profile(ContainerRuntime.PODMAN))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              file
                  + ": line 6, key registry[0].mirror[0].pull-from-mirror: must be all, digest-only or tag-only but was \"sometimes\"");
      write("registries.conf", "[[registry]]\nlocation = \"a.example.com\"\ninsecure = 1\n");
      assertThatThrownBy(() -> profile(ContainerRuntime.PODMAN))
          .hasMessage(
              file
                  + ": line 3, key registry[0].insecure: expected true or false but found an integer");
    }
  }

  @Test
  void runtimeNamesIncludeTheirRelatives() {
    assertThat(ContainerRuntime.parse("CRI-O")).isEqualTo(ContainerRuntime.PODMAN);
    assertThat(ContainerRuntime.parse("kubelet")).isEqualTo(ContainerRuntime.CONTAINERD);
    assertThatThrownBy(() -> ContainerRuntime.parse("rkt"))
        .hasMessageContaining("docker, containerd or podman");
  }
}
