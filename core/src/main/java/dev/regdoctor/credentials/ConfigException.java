package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

/**
 * Thrown when a configuration document (a docker {@code config.json}, the {@code
 * DOCKER_AUTH_CONFIG} variable, a Kubernetes Secret manifest or a {@code daemon.json}) cannot be
 * read or parsed.
 *
 * <p>The message is {@code "<source>: <pointer>: <reason>"}, or {@code "<source>: <reason>"} when
 * the problem concerns the whole document, for example {@code /home/u/.docker/config.json:
 * /auths/registry.example.com/auth: not valid base64}. It never holds secret values: reasons
 * describe what is wrong, never the offending text, and parser exceptions (whose messages quote the
 * input) are not kept as causes.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String pointer;
  private final String reason;

  /**
   * Creates an exception.
   *
   * @param source the file path, or a name such as {@code DOCKER_AUTH_CONFIG}
   * @param pointer the JSON pointer (RFC 6901) of the offending value, e.g. {@code
   *     /auths/registry.example.com/auth}, or {@code ""} for the whole document
   * @param reason what is wrong, without secret values
   */
  public ConfigException(String source, String pointer, String reason) {
    super(message(source, pointer, reason));
    this.source = source;
    this.pointer = pointer;
    this.reason = reason;
  }

  /**
   * Creates an exception with a cause. Pass only causes whose messages cannot hold document
   * content, such as {@link java.io.IOException}s from opening a file.
   */
  public ConfigException(String source, String pointer, String reason, Throwable cause) {
    super(message(source, pointer, reason), cause);
    this.source = source;
    this.pointer = pointer;
    this.reason = reason;
  }

  private static String message(String source, String pointer, String reason) {
    requireNonNull(source, "source");
    requireNonNull(pointer, "pointer");
    requireNonNull(reason, "reason");
    return pointer.isEmpty() ? source + ": " + reason : source + ": " + pointer + ": " + reason;
  }

  /** Returns the file path or name of the document, e.g. {@code DOCKER_AUTH_CONFIG}. */
  public String source() {
    return source;
  }

  /** Returns the JSON pointer of the offending value, or {@code ""} for the whole document. */
  public String pointer() {
    return pointer;
  }

  /** Returns what is wrong, e.g. {@code not valid base64}; never holds secret values. */
  public String reason() {
    return reason;
  }
}
