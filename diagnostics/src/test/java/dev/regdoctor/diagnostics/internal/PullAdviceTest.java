package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.probe.BlobsInfo;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ManifestInfo;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PullAdviceTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private final Diagnoser diagnoser =
      new Diagnoser(
          Catalogue.forLocale(Locale.ENGLISH),
          new CertificateDirectories(Path.of("/nonexistent/a"), Path.of("/nonexistent/b")),
          new PullThresholds(Duration.ofSeconds(60), 100L * 1024 * 1024, 10));

  private static ProbeResult result(
      String image, @Nullable BlobsInfo blobs, @Nullable RateLimit limit, List<Failure> failures) {
    ImageReference reference = ImageReference.parse(image);
    return new ProbeResult(
        image,
        reference,
        new RegistryEndpoint("https", reference.apiHost(), 443),
        Platform.DEFAULT,
        List.of(),
        failures,
        null,
        null,
        new ManifestInfo(
            "https://x/v2/m", "HEAD", 200, DIGEST, null, 10, List.of(), List.of(), null),
        null,
        limit,
        null,
        null,
        false,
        List.of(),
        List.of(),
        true,
        List.of(),
        2,
        Duration.ofMillis(5),
        blobs);
  }

  private static ProbeResult withBlobsStep(ProbeResult r, String detail) {
    return new ProbeResult(
        r.input(),
        r.reference(),
        r.endpoint(),
        r.platform(),
        List.of(new Step(StepName.BLOBS, StepStatus.FAILED, Duration.ofMillis(3), detail)),
        r.failures(),
        r.ping(),
        r.auth(),
        r.manifest(),
        r.tags(),
        r.rateLimit(),
        r.tls(),
        r.credentialSource(),
        r.credentialsSent(),
        r.nearMisses(),
        r.credentialProblems(),
        r.tlsVerified(),
        r.notes(),
        r.requests(),
        r.elapsed(),
        r.blobs());
  }

  private static BlobsInfo blobs(long total, int layers, long sampled, Duration elapsed) {
    return new BlobsInfo(
        DIGEST, DIGEST, layers, total, DIGEST, sampled, sampled, elapsed, true, List.of(),
        List.of());
  }

  private List<Finding> diagnose(ProbeResult result) {
    return diagnoser.diagnose(result, () -> null);
  }

  // Review 15, finding 14: a layer served with the wrong content got the CDN and "push again if
  // missing" steps; a sampled part of a layer passed without saying its digest went unchecked.
  @Test
  void aCorruptLayerGetsTheStepsOfADamagedStoredCopy() {
    Failure corrupt =
        new Failure(
            FailureKind.BLOB_FAILURE,
            StepName.BLOBS,
            "layer " + DIGEST + " is corrupt: its content hashes to sha256:" + "ef".repeat(32),
            List.of("GET http://registry.example.com/v2/a/blobs/" + DIGEST + " -> 200"),
            null);

    Finding verdict =
        diagnose(
                withBlobsStep(
                    result("registry.example.com/a:1", null, null, List.of(corrupt)),
                    "digest mismatch"))
            .get(0);

    assertThat(verdict.code()).isEqualTo(DiagnosisCode.BLOB_FAILURE);
    assertThat(verdict.summary()).startsWith("A blob of registry.example.com/a:1 is corrupt: ");
    assertThat(verdict.remediation())
        .extracting(remedy -> remedy.text())
        .noneMatch(text -> text.contains("CDN") || text.contains("if the blob is missing"))
        .anyMatch(text -> text.contains("storage backend"))
        .anyMatch(text -> text.contains("a push skips blobs the registry says it already has"))
        .anyMatch(text -> text.contains("proxy, mirror or pull-through cache"));
  }

  @Test
  void aMissingBlobKeepsTheGeneralSteps() {
    Failure missing =
        new Failure(
            FailureKind.BLOB_FAILURE,
            StepName.BLOBS,
            "blob " + DIGEST + " is missing (BLOB_UNKNOWN)",
            List.of(),
            null);

    Finding verdict =
        diagnose(
                withBlobsStep(
                    result("registry.example.com/a:1", null, null, List.of(missing)), "404"))
            .get(0);

    assertThat(verdict.remediation())
        .extracting(remedy -> remedy.text())
        .anyMatch(text -> text.contains("if the blob is missing, push the image again"));
  }

  @Test
  void aSampledPartOfALayerSaysItsDigestWasNotChecked() {
    BlobsInfo partial =
        new BlobsInfo(
            DIGEST,
            DIGEST,
            1,
            50L << 20,
            DIGEST,
            50L << 20,
            1 << 20,
            Duration.ofMillis(20),
            false,
            List.of(),
            List.of());

    assertThat(PullAdvice.evidence(partial, Catalogue.forLocale(Locale.ENGLISH)))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("sampled 1.0 MiB of layer " + DIGEST)
                    .endsWith(
                        " (part of the layer: its digest was not checked; a --sample-size of at"
                            + " least 50.0 MiB reads it whole and checks it)"));
    assertThat(PullAdvice.evidence(partial, Catalogue.forLocale(Catalogue.ZH_CN)))
        .anySatisfy(
            line ->
                assertThat(line).endsWith("（仅为层的一部分：未校验其摘要；--sample-size 不小于 50.0 MiB 时会读取整层并校验）"));
  }

  @Test
  void slowEstimatedTransferIsSlowPullWithTheFigures() {
    // 1 MiB in 1 s: 200 MiB would take 200 s
    List<Finding> findings =
        diagnose(
            result(
                "registry.example.com/a:1",
                blobs(200L << 20, 3, 1 << 20, Duration.ofSeconds(1)),
                null,
                List.of()));

    Finding slow =
        findings.stream()
            .filter(f -> f.code() == DiagnosisCode.SLOW_PULL)
            .findFirst()
            .orElseThrow();
    assertThat(slow.summary()).contains("200 s at 1.0 MiB/s for 200.0 MiB (threshold 60 s)");
    assertThat(slow.remediation())
        .anyMatch(r -> "regdoctor mirrors registry.example.com/a:1".equals(r.command()));
    Finding large =
        findings.stream()
            .filter(f -> f.code() == DiagnosisCode.LARGE_IMAGE)
            .findFirst()
            .orElseThrow();
    assertThat(large.summary()).contains("200.0 MiB compressed in 3 layers");
    assertThat(large.guide()).isEqualTo("3.2");
    assertThat(large.remediation().get(0).text()).contains("multi-stage");
  }

  // Review defect 24: "in 1 layers", and "about 0 s (threshold 0 s)" with --slow-pull 1ms.
  @Test
  void oneLayerIsSingularAndTimesBelowASecondAreInMilliseconds() {
    Diagnoser strict =
        new Diagnoser(
            Catalogue.forLocale(Locale.ENGLISH),
            new CertificateDirectories(Path.of("/nonexistent/a"), Path.of("/nonexistent/b")),
            new PullThresholds(Duration.ofMillis(1), 512, 1));
    // 1 MiB in 10 ms: the whole 1 MiB image takes 10 ms
    List<Finding> findings =
        strict.diagnose(
            result(
                "registry.example.com/a:1",
                blobs(1 << 20, 1, 1 << 20, Duration.ofMillis(10)),
                null,
                List.of()),
            () -> null);

    Finding slow =
        findings.stream()
            .filter(f -> f.code() == DiagnosisCode.SLOW_PULL)
            .findFirst()
            .orElseThrow();
    assertThat(slow.summary()).endsWith("10 ms at 100.0 MiB/s for 1.0 MiB (threshold 1 ms)");
    assertThat(slow.evidence())
        .contains("manifest " + DIGEST + ": config + 1 layer, 1.0 MiB compressed")
        .contains("estimated transfer time 10 ms (download only)");
    Finding large =
        findings.stream()
            .filter(f -> f.code() == DiagnosisCode.LARGE_IMAGE)
            .findFirst()
            .orElseThrow();
    assertThat(large.summary())
        .endsWith("1.0 MiB compressed in 1 layer (thresholds 512 B, 1 layer)");
  }

  @Test
  void pullTestEvidenceIsWordedInChineseWithTheMeasuredFiguresKept() {
    // Session 15: the pull test's lines stayed English in zh-CN reports.
    Diagnoser chinese =
        new Diagnoser(
            Catalogue.forLocale(Catalogue.ZH_CN),
            new CertificateDirectories(Path.of("/nonexistent/a"), Path.of("/nonexistent/b")),
            new PullThresholds(Duration.ofSeconds(60), 100L * 1024 * 1024, 10));
    Finding slow =
        chinese
            .diagnose(
                result(
                    "registry.example.com/a:1",
                    blobs(200L << 20, 3, 1 << 20, Duration.ofSeconds(1)),
                    null,
                    List.of()),
                () -> null)
            .stream()
            .filter(f -> f.code() == DiagnosisCode.SLOW_PULL)
            .findFirst()
            .orElseThrow();

    assertThat(slow.evidence())
        .containsExactly(
            "清单 " + DIGEST + "：配置 + 3 层，压缩后 200.0 MiB",
            "在 1000.0 毫秒内采样了层 " + DIGEST + " 的 1.0 MiB：1.0 MiB/s（整层，摘要已校验）",
            "预计传输时间 200.0 s（仅下载）");
  }

  @Test
  void fastSmallImagesGetNoAdviceButManyLayersDo() {
    assertThat(
            diagnose(
                result(
                    "registry.example.com/a:1",
                    blobs(1 << 20, 3, 1 << 20, Duration.ofMillis(10)),
                    null,
                    List.of())))
        .extracting(Finding::code)
        .containsExactly(DiagnosisCode.OK);
    assertThat(
            diagnose(
                result(
                    "registry.example.com/a:1",
                    blobs(1 << 20, 11, 1 << 20, Duration.ofMillis(10)),
                    null,
                    List.of())))
        .extracting(Finding::code)
        .containsExactly(DiagnosisCode.OK, DiagnosisCode.LARGE_IMAGE);
  }

  @Test
  void rateLimitedNamesTheResetTimeAndThatHeadIsFreeOnDockerHub() {
    Failure limited =
        new Failure(
            FailureKind.RATE_LIMITED, StepName.MANIFEST, "throttled (429)", List.of(), null);
    RateLimit limit =
        new RateLimit(100, 0, Duration.ofHours(6), "203.0.113.7", Duration.ofSeconds(1800));

    Finding verdict = diagnose(result("nginx", null, limit, List.of(limited))).get(0);

    assertThat(verdict.code()).isEqualTo(DiagnosisCode.RATE_LIMITED);
    assertThat(verdict.remediation())
        .anyMatch(
            r ->
                r.text()
                    .matches(
                        ".*\\(at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(in 1800 s\\)\\).*"));
    assertThat(verdict.evidence())
        .anyMatch(e -> e.contains("manifest HEAD") && e.contains("does not count"));
  }

  @Test
  void lowBudgetWarnsBelowTenPercent() {
    RateLimit low = new RateLimit(100, 9, Duration.ofHours(6), null, null);
    RateLimit fine = new RateLimit(100, 10, Duration.ofHours(6), null, null);

    assertThat(diagnose(result("nginx", null, low, List.of())))
        .extracting(Finding::code)
        .contains(DiagnosisCode.RATE_LIMIT_LOW);
    assertThat(diagnose(result("nginx", null, fine, List.of())))
        .extracting(Finding::code)
        .doesNotContain(DiagnosisCode.RATE_LIMIT_LOW);
  }

  @Test
  void chineseCatalogueCoversTheNewCodes() {
    Catalogue zh = Catalogue.forLocale(Catalogue.ZH_CN);
    for (DiagnosisCode code :
        List.of(
            DiagnosisCode.RUNTIME_MISMATCH,
            DiagnosisCode.MIRROR_FAILURE,
            DiagnosisCode.SLOW_PULL,
            DiagnosisCode.LARGE_IMAGE)) {
      assertThat(zh.covers(code)).as(code.name()).isTrue();
      assertThat(Catalogue.forLocale(Locale.ENGLISH).covers(code)).as(code.name()).isTrue();
    }
    assertThat(zh.label("reload.containerd")).contains("hosts.toml");
  }
}
