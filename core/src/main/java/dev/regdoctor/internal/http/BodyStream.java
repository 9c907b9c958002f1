package dev.regdoctor.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Locale;
import okhttp3.Connection;
import okhttp3.Protocol;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * A 2xx response body read in large blocks. When HTTP/1 framing allows (a {@code Content-Length},
 * no transfer or content coding), the bytes OkHttp has not yet read from the socket are read
 * straight from the socket's input stream into the caller's array: okio reads at most one 8 KiB
 * segment per call, each wrapped in its timeout bookkeeping, which costs about a third of the
 * throughput on a fast link. Otherwise (HTTP/2, chunked, compressed) the body is read through okio.
 * Socket and call timeouts still apply: a stalled read fails after the read timeout, and the call's
 * deadline closes the socket under the reader.
 *
 * <p>A connection whose body was read past OkHttp's back is retired and closed by {@link
 * #release()}: its framing state no longer matches the socket, so it is never reused.
 */
public final class BodyStream {
  private final BufferedSource body;
  private final long requestStartNanos;
  private final long responseHeadersNanos;
  private final @Nullable Connection connection;
  private final @Nullable BufferedSource connectionBuffer;
  private final @Nullable InputStream socketInput;
  private long remaining;
  private long directBytes;

  private BodyStream(
      BufferedSource body,
      long requestStartNanos,
      long responseHeadersNanos,
      long contentLength,
      @Nullable Connection connection,
      @Nullable BufferedSource connectionBuffer,
      @Nullable InputStream socketInput) {
    this.body = body;
    this.requestStartNanos = requestStartNanos;
    this.responseHeadersNanos = responseHeadersNanos;
    this.remaining = contentLength;
    this.connection = connection;
    this.connectionBuffer = connectionBuffer;
    this.socketInput = socketInput;
  }

  /** Returns a reader of {@code response}'s body, direct from the socket where framing allows. */
  static BodyStream of(Response response, PhaseRecorder phases) {
    BufferedSource body = response.body().source();
    long length = contentLength(response);
    Connection connection = phases.connection();
    boolean http1 =
        response.protocol() == Protocol.HTTP_1_1 || response.protocol() == Protocol.HTTP_1_0;
    String coding = response.header("Content-Encoding");
    boolean plain =
        http1
            && length >= 0
            && response.header("Transfer-Encoding") == null
            && (coding == null || coding.trim().equalsIgnoreCase("identity"))
            && response.networkResponse() != null
            && body.getBuffer().size() == 0;
    BufferedSource buffer =
        plain && connection != null ? ConnectionGuard.connectionSource(connection) : null;
    InputStream input = null;
    if (buffer != null) {
      try {
        input = connection.socket().getInputStream();
      } catch (IOException e) {
        buffer = null;
      }
    }
    return new BodyStream(
        body,
        phases.requestStartNanos(),
        phases.responseHeadersNanos(),
        length,
        connection,
        buffer,
        buffer == null ? null : input);
  }

  /**
   * Reads up to {@code length} bytes into {@code into} at {@code offset}; returns -1 at the end of
   * the body.
   */
  public int read(byte[] into, int offset, int length) throws IOException {
    if (remaining == 0 || length == 0) {
      return remaining == 0 ? -1 : 0;
    }
    int wanted = remaining > 0 ? (int) Math.min(length, remaining) : length;
    int read;
    if (socketInput != null && connectionBuffer != null) {
      long buffered = body.getBuffer().size() + connectionBuffer.getBuffer().size();
      if (buffered > 0) {
        // what OkHttp already read from the socket comes first, through OkHttp
        read = body.read(into, offset, (int) Math.min(wanted, buffered));
      } else {
        read = socketInput.read(into, offset, wanted);
        if (read > 0) {
          directBytes += read;
        }
      }
    } else {
      read = body.read(into, offset, wanted);
    }
    if (read > 0 && remaining > 0) {
      remaining -= read;
    }
    return read;
  }

  /** Returns whether the body goes on after what was read (checked with one more read). */
  public boolean hasMore() throws IOException {
    if (remaining == 0) {
      return false;
    }
    byte[] one = new byte[1];
    return read(one, 0, 1) > 0;
  }

  /**
   * Returns when the request that this body answers started to be written ({@link
   * System#nanoTime}), or -1 when unknown: transfer time measured from here excludes DNS, connect,
   * TLS and earlier redirect hops, like curl's {@code time_total - time_pretransfer}.
   */
  public long requestStartNanos() {
    return requestStartNanos;
  }

  /** Returns when the response headers had been read ({@link System#nanoTime}), or -1. */
  public long responseHeadersNanos() {
    return responseHeadersNanos;
  }

  /** Returns whether bytes were read straight from the socket. */
  public boolean direct() {
    return directBytes > 0;
  }

  /** Retires and closes the connection if bytes were read past OkHttp, so it is never reused. */
  void release() {
    if (directBytes == 0 || connection == null) {
      return;
    }
    ConnectionGuard.retire(connection);
    Socket socket = connection.socket();
    try {
      socket.close();
    } catch (IOException e) {
      // closing is best effort: the connection is retired either way
    }
  }

  private static long contentLength(Response response) {
    String value = response.header("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value.trim());
      return length < 0 ? -1 : length;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "BodyStream[direct=%s, remaining=%d]", direct(), remaining);
  }
}
