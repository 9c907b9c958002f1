package dev.regdoctor.diagnostics.mirrors;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.MirrorsRender;
import dev.regdoctor.diagnostics.internal.ReportText;
import dev.regdoctor.endpoint.PullPlan;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints one runtime tries for one image, in its order, each probed; which one the runtime
 * would pull from ({@link #pullsFrom()}) and the fastest healthy one ({@link #recommended()}).
 * {@link #toString()} is the human form, {@link #toJson()} the {@code regdoctor.mirrors/v1} JSON.
 *
 * @param input the image as given
 * @param plan the runtime's plan: image as resolved, sources, refusal and notes
 * @param entries one per source, in the runtime's order
 * @param pullsFrom the URL of the first endpoint that works, or {@code null} when none does
 * @param recommended the URL of the healthy endpoint with the lowest ping + manifest latency, or
 *     {@code null}
 * @param findings MIRROR_FAILURE for each failing mirror, and the refusal or upstream failure
 * @param locale the language of summaries and remediation
 */
public record MirrorReport(
    String input,
    PullPlan plan,
    List<MirrorEntry> entries,
    @Nullable String pullsFrom,
    @Nullable String recommended,
    List<Finding> findings,
    Locale locale) {

  /** Validates and copies. */
  public MirrorReport {
    requireNonNull(input, "input");
    requireNonNull(plan, "plan");
    requireNonNull(locale, "locale");
    entries = List.copyOf(entries);
    findings = List.copyOf(findings);
  }

  /** Returns whether the runtime can pull the image from some endpoint. */
  public boolean ok() {
    return pullsFrom != null;
  }

  /** Returns the endpoint the runtime would pull from. */
  public Optional<String> pullsFromEndpoint() {
    return Optional.ofNullable(pullsFrom);
  }

  /** Returns the JSON form ({@code regdoctor.mirrors/v1}), pretty-printed. */
  public String toJson() {
    return MirrorsRender.json(this);
  }

  /**
   * Returns the human form as {@code regdoctor mirrors} prints it; {@code color} adds ANSI colors.
   * A line counting what the text leaves out points at the command's {@code --json}.
   */
  public String toText(boolean color) {
    return MirrorsRender.text(this, Catalogue.forLocale(locale), color, ReportText.MORE_CLI);
  }

  /**
   * Returns the human form without colors, as {@link #toText} does, except that a line counting
   * what the text leaves out points at {@link #toJson()}: {@code … +2 (toJson())}.
   */
  @Override
  public String toString() {
    return MirrorsRender.text(this, Catalogue.forLocale(locale), false, ReportText.MORE_LIBRARY);
  }
}
