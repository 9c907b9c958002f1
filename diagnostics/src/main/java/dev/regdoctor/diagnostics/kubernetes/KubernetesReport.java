package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.ReportText;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pull-secret analysis of Kubernetes workloads: for every container, the pull secrets that
 * apply and every finding (secret problems, the live check of the matched credentials, advice).
 *
 * <p>{@link #toString()} is the human report, grouped by workload and container; {@link #toJson()}
 * is the JSON of {@code docs/json-contract.md} (schema {@code regdoctor.kubernetes/v1}). Immutable
 * and thread-safe; holds no secret material.
 *
 * @param workloads the workloads in input order
 * @param offline whether the analysis ran without contacting any registry
 * @param notes what the reader should know about the analysis as a whole, such as a service account
 *     that was not among the inputs; shown in the text report
 * @param locale the language of summaries, remediation and notes
 */
public record KubernetesReport(
    List<Workload> workloads, boolean offline, List<String> notes, Locale locale) {

  /** The JSON schema name of {@link #toJson()}. */
  public static final String SCHEMA = "regdoctor.kubernetes/v1";

  /** Validates and copies. */
  public KubernetesReport {
    workloads = List.copyOf(workloads);
    notes = List.copyOf(notes);
    requireNonNull(locale, "locale");
  }

  /** Returns whether no container has an error finding. */
  public boolean ok() {
    return workloads.stream().allMatch(Workload::ok);
  }

  /** Returns the workload {@code kind} {@code name} (in any namespace) when it was analysed. */
  public Optional<Workload> workload(String kind, String name) {
    return workloads.stream()
        .filter(workload -> workload.kind().equals(kind) && workload.name().equals(name))
        .findFirst();
  }

  /** Returns the JSON form ({@code regdoctor.kubernetes/v1}), pretty-printed. */
  public String toJson() {
    return KubernetesJson.write(this);
  }

  /**
   * Returns the human report as {@code regdoctor k8s} prints it; {@code color} adds ANSI colors for
   * terminals. A line counting what the text leaves out points at the command's {@code --json}.
   */
  public String toText(boolean color) {
    return KubernetesText.render(this, Catalogue.forLocale(locale), color, ReportText.MORE_CLI);
  }

  /**
   * Returns the human report without colors, as {@link #toText} does, except that a line counting
   * what the text leaves out points at {@link #toJson()}: {@code … +2 (toJson())}.
   */
  @Override
  public String toString() {
    return KubernetesText.render(this, Catalogue.forLocale(locale), false, ReportText.MORE_LIBRARY);
  }

  /** Where a container runs in its pod. */
  public enum ContainerType {
    /** An init container ({@code initContainers}), run before the others. */
    INIT,
    /** A regular container ({@code containers}). */
    REGULAR,
    /** An ephemeral debug container ({@code ephemeralContainers}). */
    EPHEMERAL
  }

  /**
   * One object with a pod spec: a Pod, or a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or
   * CronJob through its pod template.
   *
   * @param kind the object's kind, e.g. {@code Deployment}
   * @param namespace its namespace ({@code default}, or the one asked for, when the manifest names
   *     none)
   * @param name its name
   * @param serviceAccount the service account its pods run as ({@code default} when unset)
   * @param containers init, regular and ephemeral containers, in that order
   */
  public record Workload(
      String kind,
      String namespace,
      String name,
      String serviceAccount,
      List<Container> containers) {

    /** Validates and copies. */
    public Workload {
      requireNonNull(kind, "kind");
      requireNonNull(namespace, "namespace");
      requireNonNull(name, "name");
      requireNonNull(serviceAccount, "serviceAccount");
      containers = List.copyOf(containers);
    }

    /** Returns whether no container has an error finding. */
    public boolean ok() {
      return containers.stream().allMatch(Container::ok);
    }

    /** Returns the container named {@code name}, if any. */
    public Optional<Container> container(String name) {
      return containers.stream().filter(container -> container.name().equals(name)).findFirst();
    }
  }

  /**
   * One container and what stands between it and its image.
   *
   * @param name the container name
   * @param image the image as written in the manifest, {@code ""} when the manifest names none
   * @param type init, regular or ephemeral
   * @param pullSecrets the pull secrets that apply: the pod's {@code imagePullSecrets}, else its
   *     service account's
   * @param findings errors first (the first is the verdict), then the live check's {@code OK},
   *     warnings and advice
   */
  public record Container(
      String name,
      String image,
      ContainerType type,
      List<String> pullSecrets,
      List<Finding> findings) {

    /** Validates and copies. */
    public Container {
      requireNonNull(name, "name");
      requireNonNull(image, "image");
      requireNonNull(type, "type");
      pullSecrets = List.copyOf(pullSecrets);
      findings = List.copyOf(findings);
    }

    /**
     * Returns whether no finding is an error: the kubelet can pull the image (warnings may remain).
     */
    public boolean ok() {
      return findings.stream().noneMatch(Finding::isError);
    }

    /** Returns whether this is an init container. */
    public boolean init() {
      return type == ContainerType.INIT;
    }

    /** Returns the first finding with {@code code}, if any. */
    public Optional<Finding> finding(DiagnosisCode code) {
      return findings.stream().filter(finding -> finding.code() == code).findFirst();
    }
  }
}
