package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the objects {@link KubernetesDoctor} needs from the current kube context by running the
 * user's own {@code kubectl get … -o json}, so the user's kubeconfig, context and authentication
 * apply and this library needs no Kubernetes client. Each run is bounded in time and output.
 *
 * <pre>{@code
 * List<KubernetesManifest> objects = Kubectl.locate().read("shop", false);
 * KubernetesReport report = doctor.analyze(objects);
 * }</pre>
 *
 * <p>Secrets are read with the rest: the user must be allowed to list them in the namespace. A pull
 * secret that a pod names but its namespace lacks is also looked up by name in every namespace (to
 * tell a secret in the wrong namespace from a missing one); if that is forbidden, it stays missing.
 * Instances are immutable and thread-safe.
 */
public final class Kubectl {
  /** The workload kinds and service accounts read from the cluster. */
  static final String WORKLOADS =
      "pods,deployments,statefulsets,daemonsets,replicasets,replicationcontrollers,jobs,cronjobs,serviceaccounts";

  private static final long MAX_OUTPUT_BYTES = KubernetesManifest.MAX_BYTES;
  private static final int MAX_ERROR_BYTES = 64 * 1024;
  private static final Pattern KLOG = Pattern.compile("[IWEF]\\d{4} \\d{2}:\\d{2}:\\d{2}");

  private final Path executable;
  private final Map<String, String> environment;
  private final Duration timeout;

  private Kubectl(Path executable, Map<String, String> environment, Duration timeout) {
    this.executable = executable;
    this.environment = environment;
    this.timeout = timeout;
  }

  /**
   * Returns the kubectl found on this process's {@code PATH}, with a 30 s limit per call.
   *
   * @throws KubectlException if there is none
   */
  public static Kubectl locate() {
    return locate(System.getenv());
  }

  /**
   * Returns the kubectl found on {@code environment}'s {@code PATH}; kubectl runs with this
   * process's environment overlaid by {@code environment}, and a 30 s limit per call.
   *
   * @throws KubectlException if there is none
   */
  public static Kubectl locate(Map<String, String> environment) {
    requireNonNull(environment, "environment");
    String path = environment.getOrDefault("PATH", "");
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      for (String name : windows ? List.of("kubectl.exe", "kubectl") : List.of("kubectl")) {
        Path candidate = Path.of(directory, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return new Kubectl(candidate, Map.copyOf(environment), Duration.ofSeconds(30));
        }
      }
    }
    throw new KubectlException(
        KubectlException.Reason.NOT_FOUND,
        "kubectl is not on the PATH; install it, or save the objects with kubectl get … -o yaml elsewhere and pass the files instead of --cluster");
  }

  /**
   * Returns a copy that allows each kubectl call {@code value} (also passed as {@code
   * --request-timeout}).
   */
  public Kubectl withTimeout(Duration value) {
    requireNonNull(value, "timeout");
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive but was " + value);
    }
    return new Kubectl(executable, environment, value);
  }

  /** Returns the kubectl executable used. */
  public Path executable() {
    return executable;
  }

  /**
   * Reads Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs,
   * CronJobs, ServiceAccounts and Secrets.
   *
   * @param namespace the namespace, or {@code null} for the current context's namespace
   * @param allNamespaces read every namespace ({@code --all-namespaces}); {@code namespace} must
   *     then be null
   * @return the JSON lists kubectl printed, named after the commands
   * @throws KubectlException if kubectl fails, cannot reach the cluster, or is not allowed to list
   *     the objects
   */
  public List<KubernetesManifest> read(@Nullable String namespace, boolean allNamespaces) {
    if (allNamespaces && namespace != null) {
      throw new IllegalArgumentException("give a namespace or all namespaces, not both");
    }
    List<String> scope =
        allNamespaces
            ? List.of("--all-namespaces")
            : namespace == null ? List.of() : List.of("--namespace", namespace);
    List<KubernetesManifest> manifests = new ArrayList<>();
    manifests.add(get(WORKLOADS, scope, List.of()));
    manifests.add(get("secrets", scope, List.of()));
    if (!allNamespaces) {
      for (String name : secretsNamedButAbsent(manifests)) {
        try {
          manifests.add(
              get(
                  "secrets",
                  List.of("--all-namespaces"),
                  List.of("--field-selector", "metadata.name=" + name)));
        } catch (KubectlException e) {
          // Not allowed to look across namespaces: the secret is reported missing, which it is in
          // its namespace.
        }
      }
    }
    return manifests;
  }

  /** Returns the pull-secret names that pods or service accounts list but their namespace lacks. */
  private static Set<String> secretsNamedButAbsent(List<KubernetesManifest> manifests) {
    KubernetesObjects objects = KubernetesManifestReader.read(manifests, "default");
    Set<String> absent = new LinkedHashSet<>();
    for (KubernetesObjects.Workload workload : objects.workloads()) {
      workload.pullSecrets().stream()
          .filter(name -> objects.secret(workload.namespace(), name).isEmpty())
          .forEach(absent::add);
    }
    for (KubernetesObjects.ServiceAccount account : objects.serviceAccounts()) {
      account.pullSecrets().stream()
          .filter(name -> objects.secret(account.namespace(), name).isEmpty())
          .forEach(absent::add);
    }
    return absent;
  }

  private KubernetesManifest get(String resources, List<String> scope, List<String> more) {
    List<String> arguments = new ArrayList<>(List.of("get", resources));
    arguments.addAll(scope);
    arguments.addAll(more);
    arguments.addAll(List.of("--output", "json", "--request-timeout", timeout.toMillis() + "ms"));
    String command = "kubectl " + String.join(" ", arguments.subList(0, arguments.size() - 4));
    Result result = run(arguments, MAX_OUTPUT_BYTES);
    if (result.exitCode() != 0) {
      throw failure(command, result);
    }
    return KubernetesManifest.of(command, new String(result.stdout(), StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, byte[] stdout, String stderr) {}

  private Result run(List<String> arguments, long maxOutput) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new KubectlException(
          KubectlException.Reason.NOT_FOUND, "cannot run " + executable + ": " + e.getMessage());
    }
    try {
      process.getOutputStream().close();
      Capture out = new Capture(process.getInputStream(), maxOutput);
      Capture err = new Capture(process.getErrorStream(), MAX_ERROR_BYTES);
      out.start();
      err.start();
      // kubectl's own --request-timeout applies to each request; allow it a little more overall.
      if (!process.waitFor(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new KubectlException(
            KubectlException.Reason.TIMEOUT,
            "kubectl "
                + arguments.get(0)
                + " "
                + arguments.get(1)
                + " did not finish within "
                + timeout.toSeconds()
                + " s; check the cluster connection or raise --timeout");
      }
      out.join(Math.max(1, timeout.toMillis()));
      err.join(Math.max(1, timeout.toMillis()));
      if (out.truncated) {
        throw new KubectlException(
            KubectlException.Reason.FAILED,
            "kubectl "
                + arguments.get(0)
                + " "
                + arguments.get(1)
                + " printed more than "
                + maxOutput / (1024 * 1024)
                + " MiB; narrow it with --namespace");
      }
      return new Result(
          process.exitValue(), out.bytes.toByteArray(), err.bytes.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      kill(process);
      throw new KubectlException(
          KubectlException.Reason.FAILED, "cannot talk to kubectl: " + e.getMessage());
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new KubectlException(
          KubectlException.Reason.FAILED, "interrupted while waiting for kubectl");
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Drains a stream into memory up to a limit, then discards the rest. */
  private static final class Capture extends Thread {
    private final InputStream in;
    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean truncated;

    Capture(InputStream in, long limit) {
      super("regdoctor-kubectl-output");
      setDaemon(true);
      this.in = in;
      this.limit = limit;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int read;
        while ((read = in.read(buffer)) != -1) {
          int keep = (int) Math.max(0, Math.min(read, limit - bytes.size()));
          bytes.write(buffer, 0, keep);
          truncated |= keep < read;
        }
      } catch (IOException e) {
        // the process ended or was killed; keep what was read
      }
    }
  }

  /**
   * Turns kubectl's error output into one line that says what failed and what to do, ending with
   * what kubectl said.
   */
  private KubectlException failure(String command, Result result) {
    String stderr = result.stderr().strip();
    // kubectl's own message comes last, after klog lines such as "E1125 02:09:55.216614 14692
    // memcache.go:265] …".
    List<String> lines =
        stderr.lines().filter(line -> !line.isBlank() && !KLOG.matcher(line).lookingAt()).toList();
    String said =
        lines.isEmpty() ? "exit status " + result.exitCode() : lines.get(lines.size() - 1).strip();
    if (said.length() > 300) {
      said = said.substring(0, 297) + "...";
    }
    String lower = stderr.toLowerCase(Locale.ROOT);
    if (lower.contains("current-context is not set")
        || lower.contains("no configuration has been provided")
        || lower.contains("context was not found")
        || lower.contains("invalid configuration")
        || lower.contains("localhost:8080")) {
      return new KubectlException(
          KubectlException.Reason.NO_CONTEXT,
          "kubectl has no usable kube context ("
              + said
              + "); check KUBECONFIG and choose a context with kubectl config use-context NAME");
    }
    String context = currentContext();
    String where = context == null ? "the cluster" : "the cluster of context " + context;
    if (lower.contains("unauthorized") || lower.contains("must be logged in")) {
      return new KubectlException(
          KubectlException.Reason.UNAUTHORIZED, where + " rejected kubectl's credentials: " + said);
    }
    if (lower.contains("forbidden")) {
      return new KubectlException(
          KubectlException.Reason.FORBIDDEN,
          command
              + " is not allowed in "
              + where
              + " (regdoctor needs get/list on workloads, serviceaccounts and secrets): "
              + said);
    }
    if (lower.contains("unable to connect to the server")
        || lower.contains("connection refused")
        || lower.contains("no such host")
        || lower.contains("i/o timeout")
        || lower.contains("the right host or port")
        || lower.contains("timeout")) {
      return new KubectlException(
          KubectlException.Reason.UNREACHABLE, "kubectl cannot reach " + where + ": " + said);
    }
    return new KubectlException(KubectlException.Reason.FAILED, command + " failed: " + said);
  }

  /** Returns the current context's name, or null when kubectl cannot tell quickly. */
  private @Nullable String currentContext() {
    try {
      Result result = run(List.of("config", "current-context"), 4096);
      String name = new String(result.stdout(), StandardCharsets.UTF_8).strip();
      return result.exitCode() == 0 && !name.isEmpty() ? name : null;
    } catch (KubectlException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "Kubectl[" + executable + ", timeout " + timeout + "]";
  }
}
