package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the pull test saw: the platform's manifest, its config and layers, and a timed download of a
 * sample of the largest layer.
 *
 * @param manifestDigest the digest of the image manifest tested (the platform's, for an index)
 * @param configDigest the config blob digest
 * @param layerCount the number of layers
 * @param totalBytes the compressed size the manifest declares: config plus layers
 * @param largestLayerDigest the digest of the largest layer, or {@code null} without layers
 * @param largestLayerBytes the size of the largest layer, 0 without layers
 * @param sampledBytes bytes of the largest layer downloaded to measure throughput
 * @param sampleElapsed how long that download took, from writing the request to the host that
 *     served it to its last byte (connection set-up and redirect hops excluded, like curl's {@code
 *     time_total - time_pretransfer}); hashing for digest verification is not included
 * @param digestVerified whether a whole layer was read and its SHA-256 matched its digest
 * @param redirectHosts hosts that blob requests were redirected to (object storage, a CDN)
 * @param foreignLayers layers with {@code urls} (fetched from elsewhere, not checked)
 */
public record BlobsInfo(
    String manifestDigest,
    String configDigest,
    int layerCount,
    long totalBytes,
    @Nullable String largestLayerDigest,
    long largestLayerBytes,
    long sampledBytes,
    Duration sampleElapsed,
    boolean digestVerified,
    List<String> redirectHosts,
    List<String> foreignLayers) {

  /** Validates and copies. */
  public BlobsInfo {
    requireNonNull(manifestDigest, "manifestDigest");
    requireNonNull(configDigest, "configDigest");
    requireNonNull(sampleElapsed, "sampleElapsed");
    redirectHosts = List.copyOf(redirectHosts);
    foreignLayers = List.copyOf(foreignLayers);
  }

  /** Returns the measured download throughput in bytes per second, or 0 when nothing was read. */
  public double bytesPerSecond() {
    long nanos = sampleElapsed.toNanos();
    return sampledBytes <= 0 || nanos <= 0 ? 0 : sampledBytes * 1e9 / nanos;
  }

  /**
   * Returns how long pulling {@link #totalBytes()} would take at the measured throughput (transfer
   * only: no decompression or unpacking), when a sample was measured.
   */
  public Optional<Duration> estimatedPull() {
    double rate = bytesPerSecond();
    if (rate <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos((long) Math.min(Long.MAX_VALUE, totalBytes / rate * 1e9)));
  }
}
