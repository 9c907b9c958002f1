package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.mirrors.MirrorEntry;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Probes the endpoints of a runtime's {@link PullPlan} with that runtime's transport rules (plain
 * HTTP, fallback, TLS verification, CA files), walks them in order as the runtime does, and
 * compares runtimes. One {@link RegistryClient} per distinct rule set, shared and thread-safe.
 *
 * <p>The parts, each in its own class: the clients ({@link RuntimeClients}), the image's budget
 * ({@link ImageBudget}), one source's probe ({@link SourceProbes}), the findings of a probe under a
 * runtime's rules ({@link RuntimeFindings}), the comparison of runtimes ({@link RuntimeComparison})
 * and the mirrors report ({@link MirrorRanking}). This class walks a plan and holds the values they
 * share.
 */
public final class RuntimeChecks implements AutoCloseable {
  private final ProbeSettings base;
  private final RuntimeProfile profile;
  private final Catalogue catalogue;
  private final RuntimeClients clients;
  private final ImageBudget budget;
  private final SourceProbes probes;
  private final RuntimeFindings findings;
  private final RuntimeComparison comparison;
  private final MirrorRanking ranking;

  public RuntimeChecks(
      ProbeSettings base,
      CredentialResolver credentials,
      RuntimeProfile profile,
      Catalogue catalogue,
      Diagnoser diagnoser) {
    this(base, credentials, profile, catalogue, diagnoser, new RuntimeClients(base));
  }

  private RuntimeChecks(
      ProbeSettings base,
      CredentialResolver credentials,
      RuntimeProfile profile,
      Catalogue catalogue,
      Diagnoser diagnoser,
      RuntimeClients clients) {
    this.base = base;
    this.profile = profile;
    this.catalogue = catalogue;
    this.clients = clients;
    this.budget = new ImageBudget(base.deadline(), catalogue);
    this.probes = new SourceProbes(credentials, clients, profile.runtime());
    this.findings = new RuntimeFindings(catalogue, diagnoser, profile, probes, budget);
    this.comparison = new RuntimeComparison(profile, catalogue, probes, budget, findings);
    this.ranking = new MirrorRanking(catalogue, probes, budget, findings);
  }

  /**
   * Returns checks under {@code runtime}'s rules for the same configuration files, taking
   * credentials from {@code resolver} and diagnosing with {@code withDiagnoser}: the kubelet pulls
   * through containerd with one pod's pull secrets. containerd's {@code hosts.toml} files are read
   * from {@code hostsDir}, none when it is null (containerd's built-in defaults): a node's hosts
   * directory is not this machine's. The returned checks share this instance's clients; close only
   * this instance.
   */
  public RuntimeChecks as(
      ContainerRuntime runtime,
      CredentialResolver resolver,
      Diagnoser withDiagnoser,
      @Nullable Path hostsDir) {
    return new RuntimeChecks(
        base,
        resolver,
        profile.as(runtime).withHostsDir(hostsDir),
        catalogue,
        withDiagnoser,
        clients);
  }

  /**
   * One source and what probing it showed ({@code result} null when skipped). {@code budget}: the
   * part of the image's budget the probe had ({@code null}: the whole of it); {@code notReached}:
   * the budget was used up before this source's turn, so it was not probed.
   */
  public record Probe(
      PullSource source,
      ImageReference target,
      @Nullable ProbeResult result,
      @Nullable String skipped,
      @Nullable Duration budget,
      boolean notReached) {
    public Probe(
        PullSource source,
        ImageReference target,
        @Nullable ProbeResult result,
        @Nullable String skipped) {
      this(source, target, result, skipped, null, false);
    }

    public boolean ok() {
      return result != null && result.isOk();
    }

    /**
     * Whether this probe timed out within a share of the image's budget smaller than the whole: its
     * timeout says as much about the budget as about the endpoint. A share short of the whole by
     * less than {@link Diagnoser#MIN_PROBE_BUDGET} (the first endpoint of one, which had all but
     * the time it took to start) counts as the whole.
     */
    boolean cutByBudget(Duration whole) {
      return result != null
          && budget != null
          && whole.minus(budget).compareTo(Diagnoser.MIN_PROBE_BUDGET) > 0
          && Diagnoser.timedOut(result);
    }

    /** The URL actually reached: after an HTTPS-to-HTTP fallback, the {@code http://} one. */
    public String reachedUrl() {
      if (result == null || result.endpoint() == null) {
        return source.url();
      }
      var endpoint = result.endpoint();
      boolean defaultPort = endpoint.isHttps() ? endpoint.port() == 443 : endpoint.port() == 80;
      return endpoint.scheme() + "://" + (defaultPort ? endpoint.host() : endpoint.authority());
    }
  }

  /**
   * The walk through a plan: every probe made, the one that serves the pull (or null), the result
   * to judge (the serving one, else the upstream's or the last one), MIRROR_FAILURE findings, and
   * the image's budget the walk took its shares from (what else is probed for the image, such as
   * the anonymous comparison, takes its time from what is left of it).
   */
  public record Walk(
      PullPlan plan,
      List<Probe> probes,
      @Nullable Probe serving,
      @Nullable Probe judged,
      List<Finding> mirrorFailures,
      Deadline deadline) {}

  /**
   * The RUNTIME_MISMATCH findings, and sentences (in the catalogue's language) naming the runtimes
   * left out of the comparison because the image's budget did not reach them.
   */
  public record Mismatches(List<Finding> findings, List<String> notes) {}

  public RuntimeProfile profile() {
    return profile;
  }

  public Platform settingsPlatform() {
    return base.platform();
  }

  /**
   * Walks {@code plan} in order; stops at the first endpoint that works unless {@code all}. The
   * settings' deadline ({@code --timeout}) holds for the whole walk: each endpoint gets an equal
   * share of what is left for it and those after it (the last gets all that is left), so mirrors
   * that never answer cannot take the upstream's time, and the image ends within the budget.
   * Endpoints whose turn comes after the budget is spent are not probed ({@link Probe#notReached}).
   */
  public Walk walk(PullPlan plan, boolean all) {
    return walk(plan, all, imageDeadline());
  }

  /** Returns a new budget of one image: the settings' deadline ({@code --timeout}) from now. */
  public Deadline imageDeadline() {
    return budget.start();
  }

  private Walk walk(PullPlan plan, boolean all, Deadline deadline) {
    List<Probe> walked = new ArrayList<>();
    Probe serving = null;
    ImageReference image = ImageReference.parse(plan.image());
    List<PullSource> sources = plan.sources();
    for (int i = 0; i < sources.size(); i++) {
      PullSource source = sources.get(i);
      Deadline share = ImageBudget.share(deadline, sources.size() - i);
      Probe probe =
          share == null
              ? budget.notReached(source, SourceProbes.target(image, source))
              : probes.probe(image, source, false, false, share);
      walked.add(probe);
      if (serving == null && probe.ok()) {
        serving = probe;
        if (!all) {
          break;
        }
      }
    }
    Probe judged = serving;
    if (judged == null) {
      for (Probe probe : walked) {
        if (probe.result() != null) {
          judged = probe; // keep the last probed one: the upstream when it was probed
        }
      }
    }
    List<Finding> failures = new ArrayList<>();
    for (Probe probe : walked) {
      if (probe.source().role() == PullSource.Role.MIRROR
          && !probe.ok()
          && !probe.notReached()
          && probe != judged) {
        failures.add(findings.mirrorFailure(probe, plan.runtime()));
      }
    }
    return new Walk(plan, walked, serving, judged, failures, deadline);
  }

  /**
   * Evidence that {@code probe} ran on a share of the image's budget and timed out within it, so
   * that a slow endpoint is not taken for a dead one without saying so; empty otherwise.
   */
  public List<String> budgetEvidence(Probe probe) {
    return budget.evidence(probe);
  }

  /**
   * Diagnoses a probe, settling auth doubts with an anonymous probe of the same source within what
   * is left of {@code deadline}, the image's budget (left out, saying so, when it is spent).
   */
  public List<Finding> diagnose(ImageReference image, Probe probe, Deadline deadline) {
    return findings.diagnose(image, probe, deadline);
  }

  /**
   * Returns {@code verdict} with {@code plan}'s runtime's own summary and steps where the fix lives
   * in that runtime's files (see {@link RuntimeFindings#forRuntime}).
   */
  public Finding forRuntime(Finding verdict, Probe judged, PullPlan plan) {
    return findings.forRuntime(verdict, judged, plan);
  }

  /**
   * Compares the upstream verdicts of every runtime for {@code input} within what is left of {@code
   * deadline}, the image's budget: RUNTIME_MISMATCH findings, and notes naming the runtimes the
   * budget left out (see {@link RuntimeComparison#mismatches}).
   */
  public Mismatches mismatches(String input, @Nullable Probe selectedUpstream, Deadline deadline) {
    return comparison.mismatches(input, selectedUpstream, deadline);
  }

  @Override
  public void close() {
    clients.close();
  }

  /**
   * Probes every endpoint of {@code input}'s plan (not stopping at the first that works) and ranks
   * them, all within one image's budget: the first pass shares it as a pull's walk does, the second
   * pass (healthy endpoints timed again on fresh connections) and the anonymous comparisons take
   * what is left. An endpoint the second pass does not reach keeps its first timings and says so
   * ({@link MirrorEntry#timingSkipped()}).
   */
  public MirrorReport mirrors(String input, Locale locale) {
    PullPlan plan = profile.plan(input);
    if (plan.refusal() != null) {
      return new MirrorReport(input, plan, List.of(), null, null, new ArrayList<>(), locale);
    }
    return ranking.rank(input, walk(plan, true), locale);
  }
}
