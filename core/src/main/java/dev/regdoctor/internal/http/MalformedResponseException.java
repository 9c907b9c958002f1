package dev.regdoctor.internal.http;

import java.net.ProtocolException;

/**
 * An HTTP response a container runtime would reject as malformed (a header with a NUL or other
 * control character, a header name that is not a token). Go's HTTP client, which Docker, containerd
 * and Podman use, fails such a response with "malformed MIME header line"; so do we.
 */
public final class MalformedResponseException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  public MalformedResponseException(String message) {
    super(message);
  }
}
