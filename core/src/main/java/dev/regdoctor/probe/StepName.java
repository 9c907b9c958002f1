package dev.regdoctor.probe;

import java.util.Locale;

/** The phases of one image check, in flow order (the JSON contract's {@code steps[].name}). */
public enum StepName {
  REFERENCE,
  ENDPOINT,
  DNS,
  CONNECT,
  TLS,
  PING,
  CREDENTIALS,
  AUTH,
  MANIFEST,
  TAGS,
  PLATFORM,
  BLOBS;

  /** Returns the lowercase name used in reports, e.g. {@code manifest}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
