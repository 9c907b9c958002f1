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
 * The names a text gives reach the steps as the text gives them, each failure keeps its own host,
 * and the steps fit the program that printed the text (session 14's review of the built CLI).
 */
class ExplainNamesWhatTheTextGivesTest {
  private final ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);

  private static List<String> texts(Finding finding) {
    return finding.remediation().stream().map(Remedy::text).toList();
  }

  @Nested
  class TwoFailuresOfTwoHosts {
    private static final String LOG =
        "Error response from daemon: Get \"https://early.example.com/v2/\": x509: certificate"
            + " signed by unknown authority\n"
            + "time=\"2026-12-05T10:00:00Z\" level=error msg=\"pull failed\" error=\"Head"
            + " \\\"https://registry.example.com/v2/team/app/manifests/1.0\\\": dial tcp"
            + " 10.0.0.9:443: connect: connection refused\"";

    @Test
    void theVerdictDoesNotBorrowTheRepositoryOfTheOtherHost() {
      Explanation explanation = explainer.explain(LOG);

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED);
      assertThat(explanation.entities().registry()).isEqualTo("early.example.com");
      assertThat(explanation.entities().repository()).isNull();
      assertThat(explanation.entities().reference()).isNull();
    }

    @Test
    void theAlternativeFromTheOtherLineNamesItsOwnHost() {
      Finding refused =
          explainer.explain(LOG).alternatives().stream()
              .filter(finding -> finding.code() == DiagnosisCode.CONNECTION_REFUSED)
              .findFirst()
              .orElseThrow();

      assertThat(refused.summary()).contains("registry.example.com:443");
      assertThat(refused.summary()).doesNotContain("early.example.com");
    }
  }

  @Nested
  class PlainHttp {
    @Test
    void containerdsHostsDirectoryIsNamedAsTheImageReferenceWritesTheRegistry() {
      Finding verdict =
          explainer
              .explain(
                  "ctr: failed to resolve reference \"registry.example.com/team/app:1.0\": failed"
                      + " to do request: Head"
                      + " \"https://registry.example.com/v2/team/app/manifests/1.0\": http: server"
                      + " gave HTTP response to HTTPS client")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.PLAIN_HTTP_REGISTRY);
      assertThat(texts(verdict))
          .anyMatch(
              text -> text.contains("/etc/containerd/certs.d/registry.example.com/hosts.toml"))
          .noneMatch(text -> text.contains("certs.d/registry.example.com:443"));
    }

    @Test
    void podmansRegistriesConfLocationIsTheRegistryAsWritten() {
      Finding verdict =
          explainer
              .explain(
                  "Error: initializing source docker://registry.example.com/team/app:1.0: pinging"
                      + " container registry registry.example.com: Get"
                      + " \"https://registry.example.com/v2/\": http: server gave HTTP response to"
                      + " HTTPS client")
              .verdict();

      assertThat(texts(verdict))
          .anyMatch(text -> text.contains("location = \"registry.example.com\""))
          .noneMatch(text -> text.contains("registry.example.com:443"));
    }
  }

  @Nested
  class ContainersImageWording {
    @Test
    void aRefusedPodmanLoginNamesTheRegistryAndGetsPodmanSteps() {
      Explanation explanation =
          explainer.explain(
              "Error: logging into \"registry.example.com\": invalid username/password");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
      assertThat(explanation.client()).isEqualTo("podman");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains("podman logout registry.example.com && podman login registry.example.com");
    }

    @Test
    void aRefusedManifestUploadIsARefusedPush() {
      Finding verdict =
          explainer
              .explain(
                  "Error: writing manifest: uploading manifest 1.0 to"
                      + " registry.example.com/team/app: denied: requested access to the resource"
                      + " is denied")
              .verdict();

      assertThat(verdict.code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
      assertThat(verdict.summary()).contains("push to team/app on registry.example.com");
    }

    @Test
    void aHelmLoginRefusalWithoutARegistryStillSaysWhatToRun() {
      Finding verdict =
          explainer
              .explain(
                  "Error: failed to authorize: failed to fetch oauth token: unexpected status: 401"
                      + " Unauthorized")
              .verdict();

      assertThat(ExplainerTest.commands(verdict))
          .contains("helm registry logout <registry> && helm registry login <registry>");
    }
  }

  @Nested
  class HostsInConnectionErrors {
    @Test
    void curlsPortGivenApartBelongsToTheRegistry() {
      Explanation explanation =
          explainer.explain(
              "curl: (7) Failed to connect to 127.0.0.1 port 5000 after 0 ms: Couldn't connect to"
                  + " server");

      assertThat(explanation.entities().registry()).isEqualTo("127.0.0.1:5000");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .contains("curl -v https://127.0.0.1:5000/v2/");
    }

    @Test
    void curlsTimeoutNamesTheHostWithoutTheDefaultPort() {
      Explanation explanation =
          explainer.explain(
              "curl: (28) Failed to connect to registry.example.com port 443 after 130001 ms:"
                  + " Connection timed out");

      assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.CONNECT_TIMEOUT);
      assertThat(explanation.entities().registry()).isEqualTo("registry.example.com");
    }

    @Test
    void aJavaConnectTimeoutGetsTheJvmsProxyPropertiesNotHttpsProxy() {
      Explanation explanation =
          explainer.explain(
              "Connect to registry.example.com:443 [registry.example.com/10.1.2.3] failed: Connect"
                  + " timed out");

      assertThat(explanation.client()).isEqualTo("java");
      assertThat(explanation.verdict().summary()).contains("registry.example.com:443");
      assertThat(ExplainerTest.commands(explanation.verdict()))
          .anyMatch(command -> command.contains("-Dhttps.proxyHost="));
      assertThat(texts(explanation.verdict()))
          .noneMatch(text -> text.contains("configure HTTPS_PROXY for the container runtime"));
    }

    @Test
    void theJdksHostnameMismatchFillsTheOpensslCommand() {
      Finding verdict =
          explainer
              .explain(
                  "Caused by: javax.net.ssl.SSLHandshakeException: No subject alternative DNS name"
                      + " matching registry.example.com found.")
              .verdict();

      assertThat(ExplainerTest.commands(verdict))
          .anyMatch(command -> command.contains("-connect registry.example.com:443"))
          .noneMatch(command -> command.contains("<registry>"));
    }

    @Test
    void curlVerbosesHostHeaderNamesTheRegistry() {
      Explanation explanation =
          explainer.explain(
              "> GET /v2/team/app/manifests/1.0 HTTP/1.1\n> Host: registry.example.com\n"
                  + "< HTTP/1.1 403 Forbidden\n"
                  + "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the"
                  + " resource is denied\"}]}");

      assertThat(explanation.entities().registry()).isEqualTo("registry.example.com");
    }
  }

  @Test
  void aResetAtBlobStorageIsTestedAtTheFailingUrlWithoutItsQuery() {
    Finding verdict =
        explainer
            .explain(
                "error pulling image configuration: download failed after attempts=6: Get"
                    + " \"https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/"
                    + "blobs/sha256/ab/abcdef/data?verify=1700000000-abc\": read tcp"
                    + " 10.0.0.5:51234->104.16.1.1:443: read: connection reset by peer")
            .verdict();

    assertThat(verdict.code()).isEqualTo(DiagnosisCode.CONNECTION_RESET);
    assertThat(ExplainerTest.commands(verdict))
        .contains(
            "curl -v https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/"
                + "blobs/sha256/ab/abcdef/data")
        .noneMatch(command -> command.contains("cloudflare.docker.com/v2/"))
        .noneMatch(command -> command.contains("verify="));
  }

  @Test
  void dockerPysFailureToReachTheDaemonIsThisMachine() {
    Explanation explanation =
        explainer.explain(
            "ERROR - Error while fetching server API version: ('Connection aborted.',"
                + " ConnectionRefusedError(111, 'Connection refused'))");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.LOCAL_ENVIRONMENT);
    assertThat(explanation.alternatives())
        .extracting(Finding::code)
        .contains(DiagnosisCode.CONNECTION_REFUSED);
  }

  @Test
  void theKubeletsPodFullNameFillsPodAndNamespace() {
    Explanation explanation =
        explainer.explain(
            "E1205 10:00:00.000000 1234 pod_workers.go:191] Error syncing pod"
                + " 5f1c2d3e-1111-2222-3333-444455556666"
                + " (\"api-0_prod(5f1c2d3e-1111-2222-3333-444455556666)\"), skipping: failed to"
                + " \"StartContainer\" for \"api\" with ErrImagePull: \"rpc error: code = Unknown"
                + " desc = failed to pull and unpack image \\\"registry.example.com/team/api:1.0\\\":"
                + " failed to resolve reference \\\"registry.example.com/team/api:1.0\\\": pulling"
                + " from host registry.example.com failed with status code [manifests 1.0]: 401"
                + " Unauthorized\"");

    assertThat(explanation.entities().pod()).isEqualTo("api-0");
    assertThat(explanation.entities().namespace()).isEqualTo("prod");
    assertThat(ExplainerTest.commands(explanation.verdict()))
        .anyMatch(command -> command.contains("-n prod"));
  }

  @Test
  void emptyTextSaysSoInChineseToo() {
    Finding verdict = ErrorExplainer.create(Locale.SIMPLIFIED_CHINESE).explain("").verdict();

    assertThat(verdict.code()).isEqualTo(DiagnosisCode.UNKNOWN);
    assertThat(verdict.summary()).isEqualTo("未能归类：没有提供错误文本");
  }
}
