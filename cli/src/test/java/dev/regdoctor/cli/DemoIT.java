package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Report;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo shows one diagnosis per scenario, each the one its title promises. */
class DemoIT {
  @Test
  @Timeout(120)
  void everyScenarioShowsItsDiagnosisOnTheRealRegistry() throws Exception {
    dev.regdoctor.testkit.RegistryBinary.require();
    verify(true);
  }

  @Test
  @Timeout(120)
  void everyScenarioShowsItsDiagnosisOnTheInProcessRegistry() throws Exception {
    verify(false);
  }

  private void verify(boolean real) throws Exception {
    StringWriter text = new StringWriter();
    List<Report> reports;
    try (Demo demo = Demo.start(Locale.ENGLISH, real)) {
      // demo --help lists Demo.TITLES: they must be exactly the scenarios run, in order.
      assertThat(demo.scenarios().stream().map(Demo.Scenario::title).toList())
          .containsExactlyElementsOf(
              Demo.TITLES.keySet().stream()
                  .filter(title -> real || !Demo.REAL_REGISTRY_ONLY.contains(title))
                  .toList());
      reports = demo.run(new PrintWriter(text, true), false, false);
    }

    assertThat(reports)
        .extracting(report -> report.verdict().code())
        .contains(
            DiagnosisCode.OK,
            DiagnosisCode.MANIFEST_NOT_FOUND,
            DiagnosisCode.REPOSITORY_NOT_FOUND,
            DiagnosisCode.PLATFORM_MISMATCH,
            DiagnosisCode.AUTH_REQUIRED,
            DiagnosisCode.AUTH_INVALID,
            DiagnosisCode.ACCESS_DENIED,
            DiagnosisCode.CONNECTION_REFUSED,
            DiagnosisCode.RESPONSE_TIMEOUT,
            DiagnosisCode.TLS_HANDSHAKE_TIMEOUT,
            DiagnosisCode.TLS_UNTRUSTED,
            DiagnosisCode.DNS_FAILURE,
            DiagnosisCode.NOT_A_REGISTRY,
            DiagnosisCode.REGISTRY_UNAVAILABLE,
            DiagnosisCode.RATE_LIMITED);
    assertThat(reports).hasSize(real ? 20 : 19);
    Report mirror = reports.get(reports.size() - 2);
    assertThat(mirror.ok()).isTrue();
    assertThat(mirror.runtime()).contains("containerd");
    assertThat(mirror.finding(DiagnosisCode.MIRROR_FAILURE)).isPresent();
    Report podman = reports.get(reports.size() - 1);
    assertThat(podman.ok()).isFalse();
    assertThat(podman.finding(DiagnosisCode.RUNTIME_MISMATCH).orElseThrow().summary())
        .contains("podman");
    if (real) {
      assertThat(reports)
          .extracting(report -> report.verdict().code())
          .contains(DiagnosisCode.PLAIN_HTTP_REGISTRY);
    }
    assertThat(reports.get(1).finding(DiagnosisCode.MUTABLE_TAG)).isPresent();
    assertThat(text.toString()).contains("scenarios diagnosed in");
  }
}
