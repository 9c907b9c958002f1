package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A response for the JDK HTTP server: status, headers in order, and a body.
 *
 * <p>{@link #send(HttpExchange)} follows HTTP for bodiless answers: a {@code HEAD} response carries
 * the {@code Content-Length} of the body it leaves out, as Go's server (and so docker-registry)
 * does; 204 and 304 carry neither body nor length. Never set {@code Content-Length} by hand. Not
 * thread-safe; one per exchange.
 */
final class Reply {

  static final String JSON_UTF8 = "application/json; charset=utf-8";
  static final String TEXT_UTF8 = "text/plain; charset=utf-8";

  private final int status;
  private final List<String[]> headers = new ArrayList<>();
  private byte[] body = new byte[0];

  private Reply(int status) {
    this.status = status;
  }

  /** Returns an empty reply with {@code status}. */
  static Reply status(int status) {
    return new Reply(status);
  }

  /** Returns a reply with {@code text} as its UTF-8 body of {@code contentType}. */
  static Reply text(int status, String contentType, String text) {
    return new Reply(status).body(contentType, text.getBytes(UTF_8));
  }

  /** Adds a header; several values of one name are sent as several lines. */
  Reply header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  /** Sets the body and its {@code Content-Type}. The array is sent as is, never copied. */
  Reply body(String contentType, byte[] content) {
    header("Content-Type", contentType);
    return body(content);
  }

  /** Sets the body without a {@code Content-Type}. The array is sent as is, never copied. */
  Reply body(byte[] content) {
    this.body = content;
    return this;
  }

  int status() {
    return status;
  }

  /** Returns the first value of header {@code name}, ignoring case. */
  Optional<String> header(String name) {
    for (String[] header : headers) {
      if (header[0].equalsIgnoreCase(name)) {
        return Optional.of(header[1]);
      }
    }
    return Optional.empty();
  }

  /** Writes the reply; the caller closes the exchange. */
  void send(HttpExchange exchange) throws IOException {
    Headers out = exchange.getResponseHeaders();
    for (String[] header : headers) {
      out.add(header[0], header[1]);
    }
    if (status == 204 || status == 304) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    if (exchange.getRequestMethod().toUpperCase(Locale.ROOT).equals("HEAD")) {
      out.set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    if (body.length == 0) {
      // -1 makes the JDK send "Content-Length: 0" rather than a chunked body.
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream stream = exchange.getResponseBody()) {
      stream.write(body);
    }
  }
}
