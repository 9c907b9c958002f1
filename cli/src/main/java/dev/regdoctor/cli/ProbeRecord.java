package dev.regdoctor.cli;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.kubernetes.KubernetesReport;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The last completed probe of a target, which scrapes and {@code /report} serve.
 *
 * @param target what was probed
 * @param at when the probe ended
 * @param success whether the image can be pulled
 * @param code the verdict's diagnosis code
 * @param live the registry check, or {@code null} when none was made (invalid image, undecodable
 *     pull secret)
 * @param kubernetes the pull-secret analysis with the registry check folded in, for a discovered
 *     target; {@code null} for a listed one
 */
record ProbeRecord(
    ProbeTarget target,
    Instant at,
    boolean success,
    String code,
    @Nullable Report live,
    @Nullable KubernetesReport kubernetes) {

  ProbeRecord {
    requireNonNull(target, "target");
    requireNonNull(at, "at");
    requireNonNull(code, "code");
  }

  /** A listed target's record, from its report. */
  static ProbeRecord of(ProbeTarget target, Instant at, Report live) {
    return new ProbeRecord(target, at, live.ok(), live.verdict().code().name(), live, null);
  }

  /** A discovered target's record: the verdict is the Kubernetes analysis'. */
  static ProbeRecord of(
      ProbeTarget target, Instant at, @Nullable Report live, KubernetesReport kubernetes) {
    KubernetesReport.Container container = kubernetes.workloads().get(0).containers().get(0);
    String code = container.findings().isEmpty() ? "OK" : container.findings().get(0).code().name();
    return new ProbeRecord(target, at, container.ok(), code, live, kubernetes);
  }
}
