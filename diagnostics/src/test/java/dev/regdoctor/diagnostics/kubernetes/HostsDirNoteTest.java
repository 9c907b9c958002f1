package dev.regdoctor.diagnostics.kubernetes;

import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.kubernetes.KubernetesDoctor.HostsDirSetting;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Review item (session 17): the note on live checks without the node's hosts directory told every
 * caller to pass {@code --hosts-dir DIR}, an option only {@code regdoctor k8s} has: {@code serve}
 * reads {@code kubernetes.hostsDir} in probes.yaml, a program {@code RegistryDoctor.Builder}. It
 * now names the setting its caller gives ({@link KubernetesDoctor.Builder#hostsDirSetting}).
 */
class HostsDirNoteTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "           | en | give a copy of the node's with RegistryDoctor.Builder.hostsDir.",
        "BUILDER_METHOD | en | give a copy of the node's with RegistryDoctor.Builder.hostsDir.",
        "COMMAND_LINE_OPTION | en | give a copy of the node's with --hosts-dir DIR.",
        "PROBES_YAML | en | give a copy of the node's with kubernetes.hostsDir in probes.yaml.",
        "           | zh-CN | 请用 RegistryDoctor.Builder.hostsDir 给出节点上该目录的副本。",
        "BUILDER_METHOD | zh-CN | 请用 RegistryDoctor.Builder.hostsDir 给出节点上该目录的副本。",
        "COMMAND_LINE_OPTION | zh-CN | 请用 --hosts-dir <目录> 给出节点上该目录的副本。",
        "PROBES_YAML | zh-CN | 请用 probes.yaml 中的 kubernetes.hostsDir 给出节点上该目录的副本。"
      })
  void theNoteNamesTheSettingItsCallerGivesTheHostsDirectoryBy(
      HostsDirSetting setting, String language, String expected) {
    try (RegistryDoctor registries =
        RegistryDoctor.builder()
            .locale(Locale.forLanguageTag(language))
            .credentials(CredentialResolver.anonymous())
            .build()) {
      KubernetesDoctor.Builder builder = KubernetesDoctor.builder().verifyWith(registries);
      if (setting != null) {
        builder.hostsDirSetting(setting);
      }
      // planned, not checked: no registry is contacted
      KubernetesReport report =
          builder
              .build()
              .pulls(
                  List.of(
                      KubernetesManifest.of(
                          "d.yaml", deployment("web", "shop", "registry.example.invalid/a:1"))))
              .get(0)
              .report();

      assertThat(report.notes()).anySatisfy(note -> assertThat(note).endsWith(expected));
      if (setting != HostsDirSetting.COMMAND_LINE_OPTION) {
        assertThat(String.join("\n", report.notes())).doesNotContain("--hosts-dir");
      }
    }
  }
}
