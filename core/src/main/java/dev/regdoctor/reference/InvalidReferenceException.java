package dev.regdoctor.reference;

import static java.util.Objects.requireNonNull;

/**
 * Thrown when text is not a valid image reference, or when the parts given to {@link
 * ImageReference#of} do not form one.
 *
 * <p>The message quotes only the offending input, then the reason and position, for example {@code
 * invalid reference "Foo/Bar:1": repository name must be lowercase (at index 4)}. Control
 * characters in the quoted input are escaped, and very long input is shortened in the message. A
 * password in user info ({@code https://user:password@host/app}, a pasted URL) never reaches the
 * message nor {@link #input()}: it is replaced by {@code <redacted>}.
 */
public final class InvalidReferenceException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Inputs longer than this are shortened in the message so one bad value cannot flood a log. */
  private static final int MAX_QUOTED_LENGTH = 1024;

  private final String input;
  private final int position;
  private final String reason;

  InvalidReferenceException(String input, int position, String reason) {
    this(ReferenceGrammar.withoutPassword(requireNonNull(input, "input")), reason, position);
  }

  private InvalidReferenceException(String safeInput, String reason, int position) {
    super(message(safeInput, position, requireNonNull(reason, "reason")));
    this.input = safeInput;
    this.position = position;
    this.reason = reason;
  }

  /**
   * Returns the text that was rejected, as given except that a password in user info is replaced by
   * {@code <redacted>}. For {@link ImageReference#of} it is the parts joined as {@code
   * registry/repository[:tag][@digest]}.
   */
  public String input() {
    return input;
  }

  /**
   * Returns the zero-based index in {@link #input()} of the first offending character, or {@code
   * -1} when no single character is at fault (for example empty input).
   */
  public int position() {
    return position;
  }

  /** Returns a short English reason, such as {@code repository name must be lowercase}. */
  public String reason() {
    return reason;
  }

  private static String message(String input, int position, String reason) {
    StringBuilder message = new StringBuilder("invalid reference \"");
    appendQuoted(message, input);
    message.append("\": ").append(reason);
    if (position >= 0) {
      message.append(" (at index ").append(position).append(')');
    }
    return message.toString();
  }

  private static void appendQuoted(StringBuilder out, String input) {
    int length = Math.min(input.length(), MAX_QUOTED_LENGTH);
    for (int i = 0; i < length; i++) {
      char c = input.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (Character.isISOControl(c)
          || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (input.length() > MAX_QUOTED_LENGTH) {
      out.append("…(").append(input.length()).append(" characters)");
    }
  }
}
