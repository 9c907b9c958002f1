package dev.regdoctor.diagnostics.kubernetes;

import static java.util.Objects.requireNonNull;

/**
 * Thrown when objects cannot be read from the cluster with kubectl. The message is one line saying
 * what failed and what to do, with kubectl's own first error line; it never holds object content.
 */
public final class KubectlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why kubectl could not deliver the objects. */
  public enum Reason {
    /** No kubectl executable on the {@code PATH}. */
    NOT_FOUND,
    /** kubectl has no usable kube context (no kubeconfig, or no current context). */
    NO_CONTEXT,
    /** The cluster of the current context cannot be reached (connection refused, DNS, timeout). */
    UNREACHABLE,
    /** The cluster rejected the user's credentials. */
    UNAUTHORIZED,
    /** The user may not list the objects (RBAC). */
    FORBIDDEN,
    /** kubectl did not finish in time. */
    TIMEOUT,
    /** Any other failure, including output that is too large. */
    FAILED
  }

  private final Reason reason;

  /** Creates an exception for {@code reason} with a one-line {@code message}. */
  public KubectlException(Reason reason, String message) {
    super(requireNonNull(message, "message"));
    this.reason = requireNonNull(reason, "reason");
  }

  /** Returns why kubectl failed. */
  public Reason reason() {
    return reason;
  }
}
