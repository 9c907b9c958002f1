package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.reference.Platform;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReportTest {

  /**
   * Review 16, finding 8: a JShell user has no --json; the command line's text keeps it (its output
   * is unchanged).
   */
  @Test
  void toStringPointsAtToJsonWhileTheCommandLinesTextPointsAtItsOption() {
    Finding verdict =
        new Finding(
            DiagnosisCode.TLS_UNTRUSTED,
            Severity.ERROR,
            "reg.example.test presents a certificate this machine does not trust",
            IntStream.range(0, 6).mapToObj(i -> "evidence line " + i).toList(),
            IntStream.range(0, 5).mapToObj(i -> new Remedy("step " + i, null)).toList(),
            null);
    Report report =
        new Report(
            "reg.example.test/app:1",
            ProbeResult.withoutTraffic(
                "reg.example.test/app:1", null, Platform.DEFAULT, List.of(), List.of(), List.of()),
            List.of(verdict),
            Locale.ENGLISH);

    assertThat(report.toString()).contains("… +2 (toJson())").doesNotContain("--json");
    assertThat(report.toText(false)).contains("… +2 (--json)").doesNotContain("toJson()");
  }
}
