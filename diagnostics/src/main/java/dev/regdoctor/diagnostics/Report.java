package dev.regdoctor.diagnostics;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.ReportJson;
import dev.regdoctor.diagnostics.internal.ReportText;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.Step;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The diagnosis of one image: the verdict (the first error in flow order, or {@code OK}), every
 * finding with evidence and remediation, the timed steps, where credentials came from (never the
 * credentials), how many requests were sent and how long it took.
 *
 * <p>{@link #toString()} is the human report, a few lines long; {@link #toJson()} is the JSON of
 * {@code docs/json-contract.md} (schema {@code regdoctor.report/v1}). Immutable and thread-safe.
 */
public final class Report {
  private final String input;
  private final ProbeResult probe;
  private final Finding verdict;
  private final List<Finding> findings;
  private final Locale locale;
  private final @Nullable String runtime;
  private final @Nullable String pullsFrom;

  Report(String input, ProbeResult probe, List<Finding> findings, Locale locale) {
    this(input, probe, findings, locale, null, null);
  }

  Report(
      String input,
      ProbeResult probe,
      List<Finding> findings,
      Locale locale,
      @Nullable String runtime,
      @Nullable String pullsFrom) {
    this.runtime = runtime;
    this.pullsFrom = pullsFrom;
    this.input = requireNonNull(input, "input");
    this.probe = requireNonNull(probe, "probe");
    this.findings = List.copyOf(findings);
    this.locale = requireNonNull(locale, "locale");
    if (this.findings.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least its verdict");
    }
    this.verdict = this.findings.get(0);
  }

  /** Returns the text the caller asked about, e.g. {@code nginx}. */
  public String input() {
    return input;
  }

  /** Returns the normalised reference, e.g. {@code docker.io/library/nginx:latest}, when valid. */
  public Optional<String> reference() {
    return probe.reference() == null
        ? Optional.empty()
        : Optional.of(probe.reference().canonical());
  }

  /**
   * Returns the registry API host, e.g. {@code registry-1.docker.io}, when the reference is valid.
   */
  public Optional<String> registry() {
    return probe.reference() == null ? Optional.empty() : Optional.of(probe.reference().apiHost());
  }

  /** Returns the repository, e.g. {@code library/nginx}, when the reference is valid. */
  public Optional<String> repository() {
    return probe.reference() == null
        ? Optional.empty()
        : Optional.of(probe.reference().repository());
  }

  /** Returns the tag asked for. */
  public Optional<String> tag() {
    return probe.reference() == null
        ? Optional.empty()
        : Optional.ofNullable(probe.reference().tag());
  }

  /** Returns the digest asked for, else the digest the registry reported for the manifest. */
  public Optional<String> digest() {
    if (probe.reference() != null && probe.reference().digest() != null) {
      return Optional.of(probe.reference().digest());
    }
    return probe.manifest() == null
        ? Optional.empty()
        : Optional.ofNullable(probe.manifest().digest());
  }

  /** Returns the platform checked, e.g. {@code linux/amd64}. */
  public String platform() {
    return probe.platform().toString();
  }

  /** Returns whether no finding is an error: the pull works (warnings may remain). */
  public boolean ok() {
    return !verdict.isError();
  }

  /** Returns the verdict: the first error in flow order, or the {@code OK} finding. */
  public Finding verdict() {
    return verdict;
  }

  /** Returns every finding, verdict first. */
  public List<Finding> findings() {
    return findings;
  }

  /** Returns the timed steps in flow order. */
  public List<Step> steps() {
    return probe.steps();
  }

  /**
   * Returns where the credential came from, e.g. {@code config.json auths "registry.example.com"}.
   */
  public Optional<String> credentialSource() {
    return Optional.ofNullable(probe.credentialSource());
  }

  /** Returns the HTTP requests sent for this image, retries included. */
  public int requests() {
    return probe.requests();
  }

  /** Returns how long the diagnosis took. */
  public Duration elapsed() {
    return probe.elapsed();
  }

  /** Returns the probe observations this report was made from. */
  public ProbeResult probe() {
    return probe;
  }

  /**
   * Returns the runtime whose rules this report applied ({@code docker}, {@code containerd}, {@code
   * podman}), when a runtime profile was used: a runtime was chosen, or mirrors are configured.
   */
  public Optional<String> runtime() {
    return Optional.ofNullable(runtime);
  }

  /**
   * Returns the endpoint the runtime would pull from (a mirror or the upstream, e.g. {@code
   * https://mirror.example.com}), when a runtime profile was used and some endpoint works.
   */
  public Optional<String> pullsFrom() {
    return Optional.ofNullable(pullsFrom);
  }

  /** Returns the language of summaries and remediation. */
  public Locale locale() {
    return locale;
  }

  /** Returns the JSON form ({@code regdoctor.report/v1}), pretty-printed. */
  public String toJson() {
    return ReportJson.write(this);
  }

  /**
   * Returns the human report as {@code regdoctor diagnose} prints it; {@code color} adds ANSI
   * colors for terminals. A line counting what the text leaves out points at the command's {@code
   * --json}: {@code … +2 (--json)}.
   */
  public String toText(boolean color) {
    return ReportText.render(this, Catalogue.forLocale(locale), color, ReportText.MORE_CLI);
  }

  /**
   * Returns the human report without colors, as {@link #toText} does, except that a line counting
   * what the text leaves out points at {@link #toJson()}: {@code … +2 (toJson())}.
   */
  @Override
  public String toString() {
    return ReportText.render(this, Catalogue.forLocale(locale), false, ReportText.MORE_LIBRARY);
  }

  /** Returns the first finding with {@code code}, if any. */
  public Optional<Finding> finding(DiagnosisCode code) {
    return findings.stream().filter(finding -> finding.code() == code).findFirst();
  }
}
