package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cause vocabulary of issue 13, session 2, on messages assembled from the clients' own error
 * strings (moby, containers/image, containerd, distribution, libcurl, crictl, nerdctl) around names
 * that appear in no corpus: the rules must recognise the wording, not the corpus lines they were
 * tuned on.
 */
class ExplainVocabularyTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  private static final String DIGEST_A = "sha256:" + "1a".repeat(32);
  private static final String DIGEST_B = "sha256:" + "2b".repeat(32);

  static Stream<Arguments> causes() {
    return Stream.of(
        Arguments.of(
            "failed to start daemon: invalid mirror: path, query, or fragment at end of the URI"
                + " \"https://mirror.shop.example/path\"",
            DiagnosisCode.CONFIG_INVALID),
        Arguments.of(
            "Error: copying system image from manifest list: writing blob: Digest did not match,"
                + " expected "
                + DIGEST_A
                + ", got "
                + DIGEST_B,
            DiagnosisCode.BLOB_FAILURE),
        Arguments.of(
            "ctr: failed to copy: failed size validation: 1024 != 2048: failed precondition",
            DiagnosisCode.BLOB_FAILURE),
        Arguments.of(
            "Error: image reference format is invalid. Please specify <name:tag|name@digest>",
            DiagnosisCode.INVALID_REFERENCE),
        Arguments.of(
            "failed to create containerd client: dial unix /run/containerd/containerd.sock:"
                + " connect: no such file or directory",
            DiagnosisCode.LOCAL_ENVIRONMENT),
        Arguments.of(
            "Docker API call to 'localhost/v1.24/images/create?fromImage=shop%2Fweb' failed with"
                + " status code 500 \"Internal Server Error\" and message \"Head"
                + " \\\"https://registry.shop.example/v2/shop/web/manifests/1.4\\\": toomanyrequests:"
                + " too many requests\"",
            DiagnosisCode.RATE_LIMITED),
        Arguments.of(
            "WARN[0000] skipping verifying HTTPS certs for \"registry.shop.example:5000\"",
            DiagnosisCode.INSECURE_REGISTRY),
        Arguments.of(
            "Error syncing pod, skipping: secrets \"shop-pull\" not found",
            DiagnosisCode.K8S_PULL_SECRET_MISSING),
        Arguments.of(
            "curl: (56) Failure when receiving data from the peer", DiagnosisCode.CONNECTION_RESET),
        Arguments.of(
            "failed to copy: httpReadSeeker: failed open: server message: invalid_token:"
                + " authorization failed",
            DiagnosisCode.AUTH_INVALID),
        Arguments.of(
            "`mirrors` cannot be set when `config_path` is provided",
            DiagnosisCode.CONFIG_INVALID));
  }

  @ParameterizedTest
  @MethodSource("causes")
  void clientWordingGivesTheCause(String message, DiagnosisCode code) {
    assertThat(EXPLAINER.explain(message).verdict().code()).as(message).isEqualTo(code);
  }

  @ParameterizedTest
  @MethodSource("causes")
  void theSameWordingInsideAKubeletEventGivesTheSameCause(String message, DiagnosisCode code) {
    String event =
        "Warning  Failed  12s (x3 over 50s)  kubelet  Failed to pull image"
            + " \"registry.shop.example/shop/web:1.4\": rpc error: code = Unknown desc = "
            + message;

    assertThat(EXPLAINER.explain(event).verdict().code()).as(event).isEqualTo(code);
  }

  @Test
  void aHardWrappedPasteIsReadAsTheMessageItWas() {
    Explanation explanation =
        EXPLAINER.explain(
            "CannotPullContainerError: Error response from daemon: pull access denied for\n"
                + "registry.shop.example/shop/web, repository does not exist\n"
                + "or may require 'docker login'");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.NOT_FOUND_OR_DENIED);
    assertThat(explanation.entities().registry()).isEqualTo("registry.shop.example");
  }

  @Test
  void lineBreaksBetweenMessagesAreNotJoined() {
    Explanation explanation =
        EXPLAINER.explain("Pulling fs layer\nStatus: Image is up to date for shop/web:1.4");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.OK);
  }

  @ParameterizedTest
  @MethodSource("clientShapes")
  void clientIsRecognisedFromTheShapeOfItsOutput(String message, String client) {
    assertThat(EXPLAINER.explain(message).client()).as(message).isEqualTo(client);
  }

  static Stream<Arguments> clientShapes() {
    return Stream.of(
        Arguments.of(
            "FATA[0001] pulling image: rpc error: code = Unknown desc = failed to pull and unpack"
                + " image \"registry.shop.example/shop/web:1.4\": failed to resolve reference"
                + " \"registry.shop.example/shop/web:1.4\": unexpected status from HEAD request to"
                + " https://registry.shop.example/v2/shop/web/manifests/1.4: 503 Service"
                + " Unavailable",
            "crictl"),
        Arguments.of(
            "FATA[0000] failed to call rh.Client.Do: Get \"https://registry.shop.example:5000/v2/\":"
                + " x509: certificate signed by unknown authority",
            "nerdctl"),
        Arguments.of(
            "level=fatal msg=\"initializing source docker://bitnami/kubectl:latest: pinging container"
                + " registry registry-1.docker.io: received unexpected HTTP status: 502 Bad Gateway\"",
            "skopeo"),
        Arguments.of(
            "Error: reading blob "
                + DIGEST_A
                + ": fetching blob: received unexpected HTTP status: 502 Bad Gateway",
            "podman"),
        Arguments.of(
            "Error: looks like \"https://charts.shop.example\" is not a valid chart repository or"
                + " cannot be reached: failed to fetch https://charts.shop.example/index.yaml : 404"
                + " Not Found",
            "helm"));
  }

  @ParameterizedTest
  @MethodSource("phases")
  void thePhaseIsAnAlternativeNotTheVerdict(
      String message, DiagnosisCode cause, DiagnosisCode phase) {
    Explanation explanation = EXPLAINER.explain(message);

    assertThat(explanation.verdict().code()).as(message).isEqualTo(cause);
    assertThat(explanation.alternatives()).extracting(Finding::code).contains(phase);
  }

  static Stream<Arguments> phases() {
    return Stream.of(
        Arguments.of(
            "Error: reading blob "
                + DIGEST_A
                + ": fetching blob: received unexpected HTTP status: 502 Bad Gateway",
            DiagnosisCode.REGISTRY_UNAVAILABLE,
            DiagnosisCode.BLOB_FAILURE),
        Arguments.of(
            "Error: initializing source docker://127.0.0.1:5000/shop/web:1.4: Get"
                + " \"http://127.0.0.1:5001/token?scope=repository%3Ashop%2Fweb%3Apull&service=registry\":"
                + " dial tcp 127.0.0.1:5001: connect: connection refused",
            DiagnosisCode.CONNECTION_REFUSED, DiagnosisCode.TOKEN_SERVICE_FAILED));
  }
}
