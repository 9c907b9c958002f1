/**
 * The error-text explainer: reads what Docker, containerd, the kubelet, Podman and other clients
 * printed and names the cause ({@link dev.regdoctor.diagnostics.explain.Explanation}).
 */
@NullMarked
package dev.regdoctor.diagnostics.explain;

import org.jspecify.annotations.NullMarked;
