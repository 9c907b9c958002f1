package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.kubernetes.Kubectl;
import dev.regdoctor.diagnostics.kubernetes.KubernetesDoctor;
import dev.regdoctor.diagnostics.kubernetes.KubernetesManifest;
import dev.regdoctor.diagnostics.kubernetes.KubernetesPull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the images that workloads pull, with the pull the kubelet would make for each (its pull
 * secrets applied), from the user's kubectl or, inside a pod, from the API server with the pod's
 * service account.
 */
final class WorkloadDiscovery {
  /** Where the service account's token and CA are mounted in a pod. */
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** Reads workloads, service accounts and secrets of some namespaces (all when empty). */
  interface Source {
    List<KubernetesManifest> read(List<String> namespaces);

    /** Names the source in log lines, e.g. {@code kubectl /usr/bin/kubectl}. */
    String describe();
  }

  private final ProbeConfig.Discovery settings;
  private final Source source;
  private final RegistryDoctor registries;

  WorkloadDiscovery(ProbeConfig.Discovery settings, Source source, RegistryDoctor registries) {
    this.settings = settings;
    this.source = source;
    this.registries = registries;
  }

  /**
   * Chooses the source: {@code in-cluster} when asked, or in {@code auto} mode when the pod's
   * service account and {@code KUBERNETES_SERVICE_HOST} are present; else the user's kubectl.
   */
  static Source source(
      ProbeConfig.Discovery settings,
      Map<String, String> environment,
      Path serviceAccount,
      Duration timeout) {
    boolean inCluster =
        settings.source().equals("in-cluster")
            || (settings.source().equals("auto")
                && environment.containsKey("KUBERNETES_SERVICE_HOST")
                && Files.isReadable(serviceAccount.resolve("token")));
    if (inCluster) {
      return ClusterApi.inCluster(environment, serviceAccount, timeout);
    }
    Kubectl kubectl = Kubectl.locate(environment).withTimeout(timeout);
    return new Source() {
      @Override
      public List<KubernetesManifest> read(List<String> namespaces) {
        if (namespaces.isEmpty()) {
          return kubectl.read(null, true);
        }
        List<KubernetesManifest> manifests = new ArrayList<>();
        for (String namespace : namespaces) {
          manifests.addAll(kubectl.read(namespace, false));
        }
        return manifests;
      }

      @Override
      public String describe() {
        return "kubectl " + kubectl.executable();
      }
    };
  }

  /** Returns how this discovery reads the cluster. */
  String describe() {
    return source.describe();
  }

  /**
   * Reads the cluster and returns one target per image per workload (a workload running one image
   * in several containers is probed once).
   */
  List<ProbeTarget> discover() {
    List<KubernetesManifest> manifests = source.read(settings.namespaces());
    List<KubernetesPull> pulls =
        KubernetesDoctor.builder()
            .verifyWith(registries)
            .hostsDirSetting(KubernetesDoctor.HostsDirSetting.PROBES_YAML)
            .build()
            .pulls(manifests);
    Map<String, ProbeTarget> targets = new LinkedHashMap<>();
    for (KubernetesPull pull : pulls) {
      if (pull.image().isEmpty()) {
        continue;
      }
      ProbeTarget target = ProbeTarget.discovered(pull, settings.pullTest());
      targets.putIfAbsent(target.key(), target);
    }
    return List.copyOf(targets.values());
  }
}
