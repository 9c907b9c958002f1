package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The shapes that made rules misfire on held-out folds N to S (session 6 analysis of 104 rule
 * misfires, docs/explainer.md): outer words winning over a cause further in, a Docker daemon's own
 * status read as the registry's, a 401 after a login with a password, a push denial read as Docker
 * Hub's "does not exist or may require login", local runtime errors read as network failures, an
 * HTML error page winning over the status it shows. The texts are written for this test in the
 * shape of the real messages, with example hosts.
 */
class ExplainCauseOverWrapperTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  private static Explanation explain(String text) {
    return EXPLAINER.explain(text);
  }

  @Test
  void aRefusedConnectionInsideAnAuthChallengeDecidesOverTheChallenge() {
    Explanation explanation =
        explain(
            "Error response from daemon: no successful auth challenge for"
                + " https://registry.corp.example:5000/v2/ - errors: [Get"
                + " https://auth.corp.example/token?service=registry: dial tcp 10.1.2.3:443:"
                + " connect: connection refused]");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.AUTH_REQUIRED)).isTrue();
  }

  @Test
  void aTimeoutInsideA403BodyDecidesOverTheStatus() {
    Explanation explanation =
        explain(
            "error parsing HTTP 403 response body: invalid character 'c' looking for beginning of"
                + " value: \"connecting to cdn-objects.example.cn:443: dial tcp 198.51.100.4:443:"
                + " i/o timeout\"");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.CONNECT_TIMEOUT);
  }

  @Test
  void anNginxErrorPageIsTheStatusItShowsNotAMissingRegistry() {
    Explanation explanation =
        explain(
            "Error response from daemon: error parsing HTTP 502 response body: invalid character"
                + " '<' looking for beginning of value: \"<html><head><title>502 Bad"
                + " Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr>"
                + "<center>nginx</center></body></html>\"");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.REGISTRY_UNAVAILABLE);
    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.NOT_A_REGISTRY)).isTrue();
  }

  @Test
  void theDaemonsOwnServerErrorWithoutRegistryWordsIsNotTheRegistrysOutage() {
    Explanation explanation =
        explain(
            "(HTTP code 500) server error - invalid mount config for type \"bind\": bind source"
                + " path does not exist: /srv/app/data");

    assertThat(explanation.verdict().code()).isNotEqualTo(DiagnosisCode.REGISTRY_UNAVAILABLE);
  }

  @Test
  void theDaemonRelayingTheRegistrysOutageIsStillTheRegistrysOutage() {
    Explanation explanation =
        explain(
            "(HTTP code 500) server error - {\"message\":\"received unexpected HTTP status: 503"
                + " Service Unavailable\"}");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.REGISTRY_UNAVAILABLE);
  }

  @Test
  void aLoginWithAPasswordThenUnauthorizedMeansTheCredentialsWereRefused() {
    Explanation explanation =
        explain(
            "$ echo \"$CI_TOKEN\" | docker login registry.example.com -u ci-bot --password-stdin\n"
                + "Error response from daemon: Get \"https://registry.example.com/v2/\":"
                + " unauthorized: authentication required");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_INVALID);
    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.AUTH_REQUIRED)).isTrue();
  }

  @Test
  void anAnonymousTokenRefusalStaysMissingCredentialsAfterALogin() {
    Explanation explanation =
        explain(
            "docker login other.example.com -u ci --password-stdin\n"
                + "failed to authorize: failed to fetch anonymous token: unexpected status: 401"
                + " Unauthorized");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.AUTH_REQUIRED);
  }

  @Test
  void aPushDeniedIsAPermissionNotAMissingRepository() {
    Explanation explanation =
        explain(
            "error: build step \"push\" failed: failed to push image"
                + " registry.example.com/team/api:dev: unknown: requested access to the resource"
                + " is denied");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.ACCESS_DENIED);
  }

  @Test
  void aPullDeniedStaysNotFoundOrDenied() {
    Explanation explanation =
        explain(
            "Error response from daemon: pull access denied for team/api, repository does not"
                + " exist or may require 'docker login': denied: requested access to the resource"
                + " is denied");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.NOT_FOUND_OR_DENIED);
  }

  @Test
  void aRuntimeShimTimeoutIsLocalNotTheNetwork() {
    Explanation explanation =
        explain(
            "Error response from daemon: failed to create task for container: failed to create"
                + " shim task: OCI runtime create failed: context deadline exceeded: unknown");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.LOCAL_ENVIRONMENT);
  }

  @Test
  void theOperatingSystemsPermissionDeniedIsNotARegistryDenial() {
    Explanation explanation =
        explain(
            "Error: crun: mount `proc` to"
                + " `/home/u/.local/share/containers/storage/overlay/7c2e/merged/proc`: Permission"
                + " denied: OCI permission denied");

    assertThat(explanation.verdict().code()).isNotEqualTo(DiagnosisCode.ACCESS_DENIED);
  }

  @Test
  void aDependencyProxyOnTheWayIsOfferedAsTheMirrorFailing() {
    Explanation explanation =
        explain(
            "Error response from daemon: Head"
                + " \"https://gitlab.example.com:443/acme/dependency_proxy/containers/library/alpine/manifests/3.19\":"
                + " received unexpected HTTP status: 502 Bad Gateway");

    assertThat(ExplainFindings.offers(explanation, DiagnosisCode.MIRROR_FAILURE)).isTrue();
  }
}
