package dev.regdoctor.internal.http;

import java.net.UnknownHostException;

/**
 * A request that was not sent because of where it would have gone ({@link Destinations}), or
 * because it would have carried a body to another origin. An {@link UnknownHostException} so that
 * OkHttp's DNS hook may throw it; {@link FailureClassifier} never takes it for a DNS failure.
 */
public final class RefusedDestinationException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public RefusedDestinationException(String reason) {
    super("refused: " + reason);
    this.reason = reason;
  }

  /** Why the request was refused, without the {@code refused: } prefix. */
  public String reason() {
    return reason;
  }
}
