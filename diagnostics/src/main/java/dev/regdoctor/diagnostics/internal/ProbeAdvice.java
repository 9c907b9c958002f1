package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.internal.http.Addresses;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The advice a probe result earns besides its failures: INSECURE_REGISTRY for plain HTTP or an
 * unverified certificate (information only where the rules followed make it a loopback default),
 * MUTABLE_TAG for {@code :latest}, RATE_LIMIT_LOW, and the pull test's advice ({@link PullAdvice}).
 */
final class ProbeAdvice {
  /** Advice comes after every step's findings. */
  static final int ADVICE_ORDER = StepName.values().length + 1;

  private final Catalogue catalogue;
  private final PullThresholds thresholds;

  /** Whose transport rules the probes followed: the loopback note says what they allow. */
  private final ContainerRuntime rules;

  ProbeAdvice(Catalogue catalogue, PullThresholds thresholds, ContainerRuntime rules) {
    this.catalogue = catalogue;
    this.thresholds = thresholds;
    this.rules = rules;
  }

  /**
   * Returns the advice on {@code result}, each with its place in flow order, filled with {@code
   * values}; none when the probe reached no endpoint.
   */
  List<Diagnoser.Ordered> advice(ProbeResult result, Map<String, String> values) {
    List<Diagnoser.Ordered> findings = new ArrayList<>();
    ImageReference reference = result.reference();
    if (reference == null || result.endpoint() == null) {
      return findings;
    }
    if (result.ping() != null && (result.usedPlainHttp() || !result.tlsVerified())) {
      Map<String, String> insecure = new HashMap<>(values);
      insecure.put("detail", catalogue.label(result.usedPlainHttp() ? "plainHttp" : "unverified"));
      String endpoint =
          catalogue.evidenceLine("endpoint", Map.of("endpoint", result.endpoint().toString()));
      List<String> evidence = new ArrayList<>();
      evidence.add(endpoint);
      evidence.addAll(
          result.notes().stream()
              .filter(note -> note.contains("HTTP") || note.contains("plain"))
              .toList());
      // Plain HTTP or an unverified certificate on a loopback registry is what the runtime whose
      // rules were followed does by default: information, not a warning on every report. Docker
      // treats 127.0.0.0/8 and ::1 as insecure registries (plain HTTP, or HTTPS unverified);
      // containerd uses plain HTTP for a loopback host; containers/image (Podman) has no such
      // default. The note says which of these happened (review 16, finding 10).
      boolean loopbackDefault =
          Addresses.isLoopbackHost(result.endpoint().host())
              && result.steps().stream()
                  .anyMatch(
                      step ->
                          step.name() == StepName.ENDPOINT
                              && step.detail() != null
                              && !step.detail().contains("insecure"));
      String variant =
          !loopbackDefault
              ? null
              : switch (rules) {
                case DOCKER -> result.usedPlainHttp() ? "loopback" : "loopbackTls";
                case CONTAINERD -> result.usedPlainHttp() ? "loopbackContainerd" : null;
                case PODMAN -> null;
              };
      findings.add(
          new Diagnoser.Ordered(
              StepName.TLS.ordinal(),
              variant != null
                  ? catalogue.finding(
                      DiagnosisCode.INSECURE_REGISTRY,
                      Severity.INFO,
                      variant,
                      insecure,
                      List.of(endpoint))
                  : catalogue.finding(DiagnosisCode.INSECURE_REGISTRY, insecure, evidence)));
    }
    boolean moving = reference.digest() == null && "latest".equals(reference.tag());
    if (moving
        && result.manifest() != null
        && result.manifest().status() == 200
        && result.manifest().digest() != null) {
      findings.add(
          new Diagnoser.Ordered(
              ADVICE_ORDER,
              catalogue.finding(
                  DiagnosisCode.MUTABLE_TAG,
                  values,
                  List.of(
                      catalogue.evidenceLine(
                          "tagPointsAt", Map.of("digest", result.manifest().digest()))))));
    }
    RateLimit limit = result.rateLimit();
    if (limit != null && limit.isBelow(10)) {
      Map<String, String> rate = new HashMap<>(values);
      rate.put("remaining", String.valueOf(limit.remaining()));
      rate.put("limit", String.valueOf(limit.limit()));
      List<String> evidence = new ArrayList<>();
      Map<String, String> budget =
          Map.of(
              "remaining",
              String.valueOf(limit.remaining()),
              "limit",
              String.valueOf(limit.limit()),
              "seconds",
              limit.window() == null ? "" : String.valueOf(limit.window().toSeconds()));
      evidence.add(
          catalogue.evidenceLine(
              limit.window() == null ? "rateRemaining" : "rateRemainingWindow", budget));
      if (limit.source() != null) {
        evidence.add(catalogue.evidenceLine("countedFor", Map.of("address", limit.source())));
      }
      evidence.addAll(RateBudget.evidence(result, catalogue));
      findings.add(
          new Diagnoser.Ordered(
              ADVICE_ORDER, catalogue.finding(DiagnosisCode.RATE_LIMIT_LOW, rate, evidence)));
    }
    if (result.blobs() != null) {
      PullAdvice.advise(result, values, catalogue, thresholds)
          .forEach(finding -> findings.add(new Diagnoser.Ordered(ADVICE_ORDER, finding)));
    }
    return findings;
  }
}
