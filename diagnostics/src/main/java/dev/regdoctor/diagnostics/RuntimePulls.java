package dev.regdoctor.diagnostics;

import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.RuntimeChecks;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Diagnoses an image the way one runtime pulls it: its plan's endpoints in order, the endpoint that
 * serves the pull judged, failing mirrors as MIRROR_FAILURE warnings, and (when asked)
 * RUNTIME_MISMATCH where the other runtimes disagree.
 */
final class RuntimePulls {
  private final RuntimeChecks checks;
  private final Catalogue catalogue;
  private final Locale locale;
  private final boolean compareRuntimes;

  RuntimePulls(RuntimeChecks checks, Catalogue catalogue, Locale locale, boolean compareRuntimes) {
    this.checks = checks;
    this.catalogue = catalogue;
    this.locale = locale;
    this.compareRuntimes = compareRuntimes;
  }

  /**
   * Returns the plan for {@code input}, or null when the legacy check applies: an invalid
   * reference, or (unless {@code always}) no mirrors configured for it.
   */
  @Nullable PullPlan plan(String input, boolean always) {
    try {
      PullPlan plan = checks.profile().plan(input);
      return always || !plan.mirrors().isEmpty() ? plan : null;
    } catch (InvalidReferenceException e) {
      return null;
    }
  }

  /** Returns the report, or null when no endpoint could be probed (the legacy check applies). */
  @Nullable Report check(String input, PullPlan plan) {
    String runtime = plan.runtime().label();
    if (plan.refusal() != null) {
      return refused(input, plan);
    }
    RuntimeChecks.Walk walk = checks.walk(plan, false);
    RuntimeChecks.Probe judged = walk.judged();
    if (judged == null) {
      return null;
    }
    ImageReference image = ImageReference.parse(plan.image());
    // One budget for the image: the walk took its shares from it, the anonymous comparison and the
    // other runtimes' probes take what is left.
    List<Finding> findings = new ArrayList<>(checks.diagnose(image, judged, walk.deadline()));
    Finding verdict = checks.forRuntime(findings.get(0), judged, plan);
    List<String> evidence = new ArrayList<>(verdict.evidence());
    PullSource source = judged.source();
    evidence.add(
        Catalogue.fill(
            catalogue.label(walk.serving() != null ? "runtime.pullsFrom" : "runtime.failsAt"),
            Map.of(
                "runtime",
                runtime,
                "url",
                judged.reachedUrl(),
                "role",
                catalogue.label("mirrors." + source.role().label()),
                "order",
                String.valueOf(source.order()),
                "count",
                String.valueOf(plan.sources().size()),
                "at",
                catalogue.position(source.configuredAt()))));
    // --timeout holds for the whole image: say when the judged endpoint had only a share of it,
    // and which endpoints the budget did not reach.
    evidence.addAll(checks.budgetEvidence(judged));
    walk.probes().stream()
        .filter(RuntimeChecks.Probe::notReached)
        .forEach(probe -> evidence.addAll(checks.budgetEvidence(probe)));
    plan.notes().forEach(note -> evidence.add(runtime + ": " + catalogue.sentence(note)));
    RuntimeChecks.Mismatches mismatches = null;
    if (compareRuntimes) {
      RuntimeChecks.Probe upstream =
          walk.probes().stream()
              .filter(p -> p.source().role() == PullSource.Role.UPSTREAM && p.result() != null)
              .findFirst()
              .orElse(null);
      mismatches = checks.mismatches(input, upstream, walk.deadline());
      evidence.addAll(mismatches.notes()); // runtimes the budget left out of the comparison
    }
    findings.set(
        0,
        new Finding(
            verdict.code(),
            verdict.severity(),
            verdict.summary(),
            evidence,
            verdict.remediation(),
            verdict.guide()));
    findings.addAll(walk.mirrorFailures());
    if (mismatches != null) {
      findings.addAll(mismatches.findings());
    }
    // A mirror is probed under its own name, but the report is about the image asked for (its
    // endpoint says where it was served from).
    return new Report(
        input,
        ProbeResultEdits.withReference(judged.result(), image),
        findings,
        locale,
        runtime,
        walk.serving() == null ? null : walk.serving().reachedUrl());
  }

  /** Returns {@code typed} without its tag and digest: {@code team/app:1.0} is {@code team/app}. */
  private static String shortName(String typed) {
    String name = typed;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }

  private Report refused(String input, PullPlan plan) {
    ImageReference image = ImageReference.parse(plan.image());
    DiagnosisCode code =
        plan.refusal().contains("short name")
            ? DiagnosisCode.INVALID_REFERENCE
            : DiagnosisCode.CONFIG_INVALID;
    String detail =
        Catalogue.fill(
                catalogue.label("runtime.refused"), Map.of("runtime", plan.runtime().label()))
            + ": "
            + catalogue.sentence(plan.refusal());
    Map<String, String> values =
        Map.of(
            "file",
            plan.configFiles().isEmpty() ? "registries.conf" : plan.configFiles().get(0),
            "name",
            image.name());
    List<Remedy> remedies = new ArrayList<>();
    List<String> search = checks.profile().unqualifiedSearchRegistries();
    boolean shortName = code == DiagnosisCode.INVALID_REFERENCE;
    if (shortName && !search.isEmpty()) {
      // Ambiguous: the full names are those of the configured search registries, never docker.io
      // (not in the list: a name there may be someone else's image; review 15, finding 6).
      String typed = input.strip();
      List<String> names = search.stream().map(registry -> registry + "/" + typed).toList();
      Map<String, String> choice = new java.util.HashMap<>(values);
      choice.put("names", String.join(", ", names));
      choice.put("short", shortName(typed));
      choice.put("target", search.get(0) + "/" + shortName(typed));
      remedies.add(
          new Remedy(Catalogue.fill(catalogue.label("refusal.searchNames"), choice), null));
      remedies.add(new Remedy(Catalogue.fill(catalogue.label("refusal.alias"), choice), null));
    } else if (shortName) {
      remedies.add(new Remedy(Catalogue.fill(catalogue.label("refusal.fullName"), values), null));
      remedies.add(new Remedy(Catalogue.fill(catalogue.label("refusal.search"), values), null));
    } else {
      remedies.add(new Remedy(Catalogue.fill(catalogue.label("refusal.blocked"), values), null));
    }
    List<String> evidence = new ArrayList<>();
    // Core's sentence in the report's language, unless that leaves out what it quotes.
    evidence.add(
        catalogue.sentenceLeavesOut(plan.refusal())
            ? plan.refusal()
            : catalogue.sentence(plan.refusal()));
    RuntimeChecks.Mismatches mismatches =
        compareRuntimes ? checks.mismatches(input, null, checks.imageDeadline()) : null;
    if (mismatches != null) {
      evidence.addAll(mismatches.notes());
    }
    List<Finding> findings = new ArrayList<>();
    findings.add(
        new Finding(code, code.severity(), detail, evidence, remedies, code.guide().orElse(null)));
    if (mismatches != null) {
      findings.addAll(mismatches.findings());
    }
    Step step = new Step(StepName.ENDPOINT, StepStatus.FAILED, Duration.ZERO, plan.refusal());
    // A short name that does not resolve names no image: no docker.io form in the report's header.
    ProbeResult result =
        ProbeResult.withoutTraffic(
            input,
            shortName ? null : image,
            checks.settingsPlatform(),
            List.of(
                new Step(
                    StepName.REFERENCE,
                    StepStatus.OK,
                    Duration.ZERO,
                    shortName ? plan.image() : image.canonical()),
                step),
            List.of(),
            List.of(plan.refusal()));
    return new Report(input, result, findings, locale, plan.runtime().label(), null);
  }
}
