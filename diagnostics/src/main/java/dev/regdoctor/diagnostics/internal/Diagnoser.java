package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.StepName;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rules: map probe observations to findings in flow order, settle what runtimes blur (with an
 * anonymous comparison probe when needed), add advice, and choose the verdict (the first error in
 * flow order, else {@code OK}).
 *
 * <p>This class orders the findings, chooses the verdict and bounds the anonymous comparison; the
 * findings themselves come from {@link CredentialProblemFindings} (credential sources), {@link
 * FailureFindings} (one per failure) and {@link ProbeAdvice} (advice), filled with {@link
 * ProbeValues}; {@link InputRepair} fixes a mistyped reference for the advice.
 */
public final class Diagnoser {
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

  private final ProbeValues probeValues;
  private final CredentialProblemFindings credentialProblems;
  private final FailureFindings failures;
  private final ProbeAdvice advice;

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
    this.probeValues = new ProbeValues(origin);
    this.credentialProblems = new CredentialProblemFindings(catalogue, origin);
    this.failures = new FailureFindings(catalogue, certificates, origin, probeValues);
    this.advice = new ProbeAdvice(catalogue, thresholds, rules);
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

  /** A finding and its place in flow order (a step's ordinal; advice comes last). */
  record Ordered(int order, Finding finding) {}

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
      Finding finding = credentialProblems.finding(problem, values);
      if (finding != null) {
        findings.add(new Ordered(StepName.CREDENTIALS.ordinal(), finding));
      }
    }
    for (Failure failure : result.failures()) {
      findings.add(
          new Ordered(failure.step().ordinal(), failures.finding(result, failure, anonymous)));
    }
    findings.addAll(advice.advice(result, values));
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
      if (cause instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fixes the usual mistakes in an image reference so the advice can show the corrected one: a URL
   * scheme ({@code http://host:5000/app}), upper case in the repository, stray spaces or a trailing
   * slash. Puts {@code suggestion} (and {@code scheme}, {@code dockerHost}) when the repair parses.
   *
   * @return the catalogue variant ({@code scheme}, {@code uppercase}, {@code repaired}), or null
   */
  public static @Nullable String repair(String input, Map<String, String> values) {
    return InputRepair.repair(input, values);
  }

  /** The placeholder values a probe result provides (see {@link ProbeValues}). */
  Map<String, String> values(ProbeResult result, @Nullable Failure failure) {
    return probeValues.values(result, failure);
  }
}
