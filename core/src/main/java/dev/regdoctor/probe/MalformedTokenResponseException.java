package dev.regdoctor.probe;

/** A token service answered 200 with something that is not a token response. */
final class MalformedTokenResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedTokenResponseException(String reason) {
    super(reason);
  }
}
