package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Severity;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 17: text reports that read well. */
class ReportTextTest {

  @Test
  void evidenceIsShownOnceAndNotWhenTheSummarySaysIt() {
    Finding finding =
        new Finding(
            DiagnosisCode.AUTH_REQUIRED,
            Severity.ERROR,
            "127.0.0.1:5000 requires credentials to pull team/app, and none were found for it",
            List.of(
                "127.0.0.1:5000 requires credentials to pull team/app and none were found",
                "HEAD http://127.0.0.1:5000/v2/team/app/manifests/1.0 -> 401",
                "HEAD http://127.0.0.1:5000/v2/team/app/manifests/1.0 -> 401"),
            List.of(),
            "4.1");

    assertThat(ReportText.evidenceToShow(finding))
        .containsExactly("HEAD http://127.0.0.1:5000/v2/team/app/manifests/1.0 -> 401");
  }

  /** Review item, session 14: a step taken over from an earlier check is not timed at 0.0 ms. */
  @Test
  void stepsCoreMarksAsCachedOrReusedReadAsReused() {
    java.time.Duration zero = java.time.Duration.ZERO;
    dev.regdoctor.probe.StepName connect = dev.regdoctor.probe.StepName.CONNECT;
    dev.regdoctor.probe.StepStatus ok = dev.regdoctor.probe.StepStatus.OK;
    for (String detail :
        List.of(
            "127.0.0.1:5000 (cached)", "cached", "10.0.0.5:443 (reused)", "reused connection")) {
      assertThat(ReportText.reused(new dev.regdoctor.probe.Step(connect, ok, zero, detail)))
          .as(detail)
          .isTrue();
    }
    for (String detail : List.of("127.0.0.1:5000", "200", "token for repository:a/b:pull")) {
      assertThat(ReportText.reused(new dev.regdoctor.probe.Step(connect, ok, zero, detail)))
          .as(detail)
          .isFalse();
    }
  }

  /** Seeded sentences of random words: a cut never splits a word and ends with "…". */
  @ParameterizedTest
  @MethodSource("seeds")
  void longLinesAreCutAtAWordBoundary(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder line = new StringBuilder();
    List<String> words = new java.util.ArrayList<>();
    while (line.length() < 400) {
      String word =
          Long.toString(random.nextLong(1, Long.MAX_VALUE), 36).substring(0, random.nextInt(1, 12));
      words.add(word);
      line.append(word).append(' ');
    }
    int max = random.nextInt(40, 200);

    String cut = ReportText.abbreviate(line.toString().strip(), max);

    assertThat(cut).endsWith("…").hasSizeLessThanOrEqualTo(max);
    String kept = cut.substring(0, cut.length() - 1);
    String[] keptWords = kept.split(" ");
    for (int i = 0; i < keptWords.length; i++) {
      assertThat(keptWords[i]).isEqualTo(words.get(i));
    }
  }

  static LongStream seeds() {
    return LongStream.range(0, 100).map(i -> 17_000 + i);
  }

  /** Review defect 19: a LARGE_IMAGE note showed no advice, a warning only its first command. */
  @Test
  void adviceNotesCarryTheirFirstStepAndWarningsAllTheirSteps() {
    Catalogue catalogue = Catalogue.forLocale(java.util.Locale.ENGLISH);
    Finding large =
        catalogue.finding(
            DiagnosisCode.LARGE_IMAGE,
            java.util.Map.of("image", "r.example.com/a:1", "detail", "900 MiB in 40 layers"),
            List.of());
    Finding loopback =
        catalogue.finding(
            DiagnosisCode.INSECURE_REGISTRY,
            Severity.INFO,
            "loopback",
            java.util.Map.of("host", "127.0.0.1:5000", "dockerHost", "127.0.0.1:5000"),
            List.of());
    Finding mirror =
        new Finding(
            DiagnosisCode.MIRROR_FAILURE,
            Severity.WARNING,
            "The registry mirror http://127.0.0.1:5999 fails",
            List.of(),
            List.of(
                new dev.regdoctor.diagnostics.Remedy(
                    "Fix or remove the mirror where it is configured: /etc/hosts.toml line 3",
                    null),
                new dev.regdoctor.diagnostics.Remedy(
                    "Test the mirror by hand", "curl -v http://127.0.0.1:5999/v2/")),
            "2.1");
    List<String> lines = new java.util.ArrayList<>();

    ReportText.appendOther(lines, large, catalogue, false, ReportText.MORE_CLI);
    ReportText.appendOther(lines, loopback, catalogue, false, ReportText.MORE_CLI);
    ReportText.appendOther(lines, mirror, catalogue, false, ReportText.MORE_CLI);

    assertThat(lines)
        .containsExactly(
            "  Note: r.example.com/a:1 is large: 900 MiB in 40 layers — Use a multi-stage build:"
                + " compile in a builder stage and copy only the result into the final stage",
            "  Note: 127.0.0.1:5000 is on this machine (loopback), where Docker allows plain HTTP"
                + " by default",
            "  Also found: MIRROR_FAILURE The registry mirror http://127.0.0.1:5999 fails",
            "      1. Fix or remove the mirror where it is configured: /etc/hosts.toml line 3",
            "      2. Test the mirror by hand",
            "         $ curl -v http://127.0.0.1:5999/v2/");
  }

  @Test
  void aStepQuotingSeveralLinesKeepsThemIndentedUnderTheStep() {
    Finding mismatch =
        new Finding(
            DiagnosisCode.RUNTIME_MISMATCH,
            Severity.WARNING,
            "docker can pull it, but podman cannot",
            List.of(),
            List.of(
                new dev.regdoctor.diagnostics.Remedy(
                    "Add this to /etc/containers/registries.conf: [[registry]]\ninsecure = true",
                    null)),
            "2.1");
    List<String> lines = new java.util.ArrayList<>();

    ReportText.appendOther(
        lines, mismatch, Catalogue.forLocale(java.util.Locale.ENGLISH), false, ReportText.MORE_CLI);

    assertThat(String.join("\n", lines).replace(System.lineSeparator(), "\n").split("\n"))
        .containsExactly(
            "  Also found: RUNTIME_MISMATCH docker can pull it, but podman cannot",
            "      1. Add this to /etc/containers/registries.conf: [[registry]]",
            "         insecure = true");
  }

  @Test
  void aShortLineIsKeptWhole() {
    assertThat(ReportText.abbreviate("short line", 160)).isEqualTo("short line");
  }
}
