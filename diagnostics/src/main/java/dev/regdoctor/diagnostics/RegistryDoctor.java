package dev.regdoctor.diagnostics;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.explain.ErrorExplainer;
import dev.regdoctor.diagnostics.explain.Explanation;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.diagnostics.internal.ReportJson;
import dev.regdoctor.diagnostics.kubernetes.KubernetesDoctor;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.probe.BulkChecks;
import dev.regdoctor.probe.InvalidSettingException;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * if (password != null && !password.isEmpty()) {   // unset: the local Docker configuration applies
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
  private final Locale locale;
  private final ProgressListener listener;
  private final int concurrency;
  // built on first use: a diagnosis never needs the explainer's rule table
  private volatile @Nullable ErrorExplainer explainer;
  private final RuntimeViews runtime;
  private final ImageChecks checks;
  private final @Nullable Path nodeHostsDir;
  private final String description;

  private RegistryDoctor(DoctorSettings builder) {
    ProbeSettings settings = builder.probe.build();
    this.description = "RegistryDoctor" + builder.describe(settings);
    this.client = RegistryClient.create(settings);
    CredentialResolver credentials = requireNonNull(builder.credentials, "credentials");
    this.locale = builder.locale;
    this.listener = builder.listener;
    this.concurrency = builder.concurrency;
    Catalogue catalogue = Catalogue.forLocale(locale);
    Diagnoser diagnoser =
        new Diagnoser(
            catalogue, CertificateDirectories.defaults(), builder.thresholds, builder.origin);
    this.nodeHostsDir = builder.hostsDir;
    try {
      this.runtime =
          RuntimeViews.read(builder, settings, client, credentials, catalogue, diagnoser, locale);
    } catch (ConfigException e) {
      client.close();
      throw e;
    }
    this.checks =
        new ImageChecks(
            client, credentials, diagnoser, runtime, builder.ignoredInputs, nodeHostsDir, locale);
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
    Report report = checks.check(image);
    listener.finished(report);
    return report;
  }

  /**
   * Diagnoses every image concurrently (sharing connections, pings and tokens) and returns the
   * reports in input order, in an unmodifiable list.
   *
   * <p>The checks run on this doctor's {@code regdoctor-check} threads ({@link
   * Builder#concurrency}, default 8); the {@link Builder#listener listener} is called there. A
   * single image is checked on the calling thread.
   *
   * @throws NullPointerException if {@code images} or one of them is null, naming its position
   *     ({@code images[1] is null}), before any check starts
   * @throws IllegalStateException if a check throws instead of returning a report (only a throwing
   *     {@link ProgressListener} or a bug can make it), naming the image's position and with that
   *     exception as the cause; the other checks are stopped
   */
  public List<Report> checkAll(List<String> images) {
    return BulkChecks.all("images", requireNonNull(images, "images"), concurrency, this::check);
  }

  /**
   * Diagnoses every image concurrently and hands each report to {@code consumer} as soon as it is
   * ready, in completion order, without keeping reports: memory stays flat for any number of
   * images.
   *
   * <p>Threads: {@code consumer} runs on the calling thread, one report at a time, so it may use
   * the caller's thread-locals (an MDC, a transaction) and needs no locking. The checks, the {@link
   * Builder#listener listener} and the iteration of {@code images} run on this doctor's {@code
   * regdoctor-check} threads ({@link Builder#concurrency}, default 8), one {@code next()} at a
   * time.
   *
   * <p>Exceptions stop the run: checks still running are interrupted, their reports dropped, and
   * {@code consumer} is not called again.
   *
   * <ul>
   *   <li>An exception thrown by {@code consumer}, or by the iterator of {@code images}, reaches
   *       the caller as itself.
   *   <li>A null image is a {@link NullPointerException} naming its position ({@code images[1] is
   *       null}): before any check starts when {@code images} is a {@link java.util.Collection},
   *       otherwise when the iteration reaches it, after the reports of the images before it may
   *       have been handed over.
   *   <li>A check that throws instead of returning a report (only a throwing {@link
   *       ProgressListener} or a bug can make it) is an {@link IllegalStateException} naming the
   *       image's position, with that exception as the cause.
   * </ul>
   */
  public void checkEach(Iterable<String> images, java.util.function.Consumer<Report> consumer) {
    requireNonNull(images, "images");
    requireNonNull(consumer, "consumer");
    BulkChecks.each("images", images, concurrency, this::check, consumer);
  }

  /**
   * Diagnoses {@code image} with exactly {@code credentials}, ignoring this doctor's resolver: the
   * Kubernetes analysis verifies the one credential the kubelet would use (or none). The kubelet
   * pulls through its CRI runtime, containerd by default, so the endpoints are containerd's (plain
   * HTTP for a loopback registry, no Docker {@code insecure-registries}; review 15, finding 5). The
   * node's containerd hosts directory is not this machine's: {@code hosts.toml} files are read only
   * from the directory given to {@link Builder#hostsDir} ({@link #nodeHostsDir()}); without one,
   * containerd's built-in defaults apply and the report's evidence says so. This doctor's CA files,
   * insecure and plain-HTTP registries still apply on top (the {@code k8s} command refuses the
   * latter two, which containerd has no equivalent of outside {@code hosts.toml}).
   */
  public Report check(String image, CredentialLookup credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    return checks.check(image, credentials);
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
    if (runtime.checks() == null) {
      throw requireNonNull(runtime.problem());
    }
    return runtime.checks().mirrors(image, locale);
  }

  /** Returns the language of reports. */
  public Locale locale() {
    return locale;
  }

  /**
   * Returns the containerd hosts directory that Kubernetes checks ({@link #check(String,
   * CredentialLookup)}) take as the node's: the one given to {@link Builder#hostsDir}, else empty,
   * and those checks read no {@code hosts.toml} (containerd's built-in defaults).
   */
  public Optional<Path> nodeHostsDir() {
    return Optional.ofNullable(nodeHostsDir);
  }

  /**
   * Returns the CA files this doctor trusts in addition to the JVM's ({@link Builder#caFile}), in
   * the order given; empty when none.
   */
  public List<Path> caFiles() {
    return client.settings().caCertificates();
  }

  /** Writes several reports as one JSON array. */
  public static String toJson(List<Report> reports) {
    return ReportJson.writeAll(reports);
  }

  /**
   * Returns what this doctor was configured with, for people: {@code RegistryDoctor[credentials=
   * local Docker configuration, runtime=docker, timeout=30 s, connectTimeout=5 s,
   * platform=linux/amd64, locale=en, concurrency=8]}, then whatever else was set (insecure and
   * plain-HTTP registries, CA files, DNS overrides, the proxy, the pull test, configuration files).
   * Never holds a password, token or proxy credentials; a user name given with {@link
   * Builder#credentials(String, String)} is shown, as reports show it.
   */
  @Override
  public String toString() {
    return description;
  }

  @Override
  public void close() {
    client.close();
    runtime.close();
  }

  /**
   * Configures a {@link RegistryDoctor}. Not thread-safe.
   *
   * <p>Every setter checks its argument when called: {@code null} is a {@link NullPointerException}
   * naming the argument, and a value the setter does not take is an {@link InvalidSettingException}
   * whose {@link InvalidSettingException#setting() setting()} is the setter's name ({@code caFile:
   * '/etc/ca.pem' cannot be read (NoSuchFileException)}). Files named by {@link #daemonJson},
   * {@link #kubernetesSecrets} and {@link #registriesConf} are configuration, reported as {@link
   * ConfigException} naming file and position (registries.conf by {@link #build()}).
   *
   * <p>The order of calls matters only for calls of the same setter, where the later replaces the
   * earlier (or adds to it, for {@link #insecureRegistry}, {@link #plainHttpRegistry}, {@link
   * #caFile} and {@link #resolve}), and where one setting bounds another ({@link #timeout} caps a
   * connect timeout set before it). {@link #settings} is a base the other calls apply on top of,
   * whether they come before or after it.
   */
  public static final class Builder {
    private final DoctorSettings settings = new DoctorSettings();

    private Builder() {}

    /**
     * Uses {@code username} and {@code password} for every registry.
     *
     * @throws NullPointerException if {@code username} or {@code password} is null, naming it
     * @throws InvalidSettingException if either is empty (the message never shows the password)
     */
    public Builder credentials(String username, String password) {
      settings.credentials(username, password);
      return this;
    }

    /** Uses {@code credential} for every registry. */
    public Builder credentials(Credential credential) {
      settings.credentials(credential);
      return this;
    }

    /**
     * Uses {@code resolver} to find credentials per registry; {@link
     * CredentialResolver#anonymous()} for none. It is called on the threads that run the checks,
     * once per image (and per mirror a runtime tries), and must be thread-safe.
     *
     * <p>A resolver that breaks its contract, by throwing or by returning {@code null} instead of a
     * {@link CredentialLookup}, is reported as a failing Docker credential helper is: the check
     * goes on without credentials and the report's verdict is {@code CREDENTIAL_HELPER_FAILED},
     * naming the resolver's class and the exception's class (never its message, which may hold a
     * secret). {@code check} does not throw for it.
     */
    public Builder credentials(CredentialResolver resolver) {
      settings.credentials(resolver);
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
      settings.ignoredInput(description);
      return this;
    }

    /**
     * Reads credentials from a docker {@code config.json} file, or a directory holding one, as the
     * docker CLI would ({@code --config DIR}). A file that cannot be parsed becomes a {@code
     * CONFIG_INVALID} finding. A directory without {@code config.json}, or one that does not exist,
     * is what Docker treats as no configuration: checks run anonymously and every report says so
     * with an {@code INPUT_IGNORED} warning.
     *
     * <p>The JUnit 5 extension ({@code @RequiresRegistry(dockerConfig = …)}) differs on purpose:
     * there a path that does not exist is a configuration error, since a mistyped path in a test
     * suite would otherwise turn into {@code AUTH_REQUIRED}; an existing directory without {@code
     * config.json} means no configuration in both.
     *
     * @throws InvalidSettingException if the path names a {@code .json} file that does not exist
     */
    public Builder dockerConfig(Path fileOrDirectory) {
      settings.dockerConfig(fileOrDirectory);
      return this;
    }

    /**
     * Uses the pull secrets in a Kubernetes manifest file (a Secret, a List, or multi-document
     * YAML/JSON), matched to images as the kubelet does.
     *
     * @throws ConfigException if the file cannot be read or parsed, naming the file and position
     */
    public Builder kubernetesSecrets(Path file) {
      settings.kubernetesSecrets(file);
      return this;
    }

    /**
     * Applies a Docker {@code daemon.json}: its {@code insecure-registries} (hosts and CIDRs)
     * become insecure registries here.
     *
     * @throws ConfigException if the file cannot be read or parsed
     */
    public Builder daemonJson(Path file) {
      settings.daemonJson(file);
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
      settings.runtime(value);
      return this;
    }

    /**
     * Reads containerd's {@code hosts.toml} files under {@code dir} instead of {@code
     * /etc/containerd/certs.d}; implies runtime profiles.
     */
    public Builder hostsDir(Path dir) {
      settings.hostsDir(dir);
      return this;
    }

    /**
     * Reads containers/image's {@code registries.conf} (and {@code FILE.d/*.conf}) from {@code
     * file} instead of {@code /etc/containers/registries.conf}; implies runtime profiles. The file
     * is parsed by {@link #build()}, which throws {@code ConfigException} naming line and key.
     */
    public Builder registriesConf(Path file) {
      settings.registriesConf(file);
      return this;
    }

    /**
     * Reads Podman's per-registry certificate directories ({@code DIR/<host:port>/} with {@code
     * *.crt} CAs and {@code *.cert}/{@code *.key} client pairs) under {@code dir} instead of {@code
     * ~/.config/containers/certs.d}, {@code /etc/containers/certs.d} and {@code
     * /etc/docker/certs.d}; implies runtime profiles.
     */
    public Builder certsDir(Path dir) {
      settings.certsDir(dir);
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

    /**
     * Sets how much of the largest layer the pull test downloads (default 8 MiB).
     *
     * @throws InvalidSettingException unless {@code bytes} is from {@link
     *     ProbeSettings#MIN_PULL_SAMPLE_BYTES} (1 KiB) to {@link
     *     ProbeSettings#MAX_PULL_SAMPLE_BYTES} (1 GiB)
     */
    public Builder pullSampleBytes(long bytes) {
      settings.pullSampleBytes(bytes);
      return this;
    }

    /**
     * Reports SLOW_PULL when the estimated transfer time exceeds {@code value} (default 60 s).
     *
     * @throws InvalidSettingException if {@code value} is not positive
     */
    public Builder slowPullThreshold(Duration value) {
      settings.slowPullThreshold(value);
      return this;
    }

    /**
     * Reports LARGE_IMAGE above {@code bytes} compressed or {@code layers} layers (default 500 MiB,
     * 30 layers).
     *
     * @throws InvalidSettingException if either is not positive
     */
    public Builder largeImageThreshold(long bytes, int layers) {
      settings.largeImageThreshold(bytes, layers);
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
      settings.proxyFromEnvironment(environment);
      return this;
    }

    /**
     * Sets the overall budget per image; each request and phase gets at most as much (default 30
     * s).
     *
     * @throws InvalidSettingException if {@code timeout} is not positive
     */
    public Builder timeout(Duration timeout) {
      settings.timeout(timeout);
      return this;
    }

    /**
     * Sets the connect timeout (default 5 s).
     *
     * @throws InvalidSettingException if {@code timeout} is not positive
     */
    public Builder connectTimeout(Duration timeout) {
      settings.connectTimeout(timeout);
      return this;
    }

    /**
     * Trusts the CA certificates in the PEM file {@code caFile}, in addition to the JVM's. The file
     * is read now.
     *
     * @throws InvalidSettingException naming {@code caFile} and the file if it cannot be read, is
     *     not a PEM certificate file or holds no certificate, e.g. {@code caFile:
     *     '/etc/ssl/nope.pem' cannot be read (NoSuchFileException)}
     */
    public Builder caFile(Path caFile) {
      settings.caFile(caFile);
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
      settings.insecure(value);
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
     *     http} URL with a host ({@code socks5://} and {@code https://} proxies are not supported;
     *     the message hides user info)
     */
    public Builder proxy(URI proxy) {
      settings.proxy(proxy);
      return this;
    }

    /** Uses {@code selector} to choose proxies; {@code null} for the JVM default. */
    public Builder proxySelector(@Nullable ProxySelector selector) {
      settings.proxySelector(selector);
      return this;
    }

    /**
     * Adds a DNS override {@code HOST:PORT:ADDRESS}, like curl's {@code --resolve}: connections to
     * {@code HOST} on {@code PORT} ({@code *} for every port) go to the IP address {@code ADDRESS},
     * e.g. {@code registry.example.com:443:127.0.0.1}.
     *
     * @throws InvalidSettingException if {@code hostPortAddress} is not in that form, e.g. {@code
     *     resolve: 'bogus' is not HOST:PORT:ADDRESS, e.g. registry.example.com:443:127.0.0.1 (two
     *     colons are needed, as in HOST:PORT:ADDRESS)}
     */
    public Builder resolve(String hostPortAddress) {
      settings.resolve(hostPortAddress);
      return this;
    }

    /**
     * Sets the platform to check, e.g. {@code linux/arm64} (default {@code linux/amd64}).
     *
     * @throws InvalidSettingException if {@code platform} is not {@code os/architecture[/variant]}
     */
    public Builder platform(String platform) {
      settings.platform(platform);
      return this;
    }

    /** Sets the language of reports: English, or Simplified Chinese for any {@code zh} locale. */
    public Builder locale(Locale value) {
      settings.locale(value);
      return this;
    }

    /** Sets the listener told about each diagnosis. */
    public Builder listener(ProgressListener value) {
      settings.listener(value);
      return this;
    }

    /**
     * Sets how many images {@link #checkAll} and {@link #checkEach} check at once (default 8).
     *
     * @throws InvalidSettingException unless {@code value} is from 1 to 256
     */
    public Builder concurrency(int value) {
      settings.concurrency(value);
      return this;
    }

    /**
     * Starts from {@code value} for the probe settings, for full control (read, write and DNS
     * timeouts, attempts, redirects, client certificates, headers). The calls of this builder that
     * change probe settings ({@link #timeout}, {@link #connectTimeout}, {@link #caFile}, {@link
     * #insecureRegistry}, {@link #insecure}, {@link #plainHttpRegistry}, {@link #resolve}, {@link
     * #platform}, {@link #pullTest}, {@link #pullSampleBytes}, {@link #daemonJson}, the proxy
     * setters) apply on top of {@code value} whether they come before or after this call, in the
     * order they were made: {@code builder().timeout(ofMillis(500)).settings(value)} checks with a
     * 500 ms budget whatever {@code value} says. The proxy selector of {@code value} is kept unless
     * a proxy setter is called; a second call of this method replaces {@code value}.
     */
    public Builder settings(ProbeSettings value) {
      settings.startFrom(value);
      return this;
    }

    /**
     * Returns what this builder holds so far, in the form of {@link RegistryDoctor#toString()},
     * e.g. {@code RegistryDoctor.Builder[credentials=explicit (user ci-bot), runtime=docker,
     * timeout=10 s, …]}; never a secret. Credentials and proxy that {@link #build()} would take
     * from the environment are not looked up here.
     */
    @Override
    public String toString() {
      return "RegistryDoctor.Builder" + settings.describe(settings.probe.build());
    }

    /** Returns the doctor. */
    public RegistryDoctor build() {
      settings.completeDefaults();
      return new RegistryDoctor(settings);
    }
  }
}
