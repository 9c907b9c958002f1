package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.CertificateFiles;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.internal.http.Addresses;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.internal.http.ProxyAuthenticationException;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.reference.ImageReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rules: map probe observations to findings in flow order, settle what runtimes blur (with an
 * anonymous comparison probe when needed), add advice, and choose the verdict (the first error in
 * flow order, else {@code OK}).
 */
public final class Diagnoser {
  private static final int ADVICE_ORDER = StepName.values().length + 1;

  /**
   * Below this much of an image's budget ({@code --timeout}), a probe is not started: no check
   * completes in less, and a verdict from a cut-off probe would blame the registry for the budget.
   * Endpoints of a runtime's walk, the anonymous comparison, the RUNTIME_MISMATCH probes and the
   * mirrors' second timing pass all follow it.
   */
  public static final Duration MIN_PROBE_BUDGET = Duration.ofMillis(50);

  /**
   * What the anonymous comparison showed ({@code result}), or why it shows nothing ({@code note}, a
   * sentence in the report's language: the image's budget was spent before it, or it timed out
   * within what was left). A comparison with a note never changes the verdict.
   */
  public record Comparison(@Nullable ProbeResult result, @Nullable String note) {}

  /**
   * The start of a credential problem's source when the embedding program's own {@code
   * CredentialResolver} failed ({@code CredentialResolver com.example.Vault}).
   */
  public static final String RESOLVER_SOURCE = "CredentialResolver ";

  private final Catalogue catalogue;
  private final CertificateDirectories certificates;
  private final PullThresholds thresholds;
  private final CredentialOrigin origin;

  /** Whose transport rules the probes followed: the loopback note says what they allow. */
  private final ContainerRuntime rules;

  public Diagnoser(Catalogue catalogue) {
    this(catalogue, CertificateDirectories.defaults());
  }

  public Diagnoser(Catalogue catalogue, CertificateDirectories certificates) {
    this(catalogue, certificates, PullThresholds.DEFAULTS, CredentialOrigin.DOCKER_DEFAULT);
  }

  public Diagnoser(
      Catalogue catalogue, CertificateDirectories certificates, PullThresholds thresholds) {
    this(catalogue, certificates, thresholds, CredentialOrigin.DOCKER_DEFAULT);
  }

  public Diagnoser(
      Catalogue catalogue, CertificateDirectories certificates, CredentialOrigin origin) {
    this(catalogue, certificates, PullThresholds.DEFAULTS, origin);
  }

  /**
   * Creates the rules.
   *
   * @param thresholds when a pull test's estimate or an image's size earns SLOW_PULL or LARGE_IMAGE
   * @param origin where credentials come from: the auth findings' advice fits it
   */
  public Diagnoser(
      Catalogue catalogue,
      CertificateDirectories certificates,
      PullThresholds thresholds,
      CredentialOrigin origin) {
    this(catalogue, certificates, thresholds, origin, ContainerRuntime.DOCKER);
  }

  private Diagnoser(
      Catalogue catalogue,
      CertificateDirectories certificates,
      PullThresholds thresholds,
      CredentialOrigin origin,
      ContainerRuntime rules) {
    this.catalogue = catalogue;
    this.certificates = certificates;
    this.thresholds = thresholds;
    this.origin = origin;
    this.rules = rules;
  }

  /**
   * Returns a diagnoser with the same catalogue, certificates and thresholds for credentials from
   * {@code o}.
   */
  public Diagnoser withOrigin(CredentialOrigin o) {
    return new Diagnoser(catalogue, certificates, thresholds, o, rules);
  }

  /**
   * Returns a diagnoser for probes that followed {@code runtime}'s transport rules (Docker's by
   * default): a loopback registry reached without verified TLS is that runtime's default or not.
   */
  public Diagnoser withRules(ContainerRuntime runtime) {
    return runtime == rules
        ? this
        : new Diagnoser(catalogue, certificates, thresholds, origin, runtime);
  }

  private record Ordered(int order, Finding finding) {}

  /**
   * Diagnoses {@code result}.
   *
   * @param anonymous runs the same check anonymously; called only when credentials were sent and
   *     rejected or insufficient, to tell stale credentials and invisible repositories apart; null
   *     when no comparison can be made (see {@link #anonymousWithin})
   */
  public List<Finding> diagnose(ProbeResult result, Supplier<@Nullable Comparison> anonymous) {
    Map<String, String> values = values(result, null);
    List<Ordered> findings = new ArrayList<>();
    for (CredentialProblem problem : result.credentialProblems()) {
      Finding finding = credentialProblem(problem, values);
      if (finding != null) {
        findings.add(new Ordered(StepName.CREDENTIALS.ordinal(), finding));
      }
    }
    for (Failure failure : result.failures()) {
      findings.add(
          new Ordered(failure.step().ordinal(), failureFinding(result, failure, anonymous)));
    }
    advice(result, values, findings);
    findings.sort(Comparator.comparingInt(Ordered::order));
    List<Finding> ordered = new ArrayList<>();
    Finding verdict =
        findings.stream().map(Ordered::finding).filter(Finding::isError).findFirst().orElse(null);
    if (verdict == null) {
      verdict = okFinding(result, values);
    }
    ordered.add(verdict);
    // Other errors in flow order, then warnings and advice in flow order.
    for (boolean errors : new boolean[] {true, false}) {
      for (Ordered entry : findings) {
        if (entry.finding() != verdict && entry.finding().isError() == errors) {
          ordered.add(entry.finding());
        }
      }
    }
    return ordered;
  }

  /** Returns one {@code INPUT_IGNORED} warning per input that had no effect. */
  public List<Finding> ignoredInputs(List<String> descriptions) {
    List<Finding> findings = new ArrayList<>();
    for (String description : descriptions) {
      findings.add(
          catalogue.withLocalEvidence(
              catalogue.finding(
                  DiagnosisCode.INPUT_IGNORED,
                  DiagnosisCode.INPUT_IGNORED.severity(),
                  ignoredInputVariant(description),
                  Map.of("detail", description),
                  List.of(description))));
    }
    return findings;
  }

  /**
   * The advice an ignored input needs: a password wants a user name, a {@code --plain-http} that
   * matches no image wants the image's registry (review 15, finding 10: both shared the password's
   * advice). Catalogues without the variant give their one step.
   */
  private static @Nullable String ignoredInputVariant(String description) {
    if (description.startsWith("--plain-http ")) {
      return "plainHttp";
    }
    return description.startsWith("REGDOCTOR_PASSWORD ") ? "password" : null;
  }

  private Finding okFinding(ProbeResult result, Map<String, String> values) {
    List<String> evidence = new ArrayList<>();
    if (result.manifest() != null) {
      evidence.add(
          result.manifest().method()
              + " "
              + result.manifest().url()
              + " -> "
              + result.manifest().status());
      String digest = result.manifest().digest();
      String mediaType = result.manifest().mediaType();
      if (digest != null) {
        evidence.add(
            mediaType == null
                ? catalogue.evidenceLine("digest", Map.of("digest", digest))
                : catalogue.evidenceLine(
                    "digestType", Map.of("digest", digest, "mediaType", mediaType)));
      }
      if (!result.manifest().platforms().isEmpty()) {
        evidence.add(
            catalogue.evidenceLine(
                "platforms",
                Map.of("platforms", String.join(", ", result.manifest().platforms()))));
      }
    }
    return catalogue.finding(DiagnosisCode.OK, values, evidence);
  }

  private @Nullable Finding credentialProblem(CredentialProblem problem, Map<String, String> base) {
    if (origin.kind() == CredentialOrigin.Kind.KUBERNETES
        && problem.kind() == CredentialProblem.Kind.CONFIG_INVALID) {
      return PullSecretProblems.finding(problem, base, catalogue);
    }
    Map<String, String> values = new HashMap<>(base);
    // Core's words in the catalogue's language, the detail too: the evidence must still hold it.
    values.put("detail", catalogue.coreMessage(problem.message()));
    // Messages of configuration problems already start with the file: print the path once.
    List<String> evidence =
        List.of(
            catalogue.evidence(
                problem.message().startsWith(problem.source())
                    ? problem.message()
                    : problem.source() + ": " + problem.message()));
    return switch (problem.kind()) {
      case HELPER_FAILED -> {
        String source = problem.source();
        int space = source.lastIndexOf(' ');
        values.put("helper", space >= 0 ? source.substring(space + 1) : source);
        // an embedding program's CredentialResolver: fixed in its code, not in ~/.docker
        String variant = source.startsWith(RESOLVER_SOURCE) ? "resolver" : null;
        yield catalogue.finding(
            DiagnosisCode.CREDENTIAL_HELPER_FAILED,
            DiagnosisCode.CREDENTIAL_HELPER_FAILED.severity(),
            variant,
            values,
            evidence);
      }
      case CONFIG_INVALID -> {
        values.put("file", problem.source());
        String variant = null;
        String prefix = problem.source() + ": /";
        if (problem.message().startsWith(prefix)) {
          // Valid JSON with one bad value (an auth that is not base64 user:password): the fix is
          // that entry, not the file's syntax.
          String rest = problem.message().substring(prefix.length() - 1);
          int colon = rest.indexOf(": ");
          String pointer = colon < 0 ? rest : rest.substring(0, colon);
          values.put("pointer", pointer);
          values.put("reason", colon < 0 ? "" : rest.substring(colon + 2));
          String[] parts = pointer.split("/");
          if (parts.length >= 3 && parts[1].equals("auths")) {
            values.put("entry", parts[2].replace("~1", "/").replace("~0", "~"));
          }
          values.put("detail", catalogue.coreMessage(values.get("reason")));
          variant = "value";
        }
        yield catalogue.finding(
            DiagnosisCode.CONFIG_INVALID,
            DiagnosisCode.CONFIG_INVALID.severity(),
            variant,
            values,
            evidence);
      }
      case EXPIRED -> null; // shown as evidence on the auth finding
    };
  }

  private Finding failureFinding(
      ProbeResult result, Failure failure, Supplier<@Nullable Comparison> anonymous) {
    Map<String, String> values = values(result, failure);
    List<String> evidence = new ArrayList<>();
    evidence.add(failure.summary());
    evidence.addAll(failure.evidence());
    DiagnosisCode code = code(failure.kind());
    String variant = null;
    switch (failure.kind()) {
      case RATE_LIMITED -> {
        values.put("reset", RateBudget.reset(result.rateLimit(), catalogue));
        evidence.addAll(RateBudget.evidence(result, catalogue));
      }
      case AUTH_REQUIRED -> {
        variant = origin.variant();
        if (result.credentialSource() != null && !result.credentialsSent()) {
          // A credential was found but could not be presented (an identity token to a registry
          // that only offers Basic, say): "none were found" would send the user looking for it.
          variant = "unsent";
          result.steps().stream()
              .filter(step -> step.name() == StepName.AUTH && step.detail() != null)
              .findFirst()
              .ifPresent(step -> values.put("authDetail", step.detail()));
          evidence.add(
              catalogue.evidenceLine(
                  "credentialsNotSent", Map.of("source", result.credentialSource())));
        }
        if (origin.kind() == CredentialOrigin.Kind.KUBERNETES
            && PullSecretProblems.putBlocked(result.credentialProblems(), values)) {
          // Secrets that match exist; the undecodable one stops the kubelet from trying them.
          variant = "keyringBlocked";
          evidence.add(catalogue.evidenceLine("keyringBlocked", values));
        }
        result.nearMisses().forEach(miss -> evidence.add("near miss: " + miss));
        if (result.reference() != null && result.reference().isDockerHub()) {
          evidence.add(catalogue.evidenceLine("dockerHubAmbiguous", Map.of()));
        }
      }
      case TLS_UNTRUSTED, TLS_EXPIRED, TLS_HOSTNAME_MISMATCH -> runtimeTrust(result, evidence);
      case PROXY_FAILURE -> {
        // A 407: "check that the proxy accepts the credentials" is no advice when none were sent.
        if (failure.cause() instanceof ProxyAuthenticationException refused) {
          variant = refused.credentialsSent() ? "rejected" : "credentials";
        }
      }
      case AUTH_INVALID, ACCESS_DENIED -> {
        variant = origin.variant();
        result.credentialProblems().stream()
            .filter(problem -> problem.kind() == CredentialProblem.Kind.EXPIRED)
            .forEach(problem -> evidence.add(problem.source() + ": " + problem.message()));
        if (result.credentialsSent()) {
          Comparison other = anonymous.get();
          if (other != null && other.result() != null) {
            code = compareWithAnonymous(code, other.result(), evidence, values);
          }
          if (other != null && other.note() != null) {
            evidence.add(other.note()); // not compared: the verdict stands as probed
          }
        }
      }
      case BLOB_FAILURE -> {
        // Content that does not match the manifest is a damaged copy, not a missing blob or an
        // unreachable CDN: its steps are the storage's and the push's.
        String detail =
            result.step(StepName.BLOBS).map(dev.regdoctor.probe.Step::detail).orElse(null);
        if ("digest mismatch".equals(detail) || "size mismatch".equals(detail)) {
          variant = "corrupt";
        }
      }
      case PLATFORM_MISMATCH -> {
        if (result.manifest() != null && !result.manifest().isIndex()) {
          variant = "single"; // the image config named another platform
        }
      }
      case INVALID_REFERENCE -> {
        // The reason is the summary; one line shows the input and where it breaks.
        evidence.clear();
        evidence.add(failure.summary());
        variant = repair(result.input(), values);
      }
      default -> {
        // the probe's summary and evidence say it all
      }
    }
    return catalogue.withLocalEvidence(
        catalogue.finding(code, code.severity(), variant, values, evidence));
  }

  /**
   * Says whether a container runtime on this machine would trust the registry: Docker and
   * containerd do not read the JVM trust store but {@code certs.d} directories (and the system CA
   * bundle), so a certificate this check rejects may still work for them, or the reverse.
   */
  private void runtimeTrust(ProbeResult result, List<String> evidence) {
    if (result.reference() == null) {
      return;
    }
    String registry = result.reference().registry();
    CertificateFiles files;
    try {
      files = certificates.find(registry);
    } catch (IllegalArgumentException e) {
      return;
    }
    List<java.nio.file.Path> caFiles = files.caFiles();
    if (caFiles.isEmpty()) {
      evidence.add(
          catalogue.evidenceLine(
              "noCaFiles",
              Map.of(
                  "dockerDir",
                  certificates.dockerCertsRoot().resolve(registry).toString(),
                  "containerdDir",
                  certificates.containerdCertsRoot().resolve(registry).toString(),
                  "registry",
                  registry)));
    } else {
      evidence.add(
          catalogue.evidenceLine(
              "runtimeTrusts",
              Map.of(
                  "files",
                  caFiles.stream()
                      .map(Object::toString)
                      .collect(java.util.stream.Collectors.joining(", ")),
                  "registry",
                  registry,
                  "file",
                  caFiles.get(0).toString())));
    }
    files
        .problems()
        .forEach(
            problem ->
                evidence.add(
                    catalogue.evidenceLine(
                        "certsProblem",
                        Map.of(
                            "problem",
                            catalogue.sentenceLeavesOut(problem)
                                ? problem
                                : catalogue.sentence(problem)))));
  }

  /**
   * Returns the anonymous comparison for a check that shares {@code deadline} (the image's budget):
   * {@code check} runs it within what is left. When less than {@link #MIN_PROBE_BUDGET} is left it
   * does not run, and when it times out within what was left its timeout is not the registry's
   * answer; either way the comparison carries a note instead of a result, and the verdict stands as
   * probed with the credentials.
   */
  public Supplier<@Nullable Comparison> anonymousWithin(
      Deadline deadline, Function<Duration, @Nullable ProbeResult> check) {
    return () -> {
      Duration left = deadline.remaining();
      String total = String.valueOf(deadline.total().toMillis());
      if (left.compareTo(MIN_PROBE_BUDGET) < 0) {
        return new Comparison(
            null,
            Catalogue.fill(catalogue.label("runtime.anonymousSkipped"), Map.of("total", total)));
      }
      ProbeResult other = check.apply(left);
      if (other == null) {
        return null;
      }
      if (timedOut(other)) {
        return new Comparison(
            null,
            Catalogue.fill(
                catalogue.label("runtime.anonymousCut"),
                Map.of("share", String.valueOf(left.toMillis()), "total", total)));
      }
      return new Comparison(other, null);
    };
  }

  /**
   * Whether {@code result} failed for want of time: a connect, TLS handshake or response timeout,
   * or another failure caused by one (a token service that did not answer in time is
   * TOKEN_SERVICE_FAILED).
   */
  public static boolean timedOut(ProbeResult result) {
    Failure failure = result.primaryFailure().orElse(null);
    if (failure == null) {
      return false;
    }
    FailureKind kind = failure.kind();
    if (kind == FailureKind.CONNECT_TIMEOUT
        || kind == FailureKind.RESPONSE_TIMEOUT
        || kind == FailureKind.TLS_HANDSHAKE_TIMEOUT) {
      return true;
    }
    // a socket or call timeout (OkHttp's "timeout") is an InterruptedIOException
    for (Throwable cause = failure.cause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof java.io.InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /** Settles AUTH_INVALID / ACCESS_DENIED with what an anonymous attempt saw. */
  private DiagnosisCode compareWithAnonymous(
      DiagnosisCode code,
      ProbeResult anonymous,
      List<String> evidence,
      Map<String, String> values) {
    if (anonymous.isOk()) {
      evidence.add(catalogue.evidenceLine("anonymousWorks", values));
      return code;
    }
    Failure other = anonymous.primaryFailure().orElseThrow();
    evidence.add(
        catalogue.evidenceLine(
            "anonymousAttempt",
            Map.of("code", other.kind().name(), "summary", catalogue.evidence(other.summary()))));
    if (code == DiagnosisCode.ACCESS_DENIED
        && (other.kind() == FailureKind.REPOSITORY_NOT_FOUND
            || other.kind() == FailureKind.MANIFEST_NOT_FOUND)) {
      evidence.addAll(other.evidence());
      if (anonymous.tags() != null && !anonymous.tags().closest().isEmpty()) {
        values.put("tags", String.join(", ", anonymous.tags().closest()));
      }
      return code(other.kind());
    }
    return code;
  }

  private void advice(ProbeResult result, Map<String, String> values, List<Ordered> findings) {
    ImageReference reference = result.reference();
    if (reference == null || result.endpoint() == null) {
      return;
    }
    if (result.ping() != null && (result.usedPlainHttp() || !result.tlsVerified())) {
      Map<String, String> insecure = new HashMap<>(values);
      insecure.put("detail", catalogue.label(result.usedPlainHttp() ? "plainHttp" : "unverified"));
      String endpoint =
          catalogue.evidenceLine("endpoint", Map.of("endpoint", result.endpoint().toString()));
      List<String> evidence = new ArrayList<>();
      evidence.add(endpoint);
      evidence.addAll(
          result.notes().stream()
              .filter(note -> note.contains("HTTP") || note.contains("plain"))
              .toList());
      // Plain HTTP or an unverified certificate on a loopback registry is what the runtime whose
      // rules were followed does by default: information, not a warning on every report. Docker
      // treats 127.0.0.0/8 and ::1 as insecure registries (plain HTTP, or HTTPS unverified);
      // containerd uses plain HTTP for a loopback host; containers/image (Podman) has no such
      // default. The note says which of these happened (review 16, finding 10).
      boolean loopbackDefault =
          Addresses.isLoopbackHost(result.endpoint().host())
              && result.steps().stream()
                  .anyMatch(
                      step ->
                          step.name() == StepName.ENDPOINT
                              && step.detail() != null
                              && !step.detail().contains("insecure"));
      String variant =
          !loopbackDefault
              ? null
              : switch (rules) {
                case DOCKER -> result.usedPlainHttp() ? "loopback" : "loopbackTls";
                case CONTAINERD -> result.usedPlainHttp() ? "loopbackContainerd" : null;
                case PODMAN -> null;
              };
      findings.add(
          new Ordered(
              StepName.TLS.ordinal(),
              variant != null
                  ? catalogue.finding(
                      DiagnosisCode.INSECURE_REGISTRY,
                      Severity.INFO,
                      variant,
                      insecure,
                      List.of(endpoint))
                  : catalogue.finding(DiagnosisCode.INSECURE_REGISTRY, insecure, evidence)));
    }
    boolean moving = reference.digest() == null && "latest".equals(reference.tag());
    if (moving
        && result.manifest() != null
        && result.manifest().status() == 200
        && result.manifest().digest() != null) {
      findings.add(
          new Ordered(
              ADVICE_ORDER,
              catalogue.finding(
                  DiagnosisCode.MUTABLE_TAG,
                  values,
                  List.of(
                      catalogue.evidenceLine(
                          "tagPointsAt", Map.of("digest", result.manifest().digest()))))));
    }
    RateLimit limit = result.rateLimit();
    if (limit != null && limit.isBelow(10)) {
      Map<String, String> rate = new HashMap<>(values);
      rate.put("remaining", String.valueOf(limit.remaining()));
      rate.put("limit", String.valueOf(limit.limit()));
      List<String> evidence = new ArrayList<>();
      Map<String, String> budget =
          Map.of(
              "remaining",
              String.valueOf(limit.remaining()),
              "limit",
              String.valueOf(limit.limit()),
              "seconds",
              limit.window() == null ? "" : String.valueOf(limit.window().toSeconds()));
      evidence.add(
          catalogue.evidenceLine(
              limit.window() == null ? "rateRemaining" : "rateRemainingWindow", budget));
      if (limit.source() != null) {
        evidence.add(catalogue.evidenceLine("countedFor", Map.of("address", limit.source())));
      }
      evidence.addAll(RateBudget.evidence(result, catalogue));
      findings.add(
          new Ordered(
              ADVICE_ORDER, catalogue.finding(DiagnosisCode.RATE_LIMIT_LOW, rate, evidence)));
    }
    if (result.blobs() != null) {
      PullAdvice.advise(result, values, catalogue, thresholds)
          .forEach(finding -> findings.add(new Ordered(ADVICE_ORDER, finding)));
    }
  }

  /**
   * Fixes the usual mistakes in an image reference so the advice can show the corrected one: a URL
   * scheme ({@code http://host:5000/app}), upper case in the repository, stray spaces or a trailing
   * slash. Puts {@code suggestion} (and {@code scheme}, {@code dockerHost}) when the repair parses.
   *
   * @return the catalogue variant ({@code scheme}, {@code uppercase}, {@code repaired}), or null
   */
  public static @Nullable String repair(String input, Map<String, String> values) {
    String text = input.strip();
    String variant = null;
    java.util.regex.Matcher scheme =
        java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://").matcher(text);
    if (scheme.find()) {
      values.put("scheme", scheme.group(1));
      text = text.substring(scheme.end());
      variant = "scheme";
    }
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    ImageReference repaired = parseOrNull(text);
    if (repaired == null) {
      int tagAt = text.lastIndexOf(':') > text.lastIndexOf('/') ? text.lastIndexOf(':') : -1;
      String lowered =
          tagAt < 0
              ? text.toLowerCase(java.util.Locale.ROOT)
              : text.substring(0, tagAt).toLowerCase(java.util.Locale.ROOT) + text.substring(tagAt);
      repaired = parseOrNull(lowered);
      if (repaired != null && variant == null) {
        variant = "uppercase";
      }
    }
    if (repaired == null) {
      return null;
    }
    values.put("suggestion", repaired.familiar());
    values.put("dockerHost", repaired.registry());
    return variant == null ? "repaired" : variant;
  }

  private static @Nullable ImageReference parseOrNull(String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static DiagnosisCode code(FailureKind kind) {
    return DiagnosisCode.valueOf(kind.name());
  }

  /** The placeholder values a probe result provides. */
  Map<String, String> values(ProbeResult result, @Nullable Failure failure) {
    Map<String, String> values = new HashMap<>(64);
    values.put(
        "source", result.credentialSource() == null ? "anonymous" : result.credentialSource());
    origin.putInto(values);
    if (origin.kind() == CredentialOrigin.Kind.KUBERNETES && result.credentialSource() != null) {
      PullSecretProblems.putSecret(result.credentialSource(), values);
    }
    values.put("platform", result.platform().toString());
    if (failure != null) {
      values.put("detail", failure.summary());
    }
    ImageReference reference = result.reference();
    if (reference == null) {
      if (failure != null) {
        values.put(
            "detail",
            failure.cause() instanceof dev.regdoctor.reference.InvalidReferenceException e
                ? e.reason()
                : failure.summary());
      }
      return values;
    }
    String apiHost = reference.apiHost();
    values.put("image", reference.familiar());
    values.put("canonical", reference.canonical());
    values.put("name", reference.name());
    values.put("registry", reference.registry());
    values.put("repository", reference.repository());
    values.put("reference", reference.manifestReference());
    values.put("credentialKey", reference.credentialKey());
    RegistryAddress address =
        result.endpoint() != null
            ? RegistryAddress.of(result.endpoint(), reference.registry(), apiHost)
            : RegistryAddress.of(reference.registry(), apiHost, "https");
    address.putInto(values);
    if (result.manifest() != null) {
      if (result.manifest().digest() != null) {
        values.put("digest", result.manifest().digest());
      }
      List<String> platforms = result.manifest().platforms();
      if (!platforms.isEmpty()) {
        values.put("platforms", String.join(", ", platforms));
        values.put("firstPlatform", platforms.get(0));
      }
    }
    if (result.tags() != null && !result.tags().closest().isEmpty()) {
      values.put("tags", String.join(", ", result.tags().closest()));
    }
    if (result.auth() != null && result.auth().realm() != null) {
      values.put("realm", result.auth().realm());
      values.put("tokenUrl", tokenUrl(result.auth()));
    }
    return values;
  }

  /**
   * Returns the token request a runtime sends anonymously: {@code
   * realm?service=S&scope=repository:team/app:pull} (the realm is already redacted; service and
   * scope are no secrets). Only characters a shell or URL would misread are escaped.
   */
  static String tokenUrl(dev.regdoctor.probe.AuthInfo auth) {
    StringBuilder url = new StringBuilder(auth.realm());
    char separator = url.indexOf("?") < 0 ? '?' : '&';
    if (auth.service() != null) {
      url.append(separator).append("service=").append(queryValue(auth.service()));
      separator = '&';
    }
    for (String scope : auth.scopes()) {
      url.append(separator).append("scope=").append(queryValue(scope));
      separator = '&';
    }
    return url.toString();
  }

  private static String queryValue(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char ch = (char) (b & 0xff);
      boolean plain =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || "-._~:/,*@".indexOf(ch) >= 0;
      out.append(plain ? String.valueOf(ch) : String.format("%%%02X", b & 0xff));
    }
    return out.toString();
  }
}
