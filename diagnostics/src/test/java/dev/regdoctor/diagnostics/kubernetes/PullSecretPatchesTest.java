package dev.regdoctor.diagnostics.kubernetes;

import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.accountWithPullSecrets;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.deployment;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.documents;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.pullSecret;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.require;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 15, finding 2: the steps for an unreferenced secret replaced the service account's list
 * ({@code imagePullSecrets} of a ServiceAccount has no merge key) or gave the pod its own list
 * (which stops the ServiceAccount admission plugin from copying the account's in), so container
 * {@code a}, which pulled with the account's {@code tlscred}, lost it. Each step is applied here
 * with {@code kubectl patch --local} (no API server) and the result analysed again, as the reviewer
 * did.
 */
@Timeout(120)
class PullSecretPatchesTest {
  private static final String TLS = "127.0.0.1:34255";
  private static final String PLAIN = "127.0.0.1:60933";

  @TempDir Path dir;

  private static String secrets() {
    return documents(
        pullSecret("tlscred", "ci", TLS, "alice", "pw-one"),
        pullSecret("plaincred", "ci", PLAIN, "alice", "pw-two"));
  }

  private static String app() {
    return KubectlManifests.edit(
        deployment("app", "ci", TLS + "/team/app:1.0", PLAIN + "/team/app:1.0"),
        root -> KubectlManifests.podSpec(root).put("serviceAccountName", "builder"));
  }

  private static String builder() {
    return accountWithPullSecrets(serviceAccount("builder", "ci"), "tlscred");
  }

  private static KubernetesReport analyze(String... yamls) {
    return KubernetesDoctor.builder()
        .offline(true)
        .locale(Locale.ENGLISH)
        .build()
        .analyze(List.of(KubernetesManifest.of("input.yaml", documents(yamls))));
  }

  /** The finding about plaincred (without the account, tlscred is unreferenced too). */
  private static Finding unreferenced(KubernetesReport report) {
    return report.workloads().get(0).containers().stream()
        .flatMap(container -> container.findings().stream())
        .filter(finding -> finding.code() == DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED)
        .filter(finding -> finding.summary().startsWith("The secret plaincred "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no NOT_REFERENCED in " + report));
  }

  private static List<String> commands(Finding finding) {
    return finding.remediation().stream().map(Remedy::command).filter(c -> c != null).toList();
  }

  /** The single-quoted arguments of {@code command} (the patches), in order. */
  private static List<String> quoted(String command) {
    List<String> parts = new ArrayList<>();
    Matcher matcher = Pattern.compile("'([^']*)'").matcher(command);
    while (matcher.find()) {
      parts.add(matcher.group(1));
    }
    return parts;
  }

  /** Runs {@code kubectl patch --local -f file …}; returns its YAML, or null when kubectl fails. */
  private String patchLocally(String yaml, String type, String patch) throws Exception {
    Path file = Files.createTempFile(dir, "object", ".yaml");
    Files.writeString(file, yaml);
    ProcessBuilder builder =
        new ProcessBuilder(
                require().toString(),
                "patch",
                "--local",
                "-f",
                file.toString(),
                "--type=" + type,
                "-p",
                patch,
                "-o",
                "yaml")
            .directory(dir.toFile())
            .redirectError(dir.resolve("stderr").toFile());
    builder.environment().put("HOME", dir.toString());
    builder.environment().put("KUBECONFIG", dir.resolve("none").toString());
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
  }

  private static void assertEveryContainerPulls(KubernetesReport report) {
    assertThat(report.workloads().get(0).containers())
        .allSatisfy(
            container -> {
              assertThat(container.pullSecrets()).containsExactly("tlscred", "plaincred");
              assertThat(container.ok()).as(container.toString()).isTrue();
            });
  }

  @Test
  void serviceAccountPatchKeepsTheSecretsTheAccountListsNow() throws Exception {
    Finding finding = unreferenced(analyze(builder(), secrets(), app()));

    String command = commands(finding).get(0);
    assertThat(command)
        .isEqualTo(
            "kubectl patch serviceaccount builder -n ci -p"
                + " '{\"imagePullSecrets\":[{\"name\":\"tlscred\"},{\"name\":\"plaincred\"}]}'");
    String patched = patchLocally(builder(), "strategic", quoted(command).get(0));

    assertEveryContainerPulls(analyze(patched, secrets(), app()));
  }

  @Test
  void podTemplatePatchAlsoCarriesTheSecretsTheServiceAccountSupplies() throws Exception {
    Finding finding = unreferenced(analyze(builder(), secrets(), app()));

    assertThat(finding.remediation().get(0).text())
        .endsWith("imagePullSecrets: [{name: tlscred}, {name: plaincred}]");
    String command = commands(finding).get(1);
    assertThat(command).startsWith("kubectl patch deployment/app -n ci -p '");
    String patched = patchLocally(app(), "strategic", quoted(command).get(0));

    assertEveryContainerPulls(analyze(builder(), secrets(), patched));
  }

  @Test
  void unknownServiceAccountIsAppendedToWhetherOrNotItHasAList() throws Exception {
    Finding finding = unreferenced(analyze(secrets(), app()));

    // No list can be written out for an account that is not among the inputs, and no pod-template
    // patch either (the pod's own list would drop the account's).
    List<String> commands = commands(finding);
    assertThat(commands).hasSize(2);
    assertThat(commands.get(1))
        .isEqualTo(
            "kubectl get serviceaccount builder -n ci -o jsonpath='{.imagePullSecrets[*].name}'");
    List<String> patches = quoted(commands.get(0));
    assertThat(commands.get(0)).contains(" || ").doesNotContain("--type=merge");
    assertThat(patches).hasSize(2);

    // The account lists tlscred: the append applies, and the fallback (test: absent) would not.
    String appended = patchLocally(builder(), "json", patches.get(0));
    assertThat(appended).contains("- name: tlscred", "- name: plaincred");
    assertThat(patchLocally(builder(), "json", patches.get(1))).isNull();
    assertEveryContainerPulls(analyze(appended, secrets(), app()));

    // The account lists nothing: the append fails, the fallback creates the list.
    String bare = serviceAccount("builder", "ci");
    assertThat(patchLocally(bare, "json", patches.get(0))).isNull();
    String created = patchLocally(bare, "json", patches.get(1));
    assertThat(created).contains("- name: plaincred");
    KubernetesReport report = analyze(created, secrets(), app());
    assertThat(report.workloads().get(0).containers().get(1).ok()).isTrue();
  }

  @Test
  void podsOwnListIsExtendedNotReplaced() throws IOException {
    String withOwn =
        KubectlManifests.withPullSecrets(
            deployment("app", "ci", PLAIN + "/team/app:1.0"), "tlscred");

    Finding finding = unreferenced(analyze(secrets(), withOwn));

    assertThat(commands(finding))
        .containsExactly(
            "kubectl patch deployment/app -n ci -p"
                + " '{\"spec\":{\"template\":{\"spec\":{\"imagePullSecrets\":"
                + "[{\"name\":\"tlscred\"},{\"name\":\"plaincred\"}]}}}}'");
  }
}
