package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One container runtime's pull rules with this machine's configuration: which endpoints it tries
 * for an image, in which order, and how (plain HTTP, TLS verification, CA files).
 *
 * <ul>
 *   <li>Docker: {@code daemon.json} {@code registry-mirrors} for Docker Hub images only, then
 *       {@code registry-1.docker.io}; {@code insecure-registries} (and always {@code 127.0.0.0/8},
 *       {@code ::1}) allow plain HTTP and skip verification; CAs from {@code certs.d}.
 *   <li>containerd (and the kubelet through CRI): {@code hosts.toml} under the hosts directory.
 *   <li>Podman, CRI-O, skopeo, Buildah: {@code registries.conf} v2 and its drop-ins, short-name
 *       aliases and {@code unqualified-search-registries}.
 * </ul>
 *
 * <p>Configuration files are read when the profile is built; a {@code hosts.toml} when a plan needs
 * it. Immutable and thread-safe.
 */
public final class RuntimeProfile {
  /** containerd's default hosts directory ({@code config_path} in the CRI configuration). */
  public static final Path DEFAULT_HOSTS_DIR = Path.of("/etc/containerd/certs.d");

  /** Docker's default {@code daemon.json}. */
  public static final Path DEFAULT_DAEMON_JSON = Path.of("/etc/docker/daemon.json");

  /** containers/image's default {@code registries.conf}. */
  public static final Path DEFAULT_REGISTRIES_CONF = Path.of("/etc/containers/registries.conf");

  private final ContainerRuntime runtime;
  private final @Nullable DaemonConfig daemonOrNull;
  private final @Nullable ConfigException daemonProblem;
  private final Path hostsDir;
  // false: no hosts.toml is read, containerd's built-in defaults apply (withHostsDir(null))
  private final boolean readsHostsDir;
  private final @Nullable RegistriesConf registriesOrNull;
  private final @Nullable ConfigException registriesProblem;
  private final CertificateDirectories certificates;
  private final List<Path> containersCertRoots;
  private final AddressLookup addresses;

  /**
   * Where containers/image (Podman, CRI-O, skopeo) looks for {@code <host:port>/} certificate
   * directories, the first existing one winning: {@code ~/.config/containers/certs.d}, {@code
   * /etc/containers/certs.d}, {@code /etc/docker/certs.d}.
   */
  public static List<Path> defaultContainersCertRoots() {
    return List.of(
        Path.of(System.getProperty("user.home"), ".config", "containers", "certs.d"),
        Path.of("/etc/containers/certs.d"),
        Path.of("/etc/docker/certs.d"));
  }

  private RuntimeProfile(Builder builder) {
    this.runtime = builder.runtime;
    // Files given explicitly must parse now; a broken system file of another runtime only
    // matters when a plan for that runtime needs it.
    Lenient<DaemonConfig> daemon =
        builder.daemonJson != null
            ? new Lenient<>(DaemonConfig.read(builder.daemonJson), null)
            : Lenient.of(() -> DaemonConfig.readOrDefaults(DEFAULT_DAEMON_JSON));
    this.daemonOrNull = daemon.value();
    this.daemonProblem = daemon.problem();
    this.hostsDir = builder.hostsDir != null ? builder.hostsDir : DEFAULT_HOSTS_DIR;
    this.readsHostsDir = true;
    Lenient<RegistriesConf> registries =
        builder.registriesConf != null
            ? new Lenient<>(RegistriesConf.read(builder.registriesConf), null)
            : Lenient.of(
                () ->
                    Files.isRegularFile(DEFAULT_REGISTRIES_CONF)
                        ? RegistriesConf.read(DEFAULT_REGISTRIES_CONF)
                        : RegistriesConf.empty());
    this.registriesOrNull = registries.value();
    this.registriesProblem = registries.problem();
    this.certificates = builder.certificates;
    this.containersCertRoots = builder.containersCertRoots;
    this.addresses = builder.addresses;
    if (runtime == ContainerRuntime.DOCKER && daemonProblem != null) {
      throw daemonProblem;
    }
    if (runtime == ContainerRuntime.PODMAN && registriesProblem != null) {
      throw registriesProblem;
    }
  }

  private RuntimeProfile(
      RuntimeProfile base, ContainerRuntime runtime, Path hostsDir, boolean readsHostsDir) {
    this.runtime = runtime;
    this.daemonOrNull = base.daemonOrNull;
    this.daemonProblem = base.daemonProblem;
    this.hostsDir = hostsDir;
    this.readsHostsDir = readsHostsDir;
    this.registriesOrNull = base.registriesOrNull;
    this.registriesProblem = base.registriesProblem;
    this.certificates = base.certificates;
    this.containersCertRoots = base.containersCertRoots;
    this.addresses = base.addresses;
  }

  /** A system file read without failing: its value, or why it could not be read. */
  private record Lenient<T>(@Nullable T value, @Nullable ConfigException problem) {
    static <T> Lenient<T> of(java.util.function.Supplier<T> read) {
      try {
        return new Lenient<>(read.get(), null);
      } catch (ConfigException e) {
        return new Lenient<>(null, e);
      }
    }
  }

  private DaemonConfig daemon() {
    if (daemonOrNull == null) {
      throw requireNonNull(daemonProblem);
    }
    return daemonOrNull;
  }

  private RegistriesConf registries() {
    if (registriesOrNull == null) {
      throw requireNonNull(registriesProblem);
    }
    return registriesOrNull;
  }

  /** Returns a builder for {@code runtime} with the system default configuration paths. */
  public static Builder builder(ContainerRuntime runtime) {
    return new Builder(runtime);
  }

  /**
   * Returns {@code runtime}'s profile with the system configuration: {@code
   * /etc/docker/daemon.json}, {@code /etc/containerd/certs.d}, {@code
   * /etc/containers/registries.conf}, each when present.
   *
   * @throws ConfigException if a present file cannot be read or parsed
   */
  public static RuntimeProfile system(ContainerRuntime runtime) {
    return builder(runtime).build();
  }

  /** Returns the runtime whose rules this profile applies. */
  public ContainerRuntime runtime() {
    return runtime;
  }

  /** Returns the same configuration under another runtime's rules. */
  public RuntimeProfile as(ContainerRuntime other) {
    return other == runtime
        ? this
        : new RuntimeProfile(this, requireNonNull(other, "other"), hostsDir, readsHostsDir);
  }

  /**
   * Returns the same configuration with containerd's {@code hosts.toml} files read from {@code dir}
   * instead; with {@code null}, none is read and containerd's built-in defaults apply to every
   * registry ({@code https://host}, plain HTTP for loopback hosts, the system CAs), for a machine
   * whose containerd configuration is not at hand: a cluster node's is not this machine's. {@link
   * #hostsDir()} is then {@link #DEFAULT_HOSTS_DIR}, where a new {@code hosts.toml} belongs.
   */
  public RuntimeProfile withHostsDir(@Nullable Path dir) {
    return new RuntimeProfile(this, runtime, dir == null ? DEFAULT_HOSTS_DIR : dir, dir != null);
  }

  /**
   * Returns the Docker daemon settings (defaults when no {@code daemon.json} was read).
   *
   * @throws ConfigException if the system {@code daemon.json} cannot be parsed
   */
  public DaemonConfig daemonConfig() {
    return daemon();
  }

  /**
   * Returns containerd's hosts directory: the one whose {@code hosts.toml} files are read, or where
   * a new one belongs when none is read ({@link #withHostsDir withHostsDir(null)}).
   */
  public Path hostsDir() {
    return hostsDir;
  }

  /** Returns the {@code registries.conf} files read, main file first; empty when none. */
  public List<String> registriesConfFiles() {
    return registriesOrNull == null ? List.of() : List.copyOf(registriesOrNull.files);
  }

  /**
   * Returns the {@code registries.conf} entries a change to {@code image}'s registry settings must
   * edit: the {@code [[registry]]} that containers/image uses for it, then every other entry of the
   * same file with the same location (containers/image rejects the whole file when those disagree
   * on {@code insecure} or {@code blocked}). Empty when no entry matches, or no file was read.
   *
   * @param image a fully qualified reference, e.g. {@code registry.example.com/team/app:1.0}
   */
  public List<RegistriesConfEntry> registriesConfEntries(String image) {
    requireNonNull(image, "image");
    if (registriesOrNull == null) {
      return List.of();
    }
    RegistriesConf.Registry matched = registriesOrNull.find(image);
    if (matched == null) {
      return List.of();
    }
    String key = matched.location().isEmpty() ? matched.prefix() : matched.location();
    List<RegistriesConfEntry> entries = new ArrayList<>();
    entries.add(entry(matched));
    for (RegistriesConf.Registry other : registriesOrNull.declared) {
      String otherKey = other.location().isEmpty() ? other.prefix() : other.location();
      if (other != matched && other.file().equals(matched.file()) && otherKey.equals(key)) {
        entries.add(entry(other));
      }
    }
    return List.copyOf(entries);
  }

  private static RegistriesConfEntry entry(RegistriesConf.Registry registry) {
    return new RegistriesConfEntry(
        registry.file(),
        registry.line(),
        registry.prefix(),
        registry.location(),
        registry.insecure(),
        registry.blocked(),
        registry.insecureLine(),
        registry.blockedLine(),
        registry.v1());
  }

  /**
   * Returns {@code unqualified-search-registries} from {@code registries.conf} (the last file that
   * sets it), in the order podman tries them; empty when none is configured.
   */
  public List<String> unqualifiedSearchRegistries() {
    return registriesOrNull == null ? List.of() : List.copyOf(registriesOrNull.unqualifiedSearch);
  }

  /**
   * Returns the directory whose {@code hosts.toml} containerd reads for {@code registry} (as the
   * image names it, e.g. {@code localhost:5000}): the first existing of {@code <dir>/host_port_}
   * and {@code <dir>/host:port}, else {@code <dir>/host:port}, where a new one belongs ({@code
   * _default} is never returned: a file there would apply to every registry).
   */
  public Path containerdHostDirectory(String registry) {
    requireNonNull(registry, "registry");
    Path existing = readsHostsDir ? ContainerdHosts.hostDirectory(hostsDir, registry) : null;
    if (existing != null && !existing.getFileName().toString().equals("_default")) {
      return existing;
    }
    return hostsDir.resolve(registry);
  }

  /**
   * Returns what this runtime would do to pull {@code input} (as typed: Podman treats short names
   * differently from Docker).
   *
   * @throws InvalidReferenceException if {@code input} is not a valid reference
   * @throws ConfigException if a {@code hosts.toml} needed for the plan cannot be read or parsed
   */
  public PullPlan plan(String input) {
    requireNonNull(input, "input");
    ImageReference image = ImageReference.parse(input);
    return switch (runtime) {
      case DOCKER -> docker(image);
      case CONTAINERD -> containerd(image);
      case PODMAN -> podman(input, image);
    };
  }

  private PullPlan docker(ImageReference image) {
    DaemonConfig daemon = daemon();
    List<PullSource> sources = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> files = daemon.source().equals("defaults") ? List.of() : List.of(daemon.source());
    List<URI> mirrors = daemon.mirrorsFor(image.registry());
    if (mirrors.isEmpty() && !daemon.registryMirrors().isEmpty()) {
      notes.add(
          "registry-mirrors in "
              + daemon.source()
              + " apply to Docker Hub images only; "
              + image.registry()
              + " is not Docker Hub, so dockerd pulls from it directly");
    }
    for (int i = 0; i < mirrors.size(); i++) {
      URI mirror = mirrors.get(i);
      RegistryEndpoint endpoint = endpointOf(mirror);
      String path = mirror.getRawPath() == null ? "" : mirror.getRawPath();
      if (!path.isEmpty() && !path.equals("/")) {
        notes.add("mirror " + mirror + " has a path: dockerd sends /v2/ requests under " + path);
      }
      // dockerd names the certificate directory and matches insecure-registries with the host as
      // the mirror URL writes it (a port only when given): moby isSecureIndex(mirrorURL.Host)
      String mirrorHost =
          mirror.getPort() == -1 ? mirror.getHost() : mirror.getHost() + ":" + mirror.getPort();
      boolean insecure = DockerInsecurity.of(daemon, mirrorHost, addresses) != DockerInsecurity.NO;
      CertificateFiles mirrorFiles = dockerCertificates(mirrorHost);
      sources.add(
          new PullSource(
              PullSource.Role.MIRROR,
              i + 1,
              endpoint,
              image.repository(),
              false,
              !insecure,
              mirrorFiles.dockerCaFiles(),
              PullSource.ALL_CAPABILITIES,
              false,
              "/v2",
              daemon.source() + " /registry-mirrors/" + i,
              mirrorFiles.dockerClientCertificates(),
              Map.of()));
    }
    String apiHost = image.apiHost();
    HostPort hostPort = HostPort.parse(apiHost);
    int port = hostPort.port().isEmpty() ? 443 : hostPort.portNumber();
    DockerInsecurity why =
        image.isDockerHub()
            ? DockerInsecurity.NO
            : DockerInsecurity.of(daemon, image.registry(), addresses);
    boolean insecure = why != DockerInsecurity.NO;
    CertificateFiles upstreamFiles =
        dockerCertificates(image.isDockerHub() ? apiHost : image.registry());
    sources.add(
        new PullSource(
            PullSource.Role.UPSTREAM,
            sources.size() + 1,
            new RegistryEndpoint("https", hostPort.host(), port),
            image.repository(),
            insecure,
            !insecure,
            upstreamFiles.dockerCaFiles(),
            PullSource.ALL_CAPABILITIES,
            false,
            "/v2",
            insecure ? why.reason(daemon) : "the image reference",
            upstreamFiles.dockerClientCertificates(),
            Map.of()));
    return new PullPlan(runtime, image.canonical(), sources, null, notes, files);
  }

  /** Docker's {@code certs.d} files for {@code hostPort}: CAs and client certificates. */
  private CertificateFiles dockerCertificates(String hostPort) {
    try {
      return certificates.find(hostPort);
    } catch (IllegalArgumentException e) {
      return new CertificateFiles(hostPort, null, List.of(), List.of(), null, List.of(), List.of());
    }
  }

  private PullPlan containerd(ImageReference image) {
    ContainerdHosts.Hosts hosts =
        ContainerdHosts.plan(readsHostsDir ? hostsDir : null, image.registry(), image.repository());
    List<String> notes = new ArrayList<>(hosts.notes());
    boolean byDigest = image.digest() != null;
    List<PullSource> sources = new ArrayList<>();
    for (PullSource source : hosts.sources()) {
      boolean usable = byDigest ? source.canPull() : source.canResolve();
      if (!usable) {
        notes.add(
            source.url()
                + " has capabilities "
                + source.capabilities()
                + ": containerd does not "
                + (byDigest ? "pull" : "resolve tags")
                + " there");
        continue;
      }
      if (source.overridePath()) {
        notes.add(source.url() + " uses override_path: requests go to " + source.path());
      }
      if (!source.clientCertificates().isEmpty()) {
        notes.add(
            source.url()
                + " is offered client certificates "
                + source.clientCertificates().stream()
                    .map(pair -> String.valueOf(pair.certificate()))
                    .toList());
      }
      if (!source.headers().isEmpty()) {
        notes.add(
            source.url()
                + " is sent the headers "
                + String.join(", ", source.headers().keySet())
                + " (values not shown)");
      }
      sources.add(source.withOrder(sources.size() + 1));
    }
    return new PullPlan(runtime, image.canonical(), sources, null, notes, hosts.files());
  }

  private PullPlan podman(String input, ImageReference parsed) {
    RegistriesConf registries = registries();
    List<String> notes = new ArrayList<>();
    List<String> files = List.copyOf(registries.files);
    ImageReference image = parsed;
    if (isShortName(input)) {
      String name = input;
      int at = name.indexOf('@');
      String suffix = "";
      if (at >= 0) {
        suffix = name.substring(at);
        name = name.substring(0, at);
      }
      int colon = name.lastIndexOf(':');
      if (colon >= 0) {
        suffix = name.substring(colon) + suffix;
        name = name.substring(0, colon);
      }
      RegistriesConf.Alias alias = registries.aliases.get(name);
      if (alias != null) {
        notes.add(
            "short name " + name + " is an alias for " + alias.target() + " (" + alias.at() + ")");
        image = ImageReference.parse(alias.target() + (suffix.isEmpty() ? ":latest" : suffix));
      } else {
        List<String> search = registries.unqualifiedSearch;
        String mode = registries.shortNameMode.isEmpty() ? "permissive" : registries.shortNameMode;
        if (search.isEmpty()) {
          return new PullPlan(
              runtime,
              input.strip(),
              List.of(),
              "short name \""
                  + name
                  + "\" did not resolve to an alias and no unqualified-search registries are defined"
                  + (files.isEmpty() ? "" : " in " + files.get(0)),
              notes,
              files);
        }
        if (search.size() > 1 && mode.equals("enforcing")) {
          return new PullPlan(
              runtime,
              input.strip(),
              List.of(),
              "short name \""
                  + name
                  + "\" is ambiguous with short-name-mode = \"enforcing\": podman asks which of "
                  + String.join(", ", search)
                  + " to use on a terminal and fails without one; use the full name",
              notes,
              files);
        }
        image =
            ImageReference.parse(
                search.get(0) + "/" + name + (suffix.isEmpty() ? ":latest" : suffix));
        notes.add(
            "short name "
                + name
                + " resolved through unqualified-search-registries ("
                + registries.searchAt
                + ") to "
                + image.canonical()
                + (search.size() > 1 ? "; the other search registries are tried after it" : ""));
      }
    }
    String ref = image.canonical();
    RegistriesConf.Registry registry = registries.find(ref);
    List<PullSource> sources = new ArrayList<>();
    if (registry == null) {
      sources.add(
          podmanSource(
              PullSource.Role.UPSTREAM,
              1,
              image.registry(),
              image.repository(),
              false,
              "the image reference"));
      return new PullPlan(runtime, ref, sources, null, notes, files);
    }
    if (registry.blocked()) {
      return new PullPlan(
          runtime,
          ref,
          List.of(),
          "registry " + registry.prefix() + " is blocked in " + registry.at() + " (blocked = true)",
          notes,
          files);
    }
    int prefixLength = RegistriesConf.matchingPrefix(ref, registry.prefix());
    String rest = ref.substring(prefixLength);
    boolean digested = image.digest() != null;
    for (RegistriesConf.Mirror mirror : registry.mirrors()) {
      boolean applies =
          registry.mirrorByDigestOnly()
              ? digested
              : mirror.pullFromMirror().equals("all")
                  || (mirror.pullFromMirror().equals("digest-only") && digested)
                  || (mirror.pullFromMirror().equals("tag-only") && !digested);
      if (!applies) {
        notes.add(
            "mirror "
                + mirror.location()
                + " ("
                + mirror.at()
                + ") is skipped for "
                + (digested ? "digest" : "tag")
                + " references ("
                + (registry.mirrorByDigestOnly()
                    ? "mirror-by-digest-only = true"
                    : "pull-from-mirror = \"" + mirror.pullFromMirror() + "\"")
                + ")");
        continue;
      }
      ImageReference rewritten = rewrite(mirror.location(), rest, mirror.at());
      sources.add(
          podmanSource(
              PullSource.Role.MIRROR,
              sources.size() + 1,
              rewritten.registry(),
              rewritten.repository(),
              mirror.insecure(),
              mirror.at()));
    }
    ImageReference primary =
        registry.location().isEmpty() ? image : rewrite(registry.location(), rest, registry.at());
    if (!primary.registry().equals(image.registry())
        || !primary.repository().equals(image.repository())) {
      notes.add(ref + " is rewritten to " + primary.canonical() + " (" + registry.at() + ")");
    }
    sources.add(
        podmanSource(
            PullSource.Role.UPSTREAM,
            sources.size() + 1,
            primary.registry(),
            primary.repository(),
            registry.insecure(),
            registry.at()));
    return new PullPlan(runtime, ref, sources, null, notes, files);
  }

  private static ImageReference rewrite(String location, String rest, String at) {
    try {
      return ImageReference.parse(location + rest);
    } catch (InvalidReferenceException e) {
      throw new ConfigException(
          at, "", "location " + location + " does not form a valid reference: " + e.reason());
    }
  }

  private PullSource podmanSource(
      PullSource.Role role,
      int order,
      String registry,
      String repository,
      boolean insecure,
      String at) {
    String apiHost =
        registry.equals(ImageReference.DOCKER_HUB) ? ImageReference.DOCKER_HUB_API_HOST : registry;
    HostPort hostPort = HostPort.parse(apiHost);
    int port = hostPort.port().isEmpty() ? 443 : hostPort.portNumber();
    List<Path> cas = new ArrayList<>();
    List<CertificateFiles.ClientCertificate> clients = new ArrayList<>();
    Path certDir = containersCertDir(apiHost);
    if (certDir != null) {
      // containers/image tlsclient.SetupCertificates: *.crt CAs, *.cert with the *.key of its name
      cas.addAll(ContainerdHosts.crtFiles(certDir));
      clients.addAll(ContainerdHosts.certFiles(certDir));
    }
    return new PullSource(
        role,
        order,
        new RegistryEndpoint("https", hostPort.host(), port),
        repository,
        insecure,
        !insecure,
        cas,
        PullSource.ALL_CAPABILITIES,
        false,
        "/v2",
        certDir == null ? at : at + "; certificates from " + certDir,
        clients,
        Map.of());
  }

  /** Returns the first existing {@code <root>/<host:port>} of containers/image, or null. */
  private @Nullable Path containersCertDir(String hostPort) {
    if (hostPort.contains("/") || hostPort.contains("\\") || hostPort.startsWith(".")) {
      return null;
    }
    for (Path root : containersCertRoots) {
      Path dir = root.resolve(hostPort);
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    return null;
  }

  /** A name whose first component is not a registry: no {@code .}, {@code :}, not localhost. */
  static boolean isShortName(String input) {
    String text = input.strip();
    int slash = text.indexOf('/');
    if (slash < 0) {
      return true;
    }
    String first = text.substring(0, slash);
    return !(first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.toLowerCase(Locale.ROOT).equals(first));
  }

  private static RegistryEndpoint endpointOf(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null) {
      host = uri.getAuthority();
    }
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
    return new RegistryEndpoint(scheme, host, port);
  }

  /** Configures a {@link RuntimeProfile}. Not thread-safe. */
  public static final class Builder {
    private final ContainerRuntime runtime;
    private @Nullable Path daemonJson;
    private @Nullable Path hostsDir;
    private @Nullable Path registriesConf;
    private CertificateDirectories certificates = CertificateDirectories.defaults();
    private List<Path> containersCertRoots = defaultContainersCertRoots();
    private AddressLookup addresses = AddressLookup.NONE;

    private Builder(ContainerRuntime runtime) {
      this.runtime = requireNonNull(runtime, "runtime");
    }

    /** Reads Docker's settings from {@code file} instead of {@code /etc/docker/daemon.json}. */
    public Builder daemonJson(@Nullable Path file) {
      daemonJson = file;
      return this;
    }

    /** Reads containerd's {@code hosts.toml} files under {@code dir} instead of the default. */
    public Builder hostsDir(@Nullable Path dir) {
      hostsDir = dir;
      return this;
    }

    /**
     * Reads containers/image settings from {@code file} (and {@code file.d/*.conf}) instead of
     * {@code /etc/containers/registries.conf}.
     */
    public Builder registriesConf(@Nullable Path file) {
      registriesConf = file;
      return this;
    }

    /**
     * Reads Podman's per-registry certificate directories ({@code <dir>/<host:port>/*.crt, *.cert,
     * *.key}) under {@code dir} only, instead of {@link #defaultContainersCertRoots()}.
     */
    public Builder containersCertsDir(@Nullable Path dir) {
      containersCertRoots = dir == null ? defaultContainersCertRoots() : List.of(dir);
      return this;
    }

    /**
     * Resolves registry and mirror names with {@code lookup} where a rule depends on their
     * addresses: dockerd treats a name that resolves into {@code 127.0.0.0/8}, {@code ::1} or an
     * {@code insecure-registries} range as insecure. The default, {@link AddressLookup#NONE},
     * resolves nothing, so only IP literals and exact entries count.
     */
    public Builder addressLookup(AddressLookup lookup) {
      addresses = requireNonNull(lookup, "lookup");
      return this;
    }

    /** Uses other {@code certs.d} roots for Docker. */
    public Builder certificates(CertificateDirectories value) {
      certificates = requireNonNull(value, "value");
      return this;
    }

    /**
     * Reads the configuration and returns the profile.
     *
     * @throws ConfigException naming file, line and key when a file cannot be read or parsed
     */
    public RuntimeProfile build() {
      return new RuntimeProfile(this);
    }
  }
}
