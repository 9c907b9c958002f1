package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What counts as a text that shows something worked ({@link SuccessLines}). */
class SuccessLinesTest {
  @ParameterizedTest(name = "success: {0}")
  @ValueSource(
      strings = {
        "Normal  Pulled  2m  kubelet  Successfully pulled image \"nginx:1.25\"",
        "latest: Pulling from library/busybox\na3ed95caeb02: Pull complete",
        "Getting image source signatures\nCopying blob sha256:9758c28807f2 done",
        "Status: Image is up to date for shop/web:1.4",
        "$ curl --head https://registry.example.com/v2/\nHTTP/2 200 \ncontent-length: 2",
        "Docker pull of 'registry.example.com/hello:1' : OK",
        "Login Succeeded",
        "5f70bf18a086: Layer already exists"
      })
  void completedOperationsAndSuccessStatusesShowSuccess(String text) {
    assertThat(SuccessLines.shows(text)).isTrue();
  }

  @ParameterizedTest(name = "no success: {0}")
  @ValueSource(
      strings = {
        "10.0.0.2 - - [01/May/2024:10:00:00 +0000] \"GET /v2/ HTTP/1.1\" 503 125",
        "$ curl -sI https://registry.example.com/v2/\nHTTP/2 403 ",
        "{'errors': [{'status': 401, 'message': 'Bad Credentials'}]}",
        "reference needs to contain a registry",
        "Pulling repository shop/web\nHTTP code: 404",
        "the OK button was greyed out"
      })
  void failuresAndPlainSentencesDoNotShowSuccess(String text) {
    assertThat(SuccessLines.shows(text)).isFalse();
  }
}
