package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compares how the container runtimes pull one image: each runtime's plan for it, the upstream
 * probed once per distinct transport rule, and a RUNTIME_MISMATCH finding, with the configuration
 * that fixes it, for each runtime that fails where another pulls.
 */
final class RuntimeComparison {
  private final RuntimeProfile profile;
  private final Catalogue catalogue;
  private final SourceProbes probes;
  private final ImageBudget budget;
  private final RuntimeFindings findings;

  RuntimeComparison(
      RuntimeProfile profile,
      Catalogue catalogue,
      SourceProbes probes,
      ImageBudget budget,
      RuntimeFindings findings) {
    this.profile = profile;
    this.catalogue = catalogue;
    this.probes = probes;
    this.budget = budget;
    this.findings = findings;
  }

  /**
   * Compares the upstream verdicts of every runtime for {@code input}: for each runtime that
   * disagrees with another, a RUNTIME_MISMATCH finding with the configuration that fixes it. Only
   * probes a runtime whose rules for the upstream differ from the already probed ones, each rule
   * with an equal share of what is left of {@code deadline}, the image's budget. A runtime the
   * budget does not reach, or whose probe (or {@code selectedUpstream}) timed out within a share of
   * it, is left out of the comparison and named in the notes: a spent budget is no runtime's fault.
   */
  RuntimeChecks.Mismatches mismatches(
      String input, RuntimeChecks.@Nullable Probe selectedUpstream, Deadline deadline) {
    Map<String, RuntimeChecks.Probe> probeByRule = new HashMap<>();
    if (selectedUpstream != null
        && selectedUpstream.result() != null
        && !selectedUpstream.cutByBudget(budget.whole())) {
      probeByRule.put(rule(selectedUpstream.source()), selectedUpstream);
    }
    Map<ContainerRuntime, Boolean> ok = new EnumMap<>(ContainerRuntime.class);
    Map<ContainerRuntime, String> reason = new EnumMap<>(ContainerRuntime.class);
    Map<ContainerRuntime, FailureKind> kinds = new EnumMap<>(ContainerRuntime.class);
    Map<ContainerRuntime, PullPlan> plans = new EnumMap<>(ContainerRuntime.class);
    Map<ContainerRuntime, PullSource> upstreams = new EnumMap<>(ContainerRuntime.class);
    for (ContainerRuntime runtime : ContainerRuntime.values()) {
      PullPlan plan;
      try {
        plan = profile.as(runtime).plan(input);
      } catch (RuntimeException e) {
        continue; // a broken file of another runtime is not this diagnosis' business
      }
      plans.put(runtime, plan);
      if (plan.refusal() != null) {
        ok.put(runtime, false);
        reason.put(runtime, plan.refusal());
        continue;
      }
      plan.upstream().ifPresent(upstream -> upstreams.put(runtime, upstream));
    }
    List<String> notReached = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String total = budget.wholeMillis();
    for (var entry : upstreams.entrySet()) {
      ContainerRuntime runtime = entry.getKey();
      String rule = rule(entry.getValue());
      RuntimeChecks.Probe probe = probeByRule.get(rule);
      if (probe == null) {
        long rulesLeft =
            upstreams.values().stream()
                .map(RuntimeComparison::rule)
                .filter(r -> !probeByRule.containsKey(r))
                .distinct()
                .count();
        Deadline share = ImageBudget.share(deadline, (int) rulesLeft);
        if (share == null) {
          notReached.add(runtime.label());
          continue;
        }
        probe =
            probes.probe(
                ImageReference.parse(plans.get(runtime).image()),
                entry.getValue(),
                false,
                false,
                share);
        if (probe.result() == null) {
          continue;
        }
        probeByRule.put(rule, probe);
      }
      if (probe.cutByBudget(budget.whole())) {
        notes.add(
            Catalogue.fill(
                catalogue.label("runtime.compareCut"),
                Map.of(
                    "runtime",
                    runtime.label(),
                    "share",
                    String.valueOf(probe.budget().toMillis()),
                    "total",
                    total)));
        continue;
      }
      ok.put(runtime, probe.ok());
      if (!probe.ok()) {
        Failure failure = probe.result().primaryFailure().orElseThrow();
        reason.put(runtime, failure.kind() + ": " + failure.summary());
        kinds.put(runtime, failure.kind());
      }
    }
    if (!notReached.isEmpty()) {
      notes.add(
          Catalogue.fill(
              catalogue.label("runtime.notCompared"),
              Map.of("runtimes", String.join(", ", notReached), "total", total)));
    }
    List<String> good =
        ok.entrySet().stream().filter(Map.Entry::getValue).map(e -> e.getKey().label()).toList();
    List<Finding> mismatches = new ArrayList<>();
    if (good.isEmpty()) {
      return new RuntimeChecks.Mismatches(mismatches, notes);
    }
    for (var entry : ok.entrySet()) {
      if (entry.getValue()) {
        continue;
      }
      ContainerRuntime runtime = entry.getKey();
      FailureKind kind = kinds.get(runtime);
      Map<String, String> values = findings.runtimeValues(runtime);
      ImageReference image = ImageReference.parse(plans.get(runtime).image());
      values.put("image", image.familiar());
      values.put("canonical", image.canonical());
      values.put("okRuntimes", String.join(", ", good));
      values.put("failRuntimes", runtime.label());
      values.put("detail", reason.getOrDefault(runtime, ""));
      RuntimeFixes.putInto(
          RuntimeFixes.fix(runtime, profile, image, kind, plans.get(runtime)), catalogue, values);
      List<String> evidence = new ArrayList<>();
      for (var other : ok.entrySet()) {
        evidence.add(
            Catalogue.fillAll(
                catalogue.label(other.getValue() ? "runtime.pulls" : "runtime.fails"),
                Map.of(
                    "runtime", other.getKey().label(), "plan", describe(plans.get(other.getKey()))),
                ""));
      }
      evidence.addAll(notes);
      mismatches.add(
          catalogue.withLocalEvidence(
              catalogue.finding(DiagnosisCode.RUNTIME_MISMATCH, values, evidence)));
    }
    return new RuntimeChecks.Mismatches(mismatches, notes);
  }

  /**
   * Returns how {@code plan} pulls, in the catalogue's language: where from, whether it falls back
   * to plain HTTP or skips TLS verification, and where that was configured.
   */
  private String describe(PullPlan plan) {
    if (plan.refusal() != null) {
      String refusal = plan.refusal();
      return Catalogue.fillAll(
          catalogue.label("runtime.planRefuses"),
          Map.of(
              "refusal",
              catalogue.sentenceLeavesOut(refusal) ? refusal : catalogue.sentence(refusal)),
          "");
    }
    PullSource upstream = plan.upstream().orElseThrow();
    return Catalogue.fillAll(
        catalogue.label("runtime.plan"),
        Map.of(
            "url",
            upstream.url(),
            "fallback",
            upstream.httpFallback() ? catalogue.label("runtime.planFallback") : "",
            "tls",
            upstream.verifyTls() ? "" : catalogue.label("runtime.planTlsOff"),
            "at",
            catalogue.position(upstream.configuredAt())),
        "");
  }

  /** What decides a probe's outcome: endpoint, path, repository and transport rules. */
  private static String rule(PullSource source) {
    return source.endpoint()
        + "|"
        + source.repository()
        + "|"
        + source.httpFallback()
        + "|"
        + source.verifyTls()
        + "|"
        + source.caFiles();
  }
}
