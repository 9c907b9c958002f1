package dev.regdoctor.diagnostics.kubernetes;

import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.accountWithPullSecrets;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.deployment;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.documents;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.pullSecret;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.serviceAccount;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.withPullSecrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Issue 17: {@code regdoctor k8s} reads manifests as kubectl does and judges as the kubelet. */
class KubeletParityTest {
  private static final String REGISTRY = "registry.example.com";
  private static final String IMAGE = REGISTRY + "/shop/web:1.4";

  private static KubernetesReport analyze(String source, String text) {
    return KubernetesDoctor.builder()
        .offline(true)
        .locale(Locale.ENGLISH)
        .build()
        .analyze(List.of(KubernetesManifest.of(source, text)));
  }

  private static KubernetesReport.Container only(KubernetesReport report) {
    return report.workloads().get(0).containers().get(0);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = KubeletParityTest.class.getResourceAsStream("/kubernetes/real/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void duplicateKeysInARealManifestAreAcceptedWithANoteNamingTheKey() throws IOException {
    // kubernetes/examples openshift-controller.yaml gives spec.selector twice; kubectl applies it.
    KubernetesReport report =
        analyze("openshift-controller.yaml", resource("openshift-controller.yaml"));

    assertThat(report.workloads())
        .singleElement()
        .satisfies(w -> assertThat(w.name()).isEqualTo("openshift"));
    assertThat(report.notes())
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains("openshift-controller.yaml", "/spec/selector", "line 12, column 3"));
  }

  @Test
  void theLastValueOfADuplicateKeyCounts() {
    String pod =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n"
            + "  containers:\n  - {name: a, image: first.example.com/a:1}\n"
            + "  containers:\n  - {name: b, image: "
            + IMAGE
            + "}\n";

    KubernetesReport.Container container = only(analyze("pod.yaml", pod));

    assertThat(container.name()).isEqualTo("b");
  }

  @Test
  void aMissingSecretNextToAWorkingOneIsAWarningAndThePullGoesAhead() {
    String yaml =
        documents(
            withPullSecrets(deployment("web", "shop", IMAGE), "missing-one", "regcred"),
            pullSecret("regcred", "shop", REGISTRY, "alice", "pw"));

    KubernetesReport report = analyze("input.yaml", yaml);
    KubernetesReport.Container container = only(report);

    Finding missing = container.finding(DiagnosisCode.K8S_PULL_SECRET_MISSING).orElseThrow();
    assertThat(missing.severity()).isEqualTo(Severity.WARNING);
    assertThat(missing.evidence())
        .anySatisfy(line -> assertThat(line).contains("the kubelet skips it"));
    assertThat(container.ok()).isTrue();
    assertThat(report.ok()).isTrue();
  }

  @Test
  void aMissingSecretAloneIsStillAnError() {
    KubernetesReport.Container container =
        only(
            analyze(
                "input.yaml", withPullSecrets(deployment("web", "shop", IMAGE), "missing-one")));

    assertThat(container.finding(DiagnosisCode.K8S_PULL_SECRET_MISSING).orElseThrow().severity())
        .isEqualTo(Severity.ERROR);
    assertThat(container.ok()).isFalse();
  }

  @Test
  void aSecretTheServiceAccountListsButThePodsOwnListHidesIsNamedSo() {
    String yaml =
        documents(
            withPullSecrets(deployment("web", "shop", IMAGE), "other"),
            accountWithPullSecrets(serviceAccount("default", "shop"), "regcred"),
            pullSecret("regcred", "shop", REGISTRY, "alice", "pw"),
            pullSecret("other", "shop", "elsewhere.example.com", "bob", "pw"));

    Finding notReferenced =
        only(analyze("input.yaml", yaml))
            .finding(DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED)
            .orElseThrow();

    assertThat(notReferenced.summary())
        .contains("the service account default lists it")
        .contains("the pod lists its own imagePullSecrets (other)")
        .doesNotContain("nothing in namespace");
  }

  @Test
  void anUnrenderedTemplateIsNamedWithItsPosition() {
    String chart =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers: []\n";

    assertThatThrownBy(() -> analyze("chart.yaml", chart))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unrendered Helm/Go template")
        .hasMessageContaining("line 4, column 9")
        .hasMessageNotContaining("snakeyaml")
        .hasMessageNotContaining("Event");
  }

  @Test
  void aQuotedTemplateImageIsNamedInTheFinding() {
    String chart =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n"
            + "  - {name: a, image: \"{{ .Values.image }}\"}\n";

    Finding invalid =
        only(analyze("chart.yaml", chart)).finding(DiagnosisCode.INVALID_REFERENCE).orElseThrow();

    assertThat(invalid.summary()).contains("unrendered Helm/Go template");
    assertThat(invalid.remediation().get(0).command()).startsWith("helm template");
  }

  @Test
  void aTabIsReportedWhereKubectlPointsAtIt() {
    // kubectl: "yaml: line 7: found character that cannot start any token"
    String tabbed =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n\t- name: a\n";

    assertThatThrownBy(() -> analyze("pod.yaml", tabbed))
        .isInstanceOf(ConfigException.class)
        .hasMessage("pod.yaml: a tab character at line 7, column 1: YAML indents with spaces only");
  }
}
