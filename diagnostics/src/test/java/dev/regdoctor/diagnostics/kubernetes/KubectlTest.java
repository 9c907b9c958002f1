package dev.regdoctor.diagnostics.kubernetes;

import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading objects from the cluster with a fake kubectl on PATH that prints recorded JSON, and with
 * the real kubectl failing.
 */
@Timeout(60)
class KubectlTest {
  @TempDir Path bin;
  private Map<String, String> environment;

  @BeforeEach
  void path() {
    environment = Map.of("PATH", bin + ":/usr/bin:/bin");
  }

  /**
   * Installs a fake kubectl that logs its arguments and runs {@code body} (a POSIX sh case on
   * "$*").
   */
  private void fakeKubectl(String body) throws IOException {
    Path script = bin.resolve("kubectl");
    Files.writeString(
        script,
        "#!/bin/sh\ndir=$(dirname \"$0\")\necho \"$*\" >> \"$dir/calls.log\"\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private List<String> calls() throws IOException {
    return Files.readAllLines(bin.resolve("calls.log"));
  }

  private static String list(String... itemsJson) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"},\"items\":["
        + String.join(",", itemsJson)
        + "]}";
  }

  @Test
  void readsWorkloadsServiceAccountsAndSecretsWithTheUsersKubectl() throws Exception {
    String deployment =
        KubectlManifests.edit(
            run(
                "create",
                "deployment",
                "web",
                "-n",
                "shop",
                "--image=registry.example.com/shop/web:1.4",
                "--dry-run=client",
                "-o",
                "yaml"),
            root ->
                KubectlManifests.podSpec(root)
                    .putArray("imagePullSecrets")
                    .addObject()
                    .put("name", "regcred"));
    String ownedPod =
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-5d8f-x","namespace":"shop",
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-5d8f","controller":true,"uid":"u1"}]},
         "spec":{"imagePullSecrets":[{"name":"regcred"}],"containers":[{"name":"web","image":"registry.example.com/shop/web:1.4"}]}}""";
    String ownedReplicaSet =
        """
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-5d8f","namespace":"shop",
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","controller":true,"uid":"u2"}]},
         "spec":{"template":{"spec":{"imagePullSecrets":[{"name":"regcred"}],"containers":[{"name":"web","image":"registry.example.com/shop/web:1.4"}]}}}}""";
    Files.writeString(
        bin.resolve("workloads.json"),
        list(
            ownedPod,
            KubectlManifests.YAML.readTree(deployment).toString(),
            ownedReplicaSet,
            run(
                "create",
                "serviceaccount",
                "default",
                "-n",
                "shop",
                "--dry-run=client",
                "-o",
                "json")));
    Files.writeString(bin.resolve("secrets.json"), list());
    Files.writeString(
        bin.resolve("elsewhere.json"),
        list(
            run(
                "create",
                "secret",
                "docker-registry",
                "regcred",
                "-n",
                "default",
                "--docker-server=registry.example.com",
                "--docker-username=alice",
                "--docker-password=pw",
                "--dry-run=client",
                "-o",
                "json")));
    fakeKubectl(
        """
        case "$*" in
          "get pods,"*) cat "$dir/workloads.json" ;;
          "get secrets --all-namespaces --field-selector metadata.name=regcred "*) cat "$dir/elsewhere.json" ;;
          "get secrets --namespace shop "*) cat "$dir/secrets.json" ;;
          *) echo "error: unexpected arguments $*" >&2; exit 1 ;;
        esac""");

    List<KubernetesManifest> manifests = Kubectl.locate(environment).read("shop", false);
    KubernetesReport report =
        KubernetesDoctor.builder().offline(true).locale(Locale.ENGLISH).build().analyze(manifests);

    assertThat(calls())
        .containsExactly(
            "get "
                + Kubectl.WORKLOADS
                + " --namespace shop --output json --request-timeout 30000ms",
            "get secrets --namespace shop --output json --request-timeout 30000ms",
            "get secrets --all-namespaces --field-selector metadata.name=regcred --output json --request-timeout 30000ms");
    assertThat(manifests)
        .extracting(KubernetesManifest::source)
        .containsExactly(
            "kubectl get " + Kubectl.WORKLOADS + " --namespace shop",
            "kubectl get secrets --namespace shop",
            "kubectl get secrets --all-namespaces --field-selector metadata.name=regcred");
    assertThat(report.workloads())
        .extracting(KubernetesReport.Workload::kind)
        .as("owned objects are analysed through their controller")
        .containsExactly("Deployment");
    Finding wrong =
        report
            .workloads()
            .get(0)
            .containers()
            .get(0)
            .finding(DiagnosisCode.K8S_PULL_SECRET_WRONG_NAMESPACE)
            .orElseThrow();
    assertThat(wrong.summary())
        .isEqualTo("The pull secret regcred exists in namespace default, but the pod runs in shop");
  }

  @Test
  void allNamespacesNeedsNoLookupAcrossNamespaces() throws Exception {
    fakeKubectl("echo '" + list() + "'");

    List<KubernetesManifest> manifests =
        Kubectl.locate(environment).withTimeout(Duration.ofSeconds(5)).read(null, true);

    assertThat(manifests).hasSize(2);
    assertThat(calls())
        .containsExactly(
            "get " + Kubectl.WORKLOADS + " --all-namespaces --output json --request-timeout 5000ms",
            "get secrets --all-namespaces --output json --request-timeout 5000ms");
  }

  @Test
  void aMissingKubectlSaysSo() {
    assertThatThrownBy(() -> Kubectl.locate(Map.of("PATH", bin.toString())))
        .isInstanceOf(KubectlException.class)
        .hasMessageStartingWith("kubectl is not on the PATH")
        .satisfies(
            e ->
                assertThat(((KubectlException) e).reason())
                    .isEqualTo(KubectlException.Reason.NOT_FOUND));
  }

  @Test
  void anUnreachableContextIsNamedWithKubectlsOwnWords() throws Exception {
    KubectlManifests.require();
    try (FaultEndpoint closed = LoopbackFaults.closedPort()) {
      Path config = bin.resolve("kubeconfig");
      Files.writeString(
          config,
          """
          apiVersion: v1
          kind: Config
          clusters: [{name: test, cluster: {server: "https://%s"}}]
          users: [{name: tester, user: {token: not-a-real-token}}]
          contexts: [{name: staging-eu, context: {cluster: test, user: tester}}]
          current-context: staging-eu
          """
              .formatted(closed.hostPort()));
      Map<String, String> real =
          Map.of(
              "PATH",
              System.getenv("PATH"),
              "KUBECONFIG",
              config.toString(),
              "HOME",
              bin.toString());

      assertThatThrownBy(
              () -> Kubectl.locate(real).withTimeout(Duration.ofSeconds(10)).read("shop", false))
          .isInstanceOf(KubectlException.class)
          .hasMessage(
              "kubectl cannot reach the cluster of context staging-eu: The connection to the server "
                  + closed.hostPort()
                  + " was refused - did you specify the right host or port?")
          .satisfies(
              e ->
                  assertThat(((KubectlException) e).reason())
                      .isEqualTo(KubectlException.Reason.UNREACHABLE));
    }
  }

  @Test
  void noKubeconfigAtAllIsNoContext() {
    KubectlManifests.require();
    Map<String, String> real =
        Map.of(
            "PATH",
            System.getenv("PATH"),
            "KUBECONFIG",
            bin.resolve("absent").toString(),
            "HOME",
            bin.toString());

    assertThatThrownBy(
            () -> Kubectl.locate(real).withTimeout(Duration.ofSeconds(10)).read(null, false))
        .isInstanceOf(KubectlException.class)
        .hasMessageStartingWith(
            "kubectl has no usable kube context (The connection to the server localhost:8080 was refused")
        .satisfies(
            e ->
                assertThat(((KubectlException) e).reason())
                    .isEqualTo(KubectlException.Reason.NO_CONTEXT));
  }

  @Test
  void forbiddenSecretsSayWhichPermissionIsNeeded() throws Exception {
    fakeKubectl(
        """
        case "$*" in
          "config current-context") echo prod-eu ;;
          "get pods,"*) echo '%s' ;;
          *) echo 'Error from server (Forbidden): secrets is forbidden: User "dev" cannot list resource "secrets" in API group "" in the namespace "shop"' >&2
             exit 1 ;;
        esac"""
            .formatted(list()));

    assertThatThrownBy(() -> Kubectl.locate(environment).read("shop", false))
        .isInstanceOf(KubectlException.class)
        .hasMessage(
            "kubectl get secrets --namespace shop is not allowed in the cluster of context prod-eu (regdoctor needs get/list on workloads,"
                + " serviceaccounts and secrets): Error from server (Forbidden): secrets is forbidden: User \"dev\" cannot list resource \"secrets\""
                + " in API group \"\" in the namespace \"shop\"");
  }

  @Test
  void rejectedCredentialsAreUnauthorized() throws Exception {
    fakeKubectl(
        """
        case "$*" in
          "config current-context") echo prod-eu ;;
          *) echo 'error: You must be logged in to the server (Unauthorized)' >&2; exit 1 ;;
        esac""");

    assertThatThrownBy(() -> Kubectl.locate(environment).read(null, false))
        .isInstanceOf(KubectlException.class)
        .hasMessage(
            "the cluster of context prod-eu rejected kubectl's credentials: error: You must be logged in to the server (Unauthorized)");
  }

  @Test
  void aHangingKubectlIsStoppedAtTheTimeout() throws Exception {
    fakeKubectl("sleep 30");

    long start = System.nanoTime();
    assertThatThrownBy(
            () -> Kubectl.locate(environment).withTimeout(Duration.ofMillis(300)).read(null, false))
        .isInstanceOf(KubectlException.class)
        .satisfies(
            e ->
                assertThat(((KubectlException) e).reason())
                    .isEqualTo(KubectlException.Reason.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void outputThatIsNotJsonNamesTheCommand() throws Exception {
    fakeKubectl("echo '{\"kind\": \"List\", \"items\": [' ");

    List<KubernetesManifest> manifests = Kubectl.locate(environment).read(null, true);

    assertThatThrownBy(() -> KubernetesDoctor.builder().offline(true).build().analyze(manifests))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "kubectl get " + Kubectl.WORKLOADS + " --all-namespaces: invalid JSON at line 2");
  }
}
