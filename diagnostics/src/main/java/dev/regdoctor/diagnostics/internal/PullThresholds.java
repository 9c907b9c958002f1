package dev.regdoctor.diagnostics.internal;

import java.time.Duration;

/**
 * When the pull test reports SLOW_PULL (estimated transfer time) and LARGE_IMAGE (compressed size
 * or layer count).
 */
public record PullThresholds(Duration slowPull, long largeImageBytes, int largeImageLayers) {
  /** 60 s, 500 MiB, 30 layers. */
  public static final PullThresholds DEFAULTS =
      new PullThresholds(Duration.ofSeconds(60), 500L * 1024 * 1024, 30);

  public PullThresholds {
    if (slowPull.isNegative() || slowPull.isZero()) {
      throw new IllegalArgumentException("slowPull must be positive but was " + slowPull);
    }
    if (largeImageBytes < 1 || largeImageLayers < 1) {
      throw new IllegalArgumentException(
          "large-image thresholds must be positive but were "
              + largeImageBytes
              + " bytes, "
              + largeImageLayers
              + " layers");
    }
  }
}
