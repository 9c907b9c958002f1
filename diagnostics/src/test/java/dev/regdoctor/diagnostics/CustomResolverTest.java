package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An embedding program's {@link CredentialResolver} that breaks its contract is reported as a
 * failing credential helper, never an exception from {@code check} (review 16, finding 6).
 */
@Timeout(30)
class CustomResolverTest {
  private static final String CANARY = "vault-token-canary-7f3a";

  private MockWebServer server;
  private String image;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    image = "127.0.0.1:" + server.getPort() + "/team/app:1.0";
    server.enqueue(RegistryDoctorTest.ping());
    server.enqueue(RegistryDoctorTest.manifest());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Report check(CredentialResolver resolver, Locale locale) {
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .credentials(resolver)
            .timeout(Duration.ofSeconds(5))
            .locale(locale)
            .build()) {
      return doctor.check(image);
    }
  }

  @Test
  void aResolverThatThrowsIsAHelperFailureNamingItsClassButNotItsMessage() {
    Report report =
        check(
            (registry, repository) -> {
              throw new IllegalStateException("vault down: token=" + CANARY);
            },
            Locale.ENGLISH);

    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.CREDENTIAL_HELPER_FAILED);
    assertThat(report.verdict().summary())
        .startsWith("The credential resolver " + CustomResolverTest.class.getName() + "$Lambda")
        .endsWith("threw java.lang.IllegalStateException instead of returning a lookup");
    assertThat(report.verdict().remediation().get(0).text())
        .contains("RegistryDoctor.Builder.credentials");
    assertThat(report.toString() + report.toJson()).doesNotContain(CANARY);
    // the check went on without credentials, as for a failing Docker credential helper
    assertThat(report.steps())
        .anySatisfy(
            step -> {
              assertThat(step.name()).isEqualTo(dev.regdoctor.probe.StepName.MANIFEST);
              assertThat(step.status()).isEqualTo(dev.regdoctor.probe.StepStatus.OK);
            });
  }

  @Test
  void aResolverThatReturnsNullIsAHelperFailure() {
    Report report = check((registry, repository) -> null, Locale.ENGLISH);

    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.CREDENTIAL_HELPER_FAILED);
    assertThat(report.verdict().summary()).endsWith("returned null instead of a lookup");
  }

  @Test
  void aFailingResolverIsExplainedInChinese() {
    Report report = check((registry, repository) -> null, Locale.SIMPLIFIED_CHINESE);

    assertThat(report.verdict().summary()).startsWith("凭据解析器 ").endsWith("出错（原因见证据）");
    assertThat(report.verdict().evidence())
        .anySatisfy(line -> assertThat(line).endsWith("：返回了 null，没有返回查找结果"));
  }
}
