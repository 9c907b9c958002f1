package dev.regdoctor.internal.http;

import java.io.IOException;

/**
 * Bytes were waiting on a kept-alive HTTP/1 connection before a request was written: a response
 * nobody asked for (a smuggled second response, a body sent after a {@code HEAD}, a wrong {@code
 * Content-Length}). Reading it would answer this request with another one's response, so the
 * connection is retired and {@link Exchange} asks again on a fresh one, as Go's HTTP client does
 * ("Unsolicited response received on idle HTTP channel").
 */
public final class UnsolicitedResponseException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long bytes;

  public UnsolicitedResponseException(long bytes) {
    super(
        (bytes < 0 ? "unsolicited bytes" : bytes + " unsolicited bytes")
            + " were waiting on a reused connection");
    this.bytes = bytes;
  }

  /** How many bytes were waiting (at least); -1 when they showed up as a garbled status line. */
  public long bytes() {
    return bytes;
  }
}
