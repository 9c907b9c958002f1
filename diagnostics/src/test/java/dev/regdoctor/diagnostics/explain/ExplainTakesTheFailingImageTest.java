package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The image and registry the entities name are those of the failure, as the text writes them
 * (session 15's review of the built CLI: findings 1, 5, 8, 9, 10, 13 and two of lower impact; the
 * texts are the reviewer's).
 */
class ExplainTakesTheFailingImageTest {
  private final ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);

  private static void assertImage(
      Explanation explanation, String registry, String repository, String reference) {
    assertThat(explanation.entities().registry()).isEqualTo(registry);
    assertThat(explanation.entities().repository()).isEqualTo(repository);
    assertThat(explanation.entities().reference()).isEqualTo(reference);
  }

  /** Finding 1: the failing line's own names win over the command line before it. */
  @Nested
  class SkopeoCopyDestination {
    private static final String TEXT =
        "$ skopeo copy docker://docker.io/library/nginx:1.25"
            + " docker://harbor.internal.example.com/mirror/nginx:1.25\n"
            + "Getting image source signatures\n"
            + "Copying blob sha256:a2abf6c4d29d43a4bf9fbb769f524d0fb36a2edab49819c1bf3e76f409f953ea\n"
            + "FATA[0003] trying to reuse blob"
            + " sha256:a2abf6c4d29d43a4bf9fbb769f524d0fb36a2edab49819c1bf3e76f409f953ea at"
            + " destination: checking whether a blob"
            + " sha256:a2abf6c4d29d43a4bf9fbb769f524d0fb36a2edab49819c1bf3e76f409f953ea exists in"
            + " harbor.internal.example.com/mirror/nginx: authentication required\n";

    @Test
    void theDestinationThatAskedForCredentialsIsTheRegistry() {
      Explanation explanation = explainer.explain(TEXT);

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertImage(explanation, "harbor.internal.example.com", "mirror/nginx", "1.25");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains("podman login harbor.internal.example.com")
          .noneMatch(command -> command.contains("docker.io"));
    }
  }

  /** Finding 5: "with" of one line and the tag of the next made {@code …/with:20}. */
  @Nested
  class GitLabRunnerDockerExecutor {
    private static final String TEXT =
        "Running with gitlab-runner 16.10.0 (81ab07f6)\n"
            + "  on shared-runner-03 xK9s2_Pq, system ID: s_1a2b3c4d5e6f\n"
            + "Preparing the \"docker\" executor\n"
            + "Using Docker executor with image"
            + " registry.gitlab.example.com/platform/ci-images/node:20 ...\n"
            + "Authenticating with credentials from $DOCKER_AUTH_CONFIG\n"
            + "Pulling docker image registry.gitlab.example.com/platform/ci-images/node:20 ...\n"
            + "WARNING: Failed to pull image with policy \"always\": Error response from daemon: Get"
            + " \"https://registry.gitlab.example.com/v2/\": dial tcp: lookup"
            + " registry.gitlab.example.com on 10.0.0.2:53: no such host (manager.go:250:0s)\n"
            + "ERROR: Job failed: failed to pull image"
            + " \"registry.gitlab.example.com/platform/ci-images/node:20\" with specified policies"
            + " [always]: Error response from daemon: Get \"https://registry.gitlab.example.com/v2/\":"
            + " dial tcp: lookup registry.gitlab.example.com on 10.0.0.2:53: no such host"
            + " (manager.go:250:0s)\n";

    @Test
    void theWordAfterPullImageIsNoRepositoryAndNoTagIsSplicedOntoIt() {
      Explanation explanation = explainer.explain(TEXT);

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.DNS_FAILURE);
      assertImage(explanation, "registry.gitlab.example.com", "platform/ci-images/node", "20");
      assertThat(explanation.entities().probeTarget())
          .contains("registry.gitlab.example.com/platform/ci-images/node:20");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains("nslookup registry.gitlab.example.com");
    }

    @Test
    void aTagIsNotTakenFromAMentionOfAnotherRepository() {
      Explanation explanation =
          explainer.explain(
              "Pulling docker image registry.example.com/team/other:7 ...\n"
                  + "Error response from daemon: pull access denied for registry.example.com/team/app,"
                  + " repository does not exist or may require 'docker login'");

      assertImage(explanation, "registry.example.com", "team/app", null);
    }
  }

  /** Finding 8: a reference written in prose, English or Chinese, is taken. */
  @Nested
  class ReferencesInProse {
    @Test
    void aChinesePullWrapperNamesTheRegistryToLogInTo() {
      Explanation explanation =
          explainer.explain(
              "[2024-05-14 12:00:01] [错误] 拉取镜像 harbor.example.cn:8443/prod/gateway:3.2.1"
                  + " 失败：toomanyrequests: 请求过于频繁，请稍后重试");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.RATE_LIMITED);
      assertImage(explanation, "harbor.example.cn:8443", "prod/gateway", "3.2.1");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains("docker login harbor.example.cn:8443");
    }

    @Test
    void anEnglishPullingImageFailedWrapperNamesTheRegistryToLogInTo() {
      Explanation explanation =
          explainer.explain(
              "[ERROR] pulling image harbor.example.cn:8443/prod/gateway:3.2.1 failed:"
                  + " toomanyrequests: too many requests, retry later");

      assertImage(explanation, "harbor.example.cn:8443", "prod/gateway", "3.2.1");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains("docker login harbor.example.cn:8443");
    }

    @Test
    void fullWidthParenthesesAndColonEndTheReference() {
      Explanation explanation =
          explainer.explain(
              "镜像拉取失败（harbor.example.cn/prod/gateway:3.2.1）：unauthorized: authentication"
                  + " required");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
      assertImage(explanation, "harbor.example.cn", "prod/gateway", "3.2.1");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains("docker login harbor.example.cn");
    }

    @Test
    void aFullWidthCommaEndsTheReferenceAfterImageColon() {
      Explanation explanation =
          explainer.explain(
              "【Jenkins】部署任务失败，镜像：harbor.example.cn/prod/gateway:3.2.1，原因如下：\n"
                  + "Error response from daemon: Get \"https://harbor.example.cn/v2/\": dial tcp"
                  + " 10.8.0.15:443: connect: no route to host");

      assertImage(explanation, "harbor.example.cn", "prod/gateway", "3.2.1");
    }

    @Test
    void anUnrecognisedFailureStillGetsTheDiagnoseAndCurlStepsForTheImage() {
      Explanation explanation =
          explainer.explain(
              "failed to pull registry.example.com/team/app:1: the registry said the image was"
                  + " quarantined by the vulnerability scanner policy");

      assertImage(explanation, "registry.example.com", "team/app", "1");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains(
              "regdoctor diagnose registry.example.com/team/app:1",
              "curl -v https://registry.example.com/v2/");
    }

    @Test
    void aSpringPullFailedForLineNamesTheImageOfTheExceptionBelow() {
      Explanation explanation =
          explainer.explain(
              "2024-05-14 11:20:03 [main] ERROR c.a.d.RegistryClient - pull failed for"
                  + " nexus.example.com:8444/apps/billing:5.2.0\n"
                  + "org.springframework.web.client.HttpClientErrorException$NotFound: 404 Not"
                  + " Found: \"{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository"
                  + " name not known to registry\",\"detail\":{\"name\":\"apps/billing\"}}]}\"\n");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.REPOSITORY_NOT_FOUND);
      assertImage(explanation, "nexus.example.com:8444", "apps/billing", "5.2.0");
      assertThat(explanation.verdict().summary()).contains("nexus.example.com:8444");
    }

    @Test
    void regctlsFailedToGetManifestNamesTheImage() {
      Explanation explanation =
          explainer.explain(
              "$ regctl image manifest registry.example.com/team/app:1.2\n"
                  + "failed to get manifest registry.example.com/team/app:1.2: request failed:"
                  + " unauthorized [http 401]: authentication required");

      assertThat(explanation.client()).isEqualTo("regctl");
      assertImage(explanation, "registry.example.com", "team/app", "1.2");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .anyMatch(command -> command.endsWith("login registry.example.com"));
    }

    @Test
    void aUrlsPathAfterThePhraseIsNoImage() {
      Explanation explanation =
          explainer.explain(
              "pulling image failed: Get \"https://registry.example.com/v2/team/app/tags/list\":"
                  + " dial tcp: lookup registry.example.com: no such host");

      assertThat(explanation.entities().registry()).isEqualTo("registry.example.com");
      assertThat(explanation.entities().reference()).isNull();
    }
  }

  /** Finding 9: an option's value before the image does not end the command's parsing. */
  @Test
  void thePlatformOptionsValueIsNotTheImageOfAPullCommand() {
    Explanation explanation =
        explainer.explain(
            "$ docker pull --platform linux/arm64 registry.example.com/ml/trainer:0.9\n"
                + "0.9: Pulling from ml/trainer\n"
                + "no matching manifest for linux/arm64/v8 in the manifest list entries\n");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.PLATFORM_MISMATCH);
    assertImage(explanation, "registry.example.com", "ml/trainer", "0.9");
    assertThat(explanation.verdict().summary())
        .startsWith("registry.example.com/ml/trainer:0.9 has no image for linux/arm64/v8");
  }

  /** Finding 10: a path in a front end's HTML error page is not the image the user pulled. */
  @Test
  void aDigestInAnHtmlErrorPageDoesNotReplaceThePulledTag() {
    Explanation explanation =
        explainer.explain(
            "sudo docker pull registry.k8s.io/pause:3.6.\n\n"
                + "Error response from daemon: error parsing HTTP 403 response body: invalid"
                + " character '<' looking for beginning of value: \"\\n<html><head>\\n<meta"
                + " http-equiv=\\\"content-type\\\""
                + " content=\\\"text/html;charset=utf-8\\\">\\n<title>403"
                + " Forbidden</title>\\n</head>\\n<body text=#000000 bgcolor=#ffffff>\\n<h1>Error:"
                + " Forbidden</h1>\\n<h2>Your client does not have permission to get URL"
                + " <code>/v2/pause/manifests/sha256:3d380ca8864549e74af4b29c10f9cb0956236dfb01c40ca076fb6c37253234db</code>"
                + " from this server.</h2>\\n<h2></h2>\\n</body></html>\\n\"");

    assertImage(explanation, "registry.k8s.io", "pause", "3.6");
    assertThat(explanation.entities().probeTarget()).contains("registry.k8s.io/pause:3.6");
    assertThat(ExplainerTest.commands(explanation.verdict()))
        .allMatch(command -> !command.contains("sha256:3d38"));
  }

  @Test
  void anHtmlPageStillNamesTheImageWhenNothingElseDoes() {
    Explanation explanation =
        explainer.explain(
            "Error response from daemon: error parsing HTTP 403 response body: invalid character"
                + " '<' looking for beginning of value: \"<html><body>Your client does not have"
                + " permission to get URL <code>/v2/pause/manifests/3.6</code></body></html>\"");

    assertThat(explanation.entities().repository()).isEqualTo("pause");
    assertThat(explanation.entities().reference()).isEqualTo("3.6");
  }

  /** Finding 13: an invalid reference is kept as written, so the header and steps can show it. */
  @Nested
  class InvalidReferenceAsWritten {
    @Test
    void anUppercaseRepositoryInAKubeletEventIsKeptAsWritten() {
      Explanation explanation =
          explainer.explain(
              "Warning  Failed     4s (x2 over 20s)  kubelet  Failed to pull image"
                  + " \"docker.io/Acme/WebApp:latest\": rpc error: code = Unknown desc = failed to"
                  + " pull and unpack image \"docker.io/Acme/WebApp:latest\": failed to resolve"
                  + " reference \"docker.io/Acme/WebApp:latest\": invalid reference format:"
                  + " repository name must be lowercase");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.INVALID_REFERENCE);
      assertImage(explanation, "docker.io", "Acme/WebApp", "latest");
      assertThat(explanation.toText(false))
          .startsWith("INVALID_REFERENCE  (kubelet)  docker.io/Acme/WebApp:latest");
      // No registry can answer for an invalid name: --probe has nothing to probe.
      assertThat(explanation.entities().probeTarget()).isEmpty();
    }

    @Test
    void anUppercaseRepositoryOfAnInspectFailedEventIsKeptAsWritten() {
      Explanation explanation =
          explainer.explain(
              "Warning  InspectFailed  8s (x2 over 10s)  kubelet  Failed to apply default image tag"
                  + " \"registry.example.com/Team/App:1.0\": couldn't parse image reference"
                  + " \"registry.example.com/Team/App:1.0\": invalid reference format: repository"
                  + " name must be lowercase\n"
                  + "Warning  Failed         8s (x2 over 10s)  kubelet  Error: InvalidImageName");

      assertImage(explanation, "registry.example.com", "Team/App", "1.0");
    }

    @Test
    void theInvalidReferenceOfTheCommandLineAboveIsKeptAsWritten() {
      Explanation explanation =
          explainer.explain(
              "% docker run -it -p 5000:5000 jjangsangy/ExplainToMe:latest\n"
                  + "docker: invalid reference format: repository name must be lowercase.\n"
                  + "See 'docker run --help'.");

      assertThat(explanation.entities().repository()).isEqualTo("jjangsangy/ExplainToMe");
      assertThat(explanation.entities().reference()).isEqualTo("latest");
    }

    @Test
    void aPlaceholderOfUsageTextIsNoRepository() {
      Explanation explanation =
          explainer.explain(
              "NAME_INVALID: Missing image name. Pushes should be of the form docker push"
                  + " HOST-NAME/PROJECT-ID/REPOSITORY/IMAGE");

      assertThat(explanation.entities().repository()).isNull();
    }
  }

  /** Lower impact: the mirror alternative quotes and names the mirror's own failure. */
  @Test
  void theMirrorAlternativeQuotesTheMirrorsLine() {
    Explanation explanation =
        explainer.explain(
            "May 14 12:30:01 build-01 dockerd[812]: time=\"2024-05-14T12:30:01.112233445Z\""
                + " level=info msg=\"Attempting next endpoint for pull after error: Get"
                + " \\\"https://mirror.gcr.io/v2/library/nginx/manifests/1.25\\\": dial tcp"
                + " 142.250.1.82:443: i/o timeout\"\n"
                + "May 14 12:30:31 build-01 dockerd[812]:"
                + " time=\"2024-05-14T12:30:31.556677889Z\" level=error msg=\"Handler for POST"
                + " /v1.43/images/create returned error: Get \\\"https://registry-1.docker.io/v2/\\\":"
                + " dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: server misbehaving\"\n");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.DNS_FAILURE);
    Finding mirror =
        explanation.alternatives().stream()
            .filter(finding -> finding.code() == DiagnosisCode.MIRROR_FAILURE)
            .findFirst()
            .orElseThrow();
    assertThat(mirror.summary()).contains("mirror.gcr.io").doesNotContain("registry-1.docker.io");
    assertThat(mirror.evidence()).allMatch(line -> line.contains("mirror.gcr.io"));
  }

  /** Lower impact: a program named in the user's prose does not beat the error's own wording. */
  @Test
  void dockersErrorWordingBeatsCurlMentionedInAComment() {
    Explanation explanation =
        explainer.explain(
            "国外服务器拉取 FastGPT镜像总是失败\n"
                + "Error response from daemon: Get \"https://registry.cn-hangzhou.aliyuncs.com/v2/\":"
                + " net/http: request canceled while waiting for connection (Client.Timeout exceeded"
                + " while awaiting headers)\n"
                + "已经配置了 dns 等。但是仍然失败。\n"
                + "ping registry.cn-hangzhou.aliyuncs.com通\n"
                + "curl https://registry.cn-hangzhou.aliyuncs.com/v2/ 不通\n");

    assertThat(explanation.client()).isEqualTo("docker");
    assertThat(explanation.entities().registry()).isEqualTo("registry.cn-hangzhou.aliyuncs.com");
    assertThat(ExplainerTest.commands(explanation.verdict()))
        .contains("curl -v --connect-timeout 10 https://registry.cn-hangzhou.aliyuncs.com/v2/");
  }
}
