package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.mirrors.MirrorEntry;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.reference.ImageReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Ranks every endpoint of a plan for the mirrors report: whether it has the image, how fast it
 * answers (healthy endpoints timed again on fresh connections), its verdict, the fastest one, and
 * MIRROR_FAILURE for each failing mirror.
 */
final class MirrorRanking {
  private final Catalogue catalogue;
  private final SourceProbes probes;
  private final ImageBudget budget;
  private final RuntimeFindings findings;

  MirrorRanking(
      Catalogue catalogue, SourceProbes probes, ImageBudget budget, RuntimeFindings findings) {
    this.catalogue = catalogue;
    this.probes = probes;
    this.budget = budget;
    this.findings = findings;
  }

  /**
   * Returns the report of {@code walk}, a walk through all of {@code input}'s plan. The second pass
   * (healthy endpoints timed again on fresh connections) and the anonymous comparisons take what is
   * left of the walk's budget. An endpoint the second pass does not reach keeps its first timings
   * and says so ({@link MirrorEntry#timingSkipped()}).
   */
  MirrorReport rank(String input, RuntimeChecks.Walk walk, Locale locale) {
    PullPlan plan = walk.plan();
    List<Finding> failures = new ArrayList<>();
    Deadline deadline = walk.deadline();
    ImageReference image = ImageReference.parse(plan.image());
    List<MirrorEntry> entries = new ArrayList<>();
    Map<RuntimeChecks.Probe, MirrorEntry> entryByProbe = new IdentityHashMap<>();
    MirrorEntry fastest = null;
    long healthyLeft = walk.probes().stream().filter(RuntimeChecks.Probe::ok).count();
    String total = budget.wholeMillis();
    for (RuntimeChecks.Probe first : walk.probes()) {
      // The first pass warmed this JVM up; time healthy endpoints again on fresh connections.
      RuntimeChecks.Probe probe = first;
      String timingSkipped = null;
      if (first.ok()) {
        Deadline share = ImageBudget.share(deadline, (int) healthyLeft--);
        if (share == null) {
          timingSkipped =
              Catalogue.fill(catalogue.label("mirrors.timingSkipped"), Map.of("total", total));
        } else {
          RuntimeChecks.Probe again = probes.probe(image, first.source(), false, true, share);
          if (again.ok()) {
            probe = again;
          } else if (again.cutByBudget(budget.whole())) {
            timingSkipped =
                Catalogue.fill(
                    catalogue.label("mirrors.timingCut"),
                    Map.of("share", String.valueOf(share.total().toMillis()), "total", total));
          }
        }
      }
      MirrorEntry entry = entry(image, probe, deadline, timingSkipped);
      entries.add(entry);
      entryByProbe.put(first, entry);
      if (entry.ok()
          && entry.latency().isPresent()
          && (fastest == null || entry.latency().get().compareTo(fastest.latency().get()) < 0)) {
        fastest = entry;
      }
    }
    for (RuntimeChecks.Probe probe : walk.probes()) {
      if (probe.source().role() == PullSource.Role.MIRROR && !probe.ok() && !probe.notReached()) {
        failures.add(findings.mirrorFailure(probe, plan.runtime()));
      }
    }
    if (walk.serving() == null) {
      // the upstream's verdict as its row has it (diagnosed once: one anonymous comparison)
      walk.probes().stream()
          .filter(p -> p.source().role() == PullSource.Role.UPSTREAM && p.result() != null)
          .findFirst()
          .ifPresent(p -> failures.add(0, entryByProbe.get(p).verdict()));
    }
    return new MirrorReport(
        input,
        plan,
        entries,
        walk.serving() == null ? null : walk.serving().reachedUrl(),
        fastest == null ? null : fastest.reachedEndpoint(),
        failures,
        locale);
  }

  private MirrorEntry entry(
      ImageReference image,
      RuntimeChecks.Probe probe,
      Deadline deadline,
      @Nullable String timingSkipped) {
    ProbeResult result = probe.result();
    if (result == null) {
      Finding skipped =
          catalogue.finding(
              DiagnosisCode.UNKNOWN, Map.of("detail", probe.skipped()), List.of(probe.skipped()));
      return new MirrorEntry(
          probe.source(),
          false,
          null,
          null,
          null,
          Duration.ZERO,
          skipped,
          probe.skipped(),
          probe.source().url());
    }
    Boolean hasImage = null;
    if (result.manifest() != null && result.manifest().status() == 200) {
      hasImage = true;
    } else if (result
        .primaryFailure()
        .map(
            f ->
                f.kind() == FailureKind.MANIFEST_NOT_FOUND
                    || f.kind() == FailureKind.REPOSITORY_NOT_FOUND)
        .orElse(false)) {
      hasImage = false;
    }
    Duration ping =
        result
            .step(StepName.PING)
            .filter(s -> s.status() == StepStatus.OK)
            .map(s -> s.elapsed())
            .orElse(null);
    Duration manifest =
        result
            .step(StepName.MANIFEST)
            .filter(s -> s.status() == StepStatus.OK)
            .map(s -> s.elapsed())
            .orElse(null);
    return new MirrorEntry(
        probe.source(),
        result.isOk(),
        hasImage,
        ping,
        manifest,
        result.elapsed(),
        findings.diagnose(image, probe, deadline).get(0),
        null,
        probe.reachedUrl(),
        timingSkipped);
  }
}
