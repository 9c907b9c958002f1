package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.mirrors.MirrorEntry;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.PullPlan;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.internal.http.Addresses;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.reference.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Probes the endpoints of a runtime's {@link PullPlan} with that runtime's transport rules (plain
 * HTTP, fallback, TLS verification, CA files), walks them in order as the runtime does, and
 * compares runtimes. One {@link RegistryClient} per distinct rule set, shared and thread-safe.
 */
public final class RuntimeChecks implements AutoCloseable {
  private final ProbeSettings base;
  private final CredentialResolver credentials;
  private final RuntimeProfile profile;
  private final Catalogue catalogue;
  private final Diagnoser diagnoser;
  private final Map<String, RegistryClient> clients;

  public RuntimeChecks(
      ProbeSettings base,
      CredentialResolver credentials,
      RuntimeProfile profile,
      Catalogue catalogue,
      Diagnoser diagnoser) {
    this(base, credentials, profile, catalogue, diagnoser, new ConcurrentHashMap<>());
  }

  private RuntimeChecks(
      ProbeSettings base,
      CredentialResolver credentials,
      RuntimeProfile profile,
      Catalogue catalogue,
      Diagnoser diagnoser,
      Map<String, RegistryClient> clients) {
    this.base = base;
    this.credentials = credentials;
    this.profile = profile;
    this.catalogue = catalogue;
    this.diagnoser = diagnoser;
    this.clients = clients;
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

  public dev.regdoctor.reference.Platform settingsPlatform() {
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
    return Deadline.after(base.deadline());
  }

  private Walk walk(PullPlan plan, boolean all, Deadline deadline) {
    List<Probe> probes = new ArrayList<>();
    Probe serving = null;
    ImageReference image = ImageReference.parse(plan.image());
    List<PullSource> sources = plan.sources();
    for (int i = 0; i < sources.size(); i++) {
      PullSource source = sources.get(i);
      Deadline share = share(deadline, sources.size() - i);
      Probe probe =
          share == null ? notReached(image, source) : probe(image, source, false, false, share);
      probes.add(probe);
      if (serving == null && probe.ok()) {
        serving = probe;
        if (!all) {
          break;
        }
      }
    }
    Probe judged = serving;
    if (judged == null) {
      for (Probe probe : probes) {
        if (probe.result() != null) {
          judged = probe; // keep the last probed one: the upstream when it was probed
        }
      }
    }
    List<Finding> failures = new ArrayList<>();
    for (Probe probe : probes) {
      if (probe.source().role() == PullSource.Role.MIRROR
          && !probe.ok()
          && !probe.notReached()
          && probe != judged) {
        failures.add(mirrorFailure(probe, plan.runtime()));
      }
    }
    return new Walk(plan, probes, serving, judged, failures, deadline);
  }

  /**
   * Returns an equal share of what is left of {@code deadline} for one of {@code parts} probes
   * still to come, or null when less than {@link Diagnoser#MIN_PROBE_BUDGET} is left.
   */
  private static @Nullable Deadline share(Deadline deadline, int parts) {
    Duration left = deadline.remaining();
    return left.compareTo(Diagnoser.MIN_PROBE_BUDGET) < 0
        ? null
        : Deadline.after(left.dividedBy(parts));
  }

  /** The probe of {@code source} that the image's budget left no time for. */
  private Probe notReached(ImageReference image, PullSource source) {
    String text =
        Catalogue.fill(
            catalogue.label("runtime.notReached"),
            Map.of("total", String.valueOf(base.deadline().toMillis())));
    return new Probe(source, target(image, source), null, text, Duration.ZERO, true);
  }

  /**
   * Evidence that {@code probe} ran on a share of the image's budget and timed out within it, so
   * that a slow endpoint is not taken for a dead one without saying so; empty otherwise.
   */
  public List<String> budgetEvidence(Probe probe) {
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
    if (!probe.cutByBudget(base.deadline())) {
      return List.of();
    }
    return List.of(
        Catalogue.fill(
            catalogue.label("runtime.budgetShare"),
            Map.of(
                "share",
                String.valueOf(probe.budget().toMillis()),
                "total",
                String.valueOf(base.deadline().toMillis()))));
  }

  /**
   * Probes {@code source}; {@code fresh} uses a new client (new connections, no cached ping), so
   * timings of endpoints probed one after another compare fairly. {@code share}: the part of the
   * image's budget this probe has, credential lookup included (a credential helper gets at most
   * half of it, as in a whole check); {@code null} for the whole deadline.
   */
  Probe probe(
      ImageReference image,
      PullSource source,
      boolean anonymous,
      boolean fresh,
      @Nullable Deadline share) {
    ImageReference target = target(image, source);
    CredentialLookup lookup;
    if (anonymous) {
      lookup = CredentialLookup.anonymous();
    } else if (share == null) {
      lookup = credentials.lookup(target.registry(), target.repository());
    } else {
      lookup = share.around(() -> credentials.lookup(target.registry(), target.repository()));
    }
    Duration budget = share == null ? null : share.total();
    RegistryClient client;
    try {
      client = fresh ? RegistryClient.create(settings(source)) : client(source);
    } catch (IllegalArgumentException e) {
      // a client certificate or key the runtime cannot load either: it fails before connecting
      return new Probe(source, target, null, e.getMessage());
    }
    try {
      ProbeResult result;
      if (budget == null) {
        result =
            source.httpFallback()
                ? client.check(target, lookup)
                : client.check(target, source.endpoint(), lookup);
      } else {
        Duration left = share.cap(budget); // what the credential lookup left, at least 1 ms
        result =
            source.httpFallback()
                ? client.check(target, lookup, left)
                : client.check(target, source.endpoint(), lookup, left);
      }
      return new Probe(source, target, result, null, budget, false);
    } finally {
      if (fresh) {
        client.close();
      }
    }
  }

  /**
   * Diagnoses a probe, settling auth doubts with an anonymous probe of the same source within what
   * is left of {@code deadline}, the image's budget (left out, saying so, when it is spent).
   */
  public List<Finding> diagnose(ImageReference image, Probe probe, Deadline deadline) {
    List<Finding> findings =
        diagnoser
            .withRules(profile.runtime())
            .diagnose(
                probe.result(),
                diagnoser.anonymousWithin(
                    deadline,
                    left ->
                        probe(image, probe.source(), true, false, Deadline.after(left)).result()));
    if (probe.target().name().equals(image.name()) || probe.result() == null) {
      return findings;
    }
    // A mirror serves the image under its own name, but a pin belongs in the image's name: a
    // manifest that names the node-local mirror would pull nowhere else (review 15, finding 12).
    List<Finding> named = new ArrayList<>(findings);
    for (int i = 0; i < named.size(); i++) {
      Finding finding = named.get(i);
      if (finding.code() == DiagnosisCode.MUTABLE_TAG) {
        Map<String, String> values = diagnoser.values(probe.result(), null);
        values.put("image", image.familiar());
        values.put("canonical", image.canonical());
        values.put("name", image.name());
        Finding renamed = catalogue.finding(DiagnosisCode.MUTABLE_TAG, values, finding.evidence());
        named.set(
            i,
            new Finding(
                finding.code(),
                finding.severity(),
                renamed.summary(),
                finding.evidence(),
                renamed.remediation(),
                finding.guide()));
      }
    }
    return named;
  }

  private static ImageReference target(ImageReference image, PullSource source) {
    boolean sameHost =
        source.role() == PullSource.Role.UPSTREAM
            && source
                .endpoint()
                .host()
                .equalsIgnoreCase(dev.regdoctor.endpoint.HostPort.parse(image.apiHost()).host())
            && source.repository().equals(image.repository());
    if (sameHost) {
      return image;
    }
    boolean defaultPort = source.endpoint().port() == 443;
    String host = source.endpoint().authority();
    String registry = defaultPort && !host.startsWith("[") ? source.endpoint().host() : host;
    return ImageReference.of(registry, source.repository(), image.tag(), image.digest());
  }

  private RegistryClient client(PullSource source) {
    List<Path> cas = source.caFiles().stream().filter(Files::isReadable).toList();
    boolean insecure = source.httpFallback() || !source.verifyTls();
    String key =
        (insecure ? source.endpoint().authority() : "")
            + (dockerLoopback(source) ? "|loopback" : "")
            + "|"
            + cas
            + "|"
            + source.clientCertificates()
            + "|"
            + source.path()
            + "|"
            + (source.headers().isEmpty()
                ? ""
                : source.endpoint().authority() + source.headers().hashCode());
    return clients.computeIfAbsent(key, k -> RegistryClient.create(settings(source)));
  }

  /**
   * Under Docker's rules a loopback registry is insecure by default: the probe's own loopback rule
   * reaches it as dockerd does, and says so (review 16, finding 1).
   */
  private boolean dockerLoopback(PullSource source) {
    return profile.runtime() == ContainerRuntime.DOCKER
        && source.httpFallback()
        && Addresses.isLoopbackHost(source.endpoint().host());
  }

  private ProbeSettings settings(PullSource source) {
    ProbeSettings.Builder settings = base.toBuilder();
    if ((source.httpFallback() || !source.verifyTls()) && !dockerLoopback(source)) {
      settings.insecureRegistry(source.endpoint().authority());
    }
    source.caFiles().stream().filter(Files::isReadable).forEach(settings::caCertificate);
    source.clientCertificates().forEach(settings::clientCertificate);
    // containerd joins the host's path with the repository: override_path or a path prefix moves
    // the API root away from /v2
    settings.apiPath(source.path().isEmpty() ? "/" : source.path());
    String hostPort =
        (source.endpoint().host().indexOf(':') >= 0
                ? "[" + source.endpoint().host() + "]"
                : source.endpoint().host())
            + ":"
            + source.endpoint().port();
    source
        .headers()
        .forEach((name, values) -> values.forEach(v -> settings.hostHeader(hostPort, name, v)));
    return settings.build();
  }

  Finding mirrorFailure(Probe probe, ContainerRuntime runtime) {
    Map<String, String> values = runtimeValues(runtime);
    values.put("mirror", probe.source().url());
    values.put("at", probe.source().configuredAt());
    List<String> evidence = new ArrayList<>();
    // Only a mirror that never answers costs a timeout per pull; one that refuses, is unknown or
    // answers an error is passed over at once (review defect 19: "slowly" for a refused port).
    String variant = "immediate";
    if (probe.result() == null) {
      values.put("detail", probe.skipped());
    } else {
      Failure failure = probe.result().primaryFailure().orElseThrow();
      values.put("detail", failure.kind() + ": " + failure.summary());
      evidence.addAll(failure.evidence());
      evidence.addAll(budgetEvidence(probe));
      if (failure.kind() == FailureKind.CONNECT_TIMEOUT
          || failure.kind() == FailureKind.RESPONSE_TIMEOUT
          || failure.kind() == FailureKind.TLS_HANDSHAKE_TIMEOUT) {
        variant = null;
      }
    }
    evidence.add("configured at " + probe.source().configuredAt());
    // The probe's sentences (and the failure led by its kind) in the catalogue's language.
    return catalogue.withLocalEvidence(
        catalogue.finding(
            DiagnosisCode.MIRROR_FAILURE,
            DiagnosisCode.MIRROR_FAILURE.severity(),
            variant,
            values,
            evidence));
  }

  /**
   * Returns {@code verdict} with {@code plan}'s runtime's own summary and steps where the fix lives
   * in that runtime's files (a plain-HTTP registry, an untrusted CA): a Podman user is sent to
   * registries.conf and certs.d, a containerd user to hosts.toml, not to daemon.json. Other
   * verdicts, Docker's, and codes without such a variant are returned unchanged.
   */
  public Finding forRuntime(Finding verdict, Probe judged, PullPlan plan) {
    ContainerRuntime runtime = plan.runtime();
    DiagnosisCode code = verdict.code();
    String variant = runtime.label();
    if (runtime == ContainerRuntime.DOCKER
        || judged.result() == null
        || (code != DiagnosisCode.PLAIN_HTTP_REGISTRY && code != DiagnosisCode.TLS_UNTRUSTED)
        || !catalogue.hasSteps(code.name() + "." + variant)) {
      return verdict;
    }
    Failure failure = judged.result().primaryFailure().orElse(null);
    Map<String, String> values = diagnoser.values(judged.result(), failure);
    values.putAll(runtimeValues(runtime));
    values.put("hostsDir", profile.hostsDir().toString());
    ImageReference image = ImageReference.parse(plan.image());
    values.put("image", image.familiar());
    RuntimeFixes.putInto(
        RuntimeFixes.fix(runtime, profile, image, failure == null ? null : failure.kind(), plan),
        catalogue,
        values);
    if (runtime == ContainerRuntime.CONTAINERD && code == DiagnosisCode.TLS_UNTRUSTED) {
      RuntimeFixes.putCaFix(profile, image.registry(), judged.source(), plan, catalogue, values);
    }
    Finding advised =
        catalogue.finding(code, verdict.severity(), variant, values, verdict.evidence());
    return new Finding(
        code,
        verdict.severity(),
        advised.summary(),
        verdict.evidence(),
        advised.remediation(),
        verdict.guide());
  }

  Map<String, String> runtimeValues(ContainerRuntime runtime) {
    Map<String, String> values = new HashMap<>();
    values.put("runtime", runtime.label());
    values.put("reload", catalogue.label("reload." + runtime.label()));
    if (runtime != ContainerRuntime.PODMAN) {
      // The podman profile stands for podman, skopeo and CRI-O: only CRI-O needs its reload
      // (review defect 20), and the reload text says so; podman reads the file on every run.
      runtime.restartCommand().ifPresent(command -> values.put("restartCommand", command));
    }
    return values;
  }

  /**
   * Compares the upstream verdicts of every runtime for {@code input}: for each runtime that
   * disagrees with another, a RUNTIME_MISMATCH finding with the configuration that fixes it. Only
   * probes a runtime whose rules for the upstream differ from the already probed ones, each rule
   * with an equal share of what is left of {@code deadline}, the image's budget. A runtime the
   * budget does not reach, or whose probe (or {@code selectedUpstream}) timed out within a share of
   * it, is left out of the comparison and named in the notes: a spent budget is no runtime's fault.
   */
  public Mismatches mismatches(String input, @Nullable Probe selectedUpstream, Deadline deadline) {
    Map<String, Probe> probeByRule = new HashMap<>();
    if (selectedUpstream != null
        && selectedUpstream.result() != null
        && !selectedUpstream.cutByBudget(base.deadline())) {
      probeByRule.put(rule(selectedUpstream.source()), selectedUpstream);
    }
    Map<ContainerRuntime, Boolean> ok = new java.util.EnumMap<>(ContainerRuntime.class);
    Map<ContainerRuntime, String> reason = new java.util.EnumMap<>(ContainerRuntime.class);
    Map<ContainerRuntime, FailureKind> kinds = new java.util.EnumMap<>(ContainerRuntime.class);
    Map<ContainerRuntime, PullPlan> plans = new java.util.EnumMap<>(ContainerRuntime.class);
    Map<ContainerRuntime, PullSource> upstreams = new java.util.EnumMap<>(ContainerRuntime.class);
    for (ContainerRuntime runtime : ContainerRuntime.values()) {
      PullPlan plan;
      try {
        plan = profile.as(runtime).plan(input);
      } catch (RuntimeException e) {
        continue; // a broken file of another runtime is not this diagnosis' business
      }
      plans.put(runtime, plan);
      if (plan.refusal() != null) {
        ok.put(runtime, false);
        reason.put(runtime, plan.refusal());
        continue;
      }
      plan.upstream().ifPresent(upstream -> upstreams.put(runtime, upstream));
    }
    List<String> notReached = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String total = String.valueOf(base.deadline().toMillis());
    for (var entry : upstreams.entrySet()) {
      ContainerRuntime runtime = entry.getKey();
      String rule = rule(entry.getValue());
      Probe probe = probeByRule.get(rule);
      if (probe == null) {
        long rulesLeft =
            upstreams.values().stream()
                .map(RuntimeChecks::rule)
                .filter(r -> !probeByRule.containsKey(r))
                .distinct()
                .count();
        Deadline share = share(deadline, (int) rulesLeft);
        if (share == null) {
          notReached.add(runtime.label());
          continue;
        }
        probe =
            probe(
                ImageReference.parse(plans.get(runtime).image()),
                entry.getValue(),
                false,
                false,
                share);
        if (probe.result() == null) {
          continue;
        }
        probeByRule.put(rule, probe);
      }
      if (probe.cutByBudget(base.deadline())) {
        notes.add(
            Catalogue.fill(
                catalogue.label("runtime.compareCut"),
                Map.of(
                    "runtime",
                    runtime.label(),
                    "share",
                    String.valueOf(probe.budget().toMillis()),
                    "total",
                    total)));
        continue;
      }
      ok.put(runtime, probe.ok());
      if (!probe.ok()) {
        Failure failure = probe.result().primaryFailure().orElseThrow();
        reason.put(runtime, failure.kind() + ": " + failure.summary());
        kinds.put(runtime, failure.kind());
      }
    }
    if (!notReached.isEmpty()) {
      notes.add(
          Catalogue.fill(
              catalogue.label("runtime.notCompared"),
              Map.of("runtimes", String.join(", ", notReached), "total", total)));
    }
    List<String> good =
        ok.entrySet().stream().filter(Map.Entry::getValue).map(e -> e.getKey().label()).toList();
    List<Finding> findings = new ArrayList<>();
    if (good.isEmpty()) {
      return new Mismatches(findings, notes);
    }
    for (var entry : ok.entrySet()) {
      if (entry.getValue()) {
        continue;
      }
      ContainerRuntime runtime = entry.getKey();
      FailureKind kind = kinds.get(runtime);
      Map<String, String> values = runtimeValues(runtime);
      ImageReference image = ImageReference.parse(plans.get(runtime).image());
      values.put("image", image.familiar());
      values.put("canonical", image.canonical());
      values.put("okRuntimes", String.join(", ", good));
      values.put("failRuntimes", runtime.label());
      values.put("detail", reason.getOrDefault(runtime, ""));
      RuntimeFixes.putInto(
          RuntimeFixes.fix(runtime, profile, image, kind, plans.get(runtime)), catalogue, values);
      List<String> evidence = new ArrayList<>();
      for (var other : ok.entrySet()) {
        evidence.add(
            Catalogue.fillAll(
                catalogue.label(other.getValue() ? "runtime.pulls" : "runtime.fails"),
                Map.of(
                    "runtime", other.getKey().label(), "plan", describe(plans.get(other.getKey()))),
                ""));
      }
      evidence.addAll(notes);
      findings.add(
          catalogue.withLocalEvidence(
              catalogue.finding(DiagnosisCode.RUNTIME_MISMATCH, values, evidence)));
    }
    return new Mismatches(findings, notes);
  }

  /**
   * Returns how {@code plan} pulls, in the catalogue's language: where from, whether it falls back
   * to plain HTTP or skips TLS verification, and where that was configured.
   */
  private String describe(PullPlan plan) {
    if (plan.refusal() != null) {
      String refusal = plan.refusal();
      return Catalogue.fillAll(
          catalogue.label("runtime.planRefuses"),
          Map.of(
              "refusal",
              catalogue.sentenceLeavesOut(refusal) ? refusal : catalogue.sentence(refusal)),
          "");
    }
    PullSource upstream = plan.upstream().orElseThrow();
    return Catalogue.fillAll(
        catalogue.label("runtime.plan"),
        Map.of(
            "url",
            upstream.url(),
            "fallback",
            upstream.httpFallback() ? catalogue.label("runtime.planFallback") : "",
            "tls",
            upstream.verifyTls() ? "" : catalogue.label("runtime.planTlsOff"),
            "at",
            catalogue.position(upstream.configuredAt())),
        "");
  }

  /** What decides a probe's outcome: endpoint, path, repository and transport rules. */
  private static String rule(PullSource source) {
    return source.endpoint()
        + "|"
        + source.repository()
        + "|"
        + source.httpFallback()
        + "|"
        + source.verifyTls()
        + "|"
        + source.caFiles();
  }

  @Override
  public void close() {
    clients.values().forEach(RegistryClient::close);
  }

  /**
   * Probes every endpoint of {@code input}'s plan (not stopping at the first that works) and ranks
   * them, all within one image's budget: the first pass shares it as a pull's walk does, the second
   * pass (healthy endpoints timed again on fresh connections) and the anonymous comparisons take
   * what is left. An endpoint the second pass does not reach keeps its first timings and says so
   * ({@link MirrorEntry#timingSkipped()}).
   */
  public MirrorReport mirrors(String input, java.util.Locale locale) {
    PullPlan plan = profile.plan(input);
    List<Finding> findings = new ArrayList<>();
    if (plan.refusal() != null) {
      return new MirrorReport(input, plan, List.of(), null, null, findings, locale);
    }
    Walk walk = walk(plan, true);
    Deadline deadline = walk.deadline();
    ImageReference image = ImageReference.parse(plan.image());
    List<MirrorEntry> entries = new ArrayList<>();
    Map<Probe, MirrorEntry> entryByProbe = new java.util.IdentityHashMap<>();
    MirrorEntry fastest = null;
    long healthyLeft = walk.probes().stream().filter(Probe::ok).count();
    String total = String.valueOf(base.deadline().toMillis());
    for (Probe first : walk.probes()) {
      // The first pass warmed this JVM up; time healthy endpoints again on fresh connections.
      Probe probe = first;
      String timingSkipped = null;
      if (first.ok()) {
        Deadline share = share(deadline, (int) healthyLeft--);
        if (share == null) {
          timingSkipped =
              Catalogue.fill(catalogue.label("mirrors.timingSkipped"), Map.of("total", total));
        } else {
          Probe again = probe(image, first.source(), false, true, share);
          if (again.ok()) {
            probe = again;
          } else if (again.cutByBudget(base.deadline())) {
            timingSkipped =
                Catalogue.fill(
                    catalogue.label("mirrors.timingCut"),
                    Map.of("share", String.valueOf(share.total().toMillis()), "total", total));
          }
        }
      }
      MirrorEntry entry = entry(image, probe, deadline, timingSkipped);
      entries.add(entry);
      entryByProbe.put(first, entry);
      if (entry.ok()
          && entry.latency().isPresent()
          && (fastest == null || entry.latency().get().compareTo(fastest.latency().get()) < 0)) {
        fastest = entry;
      }
    }
    for (Probe probe : walk.probes()) {
      if (probe.source().role() == PullSource.Role.MIRROR && !probe.ok() && !probe.notReached()) {
        findings.add(mirrorFailure(probe, plan.runtime()));
      }
    }
    if (walk.serving() == null) {
      // the upstream's verdict as its row has it (diagnosed once: one anonymous comparison)
      walk.probes().stream()
          .filter(p -> p.source().role() == PullSource.Role.UPSTREAM && p.result() != null)
          .findFirst()
          .ifPresent(p -> findings.add(0, entryByProbe.get(p).verdict()));
    }
    return new MirrorReport(
        input,
        plan,
        entries,
        walk.serving() == null ? null : walk.serving().reachedUrl(),
        fastest == null ? null : fastest.reachedEndpoint(),
        findings,
        locale);
  }

  private MirrorEntry entry(
      ImageReference image, Probe probe, Deadline deadline, @Nullable String timingSkipped) {
    ProbeResult result = probe.result();
    if (result == null) {
      Finding skipped =
          catalogue.finding(
              DiagnosisCode.UNKNOWN, Map.of("detail", probe.skipped()), List.of(probe.skipped()));
      return new MirrorEntry(
          probe.source(),
          false,
          null,
          null,
          null,
          java.time.Duration.ZERO,
          skipped,
          probe.skipped(),
          probe.source().url());
    }
    Boolean hasImage = null;
    if (result.manifest() != null && result.manifest().status() == 200) {
      hasImage = true;
    } else if (result
        .primaryFailure()
        .map(
            f ->
                f.kind() == FailureKind.MANIFEST_NOT_FOUND
                    || f.kind() == FailureKind.REPOSITORY_NOT_FOUND)
        .orElse(false)) {
      hasImage = false;
    }
    java.time.Duration ping =
        result
            .step(StepName.PING)
            .filter(s -> s.status() == StepStatus.OK)
            .map(s -> s.elapsed())
            .orElse(null);
    java.time.Duration manifest =
        result
            .step(StepName.MANIFEST)
            .filter(s -> s.status() == StepStatus.OK)
            .map(s -> s.elapsed())
            .orElse(null);
    return new MirrorEntry(
        probe.source(),
        result.isOk(),
        hasImage,
        ping,
        manifest,
        result.elapsed(),
        diagnose(image, probe, deadline).get(0),
        null,
        probe.reachedUrl(),
        timingSkipped);
  }
}
