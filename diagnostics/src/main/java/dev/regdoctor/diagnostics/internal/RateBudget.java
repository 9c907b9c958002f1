package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.RateLimit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The rate-limit budget: when the window resets, and what counts against it. */
final class RateBudget {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private RateBudget() {}

  /** Returns when pulls are allowed again, in the catalogue's language. */
  static String reset(@Nullable RateLimit limit, Catalogue catalogue) {
    if (limit != null && limit.retryAfter() != null) {
      return Catalogue.fill(
          catalogue.label("rateReset"),
          Map.of(
              "time",
              TIME.format(Instant.now().plus(limit.retryAfter())),
              "seconds",
              String.valueOf(limit.retryAfter().toSeconds())));
    }
    if (limit != null && limit.window() != null) {
      return Catalogue.fill(
          catalogue.label("rateResetUnknown"),
          Map.of("window", String.valueOf(limit.window().toSeconds())));
    }
    return catalogue.label("rateResetNone");
  }

  /** Evidence lines: the budget seen, and what does and does not count on Docker Hub. */
  static List<String> evidence(ProbeResult result, Catalogue catalogue) {
    List<String> lines = new ArrayList<>();
    RateLimit limit = result.rateLimit();
    if (limit != null && limit.retryAfter() != null) {
      lines.add("Retry-After: " + limit.retryAfter().toSeconds() + " s");
    }
    if (result.reference() != null && result.reference().isDockerHub()) {
      lines.add(catalogue.evidenceLine("headNotCounted", Map.of()));
    }
    return lines;
  }
}
