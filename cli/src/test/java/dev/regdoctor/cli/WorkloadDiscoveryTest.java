package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.kubernetes.KubernetesManifest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The targets {@code serve} discovers from the cluster's workloads. */
class WorkloadDiscoveryTest {
  private static final String POD =
      "apiVersion: v1\n"
          + "kind: Pod\n"
          + "metadata: {name: api, namespace: shop}\n"
          + "spec:\n"
          + "  containers:\n"
          + "  - {name: api, image: registry.example.invalid/shop/api:2.0}\n";

  /**
   * Review item (session 17): the note on live checks without the nodes' hosts directory told
   * serve's users to pass {@code --hosts-dir DIR}, which serve has not; its setting is {@code
   * kubernetes.hostsDir} in probes.yaml.
   */
  @Test
  void aDiscoveredTargetsNoteNamesTheProbesYamlKeyForTheHostsDirectory() {
    WorkloadDiscovery.Source source =
        new WorkloadDiscovery.Source() {
          @Override
          public List<KubernetesManifest> read(List<String> namespaces) {
            return List.of(KubernetesManifest.of("pods.yaml", POD));
          }

          @Override
          public String describe() {
            return "fake";
          }
        };
    try (RegistryDoctor registries =
        RegistryDoctor.builder()
            .locale(Locale.ENGLISH)
            .credentials(CredentialResolver.anonymous())
            .build()) {
      List<ProbeTarget> targets =
          new WorkloadDiscovery(
                  new ProbeConfig.Discovery(
                      List.of("shop"), Duration.ofMinutes(1), false, "kubectl", null),
                  source,
                  registries)
              .discover();

      assertThat(targets).hasSize(1);
      // planned, not checked: no registry is contacted
      List<String> notes = targets.get(0).pull().report().notes();
      assertThat(notes)
          .anySatisfy(
              note ->
                  assertThat(note)
                      .endsWith(
                          "give a copy of the node's with kubernetes.hostsDir in probes.yaml."));
      assertThat(String.join("\n", notes)).doesNotContain("--hosts-dir");
    }
  }
}
