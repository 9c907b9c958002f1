package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.Platform;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything one image check observed, phase by phase. A result is produced for every check,
 * whatever failed; {@link #failures()} lists what went wrong in flow order and is empty when the
 * image (and platform) can be pulled. Holds no secret material.
 *
 * @param input the text the caller asked about
 * @param reference the parsed reference, or {@code null} when the input is not a valid reference
 * @param endpoint the endpoint finally used, or {@code null} when none was reached
 * @param platform the platform asked for
 * @param steps the timed steps in flow order, each at most once
 * @param failures what went wrong, first is the verdict; empty when all is well
 * @param ping what {@code /v2/} answered, or {@code null}
 * @param auth how the probe authenticated, or {@code null} when it did not get that far
 * @param manifest what the manifest request answered, or {@code null}
 * @param tags what tags/list answered after a missing manifest, or {@code null}
 * @param rateLimit the rate-limit headers seen, or {@code null}
 * @param tls what the TLS handshake showed, or {@code null} for plain HTTP or no connection
 * @param credentialSource where the credential came from, or {@code null} for anonymous
 * @param credentialsSent whether credentials were presented to the registry or its token realm
 * @param nearMisses credential entries that almost matched (from the credential lookup)
 * @param credentialProblems problems with credential sources (from the credential lookup)
 * @param tlsVerified false when TLS verification was turned off for an insecure registry
 * @param notes other secret-free observations, e.g. a fallback from HTTPS to HTTP
 * @param requests HTTP requests sent for this image, retries included, cached answers excluded
 * @param elapsed the wall-clock time of the check
 * @param blobs what the pull test saw, or {@code null} when it did not run or got no manifest
 */
public record ProbeResult(
    String input,
    @Nullable ImageReference reference,
    @Nullable RegistryEndpoint endpoint,
    Platform platform,
    List<Step> steps,
    List<Failure> failures,
    @Nullable PingInfo ping,
    @Nullable AuthInfo auth,
    @Nullable ManifestInfo manifest,
    @Nullable TagsInfo tags,
    @Nullable RateLimit rateLimit,
    @Nullable TlsInfo tls,
    @Nullable String credentialSource,
    boolean credentialsSent,
    List<String> nearMisses,
    List<CredentialProblem> credentialProblems,
    boolean tlsVerified,
    List<String> notes,
    int requests,
    Duration elapsed,
    @Nullable BlobsInfo blobs) {

  /** Validates and copies. */
  public ProbeResult {
    requireNonNull(input, "input");
    requireNonNull(platform, "platform");
    requireNonNull(elapsed, "elapsed");
    steps = List.copyOf(steps);
    failures = List.copyOf(failures);
    nearMisses = List.copyOf(nearMisses);
    credentialProblems = List.copyOf(credentialProblems);
    notes = List.copyOf(notes);
    if (requests < 0) {
      throw new IllegalArgumentException("requests must not be negative but was " + requests);
    }
  }

  /**
   * Returns the result of a check that sent no request: the reference was invalid, or a runtime
   * refused the pull before contacting anything.
   */
  public static ProbeResult withoutTraffic(
      String input,
      @Nullable ImageReference reference,
      Platform platform,
      List<Step> steps,
      List<Failure> failures,
      List<String> notes) {
    return new ProbeResult(
        input,
        reference,
        null,
        platform,
        steps,
        failures,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        List.of(),
        List.of(),
        true,
        notes,
        0,
        Duration.ZERO,
        null);
  }

  /** Returns whether nothing failed: the image can be pulled for the platform. */
  public boolean isOk() {
    return failures.isEmpty();
  }

  /** Returns the first failure in flow order, the verdict. */
  public Optional<Failure> primaryFailure() {
    return failures.isEmpty() ? Optional.empty() : Optional.of(failures.get(0));
  }

  /** Returns the step named {@code name} when it was recorded. */
  public Optional<Step> step(StepName name) {
    return steps.stream().filter(step -> step.name() == name).findFirst();
  }

  /** Returns whether the registry was reached over plain HTTP. */
  public boolean usedPlainHttp() {
    return endpoint != null && !endpoint.isHttps();
  }
}
