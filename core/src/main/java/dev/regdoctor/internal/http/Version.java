package dev.regdoctor.internal.http;

/** The library version, sent in the default {@code User-Agent}. */
public final class Version {
  public static final String VERSION = "0.1.0";

  private Version() {}
}
