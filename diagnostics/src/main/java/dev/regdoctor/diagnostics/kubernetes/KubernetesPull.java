package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import java.util.Locale;
import java.util.Optional;

/**
 * One image pull the kubelet would make for one container of a workload, planned from manifests
 * with every offline pull-secret rule already applied: which secrets apply, whether they exist and
 * decode, and exactly which credential the kubelet would send (or none).
 *
 * <p>For tools that check pulls on their own schedule (the {@code regdoctor serve} exporter): check
 * the image with {@link #credentials()} through {@link RegistryDoctor#check(String,
 * CredentialLookup)}, then fold that report in with {@link #report(Report)}.
 *
 * <pre>{@code
 * for (KubernetesPull pull : kubernetesDoctor.pulls(Kubectl.locate().read("shop", false))) {
 *   KubernetesReport report = pull.credentials()
 *       .map(credentials -> pull.report(registries.check(pull.image(), credentials)))
 *       .orElseGet(pull::report);
 * }
 * }</pre>
 *
 * <p>Holds no secret: {@link #toString()} names the workload, container and image only. Instances
 * are immutable and thread-safe.
 */
public final class KubernetesPull {
  private final KubernetesAnalysis analysis;
  private final KubernetesAnalysis.Draft draft;
  private final Locale locale;

  KubernetesPull(KubernetesAnalysis analysis, KubernetesAnalysis.Draft draft, Locale locale) {
    this.analysis = requireNonNull(analysis, "analysis");
    this.draft = requireNonNull(draft, "draft");
    this.locale = requireNonNull(locale, "locale");
  }

  /** Returns the workload's namespace, e.g. {@code shop}. */
  public String namespace() {
    return draft.workload().namespace();
  }

  /** Returns the workload's kind, e.g. {@code Deployment}. */
  public String kind() {
    return draft.workload().kind();
  }

  /** Returns the workload's name, e.g. {@code web}. */
  public String workload() {
    return draft.workload().name();
  }

  /** Returns the container's name. */
  public String container() {
    return draft.container().name();
  }

  /**
   * Returns the image as the manifest spells it ({@code ""} when the container names none), except
   * that an invalid one shows a password pasted in a URL as {@code <redacted>}: the exporter uses
   * this as a label and in its reports.
   */
  public String image() {
    return draft.image();
  }

  /**
   * Returns exactly what the kubelet would present for this image (possibly no credential: an
   * anonymous pull), or empty when no registry check can change the outcome (the image is not a
   * valid reference, a listed secret cannot be decoded, or the planning doctor is offline).
   */
  public Optional<CredentialLookup> credentials() {
    return draft.live() == null ? Optional.empty() : Optional.of(draft.live().lookup());
  }

  /**
   * Returns the report of this container (one workload, one container) with {@code live}, the
   * report of checking {@link #image()} with {@link #credentials()}, folded in.
   */
  public KubernetesReport report(Report live) {
    return analysis.single(draft, requireNonNull(live, "live"), locale);
  }

  /** Returns the report of this container from the offline rules alone. */
  public KubernetesReport report() {
    return analysis.single(draft, null, locale);
  }

  @Override
  public String toString() {
    return "KubernetesPull["
        + kind()
        + " "
        + namespace()
        + "/"
        + workload()
        + ", container="
        + container()
        + ", image="
        + image()
        + "]";
  }
}
