package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The error chain: links outermost first, innermost cause from each wrapping style. */
class ErrorChainTest {
  private static String innermost(String text) {
    ErrorText cleaned = ErrorText.of(text);
    return ErrorChain.innermost(cleaned, cleaned.lastErrorLine());
  }

  @Test
  void goWrappingSplitsOnColonSpaceButNotInsideQuotes() {
    assertThat(
            ErrorChain.links(
                "Error response from daemon: Get \"https://r.example:5000/v2/\": dial tcp: lookup"
                    + " r.example: no such host"))
        .containsExactly(
            "Error response from daemon",
            "Get \"https://r.example:5000/v2/\"",
            "dial tcp",
            "lookup r.example",
            "no such host");
  }

  @Test
  void grpcDescriptionIsALink() {
    assertThat(ErrorChain.links("rpc error: code = Unknown desc = failed to pull image"))
        .isEqualTo(List.of("rpc error", "code = Unknown", "failed to pull image"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Error response from daemon: Get \"https://r.example/v2/\": dial tcp 10.0.0.1:443: connect:"
            + " frobnicated | dial tcp 10.0.0.1:443: connect: frobnicated",
        "curl: (99) Something nobody has seen before | Something nobody has seen before",
        "{\"errors\":[{\"code\":\"WEIRD_CODE\",\"message\":\"the registry is confused\"}]}"
            + " | WEIRD_CODE: the registry is confused",
        "{\"message\": \"quota of the project exceeded\"} | quota of the project exceeded",
      })
  void innermostCauseComesFromEachWrappingStyle(String text, String cause) {
    assertThat(innermost(text)).isEqualTo(cause);
  }

  @Test
  void lastJavaCausedByLineIsTheCause() {
    assertThat(
            innermost(
                "com.example.BuildException: pull failed\n"
                    + "Caused by: java.io.IOException: wrapper failed\n"
                    + "Caused by: com.example.WeirdException: the flux capacitor overheated\n"
                    + "\tat com.example.Flux.run(Flux.java:42)"))
        .isEqualTo("com.example.WeirdException: the flux capacitor overheated");
  }

  @Test
  void blankTextHasNoCause() {
    assertThat(innermost("  \n ")).isEmpty();
  }
}
