package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds credentials as the docker CLI does before a pull (docker/cli {@code
 * cli/config/configfile/file.go} {@code GetAuthConfig}), and explains what it saw.
 *
 * <p>The order, for the key {@code https://index.docker.io/v1/} (Docker Hub) or the registry's
 * {@code host[:port]}:
 *
 * <ol>
 *   <li>an explicit credential, when one was given ({@link #withExplicit(Credential)});
 *   <li>{@value DockerConfig#AUTH_CONFIG_VARIABLE} entries, by exact key only;
 *   <li>the helper {@code credHelpers[key]} (exact key), else the {@code credsStore} helper. When a
 *       helper applies, docker asks only the helper: {@code auths} entries are not used even if the
 *       helper has nothing, and a failing helper fails the pull;
 *   <li>otherwise {@code auths[key]}, or else the first entry (in document order; docker walks a Go
 *       map, so with several such keys its choice is random) whose key, stripped of scheme and
 *       path, is the registry ({@code http://registry.example.com}, {@code
 *       registry.example.com/v2/}). Docker Hub matches only the exact key {@code
 *       https://index.docker.io/v1/}; {@code docker.io}, {@code index.docker.io} or {@code
 *       registry-1.docker.io} keys are reported as near misses.
 * </ol>
 *
 * <p>An empty {@code credHelpers} value for the key selects no helper (not even {@code
 * credsStore}), as in docker.
 *
 * <p>Each lookup lists the sources consulted, near misses (a key for the same host with another
 * port or letter case, a subdomain, Hub credentials under {@code docker.io}, an {@code auths} entry
 * shadowed by a helper, …) and problems: unreadable files, failing helpers, and credentials that
 * are JWTs past their {@code exp} (reported as {@link CredentialProblem.Kind#EXPIRED} while the
 * credential is still returned, so a live probe can confirm).
 *
 * <p>Instances are immutable and thread-safe; helpers run in the calling thread.
 */
public final class DockerCredentialResolver implements CredentialResolver {

  private final DockerConfig config;
  private final Map<String, String> environment;
  private final @Nullable Credential explicit;
  private final Clock clock;
  private final Duration helperTimeout;

  private DockerCredentialResolver(
      DockerConfig config,
      Map<String, String> environment,
      @Nullable Credential explicit,
      Clock clock,
      Duration helperTimeout) {
    this.config = config;
    this.environment = environment;
    this.explicit = explicit;
    this.clock = clock;
    this.helperTimeout = helperTimeout;
  }

  /**
   * Returns a resolver over {@code config}, running helpers with {@code environment} (which must
   * hold their {@code PATH}), the system clock and {@link CredentialHelper#DEFAULT_TIMEOUT}.
   */
  public static DockerCredentialResolver of(DockerConfig config, Map<String, String> environment) {
    requireNonNull(config, "config");
    requireNonNull(environment, "environment");
    return new DockerCredentialResolver(
        config,
        Collections.unmodifiableMap(new LinkedHashMap<>(environment)),
        null,
        Clock.systemUTC(),
        CredentialHelper.DEFAULT_TIMEOUT);
  }

  /**
   * Returns a resolver over the configuration {@link DockerConfig#fromEnvironment(Map, Path)}
   * finds, or an empty one named after the default {@code config.json} path when there is none.
   */
  public static DockerCredentialResolver fromEnvironment(
      Map<String, String> environment, Path home) {
    DockerConfig config =
        DockerConfig.fromEnvironment(environment, home)
            .orElseGet(
                () ->
                    DockerConfig.empty(
                        DockerConfig.locations(environment, home).get(0).toString()));
    return of(config, environment);
  }

  /** Returns a copy that answers {@code credential} first, with source {@code explicit}. */
  public DockerCredentialResolver withExplicit(Credential credential) {
    requireNonNull(credential, "credential");
    return new DockerCredentialResolver(config, environment, credential, clock, helperTimeout);
  }

  /** Returns a copy that judges token expiry against {@code clock}. */
  public DockerCredentialResolver withClock(Clock clock) {
    requireNonNull(clock, "clock");
    return new DockerCredentialResolver(config, environment, explicit, clock, helperTimeout);
  }

  /**
   * Returns a copy whose helpers are killed after {@code timeout}.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public DockerCredentialResolver withHelperTimeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("helperTimeout must be positive but was " + timeout);
    }
    return new DockerCredentialResolver(config, environment, explicit, clock, timeout);
  }

  /** Returns the configuration this resolver reads. */
  public DockerConfig config() {
    return config;
  }

  @Override
  public CredentialLookup lookup(String registry, String repository) {
    requireNonNull(registry, "registry");
    requireNonNull(repository, "repository");
    Lookup lookup = new Lookup(registry);
    lookup.problems.addAll(config.problems());
    if (explicit != null) {
      return lookup.found(explicit, "explicit");
    }
    String key = DockerKeys.authConfigKey(registry);
    String fileLabel = fileName(config.source());

    // 1. DOCKER_AUTH_CONFIG: an in-memory store keyed exactly, consulted before anything else.
    List<DockerConfig.AuthEntry> variableEntries = new ArrayList<>();
    List<DockerConfig.AuthEntry> fileEntries = new ArrayList<>();
    for (DockerConfig.AuthEntry entry : config.auths()) {
      (entry.isFromAuthConfigVariable() ? variableEntries : fileEntries).add(entry);
    }
    boolean variableSet =
        !variableEntries.isEmpty()
            || config.problems().stream()
                .anyMatch(p -> p.source().equals(DockerConfig.AUTH_CONFIG_VARIABLE));
    if (variableSet) {
      lookup.consulted.add(DockerConfig.AUTH_CONFIG_VARIABLE + " auths");
      for (DockerConfig.AuthEntry entry : variableEntries) {
        if (entry.key().equals(key) && entry.credential().isPresent()) {
          return lookup.found(
              entry.credential().get(), DockerConfig.AUTH_CONFIG_VARIABLE + " auths " + quote(key));
        }
        lookup.nearMiss(DockerConfig.AUTH_CONFIG_VARIABLE + " auths", entry.key(), true);
      }
    }

    // 2. A helper: credHelpers[key], else credsStore. Docker then ignores auths entirely. An
    // empty credHelpers value selects no helper at all, not even credsStore (as in docker).
    CredentialHelper helper = null;
    if (config.credHelpers().containsKey(key)) {
      String helperName = config.credHelpers().get(key);
      if (!helperName.isEmpty()) {
        helper = CredentialHelper.credHelper(helperName, environment);
      }
    } else if (config.credsStore() != null) {
      helper = CredentialHelper.credsStore(config.credsStore(), environment);
    }
    for (String helperKey : config.credHelpers().keySet()) {
      if (!helperKey.equals(key)) {
        lookup.nearMiss(fileLabel + " credHelpers", helperKey, true);
      }
    }
    if (helper != null) {
      helper = helper.withTimeout(helperTimeout);
      lookup.consulted.add(helper.label());
      CredentialHelper.Result result = helper.get(key);
      if (result instanceof CredentialHelper.Result.Found found) {
        return lookup.found(found.credential(), helper.label());
      }
      if (result instanceof CredentialHelper.Result.Failed failed) {
        lookup.problems.add(failed.problem());
      }
      for (DockerConfig.AuthEntry entry : fileEntries) {
        if (DockerKeys.fileStoreMatches(entry.key(), key) && entry.credential().isPresent()) {
          lookup.nearMisses.add(
              fileLabel
                  + " auths has "
                  + quote(entry.key())
                  + " (not used: docker asks "
                  + helper.label()
                  + " for this registry instead)");
        } else {
          lookup.nearMiss(fileLabel + " auths", entry.key(), false);
        }
      }
      return lookup.none();
    }

    // 3. The file's auths: the exact key, else a legacy key whose host is the registry.
    lookup.consulted.add(config.source() + " auths");
    DockerConfig.AuthEntry match = null;
    for (DockerConfig.AuthEntry entry : fileEntries) {
      if (entry.key().equals(key)) {
        match = entry;
        break;
      }
    }
    if (match == null) {
      for (DockerConfig.AuthEntry entry : fileEntries) {
        if (DockerKeys.fileStoreMatches(entry.key(), key)) {
          match = entry;
          break;
        }
      }
    }
    for (DockerConfig.AuthEntry entry : fileEntries) {
      if (entry == match) {
        continue;
      }
      if (match != null && DockerKeys.fileStoreMatches(entry.key(), key)) {
        lookup.nearMisses.add(
            fileLabel
                + " auths has "
                + quote(entry.key())
                + " (also names this registry; docker uses "
                + quote(match.key())
                + ")");
      } else {
        lookup.nearMiss(fileLabel + " auths", entry.key(), false);
      }
    }
    if (match != null) {
      if (match.credential().isPresent()) {
        return lookup.found(match.credential().get(), fileLabel + " auths " + quote(match.key()));
      }
      lookup.nearMisses.add(
          fileLabel
              + " auths has "
              + quote(match.key())
              + " but it holds no credentials (no auth, password or token)");
    }
    return lookup.none();
  }

  /** Returns the last path segment, e.g. {@code config.json}, or the name as is. */
  private static String fileName(String source) {
    int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
    return slash >= 0 && slash < source.length() - 1 ? source.substring(slash + 1) : source;
  }

  private static String quote(String key) {
    return "\"" + key + "\"";
  }

  /** The lists one lookup fills. */
  private final class Lookup {
    private final String registry;
    private final List<String> consulted = new ArrayList<>();
    private final List<String> nearMisses = new ArrayList<>();
    private final List<CredentialProblem> problems = new ArrayList<>();

    Lookup(String registry) {
      this.registry = registry;
    }

    void nearMiss(String label, String entryKey, boolean exactOnly) {
      String reason = DockerKeys.nearMiss(entryKey, registry, exactOnly);
      if (reason != null) {
        nearMisses.add(label + " has " + quote(entryKey) + " (" + reason + ")");
      }
    }

    CredentialLookup found(Credential credential, String source) {
      if (consulted.isEmpty()) {
        consulted.add(source);
      }
      TokenExpiry.check(credential, source, clock).ifPresent(problems::add);
      return new CredentialLookup(credential, source, consulted, nearMisses, problems);
    }

    CredentialLookup none() {
      return new CredentialLookup(null, null, consulted, nearMisses, problems);
    }
  }
}
