package dev.regdoctor.diagnostics;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.credentials.DockerConfig;
import dev.regdoctor.credentials.DockerCredentialResolver;
import dev.regdoctor.credentials.KubernetesCredentialResolver;
import dev.regdoctor.credentials.KubernetesSecrets;
import dev.regdoctor.credentials.PullSecret;
import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.internal.json.YamlInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The credential files {@link RegistryDoctor.Builder} reads, turned into a resolver as Docker or
 * the kubelet would use them, with what was left unused said in words for an {@code INPUT_IGNORED}
 * warning.
 */
final class CredentialSources {
  /** A resolver, and why the file gave no credentials when it gave none ({@code null}: it did). */
  record Source(CredentialResolver resolver, @Nullable String ignored) {}

  private CredentialSources() {}

  /**
   * Returns {@code resolver}, an embedding program's own, held to its contract: a lookup that
   * throws, or returns null, gives no credentials and a {@link
   * CredentialProblem.Kind#HELPER_FAILED} problem naming the resolver (its class; for a lambda, the
   * class that wrote it), as a failing Docker credential helper does. The exception's message is
   * not kept: it may hold a secret.
   */
  static CredentialResolver guarded(CredentialResolver resolver) {
    String source = Diagnoser.RESOLVER_SOURCE + name(resolver.getClass());
    return (registry, repository) -> {
      CredentialLookup lookup;
      try {
        lookup = resolver.lookup(registry, repository);
      } catch (RuntimeException e) {
        return failed(source, "threw " + e.getClass().getName() + " instead of returning a lookup");
      }
      return lookup != null ? lookup : failed(source, "returned null instead of a lookup");
    };
  }

  private static CredentialLookup failed(String source, String message) {
    return new CredentialLookup(
        null,
        null,
        List.of(source),
        List.of(),
        List.of(new CredentialProblem(CredentialProblem.Kind.HELPER_FAILED, source, message)));
  }

  /** Returns a class's name; for a lambda's hidden class, its writer's name and {@code $Lambda}. */
  private static String name(Class<?> type) {
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    return lambda < 0 ? name : name.substring(0, lambda) + "$Lambda";
  }

  /**
   * A docker {@code config.json}, or a directory holding one ({@code --config DIR}): a file that
   * cannot be parsed gives a resolver whose lookups report {@code CONFIG_INVALID}; a directory
   * without {@code config.json}, or none at all, is Docker's "no configuration".
   *
   * @throws IllegalArgumentException if the path names a {@code .json} file that does not exist
   */
  static Source dockerConfig(Path fileOrDirectory) {
    boolean namesFile =
        Files.isRegularFile(fileOrDirectory)
            || (!Files.exists(fileOrDirectory) && fileOrDirectory.toString().endsWith(".json"));
    if (namesFile && !Files.exists(fileOrDirectory)) {
      throw new IllegalArgumentException("docker config " + fileOrDirectory + " does not exist");
    }
    if (!namesFile && !Files.isRegularFile(fileOrDirectory.resolve("config.json"))) {
      return new Source(
          CredentialResolver.anonymous(),
          "docker config directory "
              + fileOrDirectory
              + (Files.isDirectory(fileOrDirectory) ? " has no config.json" : " does not exist")
              + ": Docker treats that as no configuration, so registries were contacted"
              + " anonymously");
    }
    try {
      return new Source(
          DockerCredentialResolver.of(DockerConfig.read(fileOrDirectory), System.getenv()), null);
    } catch (ConfigException e) {
      CredentialProblem problem =
          new CredentialProblem(CredentialProblem.Kind.CONFIG_INVALID, e.source(), e.getMessage());
      return new Source(
          (registry, repository) ->
              new CredentialLookup(null, null, List.of(e.source()), List.of(), List.of(problem)),
          null);
    }
  }

  /**
   * The pull secrets of a Kubernetes manifest file, matched to images as the kubelet does.
   *
   * @throws ConfigException if the file cannot be read or parsed, naming the file and position
   */
  static Source kubernetesSecrets(Path file) {
    // The same size and YAML limits as every other manifest input.
    String text = YamlInput.readFile(file);
    List<PullSecret> secrets = KubernetesSecrets.parse(text, file.toString());
    return new Source(
        KubernetesCredentialResolver.of(secrets),
        secrets.isEmpty()
            ? "pull secrets file "
                + file
                + " holds no Secret: registries were contacted anonymously"
            : null);
  }
}
