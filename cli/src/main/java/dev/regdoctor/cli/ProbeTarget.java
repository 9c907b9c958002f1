package dev.regdoctor.cli;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.kubernetes.KubernetesPull;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One thing the exporter probes: a listed image, or an image a workload pulls (with the pull
 * planned from that workload's secrets).
 *
 * @param image the image as written
 * @param registry the registry API host, e.g. {@code 127.0.0.1:5000}; {@code ""} for an invalid
 *     reference
 * @param namespace the workload's namespace, {@code ""} for a listed image
 * @param workload {@code kind/name} in lower case as kubectl accepts it, e.g. {@code
 *     deployment/web}; {@code ""} for a listed image
 * @param pullTest whether to measure the pull as well
 * @param pull the planned pull for a discovered image, {@code null} for a listed one
 */
record ProbeTarget(
    String image,
    String registry,
    String namespace,
    String workload,
    boolean pullTest,
    @Nullable KubernetesPull pull) {

  ProbeTarget {
    requireNonNull(image, "image");
    requireNonNull(registry, "registry");
    requireNonNull(namespace, "namespace");
    requireNonNull(workload, "workload");
  }

  /** A listed image. */
  static ProbeTarget listed(String image, boolean pullTest) {
    return new ProbeTarget(image, registryOf(image), "", "", pullTest, null);
  }

  /** An image a workload pulls. */
  static ProbeTarget discovered(KubernetesPull pull, boolean pullTest) {
    return new ProbeTarget(
        pull.image(),
        registryOf(pull.image()),
        pull.namespace(),
        pull.kind().toLowerCase(Locale.ROOT) + "/" + pull.workload(),
        pullTest,
        pull);
  }

  /** Identifies the target across rounds: the image, and for a discovered one its workload. */
  String key() {
    return namespace + "\u0000" + workload + "\u0000" + image;
  }

  /** Returns whether the target was discovered from a workload. */
  boolean isDiscovered() {
    return pull != null;
  }

  private static String registryOf(String image) {
    try {
      return ImageReference.parse(image).apiHost();
    } catch (InvalidReferenceException e) {
      return "";
    }
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? image : namespace + "/" + workload + " " + image;
  }
}
