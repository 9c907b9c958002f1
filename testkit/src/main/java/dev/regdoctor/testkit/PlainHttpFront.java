package dev.regdoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback front for a plain HTTP server (a MockWebServer) that reacts to a TLS ClientHello in
 * one fixed way and relays every other connection to the server unchanged.
 *
 * <p>MockWebServer alone reacts to a ClientHello at random: it parses the bytes up to the first
 * {@code 0x0a} as a request line and, depending on the random bytes, hangs up or waits forever for
 * the end of the headers. The Go {@code net/http} server of the distribution registry always
 * answers {@code 400 Bad Request}, which {@link Reaction#ANSWER_400} reproduces: put this front
 * before a MockWebServer whenever a runtime's HTTPS attempt at a plain-HTTP registry must fail as
 * it does against a real one (at once), not take the check's whole deadline.
 */
public final class PlainHttpFront implements AutoCloseable {
  private static final int TLS_HANDSHAKE_RECORD = 0x16;
  private static final byte[] BAD_REQUEST =
      ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
              + "Connection: close\r\n\r\n400 Bad Request")
          .getBytes(StandardCharsets.US_ASCII);

  /** What the front does with a connection that starts with a TLS handshake record. */
  public enum Reaction {
    /** Answers {@code 400 Bad Request} and closes, as Go's net/http does. */
    ANSWER_400,
    /** Reads the ClientHello and closes without a word. */
    CLOSE,
    /** Reads the ClientHello and then nothing happens until the client gives up. */
    STALL
  }

  private final ServerSocket listener;
  private final int backendPort;
  private final Reaction reaction;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "plain-http-front");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tlsGreetings = new AtomicInteger();

  /** Listens on a free loopback port and relays plain HTTP to {@code backendPort}. */
  public PlainHttpFront(int backendPort, Reaction reaction) throws IOException {
    this.backendPort = backendPort;
    this.reaction = reaction;
    this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    threads.execute(this::acceptLoop);
  }

  /** Returns the loopback port the front listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Returns how many connections opened with a TLS ClientHello. */
  public int tlsGreetings() {
    return tlsGreetings.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try {
      InputStream in = client.getInputStream();
      int first = in.read();
      if (first == TLS_HANDSHAKE_RECORD) {
        tlsGreetings.incrementAndGet();
        react(client, in);
      } else if (first >= 0) {
        relay(client, first);
        return;
      }
    } catch (IOException e) {
      // the client went away; nothing to report
    }
    closeQuietly(client);
  }

  private void react(Socket client, InputStream in) throws IOException {
    switch (reaction) {
      case ANSWER_400 -> {
        client.getOutputStream().write(BAD_REQUEST);
        client.getOutputStream().flush();
        // Half-close and drain, as Go does, so unread ClientHello bytes do not turn the close into
        // a reset that would race the answer.
        client.shutdownOutput();
        drain(client, in, 1_000);
      }
      case CLOSE -> drain(client, in, 200);
      case STALL -> drain(client, in, 0);
    }
  }

  /** Reads until end of stream, or for {@code millis} (0: without limit). */
  private static void drain(Socket client, InputStream in, int millis) throws IOException {
    client.setSoTimeout(millis);
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // discard
      }
    } catch (SocketTimeoutException e) {
      // the client waits for an answer; stop reading
    }
  }

  private void relay(Socket client, int first) throws IOException {
    Socket backend = new Socket(InetAddress.getByName("127.0.0.1"), backendPort);
    sockets.add(backend);
    OutputStream toBackend = backend.getOutputStream();
    toBackend.write(first);
    threads.execute(() -> pump(backend, client));
    pump(client, backend);
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(PlainHttpFront::closeQuietly);
    threads.shutdownNow();
  }
}
