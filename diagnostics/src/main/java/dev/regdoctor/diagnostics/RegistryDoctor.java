package dev.regdoctor.diagnostics;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.credentials.DockerCredentialResolver;
import dev.regdoctor.diagnostics.explain.ErrorExplainer;
import dev.regdoctor.diagnostics.explain.Explanation;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.CredentialOrigin;
import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.diagnostics.internal.PullThresholds;
import dev.regdoctor.diagnostics.internal.ReportJson;
import dev.regdoctor.diagnostics.internal.RuntimeChecks;
import dev.regdoctor.diagnostics.kubernetes.KubernetesDoctor;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.DaemonConfig;
import dev.regdoctor.endpoint.ProxySettings;
import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.probe.BulkChecks;
import dev.regdoctor.probe.InvalidSettingException;
import dev.regdoctor.probe.ProbeResult;
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
 * Diagnoses why an image can or cannot be pulled, and what to do about it.
 *
 * <p>In JShell: {@code RegistryDoctor.diagnose("registry.example.com/shop/web:1.4")} prints a
 * report in a few lines. In a tool:
 *
 * <pre>{@code
 * RegistryDoctor.Builder builder = RegistryDoctor.builder().timeout(Duration.ofSeconds(10));
 * String password = System.getenv("REGISTRY_PASSWORD");
 * if (password != null) {   // unset: the local Docker configuration applies
 *   builder.credentials("ci-bot", password);
 * }
 * try (RegistryDoctor doctor = builder.build()) {
 *   Report report = doctor.check("registry.example.com/shop/web:1.4");
 *   if (!report.ok()) {
 *     System.err.println(report);
 *   }
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe and meant to be reused: checks share connections, pings and tokens.
 * Close the doctor to release its HTTP client.
 */
public final class RegistryDoctor implements AutoCloseable {
  private final RegistryClient client;
  private final CredentialResolver credentials;
  private final Locale locale;
  private final ProgressListener listener;
  private final int concurrency;
  private final Diagnoser diagnoser;
  // built on first use: a diagnosis never needs the explainer's rule table
  private volatile @Nullable ErrorExplainer explainer;
  private final boolean explicitRuntime;
  private final @Nullable RuntimeChecks runtimeChecks;
  private final @Nullable RuntimePulls runtimePulls;
  private final @Nullable ConfigException runtimeProblem;
  private final List<String> ignoredInputs;

  private RegistryDoctor(Builder builder) {
    ProbeSettings settings = builder.settings.build();
    this.client = RegistryClient.create(settings);
    this.credentials = requireNonNull(builder.credentials, "credentials");
    this.locale = builder.locale;
    this.listener = builder.listener;
    this.concurrency = builder.concurrency;
    Catalogue catalogue = Catalogue.forLocale(locale);
    this.diagnoser =
        new Diagnoser(
            catalogue, CertificateDirectories.defaults(), builder.thresholds, builder.origin);
    this.ignoredInputs = List.copyOf(builder.ignoredInputs);
    this.explicitRuntime =
        builder.runtime != null
            || builder.hostsDir != null
            || builder.registriesConf != null
            || builder.certsDir != null;
    RuntimeProfile profile = null;
    ConfigException problem = null;
    try {
      profile =
          RuntimeProfile.builder(
                  builder.runtime == null ? ContainerRuntime.DOCKER : builder.runtime)
              .daemonJson(builder.daemonJsonFile)
              .hostsDir(builder.hostsDir)
              .registriesConf(builder.registriesConf)
              .containersCertsDir(builder.certsDir)
              .build();
    } catch (ConfigException e) {
      if (explicitRuntime || builder.daemonJsonFile != null) {
        client.close();
        throw e;
      }
      problem = e; // a broken system file: diagnose without runtime views
    }
    this.runtimeProblem = problem;
    this.runtimeChecks =
        profile == null
            ? null
            : new RuntimeChecks(settings, credentials, profile, catalogue, diagnoser);
    this.runtimePulls =
        runtimeChecks == null
            ? null
            : new RuntimePulls(runtimeChecks, catalogue, locale, explicitRuntime);
  }

  /**
   * Explains pasted error text from Docker, containerd, the kubelet, Podman, skopeo, crane, Jib,
   * Helm or a Java client, in the JVM default language; the explanation prints itself.
   */
  public static Explanation explain(String text) {
    return ErrorExplainer.create(Locale.getDefault()).explain(text);
  }

  /**
   * Diagnoses {@code image} with the default settings and returns the report; {@code
   * System.out.println} it, or read {@code report.verdict().code()}.
   */
  public static Report diagnose(String image) {
    try (RegistryDoctor doctor = builder().build()) {
      return doctor.check(image);
    }
  }

  /**
   * Returns a builder with the defaults: credentials from the local Docker configuration (as the
   * docker CLI finds them: {@code DOCKER_AUTH_CONFIG}, {@code $DOCKER_CONFIG/config.json} or {@code
   * ~/.docker/config.json}, credential helpers), proxies from {@code HTTPS_PROXY}/{@code NO_PROXY}
   * when set, a 30 s deadline per image, and the JVM default locale.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Diagnoses {@code image} (any form {@code docker pull} accepts). Never throws for failures it
   * diagnoses.
   */
  public Report check(String image) {
    requireNonNull(image, "image");
    listener.started(image);
    long started = System.nanoTime();
    Report report = null;
    if (runtimePulls != null) {
      var plan = runtimePulls.plan(image, explicitRuntime);
      if (plan != null) {
        report = runtimePulls.check(image, plan);
      }
    }
    if (report == null) {
      report = report(image, client.check(image, credentials), started);
    }
    listener.finished(report);
    return report;
  }

  /** Diagnoses every image concurrently (sharing connections, pings and tokens), in input order. */
  public List<Report> checkAll(List<String> images) {
    return BulkChecks.all(images, concurrency, this::check);
  }

  /**
   * Diagnoses every image concurrently and hands each report to {@code consumer} as soon as it is
   * ready, in completion order, without keeping reports: memory stays flat for any number of
   * images. {@code consumer} is called one report at a time (never concurrently).
   */
  public void checkEach(Iterable<String> images, java.util.function.Consumer<Report> consumer) {
    BulkChecks.each(images, concurrency, this::check, consumer);
  }

  /**
   * Diagnoses {@code image} with exactly {@code credentials}, ignoring this doctor's resolver: the
   * Kubernetes analysis verifies the one credential the kubelet would use (or none). The kubelet
   * pulls through its CRI runtime, containerd by default, so the endpoints are containerd's (plain
   * HTTP for a loopback registry, no Docker {@code insecure-registries}; review 15, finding 5),
   * with this doctor's containerd hosts directory.
   */
  public Report check(String image, CredentialLookup credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    long started = System.nanoTime();
    Diagnoser kubelet =
        diagnoser.withOrigin(new CredentialOrigin(CredentialOrigin.Kind.KUBERNETES, null, null));
    if (runtimeChecks != null) {
      RuntimePulls pulls =
          new RuntimePulls(
              runtimeChecks.as(
                  ContainerRuntime.CONTAINERD, (registry, repository) -> credentials, kubelet),
              Catalogue.forLocale(locale),
              locale,
              false);
      var plan = pulls.plan(image, true);
      Report report = plan == null ? null : pulls.check(image, plan);
      if (report != null) {
        return report;
      }
    }
    return report(
        image, client.check(image, (registry, repository) -> credentials), started, kubelet);
  }

  /**
   * Builds a report from a probe result that started at {@code started} ({@link System#nanoTime}).
   * The anonymous comparison, when the diagnosis needs one, gets only what is left of that check's
   * deadline: one diagnosis, one deadline.
   */
  Report report(String input, ProbeResult result, long started) {
    return report(input, result, started, diagnoser);
  }

  private Report report(String input, ProbeResult result, long started, Diagnoser diagnoser) {
    List<Finding> findings =
        diagnoser.diagnose(
            result,
            () -> {
              if (result.reference() == null) {
                return null;
              }
              Duration left =
                  client.settings().deadline().minus(Duration.ofNanos(System.nanoTime() - started));
              if (left.toMillis() < 1) {
                return null; // no time left to compare; the finding stands as probed
              }
              return client.check(result.reference(), CredentialLookup.anonymous(), left);
            });
    if (!ignoredInputs.isEmpty()) {
      findings = new java.util.ArrayList<>(findings);
      findings.addAll(diagnoser.ignoredInputs(ignoredInputs));
    }
    // An invalid reference is reported as the probe kept it: without a password pasted in a URL.
    return new Report(
        result.reference() == null ? result.input() : input, result, findings, locale);
  }

  /**
   * Returns a Kubernetes analysis that verifies pull secrets live with this doctor's settings and
   * connections, in its language. Close the returned analysis; this doctor stays open.
   */
  public KubernetesDoctor kubernetes() {
    return KubernetesDoctor.builder().verifyWith(this).locale(locale).build();
  }

  /** Explains pasted error text in this doctor's language; see {@link #explain(String)}. */
  public Explanation explainText(String text) {
    ErrorExplainer current = explainer;
    if (current == null) {
      // the rule table is loaded once per JVM and shared; racing threads build equal explainers
      current = ErrorExplainer.create(locale);
      explainer = current;
    }
    return current.explain(text);
  }

  /**
   * Lists the endpoints this doctor's runtime ({@link Builder#runtime}, default Docker) tries for
   * {@code image}, in order, probes every one, and names the one it would pull from and the fastest
   * healthy one.
   *
   * @throws dev.regdoctor.reference.InvalidReferenceException if {@code image} is not a reference
   * @throws ConfigException if the runtime's configuration cannot be read or parsed
   */
  public MirrorReport mirrors(String image) {
    requireNonNull(image, "image");
    if (runtimeChecks == null) {
      throw requireNonNull(runtimeProblem);
    }
    return runtimeChecks.mirrors(image, locale);
  }

  /** Returns the language of reports. */
  public Locale locale() {
    return locale;
  }

  /** Writes several reports as one JSON array. */
  public static String toJson(List<Report> reports) {
    return ReportJson.writeAll(reports);
  }

  @Override
  public void close() {
    client.close();
    if (runtimeChecks != null) {
      runtimeChecks.close();
    }
  }

  /** Configures a {@link RegistryDoctor}. Not thread-safe. */
  public static final class Builder {
    private ProbeSettings.Builder settings = ProbeSettings.builder();
    private @Nullable CredentialResolver credentials;
    private boolean proxyChosen;
    private Locale locale = Locale.getDefault();
    private ProgressListener listener = ProgressListener.NONE;
    private int concurrency = 8;
    private @Nullable ContainerRuntime runtime;
    private @Nullable Path daemonJsonFile;
    private @Nullable Path hostsDir;
    private @Nullable Path registriesConf;
    private @Nullable Path certsDir;
    private PullThresholds thresholds = PullThresholds.DEFAULTS;
    private CredentialOrigin origin = CredentialOrigin.DOCKER_DEFAULT;
    private final List<String> ignoredInputs = new java.util.ArrayList<>();

    private Builder() {}

    /** Uses {@code username} and {@code password} for every registry. */
    public Builder credentials(String username, String password) {
      return credentials(Credential.of(username, password));
    }

    /** Uses {@code credential} for every registry. */
    public Builder credentials(Credential credential) {
      credentials = CredentialResolver.explicit(credential);
      origin = new CredentialOrigin(CredentialOrigin.Kind.EXPLICIT, null, credential.username());
      return this;
    }

    /**
     * Uses {@code resolver} to find credentials per registry; {@link
     * CredentialResolver#anonymous()} for none.
     */
    public Builder credentials(CredentialResolver resolver) {
      credentials = requireNonNull(resolver, "resolver");
      origin = new CredentialOrigin(CredentialOrigin.Kind.CUSTOM, null, null);
      return this;
    }

    /**
     * Records an input the caller was given that has no effect, such as a password without a user
     * name; every report then carries it as an {@code INPUT_IGNORED} warning, so nothing the user
     * gave is silently dropped.
     *
     * @param description what was ignored and why, e.g. {@code REGDOCTOR_PASSWORD is set, but
     *     --username is not: the password is not used}; must not contain a secret
     */
    public Builder ignoredInput(String description) {
      requireNonNull(description, "description");
      if (description.isBlank()) {
        throw new IllegalArgumentException("description must not be blank");
      }
      ignoredInputs.add(description.strip());
      return this;
    }

    /**
     * Reads credentials from a docker {@code config.json} file, or a directory holding one, as the
     * docker CLI would ({@code --config DIR}). A file that cannot be parsed becomes a {@code
     * CONFIG_INVALID} finding. A directory without {@code config.json}, or one that does not exist,
     * is what Docker treats as no configuration: checks run anonymously and every report says so
     * with an {@code INPUT_IGNORED} warning.
     *
     * @throws IllegalArgumentException if the path names a {@code .json} file that does not exist
     */
    public Builder dockerConfig(Path fileOrDirectory) {
      requireNonNull(fileOrDirectory, "fileOrDirectory");
      origin =
          new CredentialOrigin(
              CredentialOrigin.Kind.DOCKER_CONFIG, fileOrDirectory.toString(), null);
      return use(CredentialSources.dockerConfig(fileOrDirectory));
    }

    /**
     * Uses the pull secrets in a Kubernetes manifest file (a Secret, a List, or multi-document
     * YAML/JSON), matched to images as the kubelet does.
     *
     * @throws ConfigException if the file cannot be read or parsed, naming the file and position
     */
    public Builder kubernetesSecrets(Path file) {
      CredentialSources.Source source =
          CredentialSources.kubernetesSecrets(requireNonNull(file, "file"));
      // A file with no Secret has no entries to check: advice must not send the user to them.
      origin =
          new CredentialOrigin(
              CredentialOrigin.Kind.KUBERNETES,
              source.ignored() == null ? file.toString() : null,
              null);
      return use(source);
    }

    private Builder use(CredentialSources.Source source) {
      credentials = source.resolver();
      if (source.ignored() != null) {
        ignoredInput(source.ignored());
      }
      return this;
    }

    /**
     * Applies a Docker {@code daemon.json}: its {@code insecure-registries} (hosts and CIDRs)
     * become insecure registries here.
     *
     * @throws ConfigException if the file cannot be read or parsed
     */
    public Builder daemonJson(Path file) {
      DaemonConfig daemon = DaemonConfig.read(requireNonNull(file, "file"));
      daemonJsonFile = file;
      for (String entry : daemon.insecureRegistries()) {
        try {
          settings.insecureRegistry(entry);
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
                  settings.insecureRegistry(
                      cidr.network().getHostAddress() + "/" + cidr.prefixLength()));
      return this;
    }

    /**
     * Applies {@code value}'s pull rules (default: Docker's, with its mirrors only when {@code
     * daemon.json} configures some): the endpoints it tries in order (mirrors, then the upstream),
     * plain HTTP and TLS verification as that runtime decides, the endpoint that serves the pull
     * judged and failing mirrors reported as MIRROR_FAILURE. With a runtime chosen, reports also
     * say where the other runtimes on this machine disagree (RUNTIME_MISMATCH).
     */
    public Builder runtime(ContainerRuntime value) {
      runtime = requireNonNull(value, "value");
      return this;
    }

    /**
     * Reads containerd's {@code hosts.toml} files under {@code dir} instead of {@code
     * /etc/containerd/certs.d}; implies runtime profiles.
     */
    public Builder hostsDir(Path dir) {
      hostsDir = requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Reads containers/image's {@code registries.conf} (and {@code FILE.d/*.conf}) from {@code
     * file} instead of {@code /etc/containers/registries.conf}; implies runtime profiles. The file
     * is parsed by {@link #build()}, which throws {@code ConfigException} naming line and key.
     */
    public Builder registriesConf(Path file) {
      registriesConf = requireNonNull(file, "file");
      return this;
    }

    /**
     * Reads Podman's per-registry certificate directories ({@code DIR/<host:port>/} with {@code
     * *.crt} CAs and {@code *.cert}/{@code *.key} client pairs) under {@code dir} instead of {@code
     * ~/.config/containers/certs.d}, {@code /etc/containers/certs.d} and {@code
     * /etc/docker/certs.d}; implies runtime profiles.
     */
    public Builder certsDir(Path dir) {
      certsDir = requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Runs the pull test: the platform's manifest, a HEAD of the config and every layer, and a
     * sampled download of the largest layer (the {@code blobs} step). On Docker Hub the manifest
     * GET counts as one pull.
     */
    public Builder pullTest(boolean value) {
      settings.pullTest(value);
      return this;
    }

    /** Sets how much of the largest layer the pull test downloads (default 8 MiB). */
    public Builder pullSampleBytes(long bytes) {
      settings.pullSampleBytes(bytes);
      return this;
    }

    /** Reports SLOW_PULL when the estimated transfer time exceeds {@code value} (default 60 s). */
    public Builder slowPullThreshold(Duration value) {
      thresholds =
          new PullThresholds(value, thresholds.largeImageBytes(), thresholds.largeImageLayers());
      return this;
    }

    /**
     * Reports LARGE_IMAGE above {@code bytes} compressed or {@code layers} layers (default 500 MiB,
     * 30 layers).
     */
    public Builder largeImageThreshold(long bytes, int layers) {
      thresholds = new PullThresholds(thresholds.slowPull(), bytes, layers);
      return this;
    }

    /**
     * Chooses proxies from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} in {@code
     * environment} as Docker and containerd do; user info in a proxy URL ({@code
     * http://user:password@proxy:3128}, percent-encoded) is sent to that proxy as Basic {@code
     * Proxy-Authorization}, as they send it. {@link #build()} does this with {@code
     * System.getenv()} unless a proxy was chosen.
     *
     * @throws InvalidSettingException with setting {@code HTTPS_PROXY} or {@code HTTP_PROXY} if
     *     that variable names a proxy other than {@code http://} ({@code socks5://}, {@code
     *     https://}), which this library cannot use
     */
    public Builder proxyFromEnvironment(java.util.Map<String, String> environment) {
      ProxySettings proxies = ProxySettings.fromEnvironment(environment);
      proxyChosen = true;
      settings.proxies(proxies);
      return this;
    }

    /**
     * Sets the overall budget per image; each request and phase gets at most as much (default 30
     * s).
     */
    public Builder timeout(Duration timeout) {
      settings.timeout(timeout);
      return this;
    }

    /** Sets the connect timeout (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      settings.connectTimeout(timeout);
      return this;
    }

    /** Trusts the CA certificates in the PEM file {@code caFile}, in addition to the JVM's. */
    public Builder caFile(Path caFile) {
      settings.caCertificate(caFile);
      return this;
    }

    /**
     * Marks a registry ({@code host}, {@code host:port} or CIDR) insecure, like Docker's {@code
     * insecure-registries}; see {@link ProbeSettings.Builder#insecureRegistry} for the forms.
     *
     * @throws InvalidSettingException if {@code hostOrCidr} is not one of them
     */
    public Builder insecureRegistry(String hostOrCidr) {
      settings.insecureRegistry(hostOrCidr);
      return this;
    }

    /** Treats every registry as insecure (plain HTTP allowed, TLS not verified). */
    public Builder insecure(boolean value) {
      settings.insecureAll(value);
      return this;
    }

    /**
     * Reaches {@code host:port} over plain HTTP directly; see {@link
     * ProbeSettings.Builder#plainHttpRegistry} for the form.
     *
     * @throws InvalidSettingException if {@code hostPort} is not {@code host:port}
     */
    public Builder plainHttpRegistry(String hostPort) {
      settings.plainHttpRegistry(hostPort);
      return this;
    }

    /**
     * Sends requests through the HTTP proxy {@code proxy}, e.g. {@code
     * http://proxy.example.com:3128}; user info in it ({@code http://user:password@proxy:3128},
     * percent-encoded) is sent as Basic {@code Proxy-Authorization}, as Docker sends it.
     *
     * @throws InvalidSettingException with setting {@code proxy} if {@code proxy} is not an {@code
     *     http} URL with a host ({@code socks5://} and {@code https://} proxies are not supported)
     */
    public Builder proxy(URI proxy) {
      requireNonNull(proxy, "proxy");
      settings.proxy(proxy);
      proxyChosen = true;
      return this;
    }

    /** Uses {@code selector} to choose proxies. */
    public Builder proxySelector(@Nullable ProxySelector selector) {
      proxyChosen = true;
      settings.proxySelector(selector);
      return this;
    }

    /** Adds a DNS override {@code HOST:PORT:ADDRESS}, like curl's {@code --resolve}. */
    public Builder resolve(String hostPortAddress) {
      settings.resolve(ResolveOverride.parse(hostPortAddress));
      return this;
    }

    /** Sets the platform to check, e.g. {@code linux/arm64} (default {@code linux/amd64}). */
    public Builder platform(String platform) {
      settings.platform(Platform.parse(platform));
      return this;
    }

    /** Sets the language of reports: English, or Simplified Chinese for any {@code zh} locale. */
    public Builder locale(Locale value) {
      locale = requireNonNull(value, "locale");
      return this;
    }

    /** Sets the listener told about each diagnosis. */
    public Builder listener(ProgressListener value) {
      listener = requireNonNull(value, "listener");
      return this;
    }

    /** Sets how many images {@link #checkAll} checks at once (default 8). */
    public Builder concurrency(int value) {
      if (value < 1 || value > 256) {
        throw new IllegalArgumentException("concurrency must be in 1..256 but was " + value);
      }
      concurrency = value;
      return this;
    }

    /**
     * Starts from {@code value} for the probe settings, for full control; builder calls made after
     * this one still apply on top of it. The proxy selector of {@code value} is kept.
     */
    public Builder settings(ProbeSettings value) {
      settings = requireNonNull(value, "settings").toBuilder();
      proxyChosen = true;
      return this;
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

    /** Returns the doctor. */
    public RegistryDoctor build() {
      if (credentials == null) {
        credentials =
            DockerCredentialResolver.fromEnvironment(
                System.getenv(), Path.of(System.getProperty("user.home", "/")));
      }
      if (!proxyChosen && hasProxyVariables(System.getenv())) {
        proxyFromEnvironment(System.getenv());
      }
      return new RegistryDoctor(this);
    }
  }
}
