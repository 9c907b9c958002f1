package dev.regdoctor.diagnostics;

/**
 * Hears about diagnoses as they start and finish, e.g. to print progress for long runs. Called from
 * the threads that run the checks; implementations must be thread-safe and quick.
 */
public interface ProgressListener {
  /** Does nothing. */
  ProgressListener NONE = new ProgressListener() {};

  /** Called when the diagnosis of {@code image} starts. */
  default void started(String image) {}

  /** Called when a diagnosis finishes. */
  default void finished(Report report) {}
}
