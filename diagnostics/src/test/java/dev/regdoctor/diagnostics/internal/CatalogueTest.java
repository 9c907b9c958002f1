package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CatalogueTest {
  private static final Catalogue ENGLISH = Catalogue.forLocale(Locale.ENGLISH);
  private static final Catalogue CHINESE = Catalogue.forLocale(Locale.SIMPLIFIED_CHINESE);

  /** Every placeholder any template uses, with a realistic value. */
  static Map<String, String> allValues() {
    Map<String, String> values = new HashMap<>();
    values.put("image", "registry.example.com/shop/web:1.4");
    values.put("canonical", "registry.example.com/shop/web:1.4");
    values.put("name", "registry.example.com/shop/web");
    values.put("registry", "registry.example.com");
    values.put("repository", "shop/web");
    values.put("reference", "1.4");
    values.put("credentialKey", "registry.example.com");
    values.put("host", "registry.example.com");
    values.put("hostName", "registry.example.com");
    values.put("hostPort", "registry.example.com:443");
    values.put("url", "https://registry.example.com");
    values.put("platform", "linux/arm64");
    values.put("platforms", "linux/amd64, linux/arm/v7");
    values.put("firstPlatform", "linux/amd64");
    values.put("tags", "1.4.1, 1.4.2");
    values.put("digest", "sha256:" + "ab".repeat(32));
    values.put("detail", "some detail");
    values.put("source", "config.json auths \"registry.example.com\"");
    values.put("helper", "desktop");
    values.put("file", "/root/.docker/config.json");
    values.put("mirror", "https://mirror.example.com");
    values.put("secret", "my-registry-secret");
    values.put("namespace", "shop");
    values.put("otherNamespace", "default");
    values.put("serviceAccount", "default");
    values.put("policy", "Always");
    values.put("remaining", "3");
    values.put("limit", "100");
    return values;
  }

  @ParameterizedTest
  @EnumSource(DiagnosisCode.class)
  void everyCodeHasTextInEnglishAndChinese(DiagnosisCode code) {
    assertThat(ENGLISH.covers(code)).as("English text for %s", code).isTrue();
    assertThat(CHINESE.covers(code)).as("Chinese text for %s", code).isTrue();
    assertThat(CHINESE.template(code.name() + ".summary"))
        .isNotEqualTo(ENGLISH.template(code.name() + ".summary"));
  }

  @ParameterizedTest
  @EnumSource(DiagnosisCode.class)
  void everyPlaceholderIsFilledWhenValuesAreKnown(DiagnosisCode code) {
    for (Catalogue catalogue : List.of(ENGLISH, CHINESE)) {
      Finding finding = catalogue.finding(code, allValues(), List.of());
      assertThat(Catalogue.hasPlaceholder(finding.summary()))
          .as("%s summary: %s", code, finding.summary())
          .isFalse();
      assertThat(finding.remediation())
          .as("%s remediation in %s", code, catalogue.languageTag())
          .isNotEmpty();
      for (Remedy remedy : finding.remediation()) {
        assertThat(Catalogue.hasPlaceholder(remedy.text()))
            .as("%s: %s", code, remedy.text())
            .isFalse();
        if (remedy.command() != null) {
          assertThat(Catalogue.hasPlaceholder(remedy.command()))
              .as("%s: %s", code, remedy.command())
              .isFalse();
        }
      }
      assertThat(finding.guide()).isEqualTo(code.guide().orElse(null));
    }
  }

  @ParameterizedTest
  @EnumSource(DiagnosisCode.class)
  void chineseHasAsManyStepsAsEnglish(DiagnosisCode code) {
    assertThat(CHINESE.remedies(code, allValues()))
        .hasSameSizeAs(ENGLISH.remedies(code, allValues()));
  }

  @Test
  void stepsNeedingUnknownValuesAreLeftOut() {
    Map<String, String> values = new HashMap<>(allValues());
    values.remove("tags");

    List<Remedy> remedies = ENGLISH.remedies(DiagnosisCode.MANIFEST_NOT_FOUND, values);

    assertThat(remedies).extracting(Remedy::text).noneMatch(text -> text.contains("closest"));
    assertThat(remedies).isNotEmpty();
  }

  @Test
  void commandsCarryTheRealNames() {
    Finding finding = ENGLISH.finding(DiagnosisCode.AUTH_REQUIRED, allValues(), List.of());

    assertThat(finding.remediation())
        .extracting(Remedy::command)
        .contains("docker login registry.example.com");
    assertThat(
            CHINESE
                .finding(DiagnosisCode.K8S_PULL_SECRET_MISSING, allValues(), List.of())
                .remediation())
        .extracting(Remedy::command)
        .contains("kubectl get secret my-registry-secret -n shop -o yaml");
  }

  @Test
  void anyChineseLocaleSelectsChinese() {
    assertThat(Catalogue.forLocale(Locale.forLanguageTag("zh-TW")).languageTag())
        .isEqualTo("zh-CN");
    assertThat(Catalogue.forLocale(Locale.GERMAN).languageTag()).isEqualTo("en");
  }

  @Test
  void aGivenDockerConfigReachesEveryDockerInvocationAndPathInTheSteps() {
    assertThat(
            Catalogue.withDockerConfig(
                "docker logout r:5000 && docker login r:5000", "dc", "dc/config.json"))
        .isEqualTo("docker --config dc logout r:5000 && docker --config dc login r:5000");
    assertThat(
            Catalogue.withDockerConfig(
                "printf '%s' \"$P\" | docker login r --password-stdin",
                "my dir", "my dir/config.json"))
        .isEqualTo("printf '%s' \"$P\" | docker --config 'my dir' login r --password-stdin");
    assertThat(
            Catalogue.withDockerConfig(
                "grep -n credsStore ~/.docker/config.json", "dc", "dc/config.json"))
        .isEqualTo("grep -n credsStore dc/config.json");
    // Not docker CLI invocations, or already naming a configuration: left as they are.
    assertThat(
            Catalogue.withDockerConfig(
                "sudo systemctl restart docker && command -v docker-credential-pass",
                "dc",
                "dc/config.json"))
        .isEqualTo("sudo systemctl restart docker && command -v docker-credential-pass");
    assertThat(Catalogue.withDockerConfig("docker --config dc login r", "dc", "dc/config.json"))
        .isEqualTo("docker --config dc login r");
  }

  @Test
  void stepsOfEveryDockerConfigCodeNameTheGivenConfiguration() {
    Map<String, String> values = allValues();
    values.put("configDir", "/ci/conf");
    values.put("configFile", "/ci/conf/config.json");
    values.put("entry", "registry.example.com");
    for (Catalogue catalogue : List.of(ENGLISH, CHINESE)) {
      for (DiagnosisCode code :
          List.of(
              DiagnosisCode.AUTH_REQUIRED,
              DiagnosisCode.ACCESS_DENIED,
              DiagnosisCode.NOT_FOUND_OR_DENIED,
              DiagnosisCode.REPOSITORY_NOT_FOUND,
              DiagnosisCode.RATE_LIMITED,
              DiagnosisCode.RATE_LIMIT_LOW,
              DiagnosisCode.CREDENTIAL_HELPER_FAILED)) {
        for (String variant : java.util.Arrays.asList(null, "unsent")) {
          List<Remedy> steps = catalogue.remedies(code, variant, values);
          assertThat(steps)
              .as("%s %s (%s)", code, variant, catalogue.languageTag())
              .allSatisfy(
                  step -> {
                    String said = step.text() + " " + step.command();
                    assertThat(said).doesNotContain("~/.docker").doesNotContain("docker login");
                  });
        }
      }
      assertThat(catalogue.remedies(DiagnosisCode.CONFIG_INVALID, "value", values))
          .extracting(Remedy::command)
          .contains("docker --config /ci/conf login registry.example.com");
    }
  }

  @Test
  void summariesOfProbeFailuresSayWhatFailedOnceAndLeaveTheDetailToTheEvidence() {
    // Review item, session 14: "The registry h is failing: h answered 503 to /v2/: the registry
    // is failing".
    Map<String, String> values = allValues();
    values.put("detail", "registry.example.com answered 503 to /v2/: the registry is failing");
    for (Catalogue catalogue : List.of(ENGLISH, CHINESE)) {
      for (DiagnosisCode code :
          List.of(
              DiagnosisCode.REGISTRY_UNAVAILABLE,
              DiagnosisCode.RATE_LIMITED,
              DiagnosisCode.NOT_A_REGISTRY,
              DiagnosisCode.PROXY_FAILURE,
              DiagnosisCode.TOKEN_SERVICE_FAILED)) {
        Finding finding = catalogue.finding(code, values, List.of());

        assertThat(finding.summary()).as("%s", code).doesNotContain("answered 503");
        assertThat(finding.evidence()).as("%s", code).containsExactly(values.get("detail"));
        assertThat(catalogue.leavesDetailToEvidence(code, null)).isTrue();
      }
    }
    assertThat(ENGLISH.summary(DiagnosisCode.RATE_LIMITED, values))
        .isEqualTo("registry.example.com is throttling pulls (HTTP 429)");
  }
}
