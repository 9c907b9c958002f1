package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.reference.ImageReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One image's budget (the settings' deadline, {@code --timeout}) as runtime checks spend it: equal
 * shares of what is left for the probes still to come, the probe a spent budget leaves out, and the
 * evidence that says when a probe had only a share of the budget, or none.
 */
final class ImageBudget {
  private final Duration whole;
  private final Catalogue catalogue;

  ImageBudget(Duration whole, Catalogue catalogue) {
    this.whole = whole;
    this.catalogue = catalogue;
  }

  /** Returns a new budget of one image: the whole of it, from now. */
  Deadline start() {
    return Deadline.after(whole);
  }

  /** Returns the whole budget of one image. */
  Duration whole() {
    return whole;
  }

  /** Returns the whole budget in milliseconds, as the catalogue's sentences show it. */
  String wholeMillis() {
    return String.valueOf(whole.toMillis());
  }

  /**
   * Returns an equal share of what is left of {@code deadline} for one of {@code parts} probes
   * still to come, or null when less than {@link Diagnoser#MIN_PROBE_BUDGET} is left.
   */
  static @Nullable Deadline share(Deadline deadline, int parts) {
    Duration left = deadline.remaining();
    return left.compareTo(Diagnoser.MIN_PROBE_BUDGET) < 0
        ? null
        : Deadline.after(left.dividedBy(parts));
  }

  /** Returns the probe of {@code source} (for {@code target}) that the budget left no time for. */
  RuntimeChecks.Probe notReached(PullSource source, ImageReference target) {
    String text =
        Catalogue.fill(catalogue.label("runtime.notReached"), Map.of("total", wholeMillis()));
    return new RuntimeChecks.Probe(source, target, null, text, Duration.ZERO, true);
  }

  /**
   * Returns evidence that {@code probe} ran on a share of the budget and timed out within it, so
   * that a slow endpoint is not taken for a dead one without saying so, or that the budget did not
   * reach it; empty otherwise.
   */
  List<String> evidence(RuntimeChecks.Probe probe) {
    if (probe.notReached()) {
      return List.of(
          Catalogue.fill(
              catalogue.label("runtime.notReachedAt"),
              Map.of(
                  "url",
                  probe.source().url(),
                  "role",
                  catalogue.label("mirrors." + probe.source().role().label()),
                  "order",
                  String.valueOf(probe.source().order()),
                  "why",
                  probe.skipped() == null ? "" : probe.skipped())));
    }
    if (!probe.cutByBudget(whole)) {
      return List.of();
    }
    return List.of(
        Catalogue.fill(
            catalogue.label("runtime.budgetShare"),
            Map.of("share", String.valueOf(probe.budget().toMillis()), "total", wholeMillis())));
  }
}
