package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed docker client configuration ({@code ~/.docker/config.json}): the {@code auths} entries,
 * {@code credsStore} and {@code credHelpers}, read with the docker CLI's rules (docker/cli {@code
 * cli/config/configfile/file.go}).
 *
 * <p>Parsing follows Go's {@code encoding/json} as docker uses it: member names of the known fields
 * match case-insensitively ({@code "Auths"} works), unknown members are ignored, only the first
 * JSON value counts, an empty file is an empty configuration, and a known field of the wrong type
 * fails the whole document. Entries may be keyed by {@code host}, {@code host:port}, {@code
 * https://host}, {@code http://host} or a URL with a path such as {@code https://host/v1/}; see
 * {@link DockerCredentialResolver} for how keys are matched.
 *
 * <p>The {@code proxies} section is validated but not exposed: docker applies it to containers,
 * never to image pulls. {@code email} is ignored, as docker does.
 *
 * <p>Instances are immutable and thread-safe; {@code toString} never shows secrets.
 *
 * @param source where the configuration came from: a file path, or {@value #AUTH_CONFIG_VARIABLE}
 * @param auths the {@code auths} entries in document order; entries from the {@value
 *     #AUTH_CONFIG_VARIABLE} variable come first and have that source
 * @param credsStore the default credential helper suffix (e.g. {@code desktop}), or {@code null}
 * @param credHelpers per-registry helper suffixes, e.g. {@code gcr.io -> gcloud}
 * @param problems problems that do not stop parsing but matter to a runtime, e.g. a byte order mark
 *     the docker CLI cannot read, or an unusable {@value #AUTH_CONFIG_VARIABLE}
 */
public record DockerConfig(
    String source,
    List<AuthEntry> auths,
    @Nullable String credsStore,
    Map<String, String> credHelpers,
    List<CredentialProblem> problems) {

  /**
   * The environment variable holding a config document with {@code auths} only, read by the docker
   * CLI since 28.3.
   */
  public static final String AUTH_CONFIG_VARIABLE = "DOCKER_AUTH_CONFIG";

  /** The key docker stores and looks up Docker Hub credentials under. */
  public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  /** The largest configuration file read, in bytes. */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  /** Validates and copies the collections; an empty {@code credsStore} means none, as in Go. */
  public DockerConfig {
    requireNonNull(source, "source");
    auths = List.copyOf(auths);
    credsStore = credsStore == null || credsStore.isEmpty() ? null : credsStore;
    credHelpers = Collections.unmodifiableMap(new LinkedHashMap<>(credHelpers));
    problems = List.copyOf(problems);
  }

  /**
   * One {@code auths} entry. Its {@code toString} redacts every secret.
   *
   * @param key the key as written, e.g. {@code https://index.docker.io/v1/}
   * @param source the document it came from: a file path or {@value #AUTH_CONFIG_VARIABLE}
   * @param username the user name from {@code auth} or {@code username}, or {@code null}
   * @param password the password from {@code auth} or {@code password}, or {@code null}
   * @param identityToken the {@code identitytoken} (an OAuth2 refresh token), or {@code null}
   * @param registryToken the {@code registrytoken} (a bearer token), or {@code null}
   */
  public record AuthEntry(
      String key,
      String source,
      @Nullable String username,
      @Nullable Secret password,
      @Nullable Secret identityToken,
      @Nullable Secret registryToken) {

    /** Validates the key and source; empty user names become {@code null}. */
    public AuthEntry {
      requireNonNull(key, "key");
      requireNonNull(source, "source");
      username = username == null || username.isEmpty() ? null : username;
    }

    /**
     * Returns the credential docker would send for this entry: the {@code registrytoken} first,
     * then the {@code identitytoken}, then user name and password; empty when the entry holds no
     * usable credential (for instance {@code {}} next to a {@code credsStore}, or a user name
     * without a password).
     */
    public Optional<Credential> credential() {
      if (registryToken != null) {
        return Optional.of(new Credential.RegistryToken(registryToken));
      }
      if (identityToken != null) {
        return Optional.of(new Credential.IdentityToken(username, identityToken));
      }
      if (username != null && password != null) {
        return Optional.of(new Credential.UsernamePassword(username, password));
      }
      return Optional.empty();
    }

    /** Returns whether this entry came from the {@value #AUTH_CONFIG_VARIABLE} variable. */
    public boolean isFromAuthConfigVariable() {
      return AUTH_CONFIG_VARIABLE.equals(source);
    }
  }

  /** Returns a configuration with nothing in it, e.g. for a missing file. */
  public static DockerConfig empty(String source) {
    return new DockerConfig(source, List.of(), null, Map.of(), List.of());
  }

  /**
   * Parses a {@code config.json} document.
   *
   * <p>A leading UTF-8 byte order mark is skipped, but recorded in {@link #problems()}: the docker
   * CLI cannot parse such a file and carries on without it.
   *
   * @param json the document; empty or blank means an empty configuration, as for docker
   * @param sourceName the file path or another name, used in messages and {@link
   *     AuthEntry#source()}
   * @throws ConfigException if docker would reject the document: invalid JSON (the reason gives
   *     line and column), a known field of the wrong type, or an {@code auth} value that is not
   *     base64 of {@code user:password} (the pointer names the entry, the message never its value)
   */
  public static DockerConfig parse(String json, String sourceName) {
    requireNonNull(json, "json");
    requireNonNull(sourceName, "sourceName");
    return DockerConfigParser.parseConfigFile(json, sourceName);
  }

  /**
   * Parses a legacy {@code ~/.dockercfg} document: a flat object of {@code {"host": {"auth": "…",
   * "email": "…"}}}, which docker clients before 23.0 read when no {@code config.json} existed.
   *
   * @throws ConfigException as for {@link #parse(String, String)}
   */
  public static DockerConfig parseLegacy(String json, String sourceName) {
    requireNonNull(json, "json");
    requireNonNull(sourceName, "sourceName");
    return DockerConfigParser.parseLegacy(json, sourceName);
  }

  /**
   * Parses the value of the {@value #AUTH_CONFIG_VARIABLE} environment variable as the docker CLI
   * does: a single object with only {@code auths}, whose entries have only a non-empty {@code
   * auth}. The docker CLI ignores the whole variable (printing a warning) when any of this is
   * violated.
   *
   * @throws ConfigException with source {@value #AUTH_CONFIG_VARIABLE} if docker would ignore it
   */
  public static DockerConfig parseAuthConfigVariable(String value) {
    requireNonNull(value, "value");
    return DockerConfigParser.parseAuthConfigVariable(value);
  }

  /**
   * Reads a configuration file. A directory means {@code <dir>/config.json}, as for {@code docker
   * --config DIR}.
   *
   * @throws ConfigException if the file cannot be read (source is its path) or parsed
   */
  public static DockerConfig read(Path fileOrDir) {
    requireNonNull(fileOrDir, "fileOrDir");
    Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve("config.json") : fileOrDir;
    String source = file.toString();
    return parse(ConfigFiles.readUtf8(file, source, MAX_FILE_BYTES), source);
  }

  /**
   * Returns the files {@link #fromEnvironment(Map, Path)} considers, in order: {@code
   * $DOCKER_CONFIG/config.json} (or {@code ~/.docker/config.json} when {@code DOCKER_CONFIG} is
   * unset), {@code ~/.dockercfg}, {@code $REGISTRY_AUTH_FILE}, {@code
   * $XDG_RUNTIME_DIR/containers/auth.json}.
   */
  public static List<Path> locations(Map<String, String> environment, Path home) {
    requireNonNull(environment, "environment");
    requireNonNull(home, "home");
    List<Path> paths = new ArrayList<>();
    String dockerConfig = environment.get("DOCKER_CONFIG");
    Path dir =
        dockerConfig == null || dockerConfig.isEmpty()
            ? home.resolve(".docker")
            : Path.of(dockerConfig);
    paths.add(dir.resolve("config.json"));
    paths.add(home.resolve(".dockercfg"));
    String authFile = environment.get("REGISTRY_AUTH_FILE");
    if (authFile != null && !authFile.isEmpty()) {
      paths.add(Path.of(authFile));
    }
    String runtimeDir = environment.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isEmpty()) {
      paths.add(Path.of(runtimeDir, "containers", "auth.json"));
    }
    return List.copyOf(paths);
  }

  /**
   * Finds the configuration a docker client would use on this machine.
   *
   * <p>The first existing file of {@link #locations(Map, Path)} is read: the docker CLI's {@code
   * config.json}; otherwise the legacy {@code ~/.dockercfg} (a problem notes that docker 23.0 and
   * later ignore it); otherwise podman's {@code $REGISTRY_AUTH_FILE} or {@code
   * $XDG_RUNTIME_DIR/containers/auth.json}, so hosts running podman still get an answer. Entries
   * from {@value #AUTH_CONFIG_VARIABLE} are then placed in front, as docker consults that variable
   * first.
   *
   * <p>This method does not throw {@link ConfigException}: like docker, which warns and carries on
   * without a file it cannot parse, it returns an empty configuration for that file whose {@link
   * #problems()} hold the reason; an unusable variable is likewise a problem.
   *
   * @param environment the environment, e.g. {@code System.getenv()}
   * @param home the user's home directory
   * @return the configuration, or empty when no file exists and the variable is unset
   */
  public static Optional<DockerConfig> fromEnvironment(Map<String, String> environment, Path home) {
    List<Path> paths = locations(environment, home);
    DockerConfig config = null;
    for (int i = 0; i < paths.size() && config == null; i++) {
      Path path = paths.get(i);
      if (Files.exists(path)) {
        config = readLeniently(path, i == 1);
      }
    }
    String variable = environment.get(AUTH_CONFIG_VARIABLE);
    if (variable == null || variable.isEmpty()) {
      return Optional.ofNullable(config);
    }
    DockerConfig base = config == null ? empty(AUTH_CONFIG_VARIABLE) : config;
    try {
      return Optional.of(base.withAuthConfigVariable(parseAuthConfigVariable(variable)));
    } catch (ConfigException e) {
      CredentialProblem problem =
          new CredentialProblem(
              CredentialProblem.Kind.CONFIG_INVALID,
              AUTH_CONFIG_VARIABLE,
              e.getMessage() + "; the docker CLI ignores the variable");
      return Optional.of(base.withProblem(problem));
    }
  }

  private static DockerConfig readLeniently(Path path, boolean legacy) {
    String source = path.toString();
    try {
      if (legacy) {
        String text = ConfigFiles.readUtf8(path, source, MAX_FILE_BYTES);
        return parseLegacy(text, source)
            .withProblem(
                new CredentialProblem(
                    CredentialProblem.Kind.CONFIG_INVALID,
                    source,
                    "legacy ~/.dockercfg is read only by docker clients before 23.0 and only when"
                        + " no config.json exists; run docker login to create"
                        + " ~/.docker/config.json"));
      }
      return read(path);
    } catch (ConfigException e) {
      return empty(source)
          .withProblem(
              new CredentialProblem(
                  CredentialProblem.Kind.CONFIG_INVALID,
                  source,
                  e.getMessage() + "; docker ignores the file and pulls without its credentials"));
    }
  }

  /**
   * Returns the first entry whose key is exactly {@code key}, entries from {@value
   * #AUTH_CONFIG_VARIABLE} first.
   */
  public Optional<AuthEntry> auth(String key) {
    requireNonNull(key, "key");
    return auths.stream().filter(entry -> entry.key().equals(key)).findFirst();
  }

  /** Returns this configuration with {@code variable}'s entries in front of its own. */
  DockerConfig withAuthConfigVariable(DockerConfig variable) {
    List<AuthEntry> merged = new ArrayList<>(variable.auths());
    merged.addAll(auths);
    List<CredentialProblem> allProblems = new ArrayList<>(problems);
    allProblems.addAll(variable.problems());
    return new DockerConfig(source, merged, credsStore, credHelpers, allProblems);
  }

  /** Returns this configuration with one more problem. */
  DockerConfig withProblem(CredentialProblem problem) {
    List<CredentialProblem> allProblems = new ArrayList<>(problems);
    allProblems.add(problem);
    return new DockerConfig(source, auths, credsStore, credHelpers, allProblems);
  }
}
