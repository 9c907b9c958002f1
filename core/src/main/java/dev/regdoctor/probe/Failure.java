package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A failure observed by a probe: what kind, in which step, a one-line summary, and the evidence
 * (requests and answers, exception messages) that shows it. Never holds secret material.
 *
 * @param kind what went wrong
 * @param step the step where it happened
 * @param summary a one-line English summary naming the host, e.g. {@code connection to
 *     registry.example.com:443 refused}
 * @param evidence lines of evidence, e.g. {@code GET https://registry.example.com/v2/ -> 401}
 * @param cause the exception that showed the failure, when there was one
 */
public record Failure(
    FailureKind kind,
    StepName step,
    String summary,
    List<String> evidence,
    @Nullable Throwable cause) {

  /** Validates and copies. */
  public Failure {
    requireNonNull(kind, "kind");
    requireNonNull(step, "step");
    requireNonNull(summary, "summary");
    evidence = List.copyOf(evidence);
  }
}
