package dev.regdoctor.cli;

import static dev.regdoctor.cli.RegistryAnswers.enqueueHealthy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code regdoctor explain}: what it reads, what it writes, and its exit status. */
@Timeout(60)
class ExplainCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ObjectMapper json = new ObjectMapper();

  private int run(String stdin, String... args) {
    return run(stdin, ExplainCommandTest.MAX_STDIN, args);
  }

  private static final int MAX_STDIN = 16 * 1024 * 1024;

  private int run(String stdin, int maxStdinBytes, String... args) {
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    ExplainCommand explain = line.getSubcommands().get("explain").getCommand();
    explain.maxStdinBytes = maxStdinBytes;
    if (stdin != null) {
      explain.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    }
    return line.execute(args);
  }

  private List<JsonNode> jsonLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split(System.lineSeparator())) {
      lines.add(json.readTree(line));
    }
    return lines;
  }

  // Review defect 14: blank lines were dropped, so output line N no longer answered input line N.
  @Nested
  class Batch {
    @Test
    void writesOneLinePerInputLineBlankLinesIncluded(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("errors.txt");
      Files.writeString(
          file, "manifest unknown\n\nx509: certificate signed by unknown authority\n");

      int status = run(null, "explain", "--batch", file.toString(), "--lang", "en");

      List<JsonNode> lines = jsonLines();
      assertThat(status).isEqualTo(1);
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0).at("/verdict/code").asText()).isEqualTo("MANIFEST_NOT_FOUND");
      assertThat(lines.get(1).at("/input").asText()).isEmpty();
      assertThat(lines.get(1).at("/verdict/code").asText()).isEqualTo("UNKNOWN");
      assertThat(lines.get(1).at("/verdict/summary").asText()).contains("no error text was given");
      assertThat(lines.get(2).at("/verdict/code").asText()).isEqualTo("TLS_UNTRUSTED");
    }

    @Test
    void standardInputGetsOneLinePerInputLineToo() throws Exception {
      int status = run("\nmanifest unknown\r\n  \n", "explain", "--batch", "-");

      List<JsonNode> lines = jsonLines();
      assertThat(status).isEqualTo(1);
      assertThat(lines)
          .extracting(line -> line.at("/input").asText())
          .containsExactly("", "manifest unknown", "  ");
    }

    @Test
    void blankLinesAloneShowNoErrorAndExitZero() throws Exception {
      int status = run("\n   \n\n", "explain", "--batch", "-");

      assertThat(status).isZero();
      assertThat(jsonLines()).hasSize(3);
    }
  }

  // Review defect 18: exit codes did not follow the help text.
  @Nested
  class ProbeExitStatus {
    @Test
    void textNamingNoImageKeepsItsExplanationAndExitsOne() {
      int status =
          run(
              null,
              "explain",
              "--probe",
              "--lang",
              "en",
              "x509: certificate signed by unknown authority");

      assertThat(status).isEqualTo(1);
      assertThat(out.toString()).startsWith("TLS_UNTRUSTED");
      assertThat(err.toString())
          .isEqualTo(
              "regdoctor: --probe: the text names no image, so nothing was probed"
                  + System.lineSeparator());
    }

    // Session 15's note: an uppercase reference was said to be "no image".
    @Test
    void invalidReferenceIsNamedAsWrittenAndNotProbed() {
      int status =
          run(
              null,
              "explain",
              "--probe",
              "--lang",
              "en",
              "$ docker pull registry.example.invalid/Acme/WebApp:1.0\n"
                  + "invalid reference format: repository name must be lowercase");

      assertThat(status).isEqualTo(1);
      assertThat(out.toString()).startsWith("INVALID_REFERENCE");
      assertThat(err.toString())
          .isEqualTo(
              "regdoctor: --probe: the image the text names"
                  + " (registry.example.invalid/Acme/WebApp:1.0) is not a valid reference, so"
                  + " nothing was probed; probe it written right with regdoctor diagnose"
                  + System.lineSeparator());
    }

    @Test
    void invalidReferenceIsSaidInChinese() {
      run(
          null,
          "explain",
          "--probe",
          "--lang",
          "zh",
          "$ docker pull registry.example.invalid/Acme/WebApp:1.0\n"
              + "invalid reference format: repository name must be lowercase");

      assertThat(err.toString())
          .isEqualTo(
              "regdoctor: --probe：文本中的镜像（registry.example.invalid/Acme/WebApp:1.0）不是有效的镜像引用，"
                  + "因此没有探测；请改写正确后用 regdoctor diagnose 探测"
                  + System.lineSeparator());
    }

    @Test
    void healthyRegistryAfterAFailureInTheTextSaysSoAndExitsOne() throws Exception {
      try (MockWebServer server = new MockWebServer()) {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        String hostPort = "127.0.0.1:" + server.getPort();
        enqueueHealthy(server);

        int status =
            run(
                null,
                "explain",
                "--probe",
                "--plain-http",
                hostPort,
                "--lang",
                "en",
                "Error response from daemon: Get \"http://"
                    + hostPort
                    + "/v2/team/app/manifests/1.0\": EOF");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString())
            .startsWith("CONNECTION_RESET")
            .contains("OK  " + hostPort + "/team/app:1.0")
            .contains(
                "regdoctor: the live probe follows docker's pull rules (dockerd: daemon.json;"
                    + " plain HTTP allowed for loopback registries), those of the client that"
                    + " printed the text (docker)")
            .endsWith(
                "regdoctor: the registry answers now under docker's rules: the failure in the"
                    + " text was transient, from another network or machine, or from a client"
                    + " with other rules (--runtime)"
                    + System.lineSeparator());
      }
    }

    // Review 16, finding 4: --probe --json printed two JSON documents back to back.
    @Test
    void textNamingNoImageWithJsonIsOneDocumentWhoseProbeIsNull() throws Exception {
      int status =
          run(
              null,
              "explain",
              "--probe",
              "--json",
              "x509: certificate signed by unknown authority");

      JsonNode document =
          json.copy()
              .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .readTree(out.toString());
      assertThat(status).isEqualTo(1);
      assertThat(document.at("/verdict/code").asText()).isEqualTo("TLS_UNTRUSTED");
      assertThat(document.has("probe")).isTrue();
      assertThat(document.get("probe").isNull()).isTrue();
    }

    @Test
    void jsonWithoutProbeIsTheExplanationAloneAsBefore() {
      String text = "x509: certificate signed by unknown authority";

      int status = run(null, "explain", "--json", "--lang", "en", text);

      assertThat(status).isEqualTo(1);
      assertThat(out.toString())
          .isEqualTo(
              dev.regdoctor.diagnostics.explain.ErrorExplainer.create(java.util.Locale.ENGLISH)
                      .explain(text)
                      .toJson()
                  + System.lineSeparator())
          .doesNotContain("\"probe\"");
    }

    @Test
    void runtimeWithoutProbeIsABadInvocation() {
      int status = run(null, "explain", "--runtime", "podman", "manifest unknown");

      assertThat(status).isEqualTo(2);
      assertThat(err.toString()).contains("apply to --probe only");
    }
  }

  // Review defect 3: only the last 1 MiB was looked at, and nothing said so.
  @Nested
  class LongInput {
    private String log(int lines) {
      List<String> text = new ArrayList<>();
      for (int i = 0; i < lines; i++) {
        text.add("2026-12-04T10:00:00.000Z info unrelated line " + i);
      }
      text.add(
          10,
          "Error response from daemon: Head \"https://reg.example.com/v2/a/b/manifests/1\":"
              + " unauthorized: authentication required");
      return String.join("\n", text);
    }

    @Test
    void errorEarlyInALongLogIsFoundAndTheCutIsSaid() throws Exception {
      int status = run(log(25_000), "explain", "--json", "-");

      assertThat(status).isEqualTo(1);
      JsonNode explanation = json.readTree(out.toString());
      assertThat(explanation.at("/verdict/code").asText()).isEqualTo("AUTH_REQUIRED");
      assertThat(explanation.at("/input").asText()).contains("earlier lines left out here]");
      assertThat(err.toString())
          .startsWith("regdoctor: the text has ")
          .contains("explained its last lines and its earlier lines that look like errors");
    }

    @Test
    void standardInputOverItsLimitKeepsItsEndAndSaysSo() {
      String input =
          "unrelated line\n".repeat(100) + "x509: certificate signed by unknown authority\n";

      int status = run(input, 200, "explain", "--lang", "en", "-");

      assertThat(status).isEqualTo(1);
      assertThat(out.toString()).startsWith("TLS_UNTRUSTED");
      assertThat(err.toString())
          .startsWith(
              "regdoctor: standard input has " + input.length() + " bytes: explained its last ")
          .contains("bytes, from a line start");
    }
  }
}
