package dev.regdoctor.diagnostics.kubernetes;

import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.deployment;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.documents;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.pullSecret;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.PullSecret;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesManifestReaderTest {

  private static KubernetesObjects read(String text) {
    return read("manifests.yaml", text, "default");
  }

  private static KubernetesObjects read(String source, String text, String namespace) {
    return KubernetesManifestReader.read(List.of(KubernetesManifest.of(source, text)), namespace);
  }

  @Nested
  class KubectlOutput {
    @Test
    void readsDeploymentAndSecretFromMultiDocumentYaml() {
      String yaml =
          documents(
              deployment("web", "shop", "registry.example.com/shop/web:1.4"),
              pullSecret("regcred", "shop", "registry.example.com", "alice", "pw-1"));

      KubernetesObjects objects = read(yaml);

      assertThat(objects.workloads())
          .singleElement()
          .satisfies(
              workload -> {
                assertThat(workload.kind()).isEqualTo("Deployment");
                assertThat(workload.namespace()).isEqualTo("shop");
                assertThat(workload.name()).isEqualTo("web");
                assertThat(workload.serviceAccount()).isEqualTo("default");
                assertThat(workload.source()).isEqualTo("manifests.yaml (document 1)");
                assertThat(workload.containers())
                    .singleElement()
                    .satisfies(
                        container -> {
                          assertThat(container.name()).isEqualTo("web");
                          assertThat(container.image())
                              .isEqualTo("registry.example.com/shop/web:1.4");
                          assertThat(container.type())
                              .isEqualTo(KubernetesReport.ContainerType.REGULAR);
                          assertThat(container.pointer())
                              .isEqualTo("/spec/template/spec/containers/0");
                        });
              });
      assertThat(objects.secrets())
          .singleElement()
          .satisfies(
              secret -> {
                assertThat(secret.label()).isEqualTo("secret shop/regcred");
                assertThat(secret.status()).isEqualTo(PullSecret.Status.USABLE);
                assertThat(secret.source()).isEqualTo("manifests.yaml (document 2)");
              });
    }

    @Test
    void readsTheJsonListKubectlGetPrints() {
      String json =
          "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
              + run(
                  "create",
                  "deployment",
                  "api",
                  "--image=nginx:1.27",
                  "--image=busybox:1.36",
                  "--dry-run=client",
                  "-o",
                  "json")
              + ","
              + run("create", "serviceaccount", "builder", "--dry-run=client", "-o", "json")
              + "]}";

      KubernetesObjects objects = read("kubectl.json", json, "shop");

      assertThat(objects.workloads())
          .singleElement()
          .satisfies(
              workload -> {
                assertThat(workload.namespace())
                    .as("namespace defaults like kubectl -n")
                    .isEqualTo("shop");
                assertThat(workload.source()).isEqualTo("kubectl.json /items/0");
                assertThat(workload.containers())
                    .extracting(KubernetesObjects.Container::image)
                    .containsExactly("nginx:1.27", "busybox:1.36");
              });
      assertThat(objects.serviceAccounts())
          .singleElement()
          .satisfies(account -> assertThat(account.name()).isEqualTo("builder"));
    }

    @ParameterizedTest
    @CsvSource({
      "job, Job, /spec/template/spec/containers/0",
      "cronjob, CronJob, /spec/jobTemplate/spec/template/spec/containers/0",
    })
    void findsThePodTemplateOfEachKind(String resource, String kind, String pointer) {
      String yaml =
          resource.equals("job")
              ? run(
                  "create",
                  "job",
                  "once",
                  "--image=registry.example.com/jobs/once:2",
                  "--dry-run=client",
                  "-o",
                  "yaml")
              : run(
                  "create",
                  "cronjob",
                  "nightly",
                  "--image=registry.example.com/jobs/once:2",
                  "--schedule=0 3 * * *",
                  "--dry-run=client",
                  "-o",
                  "yaml");

      KubernetesObjects.Workload workload = read(yaml).workloads().get(0);

      assertThat(workload.kind()).isEqualTo(kind);
      assertThat(workload.containers())
          .singleElement()
          .satisfies(container -> assertThat(container.pointer()).isEqualTo(pointer));
    }
  }

  @Test
  void readsInitRegularAndEphemeralContainersOfAPod() {
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: debug-me}
        spec:
          serviceAccount: legacy-account
          ephemeralContainers:
          - {name: debugger, image: busybox:1.36}
          containers:
          - {name: app, image: registry.example.com/app:1, imagePullPolicy: Always}
          initContainers:
          - {name: setup, image: registry.example.com/setup:1}
        """;

    KubernetesObjects.Workload workload = read(pod).workloads().get(0);

    assertThat(workload.serviceAccount())
        .as("the deprecated serviceAccount field")
        .isEqualTo("legacy-account");
    assertThat(workload.containers())
        .extracting(KubernetesObjects.Container::name)
        .containsExactly("setup", "app", "debugger");
    assertThat(workload.containers())
        .extracting(KubernetesObjects.Container::type)
        .containsExactly(
            KubernetesReport.ContainerType.INIT,
            KubernetesReport.ContainerType.REGULAR,
            KubernetesReport.ContainerType.EPHEMERAL);
    assertThat(workload.containers().get(1).pullPolicy()).isEqualTo("Always");
  }

  @Test
  void recordsImagePullSecretsWhereKubernetesIgnoresThem() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          imagePullSecrets: [{name: at-deployment-level}]
          template:
            spec:
              containers:
              - name: web
                image: registry.example.com/web:1
                imagePullSecrets: [{name: in-the-container}]
        """;

    KubernetesObjects.Workload workload = read(yaml).workloads().get(0);

    assertThat(workload.pullSecrets()).isEmpty();
    assertThat(workload.misplaced())
        .extracting(KubernetesObjects.Misplaced::pointer)
        .containsExactly(
            "/spec/imagePullSecrets", "/spec/template/spec/containers/0/imagePullSecrets");
  }

  @Test
  void resolvesAnchorsAliasesAndMergeKeysAsKubectlDoes() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: anchored}
        spec:
          imagePullSecrets: &secrets [{name: regcred}]
          containers:
          - &app {name: app, image: "registry.example.com/app:1", imagePullPolicy: Always}
          - <<: *app
            name: sidecar
          initContainers:
          - *app
        """;

    KubernetesObjects objects = read(yaml);

    KubernetesObjects.Workload pod = objects.workloads().get(0);
    assertThat(pod.pullSecrets()).containsExactly("regcred");
    assertThat(pod.containers())
        .extracting(KubernetesObjects.Container::name)
        .containsExactly("app", "app", "sidecar");
    assertThat(pod.containers())
        .extracting(KubernetesObjects.Container::image)
        .containsOnly("registry.example.com/app:1");
    assertThat(pod.containers().get(2).pullPolicy()).isEqualTo("Always");
  }

  @Test
  void anAliasIntoAnotherDocumentIsAnError() {
    String yaml =
        "apiVersion: v1\nkind: Secret\nmetadata: &meta {name: regcred}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: *meta\n";

    assertThatThrownBy(() -> read(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "manifests.yaml: invalid YAML at line 7, column 11: unknown alias (YAML anchors do not reach into other documents)");
  }

  @Test
  void skipsKindsThatPullNoImagesAndEmptyDocuments() {
    String yaml =
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n---\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n";

    KubernetesObjects objects = read(yaml);

    assertThat(objects.workloads()).isEmpty();
    assertThat(objects.secrets()).isEmpty();
  }

  @Nested
  class Malformed {
    @Test
    void invalidYamlNamesFileLineAndColumnButNotTheContent() {
      String yaml =
          "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\n data: {password: hunter2-secret}\n";

      assertThatThrownBy(() -> read("secret.yaml", yaml, "default"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("secret.yaml: invalid YAML at line 5, column ")
          .satisfies(e -> assertThat(((ConfigException) e).source()).isEqualTo("secret.yaml"))
          .message()
          .doesNotContain("hunter2");
    }

    /** Review 15, finding 15: a truncated file printed Jackson's "[Source: REDACTED (…)" note. */
    @Test
    void truncatedJsonSaysWhichObjectIsNotClosedWithoutParserInternals() {
      String json = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [";

      assertThatThrownBy(() -> read("trunc.json", json, "default"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "trunc.json: invalid JSON at line 1, column 48: unexpected end of input: the array"
                  + " opened at line 1, column 47 is not closed")
          .message()
          .doesNotContain("Source", "REDACTED", "StreamReadFeature", "marker");
    }

    @Test
    void invalidJsonNamesLineAndColumnWithoutQuotingTokens() {
      String json =
          "{\n  \"kind\": \"Secret\",\n  \"data\": {\".dockerconfigjson\": s3cretTokenValue}\n}";

      assertThatThrownBy(() -> read("secret.json", json, "default"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("secret.json: invalid JSON at line 3, column ")
          .message()
          .doesNotContain("s3cretTokenValue");
    }

    @Test
    void imagePullSecretsAsPlainStringsAreRejectedWithPointerAndFileLine() {
      String yaml =
          documents(
              pullSecret("regcred", "default", "registry.example.com", "alice", "pw"),
              "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  imagePullSecrets:\n  - regcred\n  containers:\n  - name: web\n    image: nginx:1.27\n");

      assertThatThrownBy(() -> read("pod.yaml", yaml, "default"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "pod.yaml (document 2): /spec/imagePullSecrets/0: expected {name: <secret>} but found a string (line 17, column 5)");
    }

    @Test
    void aContainerWithoutNameIsRejected() {
      String yaml =
          "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - image: nginx:1.27\n";

      assertThatThrownBy(() -> read(yaml))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "manifests.yaml: /spec/containers/0/name: missing: every container needs a name (line 6, column 5)");
    }

    @Test
    void duplicateKeysAreAcceptedAsKubectlDoesAndNamed() {
      // Issue 17: kubectl keeps the last value (real files in kubernetes/examples do this).
      String yaml =
          "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: []\n  containers:\n  - {name: a, image: b}\n";

      KubernetesObjects objects = read(yaml);

      assertThat(objects.workloads().get(0).containers()).hasSize(1);
      assertThat(objects.duplicateKeys())
          .containsExactly(
              new KubernetesObjects.DuplicateKey("manifests.yaml", "/spec/containers", 6, 3));
    }

    @Test
    void aDocumentWithoutKindIsRejected() {
      assertThatThrownBy(() -> read("apiVersion: v1\nmetadata: {name: x}\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "manifests.yaml: /kind: missing: every object needs apiVersion and kind (line 1, column 1)");
    }

    @Test
    void describeOutputIsSentToTheExplainer() {
      String describe =
          """
          Name:         web-7d4b9c-x2x9p
          Namespace:    shop
          Events:
            Type     Reason     Age   From     Message
            ----     ------     ----  ----     -------
            Warning  Failed     12s   kubelet  Failed to pull image "registry.example.com/shop/web:1.4": unauthorized
            Warning  Failed     12s   kubelet  Error: ImagePullBackOff
          """;

      assertThatThrownBy(() -> read("describe.txt", describe, "default"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("describe.txt")
          .hasMessageContaining(
              "this looks like kubectl describe output or event text, not manifests: explain it with regdoctor explain");
    }
  }
}
