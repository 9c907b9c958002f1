/**
 * Kubernetes pull-secret analysis: which secret the kubelet would use for each container, whether
 * it exists, has the right type and matches the image, and whether the registry accepts it ({@link
 * dev.regdoctor.diagnostics.kubernetes.KubernetesReport}).
 */
@NullMarked
package dev.regdoctor.diagnostics.kubernetes;

import org.jspecify.annotations.NullMarked;
