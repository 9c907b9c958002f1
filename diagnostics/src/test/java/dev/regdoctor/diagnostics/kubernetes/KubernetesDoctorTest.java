package dev.regdoctor.diagnostics.kubernetes;

import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.accountWithPullSecrets;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.deployment;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.documents;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.edit;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.podSpec;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.pullSecret;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.run;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.serviceAccount;
import static dev.regdoctor.diagnostics.kubernetes.KubectlManifests.withPullSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The offline rules, on manifests printed by the real kubectl client. */
class KubernetesDoctorTest {
  private static final String REGISTRY = "registry.example.com";
  private static final String IMAGE = REGISTRY + "/shop/web:1.4";
  private static final String PASSWORD = "pw-LEAK-4711";

  private static KubernetesReport analyze(String... yamls) {
    return analyze(Locale.ENGLISH, yamls);
  }

  private static KubernetesReport analyze(Locale locale, String... yamls) {
    KubernetesDoctor doctor = KubernetesDoctor.builder().offline(true).locale(locale).build();
    return doctor.analyze(List.of(KubernetesManifest.of("input.yaml", documents(yamls))));
  }

  private static KubernetesReport.Container only(KubernetesReport report) {
    assertThat(report.workloads()).hasSize(1);
    assertThat(report.workloads().get(0).containers()).hasSize(1);
    return report.workloads().get(0).containers().get(0);
  }

  private static Finding finding(KubernetesReport.Container container, DiagnosisCode code) {
    return container
        .finding(code)
        .orElseThrow(() -> new AssertionError("no " + code + " in " + container.findings()));
  }

  private static List<String> commands(Finding finding) {
    return finding.remediation().stream()
        .map(Remedy::command)
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  private static String web(String... pullSecrets) {
    return withPullSecrets(deployment("web", "shop", IMAGE), pullSecrets);
  }

  private static String regcred() {
    return pullSecret("regcred", "shop", REGISTRY, "alice", PASSWORD);
  }

  @Nested
  class SecretReferences {
    @Test
    void aListedSecretThatDoesNotExistIsMissing() {
      KubernetesReport.Container container = only(analyze(web("regcred")));

      Finding missing = finding(container, DiagnosisCode.K8S_PULL_SECRET_MISSING);
      assertThat(container.ok()).isFalse();
      assertThat(container.pullSecrets()).containsExactly("regcred");
      assertThat(missing.summary())
          .isEqualTo("The pull secret regcred does not exist in namespace shop");
      assertThat(missing.evidence())
          .contains("the pod spec of Deployment shop/web lists imagePullSecrets regcred");
      assertThat(commands(missing))
          .containsExactly(
              "kubectl create secret docker-registry regcred -n shop --docker-server=registry.example.com --docker-username=<user> --docker-password=<password>",
              "kubectl get secret regcred -n shop -o yaml");
      assertThat(missing.guide()).isEqualTo("4.3");
    }

    @Test
    void aSecretInAnotherNamespaceIsInTheWrongNamespace() {
      KubernetesReport.Container container =
          only(
              analyze(
                  web("regcred"), pullSecret("regcred", "default", REGISTRY, "alice", PASSWORD)));

      Finding wrong = finding(container, DiagnosisCode.K8S_PULL_SECRET_WRONG_NAMESPACE);
      assertThat(wrong.summary())
          .isEqualTo(
              "The pull secret regcred exists in namespace default, but the pod runs in shop");
      // Review of session 13: the step copies the secret into the pod's namespace.
      assertThat(commands(wrong))
          .containsExactly(
              "kubectl get secret regcred -n default -o json | jq"
                  + " 'del(.metadata.namespace,.metadata.resourceVersion,.metadata.uid,"
                  + ".metadata.creationTimestamp,.metadata.ownerReferences,.metadata.managedFields)'"
                  + " | kubectl apply -n shop -f -");
      assertThat(container.finding(DiagnosisCode.K8S_PULL_SECRET_MISSING)).isEmpty();
    }

    @Test
    void anOpaqueSecretHasTheWrongType() {
      String opaque =
          run(
              "create",
              "secret",
              "generic",
              "regcred",
              "-n",
              "shop",
              "--from-literal=.dockerconfigjson={\"auths\":{\"registry.example.com\":{\"username\":\"alice\",\"password\":\""
                  + PASSWORD
                  + "\"}}}",
              "--dry-run=client",
              "-o",
              "yaml");

      Finding wrong =
          finding(only(analyze(web("regcred"), opaque)), DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE);

      assertThat(wrong.summary())
          .startsWith(
              "The secret regcred is not a usable pull secret: /type: type is Opaque, but the kubelet reads only type "
                  + "kubernetes.io/dockerconfigjson");
      // A secret's type cannot change: kubectl apply would fail, kubectl create too (it exists).
      assertThat(commands(wrong))
          .containsExactly(
              "kubectl create secret docker-registry regcred -n shop --docker-server=registry.example.com --docker-username=<user> --docker-password=<password> --dry-run=client -o yaml | kubectl replace --force -f -");
    }

    @Test
    void aDockerConfigJsonSecretWithoutItsKeyHasTheWrongType() {
      String renamed =
          edit(
              regcred(),
              root -> {
                ObjectNode data = (ObjectNode) root.get("data");
                data.set("config.json", data.remove(".dockerconfigjson"));
              });

      Finding wrong =
          finding(only(analyze(web("regcred"), renamed)), DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE);

      assertThat(wrong.summary())
          .contains(
              "/data/.dockerconfigjson: missing: type kubernetes.io/dockerconfigjson needs key .dockerconfigjson");
      // The type is right: kubectl apply updates the existing secret, where create would fail.
      assertThat(commands(wrong))
          .containsExactly(
              "kubectl create secret docker-registry regcred -n shop --docker-server=registry.example.com --docker-username=<user> --docker-password=<password> --dry-run=client -o yaml | kubectl apply -f -");
    }

    /** Review of the built CLI, defect 1: the kubelet's keyring skips what it cannot read. */
    @Test
    void aSecretTheKubeletCannotReadIsSkippedWhileOtherListedSecretsMatch() {
      String hub = pullSecret("hub", "shop", "https://index.docker.io/v1/", "alice", PASSWORD);
      String legacy =
          """
          apiVersion: v1
          kind: Secret
          metadata: {name: leg, namespace: shop}
          type: kubernetes.io/dockercfg
          data:
            .dockercfg: %s
          """
              .formatted(
                  Base64.getEncoder()
                      .encodeToString(
                          ("{\"registry.example.com\":{\"username\":\"bob\",\"password\":\""
                                  + PASSWORD
                                  + "\"}}")
                              .getBytes(StandardCharsets.UTF_8)));
      String nokey =
          edit(
              pullSecret("nokey", "shop", "https://index.docker.io/v1/", "alice", PASSWORD),
              root -> {
                ObjectNode data = (ObjectNode) root.get("data");
                data.set("config.json", data.remove(".dockerconfigjson"));
              });
      String app =
          withPullSecrets(
              deployment("app", "shop", "acme/private:1.0", "registry.example.com/x/y:1"),
              "hub",
              "leg",
              "nokey");

      KubernetesReport report = analyze(app, hub, legacy, nokey);

      List<KubernetesReport.Container> containers = report.workloads().get(0).containers();
      assertThat(containers).hasSize(2);
      assertThat(report.ok()).isTrue();
      assertThat(containers)
          .allSatisfy(
              container -> {
                assertThat(container.ok()).isTrue();
                Finding skipped = finding(container, DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE);
                assertThat(skipped.severity()).isEqualTo(Severity.WARNING);
                assertThat(skipped.summary()).startsWith("The secret nokey is not a usable");
                // Its fix names no registry: the image's is not the one it was made for.
                assertThat(commands(skipped))
                    .containsExactly(
                        "kubectl create secret docker-registry nokey -n shop --docker-server=<registry> --docker-username=<user> --docker-password=<password> --dry-run=client -o yaml | kubectl replace --force -f -");
              });
      assertThat(finding(containers.get(0), DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE).evidence())
          .last()
          .isEqualTo(
              "the kubelet skips it and pulls with secret shop/hub, which matches the image: the"
                  + " pull does not depend on it");
      assertThat(finding(containers.get(1), DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE).evidence())
          .last()
          .isEqualTo(
              "the kubelet skips it and pulls with secret shop/leg, which matches the image: the"
                  + " pull does not depend on it");
    }

    @Test
    void aSecretTheKubeletCannotReadIsTheVerdictWhenNoOtherSecretMatches() {
      String renamed =
          edit(
              regcred(),
              root -> {
                ObjectNode data = (ObjectNode) root.get("data");
                data.set("config.json", data.remove(".dockerconfigjson"));
              });
      String other = pullSecret("other", "shop", "other.example.com", "alice", PASSWORD);

      KubernetesReport.Container container = only(analyze(web("regcred", "other"), renamed, other));

      assertThat(container.ok()).isFalse();
      assertThat(finding(container, DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE).severity())
          .isEqualTo(Severity.ERROR);
    }

    @Test
    void undecodableJsonIsMalformedAndFailsEveryPullOfThePod() {
      String broken =
          edit(
              regcred(),
              root ->
                  ((ObjectNode) root.get("data"))
                      .put(
                          ".dockerconfigjson",
                          Base64.getEncoder()
                              .encodeToString(
                                  "{\"auths\": {\"registry.example.com\": "
                                      .getBytes(StandardCharsets.UTF_8))));

      KubernetesReport.Container container = only(analyze(web("regcred"), broken));

      Finding malformed = finding(container, DiagnosisCode.K8S_PULL_SECRET_MALFORMED);
      assertThat(malformed.summary())
          .startsWith(
              "The secret regcred cannot be decoded: /data/.dockerconfigjson: invalid JSON");
      assertThat(malformed.evidence())
          .contains(
              "the kubelet cannot build its keyring while a listed secret is undecodable: every pull of this pod fails");
      assertThat(commands(malformed))
          .containsExactly(
              "kubectl get secret regcred -n shop -o yaml",
              "kubectl create secret docker-registry regcred -n shop --docker-server=registry.example.com --docker-username=<user> --docker-password=<password> --dry-run=client -o yaml | kubectl apply -f -");
      assertThat(container.findings())
          .extracting(Finding::code)
          .doesNotContain(DiagnosisCode.K8S_PULL_SECRET_NO_MATCH);
    }

    @Test
    void invalidBase64IsMalformed() {
      String broken =
          edit(
              regcred(),
              root -> ((ObjectNode) root.get("data")).put(".dockerconfigjson", "not*base64!"));

      Finding malformed =
          finding(only(analyze(web("regcred"), broken)), DiagnosisCode.K8S_PULL_SECRET_MALFORMED);

      assertThat(malformed.summary()).contains("/data/.dockerconfigjson: not valid base64");
    }

    @Test
    void anUndecodableAuthFieldIsMalformed() {
      String config =
          "{\"auths\":{\"registry.example.com\":{\"auth\":\""
              + Base64.getEncoder().encodeToString("no-colon-here".getBytes(StandardCharsets.UTF_8))
              + "\"}}}";
      String broken =
          edit(
              regcred(),
              root ->
                  ((ObjectNode) root.get("data"))
                      .put(
                          ".dockerconfigjson",
                          Base64.getEncoder()
                              .encodeToString(config.getBytes(StandardCharsets.UTF_8))));

      Finding malformed =
          finding(only(analyze(web("regcred"), broken)), DiagnosisCode.K8S_PULL_SECRET_MALFORMED);

      assertThat(malformed.summary())
          .contains("/data/.dockerconfigjson/auths/registry.example.com/auth");
    }
  }

  @Nested
  class Matching {
    @Test
    void aSecretForAnotherPortIsNoMatchWithTheNearMiss() {
      String secret = pullSecret("regcred", "shop", REGISTRY + ":5000", "alice", PASSWORD);

      KubernetesReport.Container container = only(analyze(web("regcred"), secret));

      Finding noMatch = finding(container, DiagnosisCode.K8S_PULL_SECRET_NO_MATCH);
      assertThat(noMatch.severity()).isEqualTo(Severity.ERROR);
      assertThat(noMatch.summary())
          .isEqualTo("The secret regcred has no entry for registry.example.com");
      assertThat(noMatch.evidence())
          .contains("secret shop/regcred has auths keys \"registry.example.com:5000\"")
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith(
                          "near miss: secret shop/regcred has \"registry.example.com:5000\" (port differs"))
          .contains(
              "offline: not checked whether registry.example.com allows anonymous pulls of shop/web");
      // Review of the built CLI, defect 2: recreating regcred would drop its other entries (and
      // kubectl create fails on an existing secret): a second secret, or one more entry.
      assertThat(noMatch.remediation())
          .extracting(Remedy::text)
          .containsExactly(
              "Create a second pull secret for registry.example.com, exactly as the image reference"
                  + " writes the host and port, and list it in imagePullSecrets beside regcred"
                  + " (recreating regcred would drop the entries it has for other registries)",
              "Or add an entry for registry.example.com to regcred, beside the entries it has");
      assertThat(commands(noMatch))
          .containsExactly(
              "kubectl create secret docker-registry <new-secret> -n shop --docker-server=registry.example.com --docker-username=<user> --docker-password=<password>",
              "kubectl get secret regcred -n shop -o json | jq --arg auth \"$(printf '%s' '<user>:<password>' | base64 | tr -d '\\n')\" '.data[\".dockerconfigjson\"] |= (@base64d | fromjson | .auths[\"registry.example.com\"] = {auth: $auth} | tojson | @base64)' | kubectl apply -f -");
    }

    @Test
    void aHostATypoAwayFromASecretsKeyIsANearMiss() {
      String secret = pullSecret("regcred", "shop", "registry.exmaple.com", "alice", PASSWORD);

      KubernetesReport.Container container = only(analyze(web("regcred"), secret));

      assertThat(finding(container, DiagnosisCode.K8S_PULL_SECRET_NO_MATCH).evidence())
          .contains(
              "near miss: secret shop/regcred has \"registry.exmaple.com\" (host differs from"
                  + " registry.example.com by 2 characters, a likely typo; the kubelet needs the"
                  + " exact host)");
    }

    @Test
    void aMatchingListedSecretLeavesNothingToReportOffline() {
      KubernetesReport report = analyze(web("regcred"), regcred());

      KubernetesReport.Container container = only(report);
      assertThat(container.ok()).isTrue();
      assertThat(container.findings()).isEmpty();
      assertThat(report.offline()).isTrue();
      assertThat(report.toString())
          .startsWith(
              "Offline: no registry was contacted, so matched credentials were not verified.");
    }

    @Test
    void noMatchOnAnOfficialDockerHubImageIsOnlyInformation() {
      String api = withPullSecrets(deployment("api", "shop", "nginx:1.27"), "regcred");

      KubernetesReport.Container container = only(analyze(api, regcred()));

      assertThat(finding(container, DiagnosisCode.K8S_PULL_SECRET_NO_MATCH).severity())
          .isEqualTo(Severity.INFO);
      assertThat(container.ok()).isTrue();
    }
  }

  @Nested
  class NotReferenced {
    @Test
    void aMatchingSecretNothingListsGetsTheExactPatches() {
      KubernetesReport report =
          analyze(deployment("web", "shop", IMAGE), regcred(), serviceAccount("default", "shop"));

      KubernetesReport.Container container = only(report);
      Finding unreferenced = finding(container, DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);
      assertThat(container.pullSecrets()).isEmpty();
      assertThat(unreferenced.summary())
          .isEqualTo(
              "The secret regcred matches registry.example.com, but neither Deployment shop/web nor"
                  + " anything else in namespace shop references it");
      assertThat(unreferenced.remediation())
          .extracting(Remedy::text)
          .first()
          .isEqualTo(
              "Reference the secret from the pod spec, beside the secrets the pod uses now (a pod's"
                  + " own list replaces its service account's): imagePullSecrets: [{name: regcred}]");
      assertThat(commands(unreferenced))
          .containsExactly(
              "kubectl patch serviceaccount default -n shop -p '{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}'",
              "kubectl patch deployment/web -n shop -p '{\"spec\":{\"template\":{\"spec\":{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}}}}'");
      assertThat(unreferenced.guide()).isEqualTo("2.2");
      assertThat(report.notes()).isEmpty();
    }

    @Test
    void aCronJobIsPatchedThroughItsJobTemplate() throws Exception {
      String cron =
          run(
              "create",
              "cronjob",
              "nightly",
              "-n",
              "shop",
              "--image=" + IMAGE,
              "--schedule=0 3 * * *",
              "--dry-run=client",
              "-o",
              "yaml");

      Finding unreferenced =
          finding(
              only(analyze(cron, regcred(), serviceAccount("default", "shop"))),
              DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);

      String patch = commands(unreferenced).get(1);
      assertThat(patch).startsWith("kubectl patch cronjob/nightly -n shop -p '");
      JsonNode body =
          new ObjectMapper().readTree(patch.substring(patch.indexOf('\'') + 1, patch.length() - 1));
      assertThat(body.at("/spec/jobTemplate/spec/template/spec/imagePullSecrets/0/name").asText())
          .isEqualTo("regcred");
    }

    @Test
    void aJobsImmutableTemplateIsNotPatched() {
      String job =
          run(
              "create",
              "job",
              "once",
              "-n",
              "shop",
              "--image=" + IMAGE,
              "--dry-run=client",
              "-o",
              "yaml");

      Finding unreferenced =
          finding(
              only(analyze(job, regcred(), serviceAccount("default", "shop"))),
              DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);

      assertThat(commands(unreferenced))
          .containsExactly(
              "kubectl patch serviceaccount default -n shop -p '{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}'");
    }

    @Test
    void whenThePodListsItsOwnSecretsTheServiceAccountPatchIsNotSuggested() {
      String other = pullSecret("other", "shop", "quay.io", "bob", PASSWORD);

      KubernetesReport.Container container = only(analyze(web("other"), other, regcred()));

      assertThat(finding(container, DiagnosisCode.K8S_PULL_SECRET_NO_MATCH).summary())
          .isEqualTo("The secret other has no entry for registry.example.com");
      Finding unreferenced = finding(container, DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);
      assertThat(commands(unreferenced)).noneMatch(command -> command.contains("serviceaccount"));
      assertThat(unreferenced.evidence())
          .contains(
              "the pod lists its own imagePullSecrets, so those of service account default are not used");
    }

    @Test
    void imagePullSecretsInsideAContainerAreNotReferences() {
      String misplaced =
          edit(
              deployment("web", "shop", IMAGE),
              root ->
                  ((ObjectNode) podSpec(root).get("containers").get(0))
                      .putArray("imagePullSecrets")
                      .addObject()
                      .put("name", "regcred"));

      KubernetesReport.Container container = only(analyze(misplaced, regcred()));

      Finding unreferenced = finding(container, DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);
      assertThat(container.pullSecrets()).isEmpty();
      assertThat(unreferenced.evidence())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith(
                          "imagePullSecrets at /spec/template/spec/containers/0/imagePullSecrets (input.yaml (document 1)) lists regcred, but Kubernetes reads"));
    }
  }

  @Nested
  class ServiceAccounts {
    @Test
    void theServiceAccountsSecretsApplyWhenThePodListsNone() {
      String builder = accountWithPullSecrets(serviceAccount("builder", "shop"), "regcred");
      String web =
          edit(
              deployment("web", "shop", IMAGE),
              root -> podSpec(root).put("serviceAccountName", "builder"));

      KubernetesReport report = analyze(web, builder, regcred());

      assertThat(report.workloads().get(0).serviceAccount()).isEqualTo("builder");
      KubernetesReport.Container container = only(report);
      assertThat(container.pullSecrets()).containsExactly("regcred");
      assertThat(container.findings()).isEmpty();
    }

    @Test
    void thePodsSecretsReplaceTheServiceAccountsWithoutMerging() {
      String account = accountWithPullSecrets(serviceAccount("default", "shop"), "regcred");
      String other = pullSecret("other", "shop", "quay.io", "bob", PASSWORD);

      KubernetesReport.Container container = only(analyze(web("other"), account, other, regcred()));

      assertThat(container.pullSecrets()).containsExactly("other");
      assertThat(container.findings())
          .extracting(Finding::code)
          .contains(
              DiagnosisCode.K8S_PULL_SECRET_NO_MATCH, DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);
    }

    @Test
    void aMissingSecretOfTheServiceAccountIsNamedAsSuch() {
      String account = accountWithPullSecrets(serviceAccount("default", "shop"), "regcred");

      Finding missing =
          finding(
              only(analyze(deployment("web", "shop", IMAGE), account)),
              DiagnosisCode.K8S_PULL_SECRET_MISSING);

      assertThat(missing.evidence())
          .contains("service account shop/default lists imagePullSecrets regcred");
    }

    @Test
    void aServiceAccountNotAmongTheInputsIsNoted() {
      KubernetesReport report = analyze(deployment("web", "shop", IMAGE));

      assertThat(report.notes())
          .containsExactly(
              "The service account default in namespace shop is not among the inputs; its imagePullSecrets are taken as none.");
      assertThat(report.toString())
          .contains("The service account default in namespace shop is not among the inputs");
      assertThat(only(report).ok()).isTrue();
    }
  }

  @Nested
  class Advice {
    @Test
    void anUntaggedImageHasAMovingTag() {
      Finding mutable =
          finding(only(analyze(deployment("api", "shop", "nginx"))), DiagnosisCode.MUTABLE_TAG);

      assertThat(mutable.severity()).isEqualTo(Severity.WARNING);
      assertThat(mutable.summary())
          .isEqualTo("nginx:latest uses a moving tag; pin a version tag or a digest");
      assertThat(mutable.evidence()).containsExactly("image nginx has no tag, which means latest");
      assertThat(commands(mutable))
          .containsExactly(
              "regdoctor diagnose docker.io/library/nginx:latest",
              "crictl images --digests --no-trunc docker.io/library/nginx:latest",
              "kubectl set image deployment/api nginx=docker.io/library/nginx@<digest> -n shop");
      assertThat(mutable.guide()).isEqualTo("3.2");
    }

    @Test
    void latestWithIfNotPresentAndAlwaysWithADigestGetPullPolicyAdvice() {
      String digest = "sha256:" + "ab".repeat(32);
      String pod =
          """
          apiVersion: v1
          kind: Pod
          metadata: {name: mixed, namespace: shop}
          spec:
            containers:
            - {name: moving, image: "registry.example.com/shop/web:latest", imagePullPolicy: IfNotPresent}
            - {name: pinned, image: "registry.example.com/shop/web@%s", imagePullPolicy: Always}
            - {name: fine, image: "registry.example.com/shop/web:1.4", imagePullPolicy: IfNotPresent}
          """
              .formatted(digest);

      KubernetesReport.Workload workload = analyze(pod).workloads().get(0);

      Finding moving =
          finding(workload.container("moving").orElseThrow(), DiagnosisCode.PULL_POLICY);
      assertThat(moving.severity()).isEqualTo(Severity.INFO);
      assertThat(moving.summary())
          .isEqualTo(
              "imagePullPolicy IfNotPresent does not fit registry.example.com/shop/web:latest");
      assertThat(workload.container("moving").orElseThrow().finding(DiagnosisCode.MUTABLE_TAG))
          .isPresent();
      assertThat(
              finding(workload.container("pinned").orElseThrow(), DiagnosisCode.PULL_POLICY)
                  .evidence()
                  .get(0))
          .startsWith("imagePullPolicy Always with a digest");
      assertThat(workload.container("fine").orElseThrow().findings()).isEmpty();
    }

    @Test
    void anInvalidImageIsAnInvalidReference() {
      Finding invalid =
          finding(
              only(
                  analyze(
                      edit(
                          deployment("web", "shop", IMAGE),
                          root ->
                              ((ObjectNode) podSpec(root).get("containers").get(0))
                                  .put("image", "registry.example.com/Shop/Web:1.4")))),
              DiagnosisCode.INVALID_REFERENCE);

      assertThat(invalid.evidence().get(0)).endsWith("the kubelet reports InvalidImageName");
    }

    @Test
    void anImageWithAPastedPasswordNeverShowsIt() {
      KubernetesReport report =
          analyze(
              edit(
                  deployment("web", "shop", IMAGE),
                  root ->
                      ((ObjectNode) podSpec(root).get("containers").get(0))
                          .put("image", "https://alice:CanaryRef2@" + REGISTRY + "/shop/web:1.4")));

      assertThat(only(report).image())
          .isEqualTo("https://alice:<redacted>@" + REGISTRY + "/shop/web:1.4");
      assertThat(finding(only(report), DiagnosisCode.INVALID_REFERENCE).summary())
          .contains("credentials");
      assertThat(report.toJson()).doesNotContain("CanaryRef2");
      assertThat(report.toText(false)).doesNotContain("CanaryRef2");
    }

    @Test
    void aContainerWithoutImageIsAnInvalidReference() {
      Finding invalid =
          finding(
              only(
                  analyze(
                      edit(
                          deployment("web", "shop", IMAGE),
                          root ->
                              ((ObjectNode) podSpec(root).get("containers").get(0))
                                  .remove("image")))),
              DiagnosisCode.INVALID_REFERENCE);

      assertThat(invalid.summary())
          .isEqualTo("The image reference is not valid: the container has no image");
      assertThat(invalid.evidence())
          .containsExactly(
              "/spec/template/spec/containers/0/image is missing; the kubelet reports InvalidImageName");
    }

    @Test
    void latestWrittenOutIsAMovingTagToo() {
      Finding mutable =
          finding(
              only(analyze(deployment("web", "shop", "localhost:5000/shop/web:latest"))),
              DiagnosisCode.MUTABLE_TAG);

      assertThat(mutable.evidence())
          .containsExactly("image localhost:5000/shop/web:latest uses the tag latest");
    }
  }

  @Nested
  class Output {
    @Test
    void jsonHasExactlyTheContractsFields() throws Exception {
      String web =
          edit(
              web("regcred"),
              root ->
                  podSpec(root)
                      .putArray("initContainers")
                      .addObject()
                      .put("name", "migrate")
                      .put("image", REGISTRY + "/shop/migrate:1.4"));

      JsonNode root = new ObjectMapper().readTree(analyze(web).toJson());

      assertThat(fields(root)).containsExactly("schema", "workloads", "notes");
      assertThat(root.get("schema").asText()).isEqualTo("regdoctor.kubernetes/v1");
      JsonNode workload = root.get("workloads").get(0);
      assertThat(fields(workload))
          .containsExactly("kind", "namespace", "name", "serviceAccount", "containers");
      assertThat(workload.get("kind").asText()).isEqualTo("Deployment");
      assertThat(workload.get("namespace").asText()).isEqualTo("shop");
      assertThat(workload.get("serviceAccount").asText()).isEqualTo("default");
      JsonNode init = workload.get("containers").get(0);
      JsonNode main = workload.get("containers").get(1);
      assertThat(fields(main))
          .containsExactly("name", "image", "init", "pullSecrets", "ok", "findings");
      assertThat(init.get("init").asBoolean()).isTrue();
      assertThat(main.get("init").asBoolean()).isFalse();
      assertThat(main.get("image").asText()).isEqualTo(IMAGE);
      assertThat(main.get("pullSecrets").get(0).asText()).isEqualTo("regcred");
      assertThat(main.get("ok").asBoolean()).isFalse();
      JsonNode finding = main.get("findings").get(0);
      assertThat(fields(finding))
          .containsExactly("code", "severity", "summary", "evidence", "remediation", "guide");
      assertThat(finding.get("code").asText()).isEqualTo("K8S_PULL_SECRET_MISSING");
    }

    @Test
    void textIsGroupedByWorkloadAndContainer() {
      String api = deployment("api", "shop", "registry.example.com/shop/api:2.0");

      String text = analyze(web("regcred"), api, serviceAccount("default", "shop")).toString();

      assertThat(text)
          .contains(
              """
          Deployment shop/web  (service account default)
            web  registry.example.com/shop/web:1.4  [pull secrets: regcred]  K8S_PULL_SECRET_MISSING
              K8S_PULL_SECRET_MISSING  The pull secret regcred does not exist in namespace shop
                Evidence:
                  the pod spec of Deployment shop/web lists imagePullSecrets regcred
          """
                  .replace("\n", System.lineSeparator()));
      assertThat(text)
          .contains(
              """
          Deployment shop/api  (service account default)
            api  registry.example.com/shop/api:2.0  [pull secrets: none]  OK
          """
                  .replace("\n", System.lineSeparator()));
      assertThat(text).endsWith("2 workload(s), 2 container(s), 1 with errors");
    }

    /** Review of the built CLI, defect 3: the reason for a lowered severity was only in --json. */
    @Test
    void textShowsTheEvidenceOfEveryFindingWithTheReasonItsSeverityWasLowered() {
      String api = deployment("api", "shop", "registry.example.com/shop/api:2.0");

      KubernetesReport report = analyze(api, regcred(), serviceAccount("default", "shop"));

      Finding unreferenced = finding(only(report), DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);
      assertThat(unreferenced.severity()).isEqualTo(Severity.WARNING);
      assertThat(report.toString())
          .contains(
              String.join(
                  System.lineSeparator(),
                  "    K8S_PULL_SECRET_NOT_REFERENCED  The secret regcred matches registry.example.com,"
                      + " but neither Deployment shop/api nor anything else in namespace shop"
                      + " references it",
                  "      Evidence:",
                  "        secret shop/regcred (input.yaml (document 2)) has an entry the kubelet"
                      + " would use for registry.example.com/shop/api"))
          .contains(
              "        severity lowered to WARNING: offline, so whether the pull needs credentials"
                  + " is unknown");
    }

    @Test
    void longEvidenceKeepsItsLastLineWhereAnEditSaysWhy() {
      KubernetesReport report =
          analyze(
              withPullSecrets(deployment("p3", "shop", IMAGE), "other"),
              web("regcred"),
              regcred(),
              pullSecret("other", "shop", "other.example.com", "alice", PASSWORD));

      KubernetesReport.Container p3 =
          report.workload("Deployment", "p3").orElseThrow().containers().get(0);
      Finding unreferenced = finding(p3, DiagnosisCode.K8S_PULL_SECRET_NOT_REFERENCED);
      assertThat(unreferenced.evidence()).hasSizeGreaterThan(4);
      String text = report.toText(false);
      assertThat(text)
          .contains("… +" + (unreferenced.evidence().size() - 4) + " (--json)")
          .contains("        " + unreferenced.evidence().get(unreferenced.evidence().size() - 1));
    }

    @Test
    void chineseReportsUseTheChineseCatalogue() {
      KubernetesReport report = analyze(Locale.SIMPLIFIED_CHINESE, web("regcred"));

      assertThat(only(report).findings().get(0).summary()).isEqualTo("命名空间 shop 中不存在拉取密钥 regcred");
      assertThat(report.toString()).contains("[拉取密钥: regcred]").startsWith("离线模式");
    }

    @Test
    void objectsControlledByAnotherInputAreAnalysedOnce() {
      String replicaSet =
          """
          apiVersion: apps/v1
          kind: ReplicaSet
          metadata:
            name: web-5d8f
            namespace: shop
            ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: "1"}]
          spec:
            template: {spec: {containers: [{name: web, image: "registry.example.com/shop/web:1.4"}]}}
          """;
      String pod =
          """
          apiVersion: v1
          kind: Pod
          metadata:
            name: web-5d8f-abcde
            namespace: shop
            ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true, uid: "2"}]
          spec: {containers: [{name: web, image: "registry.example.com/shop/web:1.4"}]}
          """;

      KubernetesReport report = analyze(web("regcred"), replicaSet, pod, regcred());

      assertThat(report.workloads())
          .extracting(KubernetesReport.Workload::kind)
          .containsExactly("Deployment");
    }

    @Test
    void noSecretMaterialReachesAnyOutput() {
      String auth =
          Base64.getEncoder()
              .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      String portMismatch = pullSecret("hub", "shop", REGISTRY + ":5000", "alice", PASSWORD);
      String opaque =
          run(
              "create",
              "secret",
              "generic",
              "bad",
              "-n",
              "shop",
              "--from-literal=password=" + PASSWORD,
              "--dry-run=client",
              "-o",
              "yaml");
      List<KubernetesReport> reports = new ArrayList<>();
      reports.add(analyze(web("regcred", "hub", "bad"), regcred(), portMismatch, opaque));
      reports.add(analyze(deployment("api", "shop", IMAGE), regcred()));
      reports.add(analyze(Locale.SIMPLIFIED_CHINESE, web("hub"), portMismatch));

      for (KubernetesReport report : reports) {
        assertThat(report.toJson()).doesNotContain(PASSWORD).doesNotContain(auth);
        assertThat(report.toString()).doesNotContain(PASSWORD).doesNotContain(auth);
      }
    }
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
