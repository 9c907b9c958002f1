package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.internal.Catalogue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Finds exactly why Kubernetes workloads cannot pull their images, from manifests: which pull
 * secrets apply to each container, whether they exist in the pod's namespace, have the right type,
 * decode, and hold an entry the kubelet would use for the image; whether a matching secret exists
 * that nothing references; and, unless offline, whether the registry accepts exactly the credential
 * the kubelet would send (or an anonymous pull, when none matches).
 *
 * <pre>{@code
 * try (RegistryDoctor registries = RegistryDoctor.builder().timeout(Duration.ofSeconds(10)).build()) {
 *   KubernetesDoctor doctor = KubernetesDoctor.builder().verifyWith(registries).namespace("shop").build();
 *   KubernetesReport report = doctor.analyze(Path.of("deployment.yaml"), Path.of("secrets.yaml"));
 *   System.out.println(report);
 * }
 * }</pre>
 *
 * <p>Give the Secrets and ServiceAccounts along with the workloads (for example {@code kubectl get
 * deploy,sa,secrets -n shop -o yaml}), or read them from the cluster with {@link Kubectl}: a secret
 * or service account that is not among the inputs is taken as absent. Instances are thread-safe.
 */
public final class KubernetesDoctor implements AutoCloseable {
  private final @Nullable RegistryDoctor registries;
  private final boolean ownsRegistries;
  private final String namespace;
  private final Locale locale;
  private final int concurrency;
  private final HostsDirSetting hostsDirSetting;

  private KubernetesDoctor(Builder builder) {
    this.namespace = builder.namespace;
    this.concurrency = builder.concurrency;
    this.hostsDirSetting = builder.hostsDirSetting;
    if (builder.offline) {
      this.registries = null;
      this.ownsRegistries = false;
      this.locale = builder.locale == null ? Locale.getDefault() : builder.locale;
    } else if (builder.registries != null) {
      this.registries = builder.registries;
      this.ownsRegistries = false;
      this.locale = builder.registries.locale();
    } else {
      this.locale = builder.locale == null ? Locale.getDefault() : builder.locale;
      this.registries = RegistryDoctor.builder().locale(locale).build();
      this.ownsRegistries = true;
    }
  }

  /**
   * Analyses the manifest files with the defaults (namespace {@code default}, live verification,
   * JVM locale) and returns the report; {@code System.out.println} it.
   *
   * @throws ConfigException if a file cannot be read or is not valid YAML or JSON manifests
   */
  public static KubernetesReport diagnose(Path... files) {
    try (KubernetesDoctor doctor = builder().build()) {
      return doctor.analyze(files);
    }
  }

  /**
   * Returns a builder with the defaults: namespace {@code default}, live verification with a {@link
   * RegistryDoctor} of default settings, JVM default locale.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads and analyses manifest files.
   *
   * @throws ConfigException if a file cannot be read, is not valid YAML or JSON, or holds an object
   *     kubectl would reject; the message names the file, document, JSON pointer, line and column,
   *     never the content
   */
  public KubernetesReport analyze(Path... files) {
    requireNonNull(files, "files");
    List<KubernetesManifest> manifests = new ArrayList<>();
    for (Path file : files) {
      manifests.add(KubernetesManifest.read(file));
    }
    return analyze(manifests);
  }

  /**
   * Analyses manifests (YAML documents or JSON; Pods, Deployments, StatefulSets, DaemonSets,
   * ReplicaSets, Jobs, CronJobs, ServiceAccounts, Secrets and Lists of them; other kinds are
   * skipped). Objects without a namespace are in this doctor's namespace. A Pod, ReplicaSet or Job
   * whose controller is among the inputs is analysed once, through its controller.
   *
   * @throws ConfigException if a manifest is not valid YAML or JSON or holds an object kubectl
   *     would reject
   */
  public KubernetesReport analyze(List<KubernetesManifest> manifests) {
    requireNonNull(manifests, "manifests");
    KubernetesObjects objects = KubernetesManifestReader.read(manifests, namespace);
    KubernetesAnalysis analysis = analysis(objects);
    List<KubernetesAnalysis.Draft> drafts = analysis.plan();
    return analysis.report(drafts, verify(drafts), locale);
  }

  /**
   * Plans, without contacting any registry, every image pull the kubelet would make for the
   * workloads in {@code manifests} (each container of each workload that no other input controls),
   * with the offline pull-secret rules applied; check them on your own schedule with {@link
   * KubernetesPull#credentials()} and {@link KubernetesPull#report(Report)}.
   *
   * @throws ConfigException if a manifest is not valid YAML or JSON or holds an object kubectl
   *     would reject
   */
  public List<KubernetesPull> pulls(List<KubernetesManifest> manifests) {
    requireNonNull(manifests, "manifests");
    KubernetesObjects objects = KubernetesManifestReader.read(manifests, namespace);
    KubernetesAnalysis analysis = analysis(objects);
    return analysis.plan().stream()
        .map(draft -> new KubernetesPull(analysis, draft, locale))
        .toList();
  }

  private KubernetesAnalysis analysis(KubernetesObjects objects) {
    KubernetesAnalysis analysis =
        new KubernetesAnalysis(Catalogue.forLocale(locale), objects, registries == null);
    if (registries != null) {
      analysis.assumeNode(
          registries.nodeHostsDir().orElse(null), registries.caFiles(), hostsDirSetting);
    }
    return analysis;
  }

  /** Returns whether this doctor never contacts a registry. */
  public boolean isOffline() {
    return registries == null;
  }

  /** Returns the namespace of objects whose manifests name none. */
  public String namespace() {
    return namespace;
  }

  /** Runs each distinct live check once, concurrently. */
  private Map<String, Report> verify(List<KubernetesAnalysis.Draft> drafts) {
    Map<String, KubernetesAnalysis.LiveCheck> checks = new LinkedHashMap<>();
    for (KubernetesAnalysis.Draft draft : drafts) {
      if (draft.live() != null) {
        checks.putIfAbsent(draft.live().key(), draft.live());
      }
    }
    RegistryDoctor doctor = registries;
    if (doctor == null || checks.isEmpty()) {
      return Map.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(concurrency, checks.size()),
            runnable -> {
              Thread thread = new Thread(runnable, "regdoctor-k8s-check");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Map<String, Future<Report>> futures = new LinkedHashMap<>();
      checks.forEach(
          (key, check) ->
              futures.put(key, pool.submit(() -> doctor.check(check.image(), check.lookup()))));
      Map<String, Report> reports = new LinkedHashMap<>();
      for (Map.Entry<String, Future<Report>> future : futures.entrySet()) {
        reports.put(future.getKey(), future.getValue().get());
      }
      return reports;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying pull credentials", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "a registry check failed unexpectedly: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Closes the {@link RegistryDoctor} this doctor created; one given to {@link Builder#verifyWith}
   * stays open.
   */
  @Override
  public void close() {
    if (ownsRegistries && registries != null) {
      registries.close();
    }
  }

  /**
   * Where the user of a program gives the node's containerd hosts directory for the live checks:
   * what a report's note names when the checks read none ({@link Builder#hostsDirSetting}).
   */
  public enum HostsDirSetting {
    /** The builder method {@code RegistryDoctor.Builder.hostsDir(Path)}: a program of your own. */
    BUILDER_METHOD,
    /** The command-line option {@code --hosts-dir DIR}, as of {@code regdoctor k8s}. */
    COMMAND_LINE_OPTION,
    /**
     * The key {@code kubernetes.hostsDir} in {@code probes.yaml}, as of {@code regdoctor serve}.
     */
    PROBES_YAML
  }

  /** Configures a {@link KubernetesDoctor}. Not thread-safe. */
  public static final class Builder {
    private @Nullable RegistryDoctor registries;
    private boolean offline;
    private String namespace = "default";
    private @Nullable Locale locale;
    private int concurrency = 8;
    private HostsDirSetting hostsDirSetting = HostsDirSetting.BUILDER_METHOD;

    private Builder() {}

    /**
     * Verifies credentials with {@code doctor}, using its settings (timeouts, CA files, insecure
     * registries, DNS overrides) and its locale, under containerd's rules with the doctor's {@link
     * RegistryDoctor#nodeHostsDir()} (none: containerd's built-in defaults; reports say which). The
     * doctor is not closed by {@link #close()}.
     */
    public Builder verifyWith(RegistryDoctor doctor) {
      registries = requireNonNull(doctor, "doctor");
      return this;
    }

    /**
     * Skips every network call: secrets are checked and matched, but never tried against a
     * registry.
     */
    public Builder offline(boolean value) {
      offline = value;
      return this;
    }

    /**
     * Sets the namespace of objects whose manifests name none, as {@code kubectl -n} (default
     * {@code default}).
     */
    public Builder namespace(String value) {
      requireNonNull(value, "namespace");
      if (value.isBlank()) {
        throw new IllegalArgumentException("namespace must not be blank");
      }
      namespace = value;
      return this;
    }

    /**
     * Sets the language of reports: English, or Simplified Chinese for any {@code zh} locale. With
     * {@link #verifyWith}, it must match that doctor's language (the doctor's is used by default).
     */
    public Builder locale(Locale value) {
      locale = requireNonNull(value, "locale");
      return this;
    }

    /** Sets how many registry checks run at once (default 8). */
    public Builder concurrency(int value) {
      if (value < 1 || value > 64) {
        throw new IllegalArgumentException("concurrency must be in 1..64 but was " + value);
      }
      concurrency = value;
      return this;
    }

    /**
     * Sets where the user gives the node's containerd hosts directory, for the note a report makes
     * when the live checks read none (default {@link HostsDirSetting#BUILDER_METHOD}, {@link
     * RegistryDoctor.Builder#hostsDir}); a program that takes it as an option or a configuration
     * key says so, and the note names that.
     */
    public Builder hostsDirSetting(HostsDirSetting value) {
      hostsDirSetting = requireNonNull(value, "hostsDirSetting");
      return this;
    }

    /**
     * Returns the doctor.
     *
     * @throws IllegalArgumentException if {@link #locale} and the verifying doctor's locale select
     *     different languages
     */
    public KubernetesDoctor build() {
      if (!offline
          && registries != null
          && locale != null
          && !Catalogue.forLocale(locale)
              .languageTag()
              .equals(Catalogue.forLocale(registries.locale()).languageTag())) {
        throw new IllegalArgumentException(
            "locale "
                + locale.toLanguageTag()
                + " differs from the verifying doctor's locale "
                + registries.locale().toLanguageTag());
      }
      return new KubernetesDoctor(this);
    }
  }
}
