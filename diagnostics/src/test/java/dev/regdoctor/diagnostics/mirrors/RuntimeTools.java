package dev.regdoctor.diagnostics.mirrors;

import dev.regdoctor.testkit.HostTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * The real runtimes as ground truth: a private containerd (root and state under a temp dir, bound
 * to nothing but its unix socket) driven with {@code ctr --hosts-dir}, and skopeo with {@code
 * --registries-conf}. Outside CI a missing tool skips the test; with {@code CI=true} it fails.
 */
final class RuntimeTools implements AutoCloseable {
  private final Path dir;
  private final Process containerd;
  private final Path socket;

  private RuntimeTools(Path dir, Process containerd, Path socket) {
    this.dir = dir;
    this.containerd = containerd;
    this.socket = socket;
  }

  /** A finished command: exit code and combined output. */
  record Run(int exit, String output) {}

  static void require(String tool, String debianPackage) {
    HostTools.require(tool, debianPackage);
  }

  static RuntimeTools start(Path dir) throws Exception {
    require("containerd", "containerd");
    require("ctr", "containerd");
    require("skopeo", "skopeo");
    if (!"root".equals(System.getProperty("user.name"))) {
      String reason = "containerd needs root (user is " + System.getProperty("user.name") + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(reason);
      }
      throw new TestAbortedException(reason);
    }
    Path ctd = Files.createDirectories(dir.resolve("ctd"));
    Path socket = ctd.resolve("containerd.sock");
    Files.writeString(
        ctd.resolve("config.toml"),
        "version = 2\n"
            + "root = \""
            + ctd.resolve("root")
            + "\"\nstate = \""
            + ctd.resolve("state")
            + "\"\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"
            + "[grpc]\n  address = \""
            + socket
            + "\"\n[ttrpc]\n  address = \""
            + ctd.resolve("containerd.sock.ttrpc")
            + "\"\n[debug]\n  address = \"\"\n[metrics]\n  address = \"\"\n");
    Process process =
        new ProcessBuilder("containerd", "--config", ctd.resolve("config.toml").toString())
            .redirectErrorStream(true)
            .redirectOutput(ctd.resolve("containerd.log").toFile())
            .start();
    RuntimeTools tools = new RuntimeTools(dir, process, socket);
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      if (Files.exists(socket)
          && tools
                  .run(
                      Duration.ofSeconds(5),
                      List.of("ctr", "--address", socket.toString(), "version"))
                  .exit()
              == 0) {
        Files.writeString(dir.resolve("auth.json"), "{\"auths\": {}}");
        Files.writeString(dir.resolve("containers.conf"), "");
        return tools;
      }
      Thread.sleep(50);
    }
    tools.close();
    throw new IllegalStateException(
        "containerd did not start: " + Files.readString(ctd.resolve("containerd.log")));
  }

  /** {@code ctr images pull --hosts-dir DIR IMAGE} (plain HTTP only as hosts.toml says). */
  Run ctrPull(Path hostsDir, String image) throws Exception {
    String address = socket.toString();
    run(
        Duration.ofSeconds(10),
        List.of("ctr", "--address", address, "-n", "rd", "images", "rm", image));
    return run(
        Duration.ofSeconds(60),
        List.of(
            "ctr",
            "--address",
            address,
            "-n",
            "rd",
            "--timeout",
            "30s",
            "images",
            "pull",
            "--hosts-dir",
            hostsDir.toString(),
            image));
  }

  /** {@code skopeo --registries-conf FILE copy docker://IMAGE dir:…}: a real pull. */
  Run skopeoPull(Path registriesConf, String image) throws Exception {
    return skopeoPull(registriesConf, image, List.of());
  }

  /** Like {@link #skopeoPull(Path, String)} with extra {@code copy} options. */
  Run skopeoPull(Path registriesConf, String image, List<String> copyOptions) throws Exception {
    Path target = Files.createTempDirectory(dir, "skopeo");
    List<String> command =
        new ArrayList<>(
            List.of(
                "skopeo",
                "--registries-conf",
                registriesConf.toString(),
                "--command-timeout",
                "30s",
                "copy",
                "--retry-times",
                "0"));
    command.addAll(copyOptions);
    command.add("docker://" + image);
    command.add("dir:" + target);
    return run(Duration.ofSeconds(60), command);
  }

  Run run(Duration timeout, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    for (String name :
        List.of(
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "http_proxy",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
            "NO_PROXY",
            "no_proxy")) {
      env.remove(name);
    }
    env.put("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
    env.put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
    env.put("CONTAINERD_SNAPSHOTTER", "native");
    Path out = Files.createTempFile(dir, "run", ".log");
    builder.redirectOutput(out.toFile());
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      return new Run(124, Files.readString(out, StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws InterruptedException {
    containerd.destroy();
    if (!containerd.waitFor(10, TimeUnit.SECONDS)) {
      containerd.destroyForcibly().waitFor();
    }
  }
}
