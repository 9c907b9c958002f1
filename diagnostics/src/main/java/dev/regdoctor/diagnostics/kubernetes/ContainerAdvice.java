package dev.regdoctor.diagnostics.kubernetes;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Advice on how a container names and pulls its image: MUTABLE_TAG for {@code :latest}, with the
 * steps that pin the digest in the workload (where the kubelet reads it), and PULL_POLICY for a
 * policy that does not fit the reference.
 */
final class ContainerAdvice {
  private final Catalogue catalogue;
  private final KubernetesWording wording;
  private final LiveFindings liveFindings;

  ContainerAdvice(Catalogue catalogue, KubernetesWording wording, LiveFindings liveFindings) {
    this.catalogue = catalogue;
    this.wording = wording;
    this.liveFindings = liveFindings;
  }

  /**
   * Adds to {@code findings} the advice on {@code draft}'s container, whose image is {@code
   * reference}; {@code live}: the live report, for the digest the tag points at.
   */
  void advise(
      KubernetesAnalysis.Draft draft,
      ImageReference reference,
      @Nullable Report live,
      List<Finding> findings) {
    Map<String, String> values = new HashMap<>(draft.values());
    boolean moving = reference.digest() == null && "latest".equals(reference.tag());
    String written = draft.container().image();
    if (moving) {
      String digest = live == null ? null : live.digest().orElse(null);
      List<String> evidence = new ArrayList<>();
      // A ':' after the last '/' is a tag (an earlier one is the registry port); here it can only
      // be :latest.
      boolean tagged = written != null && written.lastIndexOf(':') > written.lastIndexOf('/');
      evidence.add(
          wording.say(
              tagged ? "k8sUsesTheTag" : "k8sNoTagMeansLatest", "image", written, "tag", "latest"));
      if (digest != null) {
        values.put("digest", digest);
        evidence.add(wording.say("k8sTagPointsAt", "tag", "latest", "digest", digest));
        Finding pin = catalogue.finding(DiagnosisCode.MUTABLE_TAG, values, evidence);
        findings.add(FindingEdits.withRemediation(pin, pinSteps(draft, values, false)));
      } else {
        String summary = Catalogue.fill(catalogue.label("k8sMutableTag"), values);
        findings.add(
            new Finding(
                DiagnosisCode.MUTABLE_TAG,
                DiagnosisCode.MUTABLE_TAG.severity(),
                summary == null ? reference.familiar() : summary,
                evidence,
                pinSteps(draft, values, true),
                DiagnosisCode.MUTABLE_TAG.guide().orElse(null)));
      }
    }
    String policy = draft.container().pullPolicy();
    String reason = null;
    if ("Always".equals(policy) && reference.digest() != null) {
      reason = wording.say("k8sAlwaysWithDigest");
    } else if ("IfNotPresent".equals(policy) && moving) {
      reason = wording.say("k8sIfNotPresentWithTag", "tag", "latest");
    }
    if (reason != null) {
      findings.add(
          catalogue.finding(
              DiagnosisCode.PULL_POLICY,
              FindingEdits.with(values, "policy", policy),
              List.of(reason)));
    }
  }

  /**
   * Returns the steps that pin a container's image to a digest where the kubelet reads it: the
   * workload's image reference ({@code kubectl set image}, and the manifest that is applied), not a
   * {@code docker pull} on some machine. {@code lookUp}: the digest is not known, so the steps
   * first say where to read it (the registry, or a node that runs the pods, with crictl or ctr).
   */
  private List<Remedy> pinSteps(
      KubernetesAnalysis.Draft draft, Map<String, String> values, boolean lookUp) {
    Map<String, String> pin = new HashMap<>(values);
    KubernetesObjects.Workload workload = draft.workload();
    pin.put("container", draft.container().name());
    pin.put("workload", workload.kind() + " " + workload.namespace() + "/" + workload.name());
    if (lookUp) {
      pin.put("digest", catalogue.label("k8sDigestPlaceholder"));
    }
    List<Remedy> steps = new ArrayList<>();
    if (lookUp) {
      steps.addAll(liveFindings.labelRemedies(pin, "k8sFindDigest", "k8sFindDigestOnNode"));
    }
    if (pin.containsKey("resource")) {
      steps.addAll(liveFindings.labelRemedies(pin, "k8sPinDigest"));
    } else {
      // A Pod or Job (whose pods' template cannot change): the manifest is where the pin lives.
      steps.addAll(liveFindings.labelRemedies(pin, "k8sPinRecreate"));
    }
    return steps;
  }
}
