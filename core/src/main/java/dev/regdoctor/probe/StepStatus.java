package dev.regdoctor.probe;

/** How a step ended. */
public enum StepStatus {
  OK,
  FAILED,
  SKIPPED
}
