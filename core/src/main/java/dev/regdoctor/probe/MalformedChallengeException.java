package dev.regdoctor.probe;

/** A {@code WWW-Authenticate} value that is not a valid challenge list. */
final class MalformedChallengeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String header;
  private final String reason;

  MalformedChallengeException(String header, String reason) {
    super("malformed WWW-Authenticate \"" + abbreviate(header) + "\": " + reason);
    this.header = header;
    this.reason = reason;
  }

  String header() {
    return header;
  }

  String reason() {
    return reason;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
