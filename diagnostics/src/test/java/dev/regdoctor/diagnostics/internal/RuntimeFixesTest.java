package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration fixes are run as printed (without sudo) against files in a temp directory: an
 * existing entry or file is edited in place, never appended to or replaced (review 15, findings 1
 * and 3), and the file the runtime reads afterwards says what the fix promised.
 */
class RuntimeFixesTest {
  @TempDir Path dir;
  private final Catalogue catalogue = Catalogue.forLocale(Locale.ENGLISH);

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private RuntimeProfile profile(ContainerRuntime runtime) {
    Path conf = dir.resolve("registries.conf");
    Path daemon = dir.resolve("daemon.json");
    return RuntimeProfile.builder(runtime)
        .registriesConf(Files.exists(conf) ? conf : null)
        .daemonJson(Files.exists(daemon) ? daemon : null)
        .hostsDir(dir.resolve("certs.d"))
        .build();
  }

  /** Runs {@code command} as printed, without sudo; returns its output. */
  private String run(String command) throws Exception {
    Process shell =
        new ProcessBuilder("sh", "-c", command.replace("sudo ", ""))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shell.waitFor()).as(command + "\n" + output).isZero();
    return output;
  }

  private RuntimeFixes.Fix fix(ContainerRuntime runtime, String image, FailureKind kind) {
    RuntimeProfile profile = profile(runtime);
    PullPlan plan = profile.plan(image);
    return RuntimeFixes.fix(runtime, profile, ImageReference.parse(image), kind, plan);
  }

  @Nested
  class Podman {
    @Test
    void insecureFixEditsTheExistingEntryInsteadOfAppendingASecond() throws Exception {
      Path conf =
          write(
              "registries.conf",
              "[[registry]]\nlocation = \"reg.example.com:5000\"\n\n"
                  + "[[registry.mirror]]\nlocation = \"m.example.com\"\n");
      RuntimeFixes.Fix fix =
          fix(
              ContainerRuntime.PODMAN,
              "reg.example.com:5000/app:1",
              FailureKind.PLAIN_HTTP_REGISTRY);

      assertThat(fix.at()).isEqualTo(conf + " line 1");
      assertThat(fix.lines()).isEqualTo("insecure = true");
      assertThat(fix.command())
          .isEqualTo("sudo sed -i.bak -e '1a insecure = true' " + conf)
          .doesNotContain("tee");
      run(fix.command());
      assertThat(Files.readString(conf)).containsOnlyOnce("[[registry]]\n");
      PullSource upstream =
          profile(ContainerRuntime.PODMAN).plan("reg.example.com:5000/app:1").upstream().get();
      assertThat(upstream.verifyTls()).isFalse();
      assertThat(profile(ContainerRuntime.PODMAN).plan("reg.example.com:5000/app:1").mirrors())
          .as("the mirror of the entry is kept")
          .hasSize(1);
    }

    @Test
    void insecureFixFlipsAnExplicitFalseAndEverySameLocationEntryOfTheFile() throws Exception {
      Path conf =
          write(
              "registries.conf",
              "[[registry]]\nlocation = \"reg.example.com\"\ninsecure = false\n"
                  + "[[registry]]\nprefix = \"alias.example.com/team\"\nlocation = \"reg.example.com\"\n");
      RuntimeFixes.Fix fix =
          fix(ContainerRuntime.PODMAN, "reg.example.com/app:1", FailureKind.TLS_UNTRUSTED);

      assertThat(fix.at()).isEqualTo(conf + " line 3");
      run(fix.command());
      assertThat(Files.readString(conf))
          .isEqualTo(
              "[[registry]]\nlocation = \"reg.example.com\"\ninsecure = true\n"
                  + "[[registry]]\ninsecure = true\nprefix = \"alias.example.com/team\"\n"
                  + "location = \"reg.example.com\"\n");
      // reading it again would throw on a conflict, as containers/image does
      assertThat(
              profile(ContainerRuntime.PODMAN)
                  .plan("reg.example.com/app:1")
                  .upstream()
                  .get()
                  .verifyTls())
          .isFalse();
    }

    @Test
    void withoutAnEntryTheFixStillAppendsOne() throws Exception {
      Path conf = write("registries.conf", "unqualified-search-registries = []\n");
      RuntimeFixes.Fix fix =
          fix(ContainerRuntime.PODMAN, "reg.example.com/app:1", FailureKind.PLAIN_HTTP_REGISTRY);

      assertThat(fix.at()).isNull();
      assertThat(fix.command()).contains("sudo tee -a " + conf);
      run(fix.command());
      assertThat(
              profile(ContainerRuntime.PODMAN)
                  .plan("reg.example.com/app:1")
                  .upstream()
                  .get()
                  .verifyTls())
          .isFalse();
    }

    @Test
    void blockedFixUnblocksTheBlockingEntryInPlace() throws Exception {
      Path conf =
          write(
              "registries.conf", "[[registry]]\nlocation = \"reg.example.com\"\nblocked = true\n");
      RuntimeFixes.Fix fix = fix(ContainerRuntime.PODMAN, "reg.example.com/app:1", null);

      assertThat(fix.at()).isEqualTo(conf + " line 3");
      run(fix.command());
      assertThat(profile(ContainerRuntime.PODMAN).plan("reg.example.com/app:1").refusal()).isNull();
    }

    @Test
    void ambiguousShortNameHasNoSearchListFix() throws Exception {
      write(
          "registries.conf",
          "short-name-mode = \"enforcing\"\n"
              + "unqualified-search-registries = [\"127.0.0.1:5000\", \"127.0.0.1:5001\"]\n");
      assertThat(fix(ContainerRuntime.PODMAN, "team/app:1.0", null))
          .as("the fix is a full name, not docker.io in the search list")
          .isNull();
    }

    @Test
    void aSearchListGoesAtTheTopWhereTopLevelKeysBelong() throws Exception {
      write("registries.conf", "[[registry]]\nlocation = \"reg.example.com\"\n");
      RuntimeFixes.Fix fix = fix(ContainerRuntime.PODMAN, "team/app:1.0", null);

      run(fix.command());
      assertThat(profile(ContainerRuntime.PODMAN).unqualifiedSearchRegistries())
          .as("appended after [[registry]] it would be a key of that table")
          .containsExactly("docker.io");
    }
  }

  @Nested
  class Containerd {
    @Test
    void plainHttpFixEditsTheServerLineOfAnExistingHostsToml() throws Exception {
      Path file =
          write(
              "certs.d/reg.example.com:5000/hosts.toml",
              "server = \"https://reg.example.com:5000\"\n\n[host.\"https://m.example.com\"]\n"
                  + "  capabilities = [\"pull\", \"resolve\"]\n"
                  + "  [host.\"https://m.example.com\".header]\n"
                  + "    X-Tenant = [\"blue\"]\n");
      RuntimeFixes.Fix fix =
          fix(
              ContainerRuntime.CONTAINERD,
              "reg.example.com:5000/app:1",
              FailureKind.PLAIN_HTTP_REGISTRY);

      assertThat(fix.at()).isEqualTo(file + " line 1");
      assertThat(fix.command()).doesNotContain("tee");
      run(fix.command());
      PullPlan plan = profile(ContainerRuntime.CONTAINERD).plan("reg.example.com:5000/app:1");
      assertThat(plan.upstream().get().url()).isEqualTo("http://reg.example.com:5000");
      assertThat(plan.mirrors().get(0).headers()).containsKey("X-Tenant");
    }

    @Test
    void caFixForANewHostsTomlNamesTheCaRelativeToTheHostDirectory() {
      RuntimeProfile profile = profile(ContainerRuntime.CONTAINERD);
      PullPlan plan = profile.plan("reg.example.com:5000/app:1");
      Map<String, String> values = new HashMap<>();

      RuntimeFixes.putCaFix(
          profile, "reg.example.com:5000", plan.upstream().get(), plan, catalogue, values);

      // containerd joins a relative ca with the host directory (makeAbsPath in hosts.go)
      assertThat(values.get("caCommand"))
          .contains("'  ca = \"ca.crt\"'")
          .doesNotContain("ca = \"" + dir)
          .endsWith("| sudo tee " + dir.resolve("certs.d/reg.example.com:5000/hosts.toml"));
      assertThat(values).doesNotContainKey("caEditCommand");
    }

    @Test
    void caFixAddsCaToEveryTableOfTheEndpointInTheExistingFile() throws Exception {
      Path host = dir.resolve("certs.d/reg.example.com:5000");
      Path file =
          write(
              "certs.d/reg.example.com:5000/hosts.toml",
              "server = \"https://reg.example.com:5000\"\n\n"
                  + "[host.\"https://reg.example.com:5000\"]\n  capabilities = [\"pull\", \"resolve\"]\n"
                  + "  [host.\"https://reg.example.com:5000\".header]\n    X-Tenant = [\"blue\"]\n");
      write("ca.crt", "-----BEGIN CERTIFICATE-----\n");
      RuntimeProfile profile = profile(ContainerRuntime.CONTAINERD);
      PullPlan plan = profile.plan("reg.example.com:5000/app:1");
      Map<String, String> values = new HashMap<>();

      RuntimeFixes.putCaFix(
          profile, "reg.example.com:5000", plan.upstream().get(), plan, catalogue, values);

      assertThat(values.get("caAt")).isEqualTo(file + " line 3, " + file + " line 1");
      assertThat(values).doesNotContainKey("caCommand");
      run(values.get("caEditCommand"));
      PullPlan fixed = profile(ContainerRuntime.CONTAINERD).plan("reg.example.com:5000/app:1");
      assertThat(fixed.sources())
          .allSatisfy(
              source -> assertThat(source.caFiles()).containsExactly(host.resolve("ca.crt")));
      assertThat(fixed.mirrors().get(0).headers()).containsKey("X-Tenant");
      assertThat(fixed.mirrors().get(0).capabilities()).containsExactly("pull", "resolve");
      assertThat(host.resolve("ca.crt")).exists();
    }
  }

  @Nested
  class Docker {
    @Test
    void insecureRegistriesFixKeepsTheOtherDaemonJsonSettings() throws Exception {
      Path daemon =
          write(
              "daemon.json",
              "{\"debug\": true, \"registry-mirrors\": [\"https://m.example.com\"]}\n");
      RuntimeFixes.Fix fix =
          fix(ContainerRuntime.DOCKER, "reg.example.com/app:1", FailureKind.PLAIN_HTTP_REGISTRY);

      assertThat(fix.command())
          .doesNotContain("tee " + daemon + " ")
          .doesNotEndWith("tee " + daemon);
      run(fix.command());
      assertThat(Files.readString(daemon))
          .contains("\"debug\": true")
          .contains("https://m.example.com")
          .contains("\"insecure-registries\": [\n    \"reg.example.com\"\n  ]");
      assertThat(dir.resolve("daemon.json.bak")).exists();
    }

    @Test
    void withoutDaemonJsonTheFixWritesANewOne() throws Exception {
      RuntimeProfile profile =
          RuntimeProfile.builder(ContainerRuntime.DOCKER)
              .daemonJson(write("daemon.json", "{}"))
              .build();
      Files.delete(dir.resolve("daemon.json"));
      RuntimeFixes.Fix fix =
          RuntimeFixes.fix(
              ContainerRuntime.DOCKER,
              profile,
              ImageReference.parse("reg.example.com/app:1"),
              FailureKind.PLAIN_HTTP_REGISTRY,
              profile.plan("reg.example.com/app:1"));

      run(fix.command());
      assertThat(Files.readString(dir.resolve("daemon.json")))
          .isEqualTo("{\"insecure-registries\": [\"reg.example.com\"]}\n");
    }
  }
}
