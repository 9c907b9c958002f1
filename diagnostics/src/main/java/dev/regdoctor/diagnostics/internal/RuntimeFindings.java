package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of probes made under a runtime's rules: a probe's diagnosis (about the image's own
 * name when a mirror served it), the verdict in that runtime's words where its fix lives in that
 * runtime's files, and MIRROR_FAILURE for a mirror that failed.
 */
final class RuntimeFindings {
  private final Catalogue catalogue;
  private final Diagnoser diagnoser;
  private final RuntimeProfile profile;
  private final SourceProbes probes;
  private final ImageBudget budget;

  RuntimeFindings(
      Catalogue catalogue,
      Diagnoser diagnoser,
      RuntimeProfile profile,
      SourceProbes probes,
      ImageBudget budget) {
    this.catalogue = catalogue;
    this.diagnoser = diagnoser;
    this.profile = profile;
    this.probes = probes;
    this.budget = budget;
  }

  /**
   * Diagnoses a probe, settling auth doubts with an anonymous probe of the same source within what
   * is left of {@code deadline}, the image's budget (left out, saying so, when it is spent).
   */
  List<Finding> diagnose(ImageReference image, RuntimeChecks.Probe probe, Deadline deadline) {
    List<Finding> findings =
        diagnoser
            .withRules(profile.runtime())
            .diagnose(
                probe.result(),
                diagnoser.anonymousWithin(
                    deadline,
                    left ->
                        probes
                            .probe(image, probe.source(), true, false, Deadline.after(left))
                            .result()));
    if (probe.target().name().equals(image.name()) || probe.result() == null) {
      return findings;
    }
    // A mirror serves the image under its own name, but a pin belongs in the image's name: a
    // manifest that names the node-local mirror would pull nowhere else (review 15, finding 12).
    List<Finding> named = new ArrayList<>(findings);
    for (int i = 0; i < named.size(); i++) {
      Finding finding = named.get(i);
      if (finding.code() == DiagnosisCode.MUTABLE_TAG) {
        Map<String, String> values = diagnoser.values(probe.result(), null);
        values.put("image", image.familiar());
        values.put("canonical", image.canonical());
        values.put("name", image.name());
        Finding renamed = catalogue.finding(DiagnosisCode.MUTABLE_TAG, values, finding.evidence());
        named.set(
            i,
            new Finding(
                finding.code(),
                finding.severity(),
                renamed.summary(),
                finding.evidence(),
                renamed.remediation(),
                finding.guide()));
      }
    }
    return named;
  }

  /**
   * Returns {@code verdict} with {@code plan}'s runtime's own summary and steps where the fix lives
   * in that runtime's files (a plain-HTTP registry, an untrusted CA): a Podman user is sent to
   * registries.conf and certs.d, a containerd user to hosts.toml, not to daemon.json. Other
   * verdicts, Docker's, and codes without such a variant are returned unchanged.
   */
  Finding forRuntime(Finding verdict, RuntimeChecks.Probe judged, PullPlan plan) {
    ContainerRuntime runtime = plan.runtime();
    DiagnosisCode code = verdict.code();
    String variant = runtime.label();
    if (runtime == ContainerRuntime.DOCKER
        || judged.result() == null
        || (code != DiagnosisCode.PLAIN_HTTP_REGISTRY && code != DiagnosisCode.TLS_UNTRUSTED)
        || !catalogue.hasSteps(code.name() + "." + variant)) {
      return verdict;
    }
    Failure failure = judged.result().primaryFailure().orElse(null);
    Map<String, String> values = diagnoser.values(judged.result(), failure);
    values.putAll(runtimeValues(runtime));
    values.put("hostsDir", profile.hostsDir().toString());
    ImageReference image = ImageReference.parse(plan.image());
    values.put("image", image.familiar());
    RuntimeFixes.putInto(
        RuntimeFixes.fix(runtime, profile, image, failure == null ? null : failure.kind(), plan),
        catalogue,
        values);
    if (runtime == ContainerRuntime.CONTAINERD && code == DiagnosisCode.TLS_UNTRUSTED) {
      RuntimeFixes.putCaFix(profile, image.registry(), judged.source(), plan, catalogue, values);
    }
    Finding advised =
        catalogue.finding(code, verdict.severity(), variant, values, verdict.evidence());
    return new Finding(
        code,
        verdict.severity(),
        advised.summary(),
        verdict.evidence(),
        advised.remediation(),
        verdict.guide());
  }

  /** Returns the placeholder values of {@code runtime}: its name, reload text, restart command. */
  Map<String, String> runtimeValues(ContainerRuntime runtime) {
    Map<String, String> values = new HashMap<>();
    values.put("runtime", runtime.label());
    values.put("reload", catalogue.label("reload." + runtime.label()));
    if (runtime != ContainerRuntime.PODMAN) {
      // The podman profile stands for podman, skopeo and CRI-O: only CRI-O needs its reload
      // (review defect 20), and the reload text says so; podman reads the file on every run.
      runtime.restartCommand().ifPresent(command -> values.put("restartCommand", command));
    }
    return values;
  }

  /** Returns the MIRROR_FAILURE warning of a mirror {@code probe} that failed or was skipped. */
  Finding mirrorFailure(RuntimeChecks.Probe probe, ContainerRuntime runtime) {
    Map<String, String> values = runtimeValues(runtime);
    values.put("mirror", probe.source().url());
    values.put("at", probe.source().configuredAt());
    List<String> evidence = new ArrayList<>();
    // Only a mirror that never answers costs a timeout per pull; one that refuses, is unknown or
    // answers an error is passed over at once (review defect 19: "slowly" for a refused port).
    String variant = "immediate";
    if (probe.result() == null) {
      values.put("detail", probe.skipped());
    } else {
      Failure failure = probe.result().primaryFailure().orElseThrow();
      values.put("detail", failure.kind() + ": " + failure.summary());
      evidence.addAll(failure.evidence());
      evidence.addAll(budget.evidence(probe));
      if (failure.kind() == FailureKind.CONNECT_TIMEOUT
          || failure.kind() == FailureKind.RESPONSE_TIMEOUT
          || failure.kind() == FailureKind.TLS_HANDSHAKE_TIMEOUT) {
        variant = null;
      }
    }
    evidence.add("configured at " + probe.source().configuredAt());
    // The probe's sentences (and the failure led by its kind) in the catalogue's language.
    return catalogue.withLocalEvidence(
        catalogue.finding(
            DiagnosisCode.MIRROR_FAILURE,
            DiagnosisCode.MIRROR_FAILURE.severity(),
            variant,
            values,
            evidence));
  }
}
