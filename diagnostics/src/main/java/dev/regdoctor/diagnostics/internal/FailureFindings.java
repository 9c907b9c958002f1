package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.CertificateFiles;
import dev.regdoctor.internal.http.ProxyAuthenticationException;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.StepName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The finding of one probe failure: its code (a failure kind names a diagnosis code), the variant
 * of its advice (for the credential origin, an unsent credential, a proxy's refusal, a damaged
 * blob, a single-platform image, a repairable reference), and the evidence that settles it: the
 * runtimes' own trust of the registry's CA, and an anonymous attempt when credentials were
 * rejected.
 */
final class FailureFindings {
  private final Catalogue catalogue;
  private final CertificateDirectories certificates;
  private final CredentialOrigin origin;
  private final ProbeValues probeValues;

  FailureFindings(
      Catalogue catalogue,
      CertificateDirectories certificates,
      CredentialOrigin origin,
      ProbeValues probeValues) {
    this.catalogue = catalogue;
    this.certificates = certificates;
    this.origin = origin;
    this.probeValues = probeValues;
  }

  /**
   * Returns the finding of {@code failure} in {@code result}; {@code anonymous} is asked only when
   * credentials were sent and rejected or insufficient (see {@link Diagnoser#diagnose}).
   */
  Finding finding(
      ProbeResult result, Failure failure, Supplier<Diagnoser.@Nullable Comparison> anonymous) {
    Map<String, String> values = probeValues.values(result, failure);
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
          Diagnoser.Comparison other = anonymous.get();
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
        variant = InputRepair.repair(result.input(), values);
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

  /** Returns the diagnosis code of a failure kind: the same name. */
  static DiagnosisCode code(FailureKind kind) {
    return DiagnosisCode.valueOf(kind.name());
  }
}
