package dev.regdoctor.diagnostics.mirrors;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.endpoint.PullSource;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint a runtime tries, and what probing it showed.
 *
 * @param source the endpoint as the runtime's configuration defines it
 * @param ok whether the image can be pulled from this endpoint
 * @param hasImage whether the endpoint serves the manifest: {@code TRUE}, {@code FALSE} when it
 *     answered that the manifest or repository is unknown, {@code null} when the probe did not get
 *     that far. A pull-through cache fetches on demand, so {@code TRUE} there means "can get it".
 * @param pingTime how long {@code GET /v2/} took, or {@code null} when it was not answered
 * @param manifestTime how long the manifest request took, or {@code null}
 * @param elapsed how long the whole probe of this endpoint took
 * @param verdict the probe's verdict ({@code OK}, or the error that stops a pull here)
 * @param skipped why the endpoint was not probed (e.g. an {@code override_path}), or {@code null}
 * @param reachedEndpoint the URL actually reached: {@code http://…} after a runtime's fallback from
 *     HTTPS to plain HTTP, else {@link #endpoint()}
 * @param timingSkipped why {@code pingTime} and {@code manifestTime} are those of the first pass
 *     instead of measured again on fresh connections (the image's {@code --timeout} budget was
 *     spent before the second pass reached this endpoint, or ran out during it), or {@code null}
 */
public record MirrorEntry(
    PullSource source,
    boolean ok,
    @Nullable Boolean hasImage,
    @Nullable Duration pingTime,
    @Nullable Duration manifestTime,
    Duration elapsed,
    Finding verdict,
    @Nullable String skipped,
    String reachedEndpoint,
    @Nullable String timingSkipped) {

  /** Validates. */
  public MirrorEntry {
    requireNonNull(source, "source");
    requireNonNull(elapsed, "elapsed");
    requireNonNull(verdict, "verdict");
    requireNonNull(reachedEndpoint, "reachedEndpoint");
  }

  /** Returns an entry whose timings, if any, were measured again ({@code timingSkipped} null). */
  public MirrorEntry(
      PullSource source,
      boolean ok,
      @Nullable Boolean hasImage,
      @Nullable Duration pingTime,
      @Nullable Duration manifestTime,
      Duration elapsed,
      Finding verdict,
      @Nullable String skipped,
      String reachedEndpoint) {
    this(
        source,
        ok,
        hasImage,
        pingTime,
        manifestTime,
        elapsed,
        verdict,
        skipped,
        reachedEndpoint,
        null);
  }

  /** Returns the endpoint URL, e.g. {@code https://mirror.example.com}. */
  public String endpoint() {
    return source.url();
  }

  /** Returns ping plus manifest time, the latency a pull pays before the first blob. */
  public Optional<Duration> latency() {
    if (pingTime == null || manifestTime == null) {
      return Optional.empty();
    }
    return Optional.of(pingTime.plus(manifestTime));
  }
}
