package dev.regdoctor.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Locale;
import okhttp3.Connection;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.connection.RealConnection;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * OkHttp network interceptor: the last look at a connection before a request's first byte is
 * written, and the first look at the response. It enforces what OkHttp itself allows:
 *
 * <ul>
 *   <li>the connected address must be one {@link Destinations} allows (a backstop for pooled or
 *       coalesced connections and for lookups the DNS hook did not see);
 *   <li>a reused HTTP/1 connection must have nothing waiting to be read: OkHttp hands such bytes to
 *       the next request as its response (a smuggled response would become the answer to another
 *       request, or another image's check);
 *   <li>response headers must not hold NUL or other control characters, nor names that are not
 *       tokens: OkHttp accepts them leniently, Go's HTTP client (every container runtime) rejects
 *       the response.
 * </ul>
 *
 * Retired connections are marked so that OkHttp never hands them out again.
 */
final class ConnectionGuard implements Interceptor {
  private static final @Nullable Field BUFFERED_SOCKET = bufferedSocketField();

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Connection connection = chain.connection();
    if (connection != null) {
      checkDestination(request, connection);
      if (connection.protocol() == Protocol.HTTP_1_1
          || connection.protocol() == Protocol.HTTP_1_0) {
        long waiting = waitingBytes(connection);
        if (waiting > 0) {
          retire(connection);
          throw new UnsolicitedResponseException(waiting);
        }
      }
    }
    Response response = chain.proceed(request);
    String malformed = headerProblem(response.headers());
    if (malformed != null) {
      if (connection != null) {
        retire(connection);
      }
      response.close();
      throw new MalformedResponseException(malformed);
    }
    return response;
  }

  private static void checkDestination(Request request, Connection connection)
      throws RefusedDestinationException {
    Destinations destinations = request.tag(Destinations.class);
    if (destinations == null || connection.route().proxy().type() != Proxy.Type.DIRECT) {
      return; // through a proxy only the literal check applies: the proxy resolves the name
    }
    InetSocketAddress socket = connection.route().socketAddress();
    InetAddress address = socket.getAddress();
    if (address == null) {
      return;
    }
    String host = request.url().host();
    destinations.connected(host, address);
    String problem = destinations.problem(host, address);
    if (problem != null) {
      retire(connection);
      throw new RefusedDestinationException(problem);
    }
  }

  /** Returns why {@code headers} would be rejected by a Go HTTP client, or {@code null}. */
  static @Nullable String headerProblem(Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      if (name.isEmpty()) {
        return "a response header has an empty name";
      }
      for (int j = 0; j < name.length(); j++) {
        if (!isTokenChar(name.charAt(j))) {
          return "response header name "
              + visible(name)
              + " contains "
              + describe(name.charAt(j))
              + ", which is not allowed in a header name";
        }
      }
      String value = headers.value(i);
      for (int j = 0; j < value.length(); j++) {
        char c = value.charAt(j);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          return "response header "
              + visible(name)
              + " contains "
              + describe(c)
              + " at offset "
              + j
              + "; container runtimes reject such a response (\"malformed MIME header line\")";
        }
      }
    }
    return null;
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static String describe(char c) {
    return c == 0
        ? "a NUL byte"
        : String.format(Locale.ROOT, "the control character 0x%02x", (int) c);
  }

  private static String visible(String name) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < Math.min(name.length(), 64); i++) {
      char c = name.charAt(i);
      text.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : c);
    }
    return text.append('"').toString();
  }

  /** Bytes already buffered by OkHttp or waiting in the socket, before a request is written. */
  static long waitingBytes(Connection connection) {
    BufferedSource source = connectionSource(connection);
    long buffered = source == null ? 0 : source.getBuffer().size();
    if (buffered > 0) {
      return buffered;
    }
    try {
      InputStream in = connection.socket().getInputStream();
      return in.available();
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Returns the connection's own buffered source (what OkHttp read from the socket ahead of the
   * current response's reader), or {@code null} when OkHttp's internals are not as expected.
   */
  static @Nullable BufferedSource connectionSource(Connection connection) {
    if (BUFFERED_SOCKET != null && connection instanceof RealConnection) {
      try {
        Object socket = BUFFERED_SOCKET.get(connection);
        if (socket instanceof okhttp3.internal.connection.BufferedSocket buffer) {
          return buffer.getSource();
        }
      } catch (IllegalAccessException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  static void retire(Connection connection) {
    if (connection instanceof RealConnection real) {
      real.noNewExchanges();
    }
  }

  /**
   * OkHttp keeps what it read ahead in a private field; reading its size is the only way to see a
   * response that arrived in the same segment as the previous one. {@code ConnectionGuardTest}
   * fails if an OkHttp upgrade renames it.
   */
  private static @Nullable Field bufferedSocketField() {
    try {
      Field field = RealConnection.class.getDeclaredField("socket");
      if (!okhttp3.internal.connection.BufferedSocket.class.isAssignableFrom(field.getType())) {
        return null;
      }
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  static boolean canSeeBufferedBytes() {
    return BUFFERED_SOCKET != null;
  }
}
