package dev.regdoctor.internal.probe;

/** A token service answered 200 with something that is not a token response. */
public final class MalformedTokenResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedTokenResponseException(String reason) {
    super(reason);
  }
}
