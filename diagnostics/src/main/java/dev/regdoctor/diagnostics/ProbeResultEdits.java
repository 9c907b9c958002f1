package dev.regdoctor.diagnostics;

import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.reference.ImageReference;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Derives a changed {@link ProbeResult} from another: the one place in this module that copies its
 * components, so that a component added to the record is carried over here, once.
 */
final class ProbeResultEdits {
  private ProbeResultEdits() {}

  /**
   * Returns {@code result} with {@code reference}; {@code result} itself when it has it already.
   */
  static ProbeResult withReference(ProbeResult result, @Nullable ImageReference reference) {
    if (Objects.equals(reference, result.reference())) {
      return result;
    }
    return new ProbeResult(
        result.input(),
        reference,
        result.endpoint(),
        result.platform(),
        result.steps(),
        result.failures(),
        result.ping(),
        result.auth(),
        result.manifest(),
        result.tags(),
        result.rateLimit(),
        result.tls(),
        result.credentialSource(),
        result.credentialsSent(),
        result.nearMisses(),
        result.credentialProblems(),
        result.tlsVerified(),
        result.notes(),
        result.requests(),
        result.elapsed(),
        result.blobs());
  }
}
