package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.CertificateFiles;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.reference.ImageReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rules: map probe observations to findings in flow order, settle what runtimes blur (with an
 * anonymous comparison probe when needed), add advice, and choose the verdict (the first error in
 * flow order, else {@code OK}).
 */
public final class Diagnoser {
  private static final int ADVICE_ORDER = StepName.values().length + 1;

  private final Catalogue catalogue;
  private final CertificateDirectories certificates;
  private final PullThresholds thresholds;

  public Diagnoser(Catalogue catalogue) {
    this(catalogue, CertificateDirectories.defaults());
  }

  public Diagnoser(Catalogue catalogue, CertificateDirectories certificates) {
    this(catalogue, certificates, PullThresholds.DEFAULTS);
  }

  public Diagnoser(
      Catalogue catalogue, CertificateDirectories certificates, PullThresholds thresholds) {
    this.catalogue = catalogue;
    this.certificates = certificates;
    this.thresholds = thresholds;
  }

  private record Ordered(int order, Finding finding) {}

  /**
   * Diagnoses {@code result}.
   *
   * @param anonymous runs the same check anonymously; called only when credentials were sent and
   *     rejected or insufficient, to tell stale credentials and invisible repositories apart
   */
  public List<Finding> diagnose(ProbeResult result, Supplier<@Nullable ProbeResult> anonymous) {
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

  private Finding okFinding(ProbeResult result, Map<String, String> values) {
    List<String> evidence = new ArrayList<>();
    if (result.manifest() != null) {
      evidence.add(
          result.manifest().method()
              + " "
              + result.manifest().url()
              + " -> "
              + result.manifest().status());
      if (result.manifest().digest() != null) {
        evidence.add(
            "digest "
                + result.manifest().digest()
                + (result.manifest().mediaType() == null
                    ? ""
                    : " (" + result.manifest().mediaType() + ")"));
      }
      if (!result.manifest().platforms().isEmpty()) {
        evidence.add("platforms: " + String.join(", ", result.manifest().platforms()));
      }
    }
    return catalogue.finding(DiagnosisCode.OK, values, evidence);
  }

  private @Nullable Finding credentialProblem(CredentialProblem problem, Map<String, String> base) {
    Map<String, String> values = new HashMap<>(base);
    values.put("detail", problem.message());
    List<String> evidence = List.of(problem.source() + ": " + problem.message());
    return switch (problem.kind()) {
      case HELPER_FAILED -> {
        String source = problem.source();
        int space = source.lastIndexOf(' ');
        values.put("helper", space >= 0 ? source.substring(space + 1) : source);
        yield catalogue.finding(DiagnosisCode.CREDENTIAL_HELPER_FAILED, values, evidence);
      }
      case CONFIG_INVALID -> {
        values.put("file", problem.source());
        yield catalogue.finding(DiagnosisCode.CONFIG_INVALID, values, evidence);
      }
      case EXPIRED -> null; // shown as evidence on the auth finding
    };
  }

  private Finding failureFinding(
      ProbeResult result, Failure failure, Supplier<@Nullable ProbeResult> anonymous) {
    Map<String, String> values = values(result, failure);
    List<String> evidence = new ArrayList<>();
    evidence.add(failure.summary());
    evidence.addAll(failure.evidence());
    DiagnosisCode code = code(failure.kind());
    switch (failure.kind()) {
      case RATE_LIMITED -> {
        values.put("reset", RateBudget.reset(result.rateLimit(), catalogue));
        evidence.addAll(RateBudget.evidence(result));
      }
      case AUTH_REQUIRED -> {
        result.nearMisses().forEach(miss -> evidence.add("near miss: " + miss));
        if (result.reference() != null && result.reference().isDockerHub()) {
          evidence.add(
              "Docker Hub answers the same way for private repositories and for repositories that do not exist");
        }
      }
      case TLS_UNTRUSTED, TLS_EXPIRED, TLS_HOSTNAME_MISMATCH -> runtimeTrust(result, evidence);
      case AUTH_INVALID, ACCESS_DENIED -> {
        result.credentialProblems().stream()
            .filter(problem -> problem.kind() == CredentialProblem.Kind.EXPIRED)
            .forEach(problem -> evidence.add(problem.source() + ": " + problem.message()));
        if (result.credentialsSent()) {
          ProbeResult other = anonymous.get();
          if (other != null) {
            code = compareWithAnonymous(code, other, evidence, values);
          }
        }
      }
      default -> {
        // the probe's summary and evidence say it all
      }
    }
    return catalogue.finding(code, values, evidence);
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
          "no CA files in "
              + certificates.dockerCertsRoot().resolve(registry)
              + " or "
              + certificates.containerdCertsRoot().resolve(registry)
              + ": Docker and containerd on this machine trust only the system CA bundle for "
              + registry);
    } else {
      evidence.add(
          "Docker/containerd on this machine trust "
              + caFiles.stream()
                  .map(Object::toString)
                  .collect(java.util.stream.Collectors.joining(", "))
              + " for "
              + registry
              + "; this check used the JVM trust store: repeat it with --ca-file "
              + caFiles.get(0));
    }
    files.problems().forEach(problem -> evidence.add("certs.d: " + problem));
  }

  /** Settles AUTH_INVALID / ACCESS_DENIED with what an anonymous attempt saw. */
  private DiagnosisCode compareWithAnonymous(
      DiagnosisCode code,
      ProbeResult anonymous,
      List<String> evidence,
      Map<String, String> values) {
    if (anonymous.isOk()) {
      evidence.add(
          "an anonymous pull of the same image works: the stored credentials from "
              + values.get("source")
              + " break a pull that would succeed without them");
      return code;
    }
    Failure other = anonymous.primaryFailure().orElseThrow();
    evidence.add("anonymous attempt: " + other.kind() + " (" + other.summary() + ")");
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
      List<String> evidence = new ArrayList<>();
      evidence.add("endpoint " + result.endpoint());
      evidence.addAll(
          result.notes().stream()
              .filter(note -> note.contains("HTTP") || note.contains("plain"))
              .toList());
      findings.add(
          new Ordered(
              StepName.TLS.ordinal(),
              catalogue.finding(DiagnosisCode.INSECURE_REGISTRY, insecure, evidence)));
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
                  List.of("tag latest currently points at " + result.manifest().digest()))));
    }
    RateLimit limit = result.rateLimit();
    if (limit != null && limit.isBelow(10)) {
      Map<String, String> rate = new HashMap<>(values);
      rate.put("remaining", String.valueOf(limit.remaining()));
      rate.put("limit", String.valueOf(limit.limit()));
      List<String> evidence = new ArrayList<>();
      evidence.add(
          "ratelimit-remaining "
              + limit.remaining()
              + " of "
              + limit.limit()
              + (limit.window() == null ? "" : " per " + limit.window().toSeconds() + " s"));
      if (limit.source() != null) {
        evidence.add("counted for " + limit.source());
      }
      evidence.addAll(RateBudget.evidence(result));
      findings.add(
          new Ordered(
              ADVICE_ORDER, catalogue.finding(DiagnosisCode.RATE_LIMIT_LOW, rate, evidence)));
    }
    if (result.blobs() != null) {
      PullAdvice.advise(result, values, catalogue, thresholds)
          .forEach(finding -> findings.add(new Ordered(ADVICE_ORDER, finding)));
    }
  }

  /** Returns {@code scheme://host[:port]}, leaving out the scheme's default port. */
  static String baseUrl(dev.regdoctor.endpoint.RegistryEndpoint endpoint) {
    boolean defaultPort = endpoint.isHttps() ? endpoint.port() == 443 : endpoint.port() == 80;
    String host = endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host();
    return endpoint.scheme() + "://" + host + (defaultPort ? "" : ":" + endpoint.port());
  }

  static DiagnosisCode code(FailureKind kind) {
    return DiagnosisCode.valueOf(kind.name());
  }

  /** The placeholder values a probe result provides. */
  static Map<String, String> values(ProbeResult result, @Nullable Failure failure) {
    Map<String, String> values = new HashMap<>(64);
    values.put(
        "source", result.credentialSource() == null ? "anonymous" : result.credentialSource());
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
    values.put("host", apiHost);
    values.put("hostName", result.endpoint() != null ? result.endpoint().host() : reference.host());
    if (result.endpoint() != null) {
      values.put("hostPort", result.endpoint().authority());
      values.put("url", baseUrl(result.endpoint()));
    } else {
      values.put(
          "hostPort", apiHost.contains(":") && !apiHost.endsWith("]") ? apiHost : apiHost + ":443");
      values.put("url", "https://" + apiHost);
    }
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
    return values;
  }
}
