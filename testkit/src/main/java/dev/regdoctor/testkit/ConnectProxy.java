package dev.regdoctor.testkit;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy on {@code 127.0.0.1} that opens CONNECT tunnels, as corporate proxies do for HTTPS,
 * optionally only for requests carrying given Basic {@code Proxy-Authorization} credentials (else
 * 407 with {@code Proxy-Authenticate: Basic realm="testkit"}, then the connection closes, as Squid
 * does). It tunnels only to the targets {@link Builder#route routed} to a loopback port, so a test
 * can use names under {@code .invalid} that nothing resolves; other targets get 502. Requests other
 * than CONNECT (plain-HTTP proxying) get 407 without credentials and 501 with them.
 *
 * <p>Every request head is recorded ({@link #requests()}), including the {@code
 * Proxy-Authorization} value, so tests can check what was sent. Closing stops the threads and
 * closes every socket. Thread-safe.
 */
public final class ConnectProxy implements AutoCloseable {

  /**
   * A request the proxy received.
   *
   * @param method the method, e.g. {@code CONNECT}
   * @param target the request target, e.g. {@code reg.test.invalid:443}
   * @param proxyAuthorization the {@code Proxy-Authorization} value, or {@code null} if none
   */
  public record Received(String method, String target, @Nullable String proxyAuthorization) {}

  private final ServerSocket server;
  private final @Nullable String expected;
  private final Map<String, Integer> routes;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closed;

  private ConnectProxy(Builder builder) throws IOException {
    this.expected =
        builder.user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (builder.user + ":" + builder.password).getBytes(StandardCharsets.UTF_8));
    this.routes = Map.copyOf(builder.routes);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "connect-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Returns a builder for a proxy that asks for no credentials and routes nothing. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a proxy to start. Not thread-safe. */
  public static final class Builder {
    private @Nullable String user;
    private String password = "";
    private final Map<String, Integer> routes = new HashMap<>();

    private Builder() {}

    /** Answers 407 unless a request carries Basic credentials for {@code user}:{@code password}. */
    public Builder requireBasic(String user, String password) {
      this.user = requireNonNull(user, "user");
      this.password = requireNonNull(password, "password");
      return this;
    }

    /**
     * Tunnels CONNECT requests for {@code hostPort} (e.g. {@code reg.test.invalid:443}) to {@code
     * 127.0.0.1:loopbackPort}.
     */
    public Builder route(String hostPort, int loopbackPort) {
      routes.put(requireNonNull(hostPort, "hostPort").toLowerCase(Locale.ROOT), loopbackPort);
      return this;
    }

    /** Starts the proxy on a free port of {@code 127.0.0.1}. */
    public ConnectProxy start() {
      try {
        return new ConnectProxy(this);
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the proxy", e);
      }
    }
  }

  /** Returns the port on {@code 127.0.0.1}. */
  public int port() {
    return server.getLocalPort();
  }

  /** Returns {@code 127.0.0.1:PORT}. */
  public String hostPort() {
    return Loopback.hostPort(port());
  }

  /** Returns the requests received so far, in order. */
  public List<Received> requests() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread handler = new Thread(() -> serve(client), "connect-proxy-client");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(20_000);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      if (requestLine.length < 3) {
        answer(out, "400 Bad Request", "");
        return;
      }
      String authorization = null;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0
            && lines[i].substring(0, colon).trim().equalsIgnoreCase("Proxy-Authorization")) {
          authorization = lines[i].substring(colon + 1).trim();
        }
      }
      received.add(new Received(requestLine[0], requestLine[1], authorization));
      if (expected != null && !expected.equals(authorization)) {
        answer(
            out,
            "407 Proxy Authentication Required",
            "Proxy-Authenticate: Basic realm=\"testkit\"\r\n");
        return;
      }
      if (!requestLine[0].equals("CONNECT")) {
        answer(out, "501 Not Implemented", "");
        return;
      }
      Integer port = routes.get(requestLine[1].toLowerCase(Locale.ROOT));
      if (port == null) {
        answer(out, "502 Bad Gateway", "");
        return;
      }
      try (Socket upstream = new Socket()) {
        sockets.add(upstream);
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        upstream.setSoTimeout(20_000);
        out.write(
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread back = new Thread(() -> pipe(upstream, client), "connect-proxy-tunnel");
        back.setDaemon(true);
        back.start();
        pipe(client, upstream);
        back.join(20_000);
      }
    } catch (IOException | InterruptedException e) {
      // the client or the target went away: nothing to report
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // closed
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException | UnsupportedOperationException e) {
        // already closed
      }
    }
  }

  private static void answer(OutputStream out, String status, String headers) throws IOException {
    out.write(
        ("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads up to the blank line after the headers, byte by byte (nothing after it is consumed). */
  private static @Nullable String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0 || head.size() > 65_536) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
    synchronized (sockets) {
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing
        }
      }
    }
  }

  @Override
  public String toString() {
    return "ConnectProxy[" + hostPort() + (expected == null ? "" : ", Basic required") + "]";
  }
}
