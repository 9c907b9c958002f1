package dev.regdoctor.diagnostics.kubernetes;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Real manifests from the real kubectl client ({@code --dry-run=client}, no cluster). Outside CI a
 * missing kubectl skips the test with a reason; with {@code CI=true} it fails.
 */
final class KubectlManifests {
  static final YAMLMapper YAML =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
  private static Path home;

  private KubectlManifests() {}

  static Path require() {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("kubectl is required in CI but not on PATH");
    }
    assumeTrue(false, "kubectl is not on PATH; skipping tests built on real kubectl manifests");
    throw new AssertionError("unreachable");
  }

  /** Runs {@code kubectl args…} with an empty HOME and no kubeconfig, and returns its output. */
  static synchronized String run(String... args) {
    try {
      if (home == null) {
        home = Files.createTempDirectory("regdoctor-kubectl");
        home.toFile().deleteOnExit();
      }
      List<String> command = new ArrayList<>();
      command.add(require().toString());
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
      builder.environment().put("HOME", home.toString());
      builder.environment().put("KUBECONFIG", home.resolve("no-kubeconfig").toString());
      Path stderr = home.resolve("kubectl.stderr");
      builder.redirectError(stderr.toFile());
      stderr.toFile().deleteOnExit();
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("kubectl did not finish within 30 s");
      }
      if (process.exitValue() != 0) {
        fail("kubectl " + String.join(" ", args) + " failed: " + Files.readString(stderr));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code kubectl create secret docker-registry NAME -n NAMESPACE --docker-server=… -o yaml}. */
  static String pullSecret(
      String name, String namespace, String server, String user, String password) {
    return run(
        "create",
        "secret",
        "docker-registry",
        name,
        "-n",
        namespace,
        "--docker-server=" + server,
        "--docker-username=" + user,
        "--docker-password=" + password,
        "--docker-email=" + user + "@example.com",
        "--dry-run=client",
        "-o",
        "yaml");
  }

  /** {@code kubectl create deployment NAME -n NAMESPACE --image=…} ({@code -o yaml}). */
  static String deployment(String name, String namespace, String... images) {
    List<String> args = new ArrayList<>(List.of("create", "deployment", name, "-n", namespace));
    for (String image : images) {
      args.add("--image=" + image);
    }
    args.addAll(List.of("--dry-run=client", "-o", "yaml"));
    return run(args.toArray(String[]::new));
  }

  /** {@code kubectl create serviceaccount NAME -n NAMESPACE -o yaml}. */
  static String serviceAccount(String name, String namespace) {
    return run("create", "serviceaccount", name, "-n", namespace, "--dry-run=client", "-o", "yaml");
  }

  /** Applies {@code change} to the single YAML document {@code yaml}. */
  static String edit(String yaml, Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) YAML.readTree(yaml);
      change.accept(root);
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the pod template spec of a Deployment-like object. */
  static ObjectNode podSpec(ObjectNode workload) {
    JsonNode spec = workload.path("spec").path("template").path("spec");
    return (ObjectNode) spec;
  }

  /** Sets the pod spec's {@code imagePullSecrets} to {@code names}. */
  static String withPullSecrets(String workload, String... names) {
    return edit(
        workload,
        root -> {
          var list = podSpec(root).putArray("imagePullSecrets");
          for (String name : names) {
            list.addObject().put("name", name);
          }
        });
  }

  /** Sets the service account's {@code imagePullSecrets} to {@code names}. */
  static String accountWithPullSecrets(String account, String... names) {
    return edit(
        account,
        root -> {
          var list = root.putArray("imagePullSecrets");
          for (String name : names) {
            list.addObject().put("name", name);
          }
        });
  }

  /** Joins YAML documents with {@code ---}. */
  static String documents(String... yamls) {
    return String.join("---\n", yamls);
  }
}
