package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Steps that fit what the text says: a login lockout is not a pull quota, Docker Hub's rate-limit
 * wording names Docker Hub, certificate fixes follow the runtime or JVM that printed the text, and
 * {@code kubectl describe pod} output fills the pod's name (user-journey review, defects 5, 6, 10,
 * 21).
 */
class ExplainRemediationFitTest {
  private final ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);

  private static List<String> texts(Finding finding) {
    return finding.remediation().stream().map(Remedy::text).toList();
  }

  private static List<DiagnosisCode> alternatives(Explanation explanation) {
    return explanation.alternatives().stream().map(Finding::code).toList();
  }

  /** Session 11: a cloud SDK's credential chain is no docker credential helper. */
  @Nested
  class CloudIdentity {
    @Test
    void anAzureCredentialChainGetsIdentityStepsNotDockerHelperSteps() {
      Finding verdict =
          explainer
              .explain(
                  "failed to get credential from azure: DefaultAzureCredential: failed to acquire a"
                      + " token.\nAttempted credentials:\n  EnvironmentCredential: missing"
                      + " environment variable AZURE_TENANT_ID")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.CREDENTIAL_HELPER_FAILED);
      assertThat(verdict.summary()).contains("cloud identity");
      assertThat(texts(verdict)).noneMatch(text -> text.contains("credsStore"));
      assertThat(ExplainerTest.commands(verdict))
          .contains("az acr login --name <registry> --expose-token --output none && echo ok")
          .noneMatch(command -> command.contains("docker-credential-"));
    }

    @Test
    void aGceMetadataTokenFailureLooksAtTheServiceAccountsScopes() {
      Finding verdict =
          explainer
              .explain(
                  "java.io.IOException: Error code 404 trying to get security access token from"
                      + " Compute Engine metadata for the default service account")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.CREDENTIAL_HELPER_FAILED);
      assertThat(ExplainerTest.commands(verdict))
          .anyMatch(command -> command.contains("service-accounts/default/scopes"));
    }

    @Test
    void aDockerCredentialHelperKeepsItsOwnSteps() {
      Finding verdict =
          explainer
              .explain(
                  "error getting credentials - err: exec: \"docker-credential-desktop\":"
                      + " executable file not found in $PATH, out: ``")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.CREDENTIAL_HELPER_FAILED);
      assertThat(ExplainerTest.commands(verdict)).noneMatch(command -> command.contains("az acr"));
    }
  }

  /** Defect 5. */
  @Nested
  class LoginLockout {
    private static final String LOCKOUT =
        "Error response from daemon: Head"
            + " \"https://registry-1.docker.io/v2/library/nginx/manifests/latest\": toomanyrequests:"
            + " too many failed login attempts for username or IP address";

    @Test
    void keepsTheCorpusLabelAndNamesRejectedCredentialsAsTheAlternative() {
      Explanation explanation = explainer.explain(LOCKOUT);

      // The tuned corpus labels this wording RATE_LIMITED with AUTH_INVALID as the alternative.
      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.RATE_LIMITED);
      assertThat(alternatives(explanation)).contains(DiagnosisCode.AUTH_INVALID);
    }

    @Test
    void neverAdvisesLoggingInForAHigherLimit() {
      Finding verdict = explainer.explain(LOCKOUT).verdict();

      assertThat(verdict.summary()).contains("too many failed").doesNotContain("throttling");
      assertThat(texts(verdict)).noneMatch(text -> text.contains("higher limit"));
      assertThat(ExplainerTest.commands(verdict)).doesNotContain("docker login docker.io");
    }

    @Test
    void saysToStopRetryingFixTheStoredCredentialsAndWait() {
      Finding verdict = explainer.explain(LOCKOUT).verdict();

      assertThat(texts(verdict).get(0)).startsWith("Stop retrying");
      assertThat(texts(verdict))
          .anyMatch(text -> text.contains("~/.docker/config.json") && text.contains("credsStore"))
          .anyMatch(text -> text.contains("lockout has expired"));
      assertThat(ExplainerTest.commands(verdict))
          .anyMatch(command -> command.contains("\"https://index.docker.io/v1/\""));
    }

    @Test
    void aKubeletLockoutPointsAtThePullSecret() {
      Finding verdict =
          explainer
              .explain(
                  "Failed to pull image \"nginx:latest\": rpc error: code = Unknown desc = failed"
                      + " to pull and unpack image \"docker.io/library/nginx:latest\": failed to"
                      + " resolve reference \"docker.io/library/nginx:latest\": unexpected status"
                      + " from HEAD request to"
                      + " https://registry-1.docker.io/v2/library/nginx/manifests/latest: 429 Too"
                      + " Many Requests - Server message: toomanyrequests: too many failed login"
                      + " attempts for username or IP address")
              .verdict();

      assertThat(texts(verdict).get(0)).startsWith("Stop retrying");
      assertThat(ExplainerTest.commands(verdict))
          .anyMatch(command -> command.startsWith("kubectl get secret"))
          .noneMatch(command -> command.startsWith("docker login"));
    }
  }

  /** Defect 6. */
  @Nested
  class DockerHubRateLimit {
    @Test
    void docker_sWordingNamesDockerHubAndKeepsTheLoginStep() {
      Explanation explanation =
          explainer.explain(
              "Error response from daemon: toomanyrequests: You have reached your pull rate limit."
                  + " You may increase the limit by authenticating and upgrading:"
                  + " https://www.docker.com/increase-rate-limit");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.RATE_LIMITED);
      assertThat(explanation.entities().registry()).isEqualTo("docker.io");
      assertThat(explanation.verdict().summary()).startsWith("registry-1.docker.io is throttling");
      assertThat(ExplainerTest.commands(explanation.verdict())).contains("docker login docker.io");
    }

    @Test
    void theKubeletNeedsAnImagePullSecretNotADockerLogin() {
      Finding verdict =
          explainer
              .explain(
                  "Failed to pull image \"nginx:latest\": rpc error: code = Unknown desc = failed"
                      + " to pull and unpack image \"docker.io/library/nginx:latest\": failed to"
                      + " copy: httpReadSeeker: failed open: unexpected status code"
                      + " https://registry-1.docker.io/v2/library/nginx/manifests/sha256:63d62ae233b588d6b426b7b072d79d1306bfd02a72bff1fc045b8511cc89ee09:"
                      + " 429 Too Many Requests - Server message: toomanyrequests: You have reached"
                      + " your pull rate limit. You may increase the limit by authenticating and"
                      + " upgrading: https://www.docker.com/increase-rate-limit")
              .verdict();

      List<String> commands = ExplainerTest.commands(verdict);
      assertThat(commands).noneMatch(command -> command.startsWith("docker login"));
      assertThat(commands)
          .anyMatch(
              command ->
                  command.startsWith("kubectl create secret docker-registry <secret>")
                      && command.contains("--docker-server=https://index.docker.io/v1/"))
          .anyMatch(command -> command.contains("imagePullSecrets"));
    }
  }

  /** Defect 10. */
  @Nested
  class CertificateTrust {
    private static final String KUBELET_CONTAINERD =
        "Failed to pull image \"registry.corp.example.com:5000/payments/api:2.3.1\": rpc error:"
            + " code = Unknown desc = failed to pull and unpack image"
            + " \"registry.corp.example.com:5000/payments/api:2.3.1\": failed to resolve reference"
            + " \"registry.corp.example.com:5000/payments/api:2.3.1\": failed to do request: Head"
            + " \"https://registry.corp.example.com:5000/v2/payments/api/manifests/2.3.1\": x509:"
            + " certificate signed by unknown authority";

    @Test
    void aKubeletEventInContainerdWordingGetsContainerdHostsTomlFirst() {
      Finding verdict = explainer.explain(KUBELET_CONTAINERD).verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
      assertThat(texts(verdict).get(0))
          .contains("/etc/containerd/certs.d/registry.corp.example.com:5000/hosts.toml");
      assertThat(texts(verdict)).noneMatch(text -> text.contains("/etc/docker/certs.d"));
      assertThat(ExplainerTest.commands(verdict))
          .noneMatch(command -> command.contains("/etc/docker/certs.d"));
    }

    @Test
    void aKubeletEventInCriOWordingGetsContainersCertsD() {
      Finding verdict =
          explainer
              .explain(
                  "Failed to pull image \"registry.corp.example.com:5000/payments/api:2.3.1\": rpc"
                      + " error: code = Unknown desc = pinging container registry"
                      + " registry.corp.example.com:5000: Get"
                      + " \"https://registry.corp.example.com:5000/v2/\": x509: certificate signed"
                      + " by unknown authority")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
      assertThat(texts(verdict).get(0))
          .contains("/etc/containers/certs.d/registry.corp.example.com:5000/ca.crt");
      assertThat(texts(verdict)).noneMatch(text -> text.contains("/etc/docker/certs.d"));
    }

    @Test
    void jibTrustsTheJvmStoreAndTheTextNamesTheRegistry() {
      Explanation explanation =
          explainer.explain(
              "[ERROR] Failed to execute goal com.google.cloud.tools:jib-maven-plugin:3.4.0:build"
                  + " (default-cli) on project app: Build image failed, perhaps you should make sure"
                  + " your credentials for registry.corp.example.com/team/app are set up correctly:"
                  + " I/O error for image [registry.corp.example.com/team/app]:\n"
                  + "[ERROR]     javax.net.ssl.SSLHandshakeException\n"
                  + "[ERROR]     PKIX path building failed:"
                  + " sun.security.provider.certpath.SunCertPathBuilderException: unable to find"
                  + " valid certification path to requested target");
      Finding verdict = explanation.verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
      assertThat(explanation.entities().registry()).isEqualTo("registry.corp.example.com");
      List<String> commands = ExplainerTest.commands(verdict);
      assertThat(commands.get(0))
          .startsWith("keytool -importcert")
          .contains("-cacerts")
          .contains("registry.corp.example.com");
      assertThat(String.join("\n", texts(verdict)) + String.join("\n", commands))
          .contains("javax.net.ssl.trustStore")
          .doesNotContain("/etc/docker/certs.d")
          .doesNotContain("/etc/containerd/certs.d")
          .doesNotContain("<registry>");
    }

    @Test
    void containerdFilesARegistryWithoutItsDefaultPort() {
      Finding verdict =
          explainer
              .explain(
                  "Failed to pull image \"harbor.corp.example.com/shop/web:1.4.2\": rpc error: code"
                      + " = Unknown desc = failed to pull and unpack image"
                      + " \"harbor.corp.example.com/shop/web:1.4.2\": failed to resolve reference"
                      + " \"harbor.corp.example.com/shop/web:1.4.2\": failed to do request: Head"
                      + " \"https://harbor.corp.example.com/v2/shop/web/manifests/1.4.2\": x509:"
                      + " certificate signed by unknown authority")
              .verdict();

      assertThat(texts(verdict).get(0))
          .contains("/etc/containerd/certs.d/harbor.corp.example.com/hosts.toml");
    }

    @Test
    void theSameTextFromCtrStillGetsHostsToml() {
      Finding verdict =
          explainer
              .explain(
                  "ctr: failed to resolve reference"
                      + " \"registry.corp.example.com:5000/payments/api:2.3.1\": failed to do"
                      + " request: Head"
                      + " \"https://registry.corp.example.com:5000/v2/payments/api/manifests/2.3.1\":"
                      + " x509: certificate signed by unknown authority")
              .verdict();

      assertThat(texts(verdict).get(0))
          .contains("/etc/containerd/certs.d/registry.corp.example.com:5000/hosts.toml");
    }
  }

  /** Defect 21. */
  @Nested
  class DescribePod {
    private static final String DESCRIBE =
        "Name:             web-7d9f8b6c5d-x2x9q\n"
            + "Namespace:        shop\n"
            + "Priority:         0\n"
            + "Service Account:  default\n"
            + "Node:             worker-2/10.0.0.12\n"
            + "Start Time:       Fri, 04 Dec 2026 19:12:03 +0000\n"
            + "Labels:           app=web\n"
            + "                  pod-template-hash=7d9f8b6c5d\n"
            + "Status:           Pending\n"
            + "IP:               10.244.2.17\n"
            + "Controlled By:    ReplicaSet/web-7d9f8b6c5d\n"
            + "Containers:\n"
            + "  web:\n"
            + "    Image:          harbor.corp.example.com/shop/web:1.4.2\n"
            + "    State:          Waiting\n"
            + "      Reason:       ImagePullBackOff\n"
            + "%s"
            + "Events:\n"
            + "  Type     Reason   Age               From     Message\n"
            + "  ----     ------   ----              ----     -------\n"
            + "  Normal   Pulling  45s (x4 over 2m)  kubelet  Pulling image"
            + " \"harbor.corp.example.com/shop/web:1.4.2\"\n"
            + "  Warning  Failed   45s (x4 over 2m)  kubelet  Failed to pull image"
            + " \"harbor.corp.example.com/shop/web:1.4.2\": rpc error: code = Unknown desc ="
            + " failed to pull and unpack image \"harbor.corp.example.com/shop/web:1.4.2\": failed"
            + " to resolve reference \"harbor.corp.example.com/shop/web:1.4.2\": pulling from host"
            + " harbor.corp.example.com failed with status code [manifests 1.4.2]: 401"
            + " Unauthorized\n"
            + "  Warning  Failed   45s (x4 over 2m)  kubelet  Error: ErrImagePull\n";

    @Test
    void fillsThePodNameFromTheHeader() {
      Explanation explanation = explainer.explain(String.format(Locale.ROOT, DESCRIBE, ""));

      assertThat(explanation.entities().pod()).isEqualTo("web-7d9f8b6c5d-x2x9q");
      assertThat(explanation.entities().namespace()).isEqualTo("shop");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains(
              "kubectl get pod web-7d9f8b6c5d-x2x9q -n shop -o jsonpath='{.spec.imagePullSecrets}'")
          .noneMatch(command -> command.contains("<pod>"));
    }

    @Test
    void fillsThePodNameWhenTheHeaderIsFarAboveTheEvents() {
      String volumes =
          "    Mount:          /var/run/secrets/kubernetes.io/serviceaccount\n".repeat(60);

      Explanation explanation = explainer.explain(String.format(Locale.ROOT, DESCRIBE, volumes));

      assertThat(explanation.entities().pod()).isEqualTo("web-7d9f8b6c5d-x2x9q");
    }

    @Test
    void anEventListKeepsThePodOfTheFailingEvent() {
      Explanation explanation =
          explainer.explain(
              "2m   Normal    Scheduled   pod/api-5c8d7-abcde   Successfully assigned"
                  + " shop/api-5c8d7-abcde to worker-1\n"
                  + "45s  Warning   Failed      pod/web-7d9f8b6c5d-x2x9q   Failed to pull image"
                  + " \"harbor.corp.example.com/shop/web:1.4.2\": 401 Unauthorized\n");

      assertThat(explanation.entities().pod()).isEqualTo("web-7d9f8b6c5d-x2x9q");
    }

    @Test
    void aDeploymentsDescriptionNamesNoPod() {
      Explanation explanation =
          explainer.explain(
              "Name:                   web\n"
                  + "Namespace:              shop\n"
                  + "CreationTimestamp:      Fri, 04 Dec 2026 19:12:03 +0000\n"
                  + "Selector:               app=web\n"
                  + "Failed to pull image \"harbor.corp.example.com/shop/web:1.4.2\": 401"
                  + " Unauthorized\n");

      assertThat(explanation.entities().pod()).isNull();
    }

    @Test
    void saysDockerHubAndGhcrHideMissingRepositoriesOnlyForThem() {
      Finding harbor = explainer.explain(String.format(Locale.ROOT, DESCRIBE, "")).verdict();
      Finding hub =
          explainer
              .explain(
                  "Error response from daemon: Head"
                      + " \"https://registry-1.docker.io/v2/team/app/manifests/1.0\": unauthorized:"
                      + " authentication required")
              .verdict();
      Finding unnamed =
          explainer
              .explain("Error response from daemon: unauthorized: authentication required")
              .verdict();

      assertThat(harbor.evidence()).noneMatch(line -> line.contains("Docker Hub and GHCR"));
      assertThat(hub.evidence()).anyMatch(line -> line.contains("Docker Hub and GHCR"));
      assertThat(unnamed.evidence()).anyMatch(line -> line.contains("Docker Hub and GHCR"));
    }
  }

  /** Review of session 13: steps in the words of the client that printed the text. */
  @Nested
  class ClientFamilies {
    @Test
    void podmanDeniedAccessChecksPodmansLoginNotDockers() {
      Finding verdict =
          explainer
              .explain(
                  "Error: initializing source docker://quay.io/myorg/app:2.0: reading manifest 2.0"
                      + " in quay.io/myorg/app: unauthorized: access to the requested resource is"
                      + " not authorized")
              .verdict();

      assertThat(ExplainerTest.commands(verdict))
          .contains("podman login --get-login quay.io")
          .noneMatch(command -> command.startsWith("docker "));
    }

    @Test
    void rootlessPodmanStorageTroubleLooksAtPodmanAndTheIdRanges() {
      Finding verdict =
          explainer
              .explain(
                  "Error: copying system image from manifest list: writing blob: adding layer with"
                      + " blob \"sha256:2a62\": processing tar file(potentially insufficient UIDs or"
                      + " GIDs available in user namespace (requested 0:12 for /var/spool/mail):"
                      + " Check /etc/subuid and /etc/subgid if configured locally and run \"podman"
                      + " system migrate\": lchown /var/spool/mail: invalid argument): exit status 1")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.LOCAL_ENVIRONMENT);
      assertThat(ExplainerTest.commands(verdict))
          .contains("podman info")
          .doesNotContain("docker info");
    }

    @Test
    void helmOverPlainHttpIsToldAboutPlainHttpNotDaemonJson() {
      Finding verdict =
          explainer
              .explain(
                  "Error: INSTALLATION FAILED: failed to do request: Head"
                      + " \"https://registry.corp:5000/v2/charts/mychart/manifests/1.2.3\": http:"
                      + " server gave HTTP response to HTTPS client")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.PLAIN_HTTP_REGISTRY);
      assertThat(ExplainerTest.commands(verdict))
          .contains("helm registry login registry.corp:5000 --plain-http");
      assertThat(texts(verdict)).noneMatch(text -> text.contains("daemon.json"));
    }

    @Test
    void criOsOwnStorageTroubleLooksAtTheCrioServiceNotPodman() {
      Finding verdict =
          explainer
              .explain(
                  "Dec 05 10:00:01 node-1 crio[812]: time=\"2026-12-05T10:00:01Z\" level=error"
                      + " msg=\"writing blob: adding layer with blob \\\"sha256:bccd\\\": Error"
                      + " processing tar file(exit status 1): write /usr/lib/libc.so.6: no space left"
                      + " on device\"")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.LOCAL_ENVIRONMENT);
      assertThat(ExplainerTest.commands(verdict).get(0)).startsWith("systemctl status crio");
    }

    @Test
    void aKubeletDenialNamesThePodsPullSecretAsTheCredentials() {
      Finding verdict =
          explainer
              .explain(
                  "Failed to pull image \"registry.corp:5000/app:v1\": rpc error: code = Unknown"
                      + " desc = failed to pull and unpack image \"registry.corp:5000/app:v1\":"
                      + " failed to resolve reference \"registry.corp:5000/app:v1\": unexpected"
                      + " status from HEAD request to"
                      + " https://registry.corp:5000/v2/app/manifests/v1: 403 Forbidden")
              .verdict();

      assertThat(verdict.summary())
          .contains("the pod's pull secret")
          .doesNotContain("stored login");
    }
  }

  /** Review of session 13: failures with a known fix of their own get that fix, not docker info. */
  @Nested
  class KnownFixes {
    @Test
    void anExpiredEcrTokenIsRenewedWithTheAwsCliForTheRegistrysRegion() {
      Finding verdict =
          explainer
              .explain(
                  "Error response from daemon: pull access denied for"
                      + " 123456789012.dkr.ecr.us-east-1.amazonaws.com/api, repository does not exist"
                      + " or may require 'docker login': denied: Your authorization token has"
                      + " expired. Reauthenticate and try again.")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
      assertThat(ExplainerTest.commands(verdict))
          .contains(
              "aws ecr get-login-password --region us-east-1 | docker login --username AWS"
                  + " --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com");
    }

    @Test
    void theKubeletsOwnPullLimitIsNotBlamedOnTheRegistryOrTheDaemon() {
      Finding verdict =
          explainer
              .explain(
                  "Failed to pull image \"acrname.azurecr.io/repo/nginx:latest\": pull QPS"
                      + " exceeded.")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.LOCAL_ENVIRONMENT);
      assertThat(texts(verdict).get(0)).contains("registryPullQPS");
      assertThat(ExplainerTest.commands(verdict)).doesNotContain("docker info");
    }

    @Test
    void aNeverPullPolicyIsAnsweredWithLoadingTheImageOrChangingThePolicy() {
      Finding verdict =
          explainer
              .explain(
                  "  Warning  ErrImageNeverPull  5s (x3 over 20s)  kubelet  Container image"
                      + " \"myapp:dev\" is not present with pull policy of Never")
              .verdict();

      assertThat(texts(verdict).get(0)).contains("kind load docker-image");
      assertThat(ExplainerTest.commands(verdict))
          .contains("crictl images")
          .doesNotContain("docker info");
    }

    @Test
    void ecrRegionIsReadFromTheRegistryHostOnly() {
      assertThat(RemedyChoice.ecrRegion("1234.dkr.ecr.eu-west-3.amazonaws.com"))
          .isEqualTo("eu-west-3");
      assertThat(RemedyChoice.ecrRegion("1234.dkr.ecr.cn-north-1.amazonaws.com.cn"))
          .isEqualTo("cn-north-1");
      assertThat(RemedyChoice.ecrRegion("1234.dkr.ecr.eu-west-3.amazonaws.com.example.org"))
          .isNull();
      assertThat(RemedyChoice.ecrRegion("registry.example.com")).isNull();
      assertThat(RemedyChoice.ecrRegion(".dkr.ecr.x.amazonaws.com")).isNull();
      assertThat(RemedyChoice.ecrRegion(null)).isNull();
    }
  }

  /** Review of session 13: a refused push needs write permission, not pull permission. */
  @Nested
  class Push {
    @Test
    void aRefusedLayerUploadAsksForPushPermission() {
      Finding verdict =
          explainer
              .explain(
                  "Error: writing blob: initiating layer upload to /v2/myorg/app/blobs/uploads/ in"
                      + " quay.io: unauthorized: access to the requested resource is not authorized")
              .verdict();

      assertThat(verdict.summary()).contains("push to myorg/app on quay.io");
      assertThat(texts(verdict)).noneMatch(text -> text.contains("pull permission"));
    }

    @Test
    void pushingAnUnqualifiedNameToDockerHubIsToldToUseItsOwnNamespace() {
      Finding verdict =
          explainer
              .explain(
                  "The push refers to repository [docker.io/library/myapp]\n5f70bf18a086:"
                      + " Preparing\ndenied: requested access to the resource is denied")
              .verdict();

      assertThat(verdict.summary()).contains("official image");
      assertThat(ExplainerTest.commands(verdict))
          .contains("docker tag myapp <user>/myapp && docker push <user>/myapp");
    }

    @Test
    void pushingToOnesOwnDockerHubRepositoryIsNotToldToRetag() {
      Finding verdict =
          explainer
              .explain(
                  "The push refers to repository [docker.io/bob/myapp]\n5f70bf18a086:"
                      + " Preparing\ndenied: requested access to the resource is denied")
              .verdict();

      assertThat(ExplainerTest.commands(verdict)).noneMatch(command -> command.contains("<user>/"));
    }
  }

  /** Review of session 13: the service account the describe output names is the one to patch. */
  @Nested
  class ServiceAccount {
    private static final String EVENT =
        "  Warning  Failed  1m  kubelet  Failed to pull image \"harbor.corp.local:8443/shop/web:1.4\":"
            + " rpc error: code = Unknown desc = failed to pull and unpack image"
            + " \"harbor.corp.local:8443/shop/web:1.4\": failed to resolve reference"
            + " \"harbor.corp.local:8443/shop/web:1.4\": pulling from host harbor.corp.local:8443"
            + " failed with status code [manifests 1.4]: 401 Unauthorized";

    @Test
    void describeOutputsServiceAccountIsTheOnePatched() {
      Finding verdict =
          explainer
              .explain(
                  "Name:             web-0\nNamespace:        shop\nPriority:         0\n"
                      + "Service Account:  web\nNode:             node-1/10.0.0.5\n"
                      + "Events:\n"
                      + EVENT)
              .verdict();

      assertThat(ExplainerTest.commands(verdict))
          .contains(
              "kubectl patch serviceaccount web -n shop --type=json -p"
                  + " '[{\"op\":\"add\",\"path\":\"/imagePullSecrets/-\",\"value\":{\"name\":\"<secret>\"}}]'"
                  + " || kubectl patch serviceaccount web -n shop --type=json -p"
                  + " '[{\"op\":\"test\",\"path\":\"/imagePullSecrets\",\"value\":null},"
                  + "{\"op\":\"add\",\"path\":\"/imagePullSecrets\",\"value\":[{\"name\":\"<secret>\"}]}]'");
    }

    @Test
    void withoutDescribeOutputThePodRunsAsTheNamespacesDefaultAccount() {
      Finding verdict = explainer.explain(EVENT).verdict();

      assertThat(ExplainerTest.commands(verdict))
          .anyMatch(command -> command.startsWith("kubectl patch serviceaccount default "));
    }
  }

  /**
   * Session 13: a login command called without its credentials never asked a registry, so neither
   * "the registry requires credentials" nor "log in again" fits; a flag without its value is no
   * configuration file to repair.
   */
  @Nested
  class LoginUsage {
    @Test
    void anEmptyUserNameSaysNoRegistryWasAskedAndPipesThePassword() {
      Finding verdict = explainer.explain("Error: username is empty").verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(verdict.summary()).contains("no registry was asked");
      assertThat(ExplainerTest.commands(verdict))
          .anyMatch(command -> command.contains("docker login <registry> --username"))
          .anyMatch(command -> command.startsWith("test -n \"$REGISTRY_USER\""));
    }

    @Test
    void passwordStdinWithoutUserNameIsNoRejectedPasswordThoughItNamesPasswordStdin() {
      // "--password-stdin" is a sign that credentials were sent; here the command stopped first.
      Finding verdict =
          explainer.explain("Error: Must provide --username with --password-stdin").verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(ExplainerTest.commands(verdict)).noneMatch(command -> command.contains("logout"));
    }

    @Test
    void noTerminalToPromptOnIsALoginUsageErrorWithTheOtherReadingsAsAlternatives() {
      Explanation explanation =
          explainer.explain("Error: Cannot perform an interactive login from a non TTY device");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(alternatives(explanation))
          .containsExactly(DiagnosisCode.LOCAL_ENVIRONMENT, DiagnosisCode.CONFIG_INVALID);
      assertThat(texts(explanation.verdict()).get(0)).contains("no terminal to prompt on");
    }

    @Test
    void podmanLoginUsageIsAnsweredWithPodmanLogin() {
      Finding verdict =
          explainer
              .explain(
                  "podman login --password-stdin quay.io\n"
                      + "Error: must provide --username with --password-stdin")
              .verdict();

      assertThat(ExplainerTest.commands(verdict))
          .anyMatch(command -> command.contains("| podman login <registry> --username"))
          .noneMatch(command -> command.contains("docker login"));
    }

    @Test
    void aFlagWithoutItsValueIsAnInvalidCommandLineNotAnUnreadableFile() {
      Finding verdict =
          explainer
              .explain(
                  "docker stderr: flag needs an argument: 'p' in -p\nSee 'docker login --help'.")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.CONFIG_INVALID);
      assertThat(verdict.summary()).startsWith("The command line is invalid");
      assertThat(texts(verdict)).noneMatch(text -> text.contains("configuration file"));
      assertThat(texts(verdict).get(0)).contains("-p $PASSWORD");
    }

    @Test
    void oldDockerCliWordingsOfAnEmptyUserNameGetTheSameSteps() {
      Finding verdict =
          explainer.explain("Username: \nError: Non-null Username Required").verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(verdict.summary()).contains("no registry was asked");
    }

    @Test
    void aFlagWithoutItsValueOutsideALoginGetsNoPasswordCommand() {
      Finding verdict =
          explainer
              .explain("docker: flag needs an argument: --platform.\nSee 'docker run --help'.")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.CONFIG_INVALID);
      assertThat(ExplainerTest.commands(verdict))
          .noneMatch(command -> command.contains("PASSWORD"));
      assertThat(texts(verdict).get(0)).contains("--platform $PLATFORM");
    }

    @Test
    void podmansPromptWithoutATerminalIsALoginUsageErrorWithTheLocalReadingAsAlternative() {
      Explanation explanation =
          explainer.explain(
              "Error: getting username and password: reading password: inappropriate ioctl for"
                  + " device");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertThat(alternatives(explanation)).contains(DiagnosisCode.LOCAL_ENVIRONMENT);
      assertThat(explanation.verdict().summary()).contains("no registry was asked");
    }

    @Test
    void theChineseStepsSayTheSame() {
      Finding verdict =
          ErrorExplainer.create(Locale.SIMPLIFIED_CHINESE)
              .explain("Error: username is empty")
              .verdict();

      assertThat(verdict.summary()).contains("没有访问任何镜像仓库");
      assertThat(ExplainerTest.commands(verdict))
          .anyMatch(command -> command.contains("docker login <镜像仓库> --username"));
    }
  }
}
