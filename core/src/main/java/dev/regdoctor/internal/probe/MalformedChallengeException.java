package dev.regdoctor.internal.probe;

/** A {@code WWW-Authenticate} value that is not a valid challenge list. */
public final class MalformedChallengeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String header;
  private final String reason;

  public MalformedChallengeException(String header, String reason) {
    super("malformed WWW-Authenticate \"" + abbreviate(header) + "\": " + reason);
    this.header = header;
    this.reason = reason;
  }

  public String header() {
    return header;
  }

  public String reason() {
    return reason;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
