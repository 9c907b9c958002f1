package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.probe.BlobsInfo;
import dev.regdoctor.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SLOW_PULL and LARGE_IMAGE from what the pull test measured. */
final class PullAdvice {
  private PullAdvice() {}

  static List<Finding> advise(
      ProbeResult result,
      Map<String, String> base,
      Catalogue catalogue,
      PullThresholds thresholds) {
    BlobsInfo blobs = result.blobs();
    List<Finding> findings = new ArrayList<>();
    if (blobs == null) {
      return findings;
    }
    List<String> evidence = evidence(blobs, catalogue);
    Duration estimate = blobs.estimatedPull().orElse(null);
    if (estimate != null && estimate.compareTo(thresholds.slowPull()) > 0) {
      Map<String, String> values = new HashMap<>(base);
      values.put(
          "detail",
          String.format(
              Locale.ROOT,
              "%s at %s for %s (threshold %s)",
              time(estimate),
              rate(blobs.bytesPerSecond()),
              size(blobs.totalBytes()),
              time(thresholds.slowPull())));
      // The parts again, for a catalogue that words the estimate itself.
      values.put("seconds", seconds(estimate));
      values.put("rate", rate(blobs.bytesPerSecond()));
      values.put("size", size(blobs.totalBytes()));
      values.put("threshold", seconds(thresholds.slowPull()));
      findings.add(catalogue.finding(DiagnosisCode.SLOW_PULL, values, evidence));
    }
    boolean bigBytes = blobs.totalBytes() > thresholds.largeImageBytes();
    boolean manyLayers = blobs.layerCount() > thresholds.largeImageLayers();
    if (bigBytes || manyLayers) {
      Map<String, String> values = new HashMap<>(base);
      values.put(
          "detail",
          size(blobs.totalBytes())
              + " compressed in "
              + layers(blobs.layerCount())
              + " (thresholds "
              + size(thresholds.largeImageBytes())
              + ", "
              + layers(thresholds.largeImageLayers())
              + ")");
      values.put("size", size(blobs.totalBytes()));
      values.put("layers", String.valueOf(blobs.layerCount()));
      values.put("sizeLimit", size(thresholds.largeImageBytes()));
      values.put("layerLimit", String.valueOf(thresholds.largeImageLayers()));
      findings.add(catalogue.finding(DiagnosisCode.LARGE_IMAGE, values, evidence));
    }
    return findings;
  }

  /** The pull test's evidence lines, in the catalogue's language (sizes and times as measured). */
  static List<String> evidence(BlobsInfo blobs, Catalogue catalogue) {
    List<String> lines = new ArrayList<>();
    lines.add(
        Catalogue.fill(
            catalogue.label("pull.manifest"),
            Map.of(
                "digest",
                blobs.manifestDigest(),
                "layers",
                layers(blobs.layerCount(), catalogue),
                "size",
                size(blobs.totalBytes()))));
    if (blobs.sampledBytes() > 0) {
      lines.add(
          Catalogue.fill(
              catalogue.label("pull.sampled"),
              Map.of(
                  "size",
                  size(blobs.sampledBytes()),
                  "digest",
                  blobs.largestLayerDigest(),
                  "millis",
                  String.format(Locale.ROOT, "%.1f", blobs.sampleElapsed().toNanos() / 1e6),
                  "rate",
                  rate(blobs.bytesPerSecond()),
                  "verified",
                  verification(blobs, catalogue))));
    }
    blobs
        .estimatedPull()
        .ifPresent(
            d ->
                lines.add(
                    Catalogue.fill(
                        catalogue.label("pull.estimate"),
                        Map.of(
                            "time",
                            d.compareTo(Duration.ofSeconds(1)) < 0
                                ? time(d)
                                : String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9)))));
    if (!blobs.redirectHosts().isEmpty()) {
      lines.add(
          Catalogue.fill(
              catalogue.label("pull.redirected"),
              Map.of("hosts", String.join(", ", blobs.redirectHosts()))));
    }
    return lines;
  }

  /** Returns {@code N layers} in the catalogue's language. */
  static String layers(int count, Catalogue catalogue) {
    return Catalogue.fill(
        catalogue.label(count == 1 ? "pull.layer" : "pull.layers"),
        Map.of("count", String.valueOf(count)));
  }

  /** Returns {@code 1 layer} or {@code N layers}. */
  static String layers(int count) {
    return count + (count == 1 ? " layer" : " layers");
  }

  /**
   * Returns {@code duration} in whole seconds ({@code 75 s}), or in milliseconds below a second
   * ({@code 250 ms}): a 1 ms threshold read "0 s".
   */
  static String time(Duration duration) {
    return duration.compareTo(Duration.ofSeconds(1)) < 0
        ? duration.toMillis() + " ms"
        : duration.toSeconds() + " s";
  }

  /**
   * Returns {@code duration} as a number of seconds for a catalogue that adds its own unit: whole
   * seconds ({@code 75}), or a fraction below a second ({@code 0.25}).
   */
  static String seconds(Duration duration) {
    return duration.compareTo(Duration.ofSeconds(1)) < 0
        ? new java.math.BigDecimal(duration.toMillis())
            .movePointLeft(3)
            .stripTrailingZeros()
            .toPlainString()
        : String.valueOf(duration.toSeconds());
  }

  static String size(double bytes) {
    if (bytes >= 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
    if (bytes >= 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
    if (bytes >= 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.0f B", bytes);
  }

  static String rate(double bytesPerSecond) {
    return size(bytesPerSecond) + "/s";
  }

  /**
   * Says whether the sample's digest was checked: a whole layer read is, a part of one cannot be,
   * and a sample that passes says nothing about the rest of the layer.
   */
  private static String verification(BlobsInfo blobs, Catalogue catalogue) {
    if (blobs.digestVerified()) {
      return catalogue.label("pull.verified");
    }
    if (blobs.sampledBytes() < blobs.largestLayerBytes()) {
      return Catalogue.fill(
          catalogue.label("pull.partial"), Map.of("layerSize", size(blobs.largestLayerBytes())));
    }
    return "";
  }
}
