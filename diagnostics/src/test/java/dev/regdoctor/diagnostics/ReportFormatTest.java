package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.probe.StepName;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden files for the text report in both languages and the JSON contract's field list. Set {@code
 * -Dregdoctor.golden.update=true} to rewrite the golden files after a deliberate change.
 */
class ReportFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REPORT_FIELDS =
      List.of(
          "schema",
          "input",
          "reference",
          "registry",
          "repository",
          "tag",
          "digest",
          "platform",
          "ok",
          "verdict",
          "findings",
          "steps",
          "credentialSource",
          "requests",
          "millis");
  private static final List<String> FINDING_FIELDS =
      List.of("code", "severity", "summary", "evidence", "remediation", "guide");
  private static final List<String> STEP_FIELDS = List.of("name", "status", "millis", "detail");

  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Report missingTag(Locale locale) {
    server.enqueue(RegistryDoctorTest.ping());
    server.enqueue(RegistryDoctorTest.registry(404).build());
    server.enqueue(
        RegistryDoctorTest.registry(200).body("{\"tags\":[\"1.0\",\"1.4.1\",\"1.4.2\"]}").build());
    return check("shop/web:1.4", locale);
  }

  private Report authRequired(Locale locale) {
    MockResponse basic =
        RegistryDoctorTest.registry(401)
            .addHeader("WWW-Authenticate", "Basic realm=\"shop\"")
            .build();
    server.enqueue(basic);
    server.enqueue(basic);
    return check("shop/web:1.4", locale);
  }

  private Report ok(Locale locale) {
    server.enqueue(RegistryDoctorTest.ping());
    server.enqueue(RegistryDoctorTest.manifest());
    return check("shop/web:1.4", locale);
  }

  private Report check(String image, Locale locale) {
    String hostPort = "127.0.0.1:" + server.getPort();
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .plainHttpRegistry(hostPort)
            .locale(locale)
            .timeout(Duration.ofSeconds(5))
            .build()) {
      return doctor.check(hostPort + "/" + image);
    }
  }

  private String normalize(String text) {
    return text.replace("127.0.0.1:" + server.getPort(), "127.0.0.1:PORT")
        .replaceAll("\\d+\\.\\dms", "T.Tms")
        .replaceAll("[\\d.]+ ms\\)", "T ms)")
        .replace(System.lineSeparator(), "\n");
  }

  @ParameterizedTest
  @CsvSource({
    "missing-tag,en",
    "missing-tag,zh-CN",
    "auth-required,en",
    "auth-required,zh-CN",
    "ok,en"
  })
  void textReportMatchesGoldenFile(String scenario, String language) throws IOException {
    Locale locale = Locale.forLanguageTag(language);
    Report report =
        switch (scenario) {
          case "missing-tag" -> missingTag(locale);
          case "auth-required" -> authRequired(locale);
          default -> ok(locale);
        };
    String actual = normalize(report.toString()) + "\n";
    String name = "golden/" + scenario + "." + language + ".txt";
    if (Boolean.getBoolean("regdoctor.golden.update")) {
      Path file = Path.of("src/test/resources", name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    try (InputStream in = getClass().getResourceAsStream("/" + name)) {
      assertThat(in)
          .as("golden file %s (run with -Dregdoctor.golden.update=true to create it)", name)
          .isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(actual.split("\n")).hasSizeLessThanOrEqualTo(15);
  }

  @ParameterizedTest
  @CsvSource({"missing-tag,en", "missing-tag,zh-CN", "ok,en"})
  void jsonReportMatchesGoldenFile(String scenario, String language) throws IOException {
    Locale locale = Locale.forLanguageTag(language);
    Report report = scenario.equals("ok") ? ok(locale) : missingTag(locale);
    String actual =
        normalize(report.toJson()).replaceAll("\"millis\" : [0-9.]+", "\"millis\" : 0.0") + "\n";
    String name = "golden/" + scenario + "." + language + ".json";
    if (Boolean.getBoolean("regdoctor.golden.update")) {
      Path file = Path.of("src/test/resources", name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    try (InputStream in = getClass().getResourceAsStream("/" + name)) {
      assertThat(in)
          .as("golden file %s (run with -Dregdoctor.golden.update=true to create it)", name)
          .isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void jsonFollowsTheContractFieldList() throws IOException {
    JsonNode root = JSON.readTree(missingTag(Locale.ENGLISH).toJson());

    assertThat(fieldNames(root)).containsExactlyElementsOf(REPORT_FIELDS);
    assertThat(root.get("schema").asText()).isEqualTo("regdoctor.report/v1");
    assertThat(root.get("ok").asBoolean()).isFalse();
    assertThat(root.get("tag").asText()).isEqualTo("1.4");
    assertThat(root.get("digest").isNull()).isTrue();
    assertThat(root.get("verdict")).isEqualTo(root.get("findings").get(0));
    for (JsonNode finding : root.get("findings")) {
      assertThat(fieldNames(finding)).containsExactlyElementsOf(FINDING_FIELDS);
      assertThat(finding.get("severity").asText()).isIn("ERROR", "WARNING", "INFO");
      for (JsonNode step : finding.get("remediation")) {
        assertThat(fieldNames(step)).containsExactly("text", "command");
      }
    }
    List<String> names = new ArrayList<>();
    for (JsonNode step : root.get("steps")) {
      assertThat(fieldNames(step)).containsExactlyElementsOf(STEP_FIELDS);
      assertThat(step.get("status").asText()).isIn("OK", "FAILED", "SKIPPED");
      assertThat(step.get("millis").isNumber()).isTrue();
      names.add(step.get("name").asText());
    }
    List<String> order = Arrays.stream(StepName.values()).map(StepName::label).toList();
    assertThat(names)
        .doesNotHaveDuplicates()
        .isSortedAccordingTo((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
    assertThat(order).containsAll(names);
    assertThat(root.get("requests").asInt()).isEqualTo(3);
  }

  @Test
  void okJsonHasOkVerdictAndDigest() throws IOException {
    JsonNode root = JSON.readTree(ok(Locale.ENGLISH).toJson());

    assertThat(root.get("ok").asBoolean()).isTrue();
    assertThat(root.get("verdict").get("code").asText()).isEqualTo("OK");
    assertThat(root.get("verdict").get("severity").asText()).isEqualTo("INFO");
    assertThat(root.get("digest").asText()).isEqualTo(RegistryDoctorTest.DIGEST);
    assertThat(root.get("credentialSource").isNull()).isTrue();
  }

  @Test
  void invalidReferenceJsonHasNullsNotMissingFields() throws IOException {
    Report report;
    try (RegistryDoctor doctor = RegistryDoctor.builder().locale(Locale.ENGLISH).build()) {
      report = doctor.check("shop/Web:1.4");
    }
    JsonNode root = JSON.readTree(report.toJson());

    assertThat(fieldNames(root)).containsExactlyElementsOf(REPORT_FIELDS);
    assertThat(root.get("reference").isNull()).isTrue();
    assertThat(root.get("verdict").get("code").asText()).isEqualTo("INVALID_REFERENCE");
  }

  @Test
  void severalReportsAreOneJsonArray() throws IOException {
    Report first = ok(Locale.ENGLISH);
    JsonNode array = JSON.readTree(RegistryDoctor.toJson(List.of(first, first)));

    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(2);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
