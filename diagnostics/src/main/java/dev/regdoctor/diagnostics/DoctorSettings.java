package dev.regdoctor.diagnostics;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.credentials.DockerCredentialResolver;
import dev.regdoctor.diagnostics.internal.CredentialOrigin;
import dev.regdoctor.diagnostics.internal.PullThresholds;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.DaemonConfig;
import dev.regdoctor.endpoint.ProxySettings;
import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.internal.probe.Durations;
import dev.regdoctor.probe.InvalidSettingException;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import dev.regdoctor.reference.Platform;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RegistryDoctor.Builder} collects, and the checks of each value: the builder is the
 * public, documented face (its setters delegate here), this class holds the values, validates them
 * as they come, describes them for {@code toString} and reads the runtime's configuration for the
 * doctor being built. Not thread-safe, like the builder.
 */
final class DoctorSettings {
  ProbeSettings.Builder probe = ProbeSettings.builder();
  // every call that changes the probe settings, in order: startFrom(value) replays them on value
  private final List<java.util.function.Consumer<ProbeSettings.Builder>> probeCalls =
      new java.util.ArrayList<>();
  private @Nullable String proxyDescription;
  @Nullable CredentialResolver credentials;
  private boolean proxyChosen;
  Locale locale = Locale.getDefault();
  ProgressListener listener = ProgressListener.NONE;
  int concurrency = 8;
  @Nullable ContainerRuntime runtime;
  @Nullable Path daemonJsonFile;
  @Nullable Path hostsDir;
  @Nullable Path registriesConf;
  @Nullable Path certsDir;
  PullThresholds thresholds = PullThresholds.DEFAULTS;
  CredentialOrigin origin = CredentialOrigin.DOCKER_DEFAULT;
  final List<String> ignoredInputs = new java.util.ArrayList<>();

  void credentials(String username, String password) {
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    if (username.isEmpty()) {
      throw InvalidSettingException.of("credentials", null, "username must not be empty");
    }
    if (password.isEmpty()) {
      throw InvalidSettingException.of("credentials", null, "password must not be empty");
    }
    credentials(Credential.of(username, password));
  }

  void credentials(Credential credential) {
    requireNonNull(credential, "credential");
    credentials = CredentialResolver.explicit(credential);
    origin = new CredentialOrigin(CredentialOrigin.Kind.EXPLICIT, null, credential.username());
  }

  void credentials(CredentialResolver resolver) {
    credentials = CredentialSources.guarded(requireNonNull(resolver, "resolver"));
    origin = new CredentialOrigin(CredentialOrigin.Kind.CUSTOM, null, null);
  }

  void ignoredInput(String description) {
    requireNonNull(description, "description");
    if (description.isBlank()) {
      throw InvalidSettingException.of("ignoredInput", null, "description must not be blank");
    }
    ignoredInputs.add(description.strip());
  }

  void dockerConfig(Path fileOrDirectory) {
    requireNonNull(fileOrDirectory, "fileOrDirectory");
    CredentialSources.Source source;
    try {
      source = CredentialSources.dockerConfig(fileOrDirectory);
    } catch (IllegalArgumentException e) {
      throw invalid("dockerConfig", fileOrDirectory.toString(), "does not exist", e);
    }
    origin =
        new CredentialOrigin(CredentialOrigin.Kind.DOCKER_CONFIG, fileOrDirectory.toString(), null);
    use(source);
  }

  void kubernetesSecrets(Path file) {
    CredentialSources.Source source =
        CredentialSources.kubernetesSecrets(requireNonNull(file, "file"));
    // A file with no Secret has no entries to check: advice must not send the user to them.
    origin =
        new CredentialOrigin(
            CredentialOrigin.Kind.KUBERNETES,
            source.ignored() == null ? file.toString() : null,
            null);
    use(source);
  }

  private void use(CredentialSources.Source source) {
    credentials = source.resolver();
    if (source.ignored() != null) {
      ignoredInput(source.ignored());
    }
  }

  void daemonJson(Path file) {
    DaemonConfig daemon = DaemonConfig.read(requireNonNull(file, "file"));
    daemonJsonFile = file;
    for (String entry : daemon.insecureRegistries()) {
      try {
        change(probe -> probe.insecureRegistry(entry));
      } catch (InvalidSettingException e) {
        // dockerd takes a few entries no image can name (port 0, an odd IPv6 literal): they
        // change nothing, and must not stop the diagnosis
        ignoredInput(
            "daemon.json "
                + file
                + " insecure-registries: "
                + e.reason()
                + "; no image can name it, so it was not used");
      }
    }
    daemon
        .insecureCidrs()
        .forEach(
            cidr ->
                change(
                    probe ->
                        probe.insecureRegistry(
                            cidr.network().getHostAddress() + "/" + cidr.prefixLength())));
  }

  void runtime(ContainerRuntime value) {
    runtime = requireNonNull(value, "value");
  }

  void hostsDir(Path dir) {
    hostsDir = requireNonNull(dir, "dir");
  }

  void registriesConf(Path file) {
    registriesConf = requireNonNull(file, "file");
  }

  void certsDir(Path dir) {
    certsDir = requireNonNull(dir, "dir");
  }

  void pullTest(boolean value) {
    change(probe -> probe.pullTest(value));
  }

  void pullSampleBytes(long bytes) {
    change(probe -> probe.pullSampleBytes(bytes));
  }

  void slowPullThreshold(Duration value) {
    thresholds =
        new PullThresholds(
            Durations.positive("slowPullThreshold", value),
            thresholds.largeImageBytes(),
            thresholds.largeImageLayers());
  }

  void largeImageThreshold(long bytes, int layers) {
    if (bytes < 1 || layers < 1) {
      throw InvalidSettingException.of(
          "largeImageThreshold", bytes + " bytes, " + layers + " layers", "must both be positive");
    }
    thresholds = new PullThresholds(thresholds.slowPull(), bytes, layers);
  }

  void proxyFromEnvironment(java.util.Map<String, String> environment) {
    ProxySettings proxies = ProxySettings.fromEnvironment(environment);
    proxyChosen = true;
    proxyDescription = "from environment";
    change(probe -> probe.proxies(proxies));
  }

  void timeout(Duration timeout) {
    change(probe -> probe.timeout(timeout));
  }

  void connectTimeout(Duration timeout) {
    change(probe -> probe.connectTimeout(timeout));
  }

  void caFile(Path caFile) {
    requireNonNull(caFile, "caFile");
    try {
      change(probe -> probe.caCertificate(caFile));
    } catch (InvalidSettingException e) {
      // the same words under this builder's name, not the settings builder's caCertificate
      String problem = e.reason().substring(e.value().length() + 3);
      throw invalid("caFile", caFile.toString(), problem, e);
    }
  }

  void insecureRegistry(String hostOrCidr) {
    requireNonNull(hostOrCidr, "hostOrCidr");
    change(probe -> probe.insecureRegistry(hostOrCidr));
  }

  void insecure(boolean value) {
    change(probe -> probe.insecureAll(value));
  }

  void plainHttpRegistry(String hostPort) {
    requireNonNull(hostPort, "hostPort");
    change(probe -> probe.plainHttpRegistry(hostPort));
  }

  void proxy(URI proxy) {
    requireNonNull(proxy, "proxy");
    change(probe -> probe.proxy(proxy));
    proxyChosen = true;
    proxyDescription = proxy.getScheme() + "://" + proxy.getHost() + ":" + port(proxy);
  }

  void proxySelector(@Nullable ProxySelector selector) {
    proxyChosen = true;
    proxyDescription = selector == null ? "JVM default" : "custom selector";
    change(probe -> probe.proxySelector(selector));
  }

  void resolve(String hostPortAddress) {
    requireNonNull(hostPortAddress, "hostPortAddress");
    ResolveOverride override;
    try {
      override = ResolveOverride.parse(hostPortAddress);
    } catch (IllegalArgumentException e) {
      throw invalid(
          "resolve",
          hostPortAddress,
          "is not HOST:PORT:ADDRESS, e.g. registry.example.com:443:127.0.0.1 ("
              + e.getMessage()
              + ")",
          e);
    }
    change(probe -> probe.resolve(override));
  }

  void platform(String platform) {
    requireNonNull(platform, "platform");
    Platform parsed;
    try {
      parsed = Platform.parse(platform);
    } catch (IllegalArgumentException e) {
      throw invalid(
          "platform",
          platform,
          "is not os/architecture[/variant], e.g. linux/arm64 or linux/arm/v7",
          e);
    }
    change(probe -> probe.platform(parsed));
  }

  void locale(Locale value) {
    locale = requireNonNull(value, "locale");
  }

  void listener(ProgressListener value) {
    listener = requireNonNull(value, "listener");
  }

  void concurrency(int value) {
    if (value < 1 || value > 256) {
      throw InvalidSettingException.of("concurrency", Integer.toString(value), "is not in 1..256");
    }
    concurrency = value;
  }

  void startFrom(ProbeSettings value) {
    requireNonNull(value, "settings");
    ProbeSettings.Builder merged = value.toBuilder();
    probeCalls.forEach(call -> call.accept(merged));
    probe = merged;
    proxyChosen = true;
    if (proxyDescription == null) {
      proxyDescription = value.proxySelector() == null ? "JVM default" : "from settings";
    }
  }

  private void change(java.util.function.Consumer<ProbeSettings.Builder> call) {
    call.accept(probe);
    probeCalls.add(call);
  }

  private static InvalidSettingException invalid(
      String setting, String value, String problem, Exception cause) {
    InvalidSettingException invalid = InvalidSettingException.of(setting, value, problem);
    invalid.initCause(cause);
    return invalid;
  }

  private static int port(URI uri) {
    return uri.getPort() != -1
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean hasProxyVariables(java.util.Map<String, String> environment) {
    for (String name : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Describes these values with {@code probe} built from them, never a secret: {@code
   * [credentials=…, runtime=…, …]}.
   */
  String describe(ProbeSettings probe) {
    List<String> parts = new java.util.ArrayList<>();
    parts.add("credentials=" + credentialsDescription());
    parts.add(
        "runtime="
            + (runtime == null ? "docker" : runtime.name().toLowerCase(Locale.ROOT))
            + (runtime == null && hostsDir == null && registriesConf == null && certsDir == null
                ? " (default)"
                : ""));
    parts.add("timeout=" + durationText(probe.deadline()));
    parts.add("connectTimeout=" + durationText(probe.connectTimeout()));
    parts.add("platform=" + probe.platform());
    parts.add("locale=" + (locale.toLanguageTag().isEmpty() ? "root" : locale.toLanguageTag()));
    parts.add("concurrency=" + concurrency);
    if (probe.insecureAll()) {
      parts.add("insecure=true");
    }
    if (!probe.insecureRegistries().isEmpty()) {
      parts.add("insecureRegistries=" + probe.insecureRegistries());
    }
    if (!probe.plainHttpRegistries().isEmpty()) {
      parts.add("plainHttpRegistries=" + probe.plainHttpRegistries());
    }
    if (!probe.caCertificates().isEmpty()) {
      parts.add("caFiles=" + probe.caCertificates());
    }
    if (!probe.resolveOverrides().isEmpty()) {
      parts.add(
          "resolve="
              + probe.resolveOverrides().stream()
                  .map(
                      o ->
                          o.host()
                              + ":"
                              + (o.port() == 0 ? "*" : Integer.toString(o.port()))
                              + ":"
                              + o.address())
                  .toList());
    }
    if (proxyDescription != null) {
      parts.add("proxy=" + proxyDescription);
    }
    if (probe.pullTest()) {
      parts.add("pullTest=true, pullSampleBytes=" + probe.pullSampleBytes());
    }
    if (daemonJsonFile != null) {
      parts.add("daemonJson=" + daemonJsonFile);
    }
    if (hostsDir != null) {
      parts.add("hostsDir=" + hostsDir);
    }
    if (registriesConf != null) {
      parts.add("registriesConf=" + registriesConf);
    }
    if (certsDir != null) {
      parts.add("certsDir=" + certsDir);
    }
    if (!ignoredInputs.isEmpty()) {
      parts.add("ignoredInputs=" + ignoredInputs.size());
    }
    return "[" + String.join(", ", parts) + "]";
  }

  private String credentialsDescription() {
    return switch (origin.kind()) {
      case DOCKER_DEFAULT -> "local Docker configuration";
      case DOCKER_CONFIG -> "docker config " + origin.location();
      case EXPLICIT -> "explicit (user " + origin.user() + ")";
      case KUBERNETES ->
          origin.location() == null ? "pull secrets (none)" : "pull secrets " + origin.location();
      case CUSTOM -> "custom resolver";
    };
  }

  private static String durationText(Duration value) {
    long millis = value.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return java.math.BigDecimal.valueOf(millis)
            .movePointLeft(3)
            .stripTrailingZeros()
            .toPlainString()
        + " s";
  }

  /**
   * Takes credentials from the local Docker configuration and proxies from the environment when
   * none were set, as {@link RegistryDoctor.Builder#build()} documents.
   */
  void completeDefaults() {
    if (credentials == null) {
      credentials =
          DockerCredentialResolver.fromEnvironment(
              System.getenv(), Path.of(System.getProperty("user.home", "/")));
    }
    if (!proxyChosen && hasProxyVariables(System.getenv())) {
      proxyFromEnvironment(System.getenv());
    }
  }

  /** Whether a runtime or one of its configuration files was named: then reading them must work. */
  boolean explicitRuntime() {
    return runtime != null || hostsDir != null || registriesConf != null || certsDir != null;
  }

  /**
   * Reads the runtime's configuration (default Docker's); dockerd resolves a registry's name to
   * decide whether it is insecure (loopback), with {@code client}'s resolver and DNS timeout.
   *
   * @throws ConfigException if a configuration file cannot be read or parsed
   */
  RuntimeProfile runtimeProfile(RegistryClient client) {
    return RuntimeProfile.builder(runtime == null ? ContainerRuntime.DOCKER : runtime)
        .daemonJson(daemonJsonFile)
        .hostsDir(hostsDir)
        .registriesConf(registriesConf)
        .containersCertsDir(certsDir)
        .addressLookup(client::addresses)
        .build();
  }
}
