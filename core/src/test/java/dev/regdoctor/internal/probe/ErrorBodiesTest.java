package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorBodiesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}",
        "{ \"errors\" : [ { \"code\" : \"manifest_unknown\", \"message\" : \"manifest unknown\" } ] }",
        "{\"detail\":1,\n \"errors\":\n[{\"message\":\"manifest unknown\",\"code\":\"MANIFEST_UNKNOWN\"}]}"
      })
  void readsTheErrorsMemberWhereverItStands(String body) {
    assertThat(ErrorBodies.parse(bytes(body)))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.code()).isEqualTo("MANIFEST_UNKNOWN");
              assertThat(error.message()).isEqualTo("manifest unknown");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "{}", "<html>errors</html>", "{\"error\":\"x\"}", "errors", "{\"errors\":"})
  void bodiesWithoutAnErrorsDocumentGiveNoErrors(String body) {
    assertThat(ErrorBodies.parse(bytes(body))).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
