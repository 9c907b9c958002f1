package dev.regdoctor.diagnostics;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.credentials.DockerConfig;
import dev.regdoctor.credentials.DockerCredentialResolver;
import dev.regdoctor.credentials.KubernetesCredentialResolver;
import dev.regdoctor.credentials.KubernetesSecrets;
import dev.regdoctor.diagnostics.explain.ErrorExplainer;
import dev.regdoctor.diagnostics.explain.Explanation;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.diagnostics.internal.ReportJson;
import dev.regdoctor.diagnostics.kubernetes.KubernetesDoctor;
import dev.regdoctor.endpoint.DaemonConfig;
import dev.regdoctor.endpoint.ProxySettings;
import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.probe.BulkChecks;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import dev.regdoctor.reference.Platform;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
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
 * try (RegistryDoctor doctor = RegistryDoctor.builder()
 *     .credentials("ci-bot", System.getenv("REGISTRY_PASSWORD"))
 *     .timeout(Duration.ofSeconds(10))
 *     .build()) {
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

  private RegistryDoctor(Builder builder) {
    this.client = RegistryClient.create(builder.settings.build());
    this.credentials = requireNonNull(builder.credentials, "credentials");
    this.locale = builder.locale;
    this.listener = builder.listener;
    this.concurrency = builder.concurrency;
    this.diagnoser = new Diagnoser(Catalogue.forLocale(locale));
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
    ProbeResult result = client.check(image, credentials);
    Report report = report(image, result);
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
   * Kubernetes analysis verifies the one credential the kubelet would use (or none).
   */
  public Report check(String image, CredentialLookup credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    return report(image, client.check(image, (registry, repository) -> credentials));
  }

  /** Builds a report from an existing probe result (e.g. one made with explicit credentials). */
  Report report(String input, ProbeResult result) {
    List<Finding> findings =
        diagnoser.diagnose(
            result,
            () -> {
              if (result.reference() == null) {
                return null;
              }
              return client.check(result.reference(), CredentialLookup.anonymous());
            });
    return new Report(input, result, findings, locale);
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
  }

  /** Configures a {@link RegistryDoctor}. Not thread-safe. */
  public static final class Builder {
    private ProbeSettings.Builder settings = ProbeSettings.builder();
    private @Nullable CredentialResolver credentials;
    private boolean proxyChosen;
    private Locale locale = Locale.getDefault();
    private ProgressListener listener = ProgressListener.NONE;
    private int concurrency = 8;

    private Builder() {}

    /** Uses {@code username} and {@code password} for every registry. */
    public Builder credentials(String username, String password) {
      return credentials(Credential.of(username, password));
    }

    /** Uses {@code credential} for every registry. */
    public Builder credentials(Credential credential) {
      credentials = CredentialResolver.explicit(credential);
      return this;
    }

    /**
     * Uses {@code resolver} to find credentials per registry; {@link
     * CredentialResolver#anonymous()} for none.
     */
    public Builder credentials(CredentialResolver resolver) {
      credentials = requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Reads credentials from a docker {@code config.json} file, or a directory holding one, as the
     * docker CLI would. A file that cannot be parsed becomes a {@code CONFIG_INVALID} finding.
     *
     * @throws IllegalArgumentException if the path does not exist
     */
    public Builder dockerConfig(Path fileOrDirectory) {
      requireNonNull(fileOrDirectory, "fileOrDirectory");
      if (!java.nio.file.Files.exists(fileOrDirectory)) {
        throw new IllegalArgumentException("docker config " + fileOrDirectory + " does not exist");
      }
      try {
        credentials =
            DockerCredentialResolver.of(DockerConfig.read(fileOrDirectory), System.getenv());
      } catch (ConfigException e) {
        CredentialProblem problem =
            new CredentialProblem(
                CredentialProblem.Kind.CONFIG_INVALID, e.source(), e.getMessage());
        credentials =
            (registry, repository) ->
                new CredentialLookup(null, null, List.of(e.source()), List.of(), List.of(problem));
      }
      return this;
    }

    /**
     * Uses the pull secrets in a Kubernetes manifest file (a Secret, a List, or multi-document
     * YAML/JSON), matched to images as the kubelet does.
     *
     * @throws ConfigException if the file cannot be read or parsed, naming the file and position
     */
    public Builder kubernetesSecrets(Path file) {
      requireNonNull(file, "file");
      String text;
      try {
        text = java.nio.file.Files.readString(file);
      } catch (IOException e) {
        throw new ConfigException(file.toString(), "", "cannot read the file: " + e.getMessage());
      }
      credentials = KubernetesCredentialResolver.of(KubernetesSecrets.parse(text, file.toString()));
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
      daemon.insecureRegistries().forEach(settings::insecureRegistry);
      daemon
          .insecureCidrs()
          .forEach(
              cidr ->
                  settings.insecureRegistry(
                      cidr.network().getHostAddress() + "/" + cidr.prefixLength()));
      return this;
    }

    /**
     * Chooses proxies from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} in {@code
     * environment}.
     */
    public Builder proxyFromEnvironment(java.util.Map<String, String> environment) {
      ProxySettings proxies = ProxySettings.fromEnvironment(environment);
      proxyChosen = true;
      settings.proxySelector(
          selector(
              uri ->
                  proxies
                      .proxyFor(uri.getScheme(), uri.getHost(), port(uri))
                      .map(proxy -> List.of(httpProxy(proxy)))
                      .orElse(List.of(Proxy.NO_PROXY))));
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
     * insecure-registries}.
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

    /** Reaches {@code host:port} over plain HTTP directly. */
    public Builder plainHttpRegistry(String hostPort) {
      settings.plainHttpRegistry(hostPort);
      return this;
    }

    /**
     * Sends requests through the HTTP proxy {@code proxy}, e.g. {@code
     * http://proxy.example.com:3128}.
     */
    public Builder proxy(URI proxy) {
      requireNonNull(proxy, "proxy");
      proxyChosen = true;
      if (proxy.getHost() == null) {
        throw new IllegalArgumentException("proxy must be a URL with a host but was " + proxy);
      }
      List<Proxy> always = List.of(httpProxy(proxy));
      settings.proxySelector(selector(uri -> always));
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

    private static int port(URI uri) {
      return uri.getPort() != -1
          ? uri.getPort()
          : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Proxy httpProxy(URI proxy) {
      return new Proxy(
          Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port(proxy)));
    }

    private static ProxySelector selector(java.util.function.Function<URI, List<Proxy>> choice) {
      return new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          return choice.apply(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {}
      };
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
