package dev.regdoctor.cli;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.kubernetes.Kubectl;
import dev.regdoctor.diagnostics.kubernetes.KubectlException;
import dev.regdoctor.diagnostics.kubernetes.KubernetesDoctor;
import dev.regdoctor.diagnostics.kubernetes.KubernetesManifest;
import dev.regdoctor.diagnostics.kubernetes.KubernetesReport;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regdoctor k8s FILE…}: why Kubernetes workloads cannot pull their images, from manifests or
 * the cluster.
 */
@Command(
    name = "k8s",
    mixinStandardHelpOptions = true,
    description = {
      "Check the image pull secrets of Kubernetes workloads.",
      "",
      "Says which secrets apply to each container, whether they exist, decode and",
      "match the image's registry, and whether the registry accepts exactly those",
      "credentials.",
      "",
      "Give the Secrets and ServiceAccounts with the workloads; one that is not",
      "among the inputs counts as absent.",
      "",
      "Examples:",
      "  regdoctor k8s deployment.yaml secrets.yaml",
      "  kubectl get deploy,sa,secrets -n shop -o yaml | regdoctor k8s -",
      "  regdoctor k8s --cluster --namespace shop",
      "  regdoctor k8s --offline --json pod.yaml",
      "  regdoctor k8s --hosts-dir ./node-certs.d deployment.yaml secrets.yaml",
      "",
      "Live checks follow containerd's rules (the kubelet's runtime). The node's",
      "hosts.toml files are read only from --hosts-dir; without it, containerd's",
      "built-in defaults apply. --ca-file CAs count as the node's system CAs;",
      "Docker's --insecure, --insecure-registry and --plain-http are refused.",
      "",
      "Exit status: 0 no error finding, 1 at least one error finding,",
      "2 bad invocation or unreadable (or empty) input."
    })
final class K8sCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description =
          "Manifests: YAML (several documents) or JSON, e.g. kubectl get … -o yaml output; - reads standard input.")
  List<String> files = new ArrayList<>();

  @Mixin CommonOptions common = new CommonOptions();

  @Option(
      names = "--cluster",
      description =
          "Also read workloads, service accounts and secrets from the current kube context with your kubectl.")
  boolean cluster;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description =
          "Namespace of objects whose manifests name none (default: default), and the namespace read with --cluster"
              + " (default: the context's).")
  String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "With --cluster, read every namespace.")
  boolean allNamespaces;

  @Option(
      names = "--offline",
      description =
          "Contact no registry: check and match the secrets, but do not try the credentials.")
  boolean offline;

  @Option(
      names = "--hosts-dir",
      paramLabel = "DIR",
      description =
          "A copy of the node's containerd hosts directory (its /etc/containerd/certs.d) for the"
              + " live checks (default: none, containerd's built-in defaults; this machine's is not"
              + " the node's).")
  Path hostsDir;

  InputStream stdin = System.in;

  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    if (files.isEmpty() && !cluster) {
      throw new Cli.UsageError("k8s needs manifest files (or - for standard input), or --cluster");
    }
    if (allNamespaces && !cluster) {
      throw new Cli.UsageError("--all-namespaces needs --cluster");
    }
    if (allNamespaces && namespace != null) {
      throw new Cli.UsageError("give --namespace or --all-namespaces, not both");
    }
    refuseDockerDaemonOptions();
    if (hostsDir != null && offline) {
      throw new Cli.UsageError(
          "--hosts-dir is for the live checks; --offline contacts no registry");
    }
    KubernetesDoctor.Builder builder =
        KubernetesDoctor.builder()
            .locale(common.locale())
            .offline(offline)
            .hostsDirSetting(KubernetesDoctor.HostsDirSetting.COMMAND_LINE_OPTION);
    if (namespace != null) {
      builder.namespace(namespace);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (RegistryDoctor registries = offline ? null : common.build(registries())) {
      if (registries != null) {
        builder.verifyWith(registries);
      }
      KubernetesReport report = builder.build().analyze(manifests());
      out.println(common.json ? report.toJson() : report.toText(Terminal.colors(System.getenv())));
      out.flush();
      return report.ok() ? Cli.OK : Cli.FINDINGS;
    } catch (ConfigException | KubectlException e) {
      throw Cli.UsageError.quoting("", e.getMessage());
    }
  }

  private RegistryDoctor.Builder registries() {
    RegistryDoctor.Builder registries = common.apply(RegistryDoctor.builder());
    if (hostsDir != null) {
      registries.hostsDir(RuntimeOptions.requireDirectory("--hosts-dir", hostsDir));
    }
    return registries;
  }

  /**
   * The shared options k8s refuses ({@link #refuseDockerDaemonOptions}): its help leaves them out.
   */
  static final List<String> REFUSED = List.of("--insecure", "--insecure-registry", "--plain-http");

  /**
   * Hides {@link #REFUSED} from {@code spec}'s help; they still parse, so that a run that gives one
   * is told why it is refused.
   */
  static void hideRefusedOptions(CommandLine.Model.CommandSpec spec) {
    for (String name : REFUSED) {
      CommandLine.Model.OptionSpec option = spec.findOption(name);
      if (option != null && !option.hidden()) {
        spec.remove(option);
        spec.addOption(option.toBuilder().hidden(true).build());
      }
    }
  }

  /**
   * Refuses the Docker daemon's ways to allow plain HTTP or skip TLS verification: the kubelet
   * pulls through containerd, which does either only where the node's {@code hosts.toml} says so,
   * so a result obtained with them would not be the node's.
   */
  private void refuseDockerDaemonOptions() {
    String option =
        common.insecure
            ? "--insecure"
            : !common.insecureRegistries.isEmpty()
                ? "--insecure-registry"
                : !common.plainHttp.isEmpty() ? "--plain-http" : null;
    if (option != null) {
      throw new Cli.UsageError(
          option
              + " is Docker's setting and does not apply to k8s: the kubelet pulls through"
              + " containerd, which uses plain HTTP or skips TLS verification only where the node's"
              + " hosts.toml says so (server = \"http://…\" or skip_verify = true; loopback"
              + " registries are plain HTTP by default). Give a copy of the node's hosts directory"
              + " with --hosts-dir DIR.");
    }
  }

  private List<KubernetesManifest> manifests() {
    List<KubernetesManifest> manifests = new ArrayList<>();
    boolean stdinRead = false;
    for (String file : files) {
      if (file.equals("-")) {
        if (stdinRead) {
          throw new Cli.UsageError("- (standard input) may be given only once");
        }
        stdinRead = true;
        KubernetesManifest manifest = KubernetesManifest.read(stdin, "<stdin>");
        if (manifest.text().isBlank()) {
          // A failed `kubectl get … | regdoctor k8s -` must not pass a CI check.
          throw new Cli.UsageError("k8s -: standard input is empty");
        }
        manifests.add(manifest);
      } else {
        KubernetesManifest manifest = KubernetesManifest.read(Path.of(file));
        if (manifest.text().isBlank()) {
          // Review 15, finding 11: `kubectl get … -o yaml > out.yaml` that failed leaves an empty
          // file; like empty standard input, it must not pass a CI check.
          throw new Cli.UsageError("k8s " + file + ": the file is empty");
        }
        manifests.add(manifest);
      }
    }
    if (cluster) {
      manifests.addAll(
          Kubectl.locate(environment).withTimeout(common.timeout).read(namespace, allNamespaces));
    }
    return manifests;
  }
}
