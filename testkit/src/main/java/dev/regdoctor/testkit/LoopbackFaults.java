package dev.regdoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes transport faults on {@code 127.0.0.1}, as a container runtime meets them on real networks.
 * Each method starts a new {@link FaultEndpoint} on a free port; close it when done.
 *
 * <pre>{@code
 * try (FaultEndpoint stall = LoopbackFaults.stall()) {
 *   // GET http://127.0.0.1:PORT/v2/ with a 300 ms read timeout -> SocketTimeoutException
 * }
 * }</pre>
 *
 * <p>All threads are daemons. No endpoint ever sends data.
 */
public final class LoopbackFaults {

  private static final Logger log = LoggerFactory.getLogger(LoopbackFaults.class);

  /** Longest a fault waits for a request before acting anyway. */
  private static final int REQUEST_WAIT_MILLIS = 2_000;

  /** Pause after the last request byte that ends a request without a blank line (TLS hello). */
  private static final int QUIET_MILLIS = 100;

  /** How long a filler connect may take before the backlog counts as full. */
  private static final int FILL_PROBE_MILLIS = 200;

  private static final int MAX_FILLERS = 64;

  private LoopbackFaults() {}

  /**
   * Returns a port that nothing listens on: connecting is refused.
   *
   * <p>The port was bound and released; in the rare case another process takes it meanwhile the
   * fault is lost, so tests should assert on the failure kind rather than assume it.
   */
  public static FaultEndpoint closedPort() {
    int port = Loopback.freePort();
    return new FaultEndpoint() {
      @Override
      public Kind kind() {
        return Kind.CONNECTION_REFUSED;
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public int acceptedConnections() {
        return 0;
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return "FaultEndpoint[" + kind() + " " + hostPort() + "]";
      }
    };
  }

  /**
   * Returns a listener with an accept backlog of 1 that never accepts, with its queue filled by
   * filler connections: new connects time out.
   *
   * <p>On Linux a listener's accept queue holds backlog + 1 connections; once it is full the kernel
   * drops incoming SYNs without an answer ({@code ListenOverflows} in {@code nstat}), so the client
   * retransmits its SYN until its connect timeout. The filling stops after two filler connects in a
   * row time out ({@value #FILL_PROBE_MILLIS} ms each), which also proves the effect on this
   * kernel; creating the endpoint therefore takes about half a second.
   *
   * @throws IllegalStateException if {@value #MAX_FILLERS} fillers were all accepted by the kernel,
   *     i.e. this platform does not drop SYNs for a full queue
   */
  public static FaultEndpoint fullBacklog() {
    ServerSocket listener;
    try {
      listener = new ServerSocket();
      listener.bind(new InetSocketAddress(Loopback.ADDRESS, 0), 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
    List<Socket> fillers = new ArrayList<>();
    InetSocketAddress address = new InetSocketAddress(Loopback.ADDRESS, listener.getLocalPort());
    int timeouts = 0;
    try {
      // Two timeouts in a row: one slow handshake on a loaded machine must not pass for a full
      // queue.
      while (timeouts < 2) {
        if (fillers.size() == MAX_FILLERS) {
          throw new IllegalStateException(
              "the kernel completed "
                  + MAX_FILLERS
                  + " connects to a listener with backlog 1 that never accepts;"
                  + " it does not drop SYNs when the accept queue is full");
        }
        Socket filler = new Socket();
        try {
          filler.connect(address, FILL_PROBE_MILLIS);
          fillers.add(filler);
          timeouts = 0;
        } catch (SocketTimeoutException full) {
          filler.close();
          timeouts++;
        }
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(listener);
      fillers.forEach(LoopbackFaults::closeQuietly);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot fill the accept queue", io);
      }
      throw (RuntimeException) e;
    }
    log.debug("backlog of {} full after {} fillers", address, fillers.size());
    return new FaultEndpoint() {
      @Override
      public Kind kind() {
        return Kind.CONNECT_TIMEOUT;
      }

      @Override
      public int port() {
        return listener.getLocalPort();
      }

      @Override
      public int acceptedConnections() {
        return 0;
      }

      @Override
      public void close() {
        closeQuietly(listener);
        fillers.forEach(LoopbackFaults::closeQuietly);
      }

      @Override
      public String toString() {
        return "FaultEndpoint[" + kind() + " " + hostPort() + ", " + fillers.size() + " fillers]";
      }
    };
  }

  /**
   * Returns a server that accepts and reads forever but never writes: HTTP clients hit their read
   * (response) timeout, TLS clients their handshake timeout.
   */
  public static FaultEndpoint stall() {
    return new AcceptingFault(FaultEndpoint.Kind.RESPONSE_TIMEOUT) {
      @Override
      void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
          // Swallow everything; the client waits for an answer that never comes.
        }
      }
    };
  }

  /**
   * Returns a server that accepts, reads the request (up to the blank line ending HTTP headers, or
   * until the client pauses, e.g. after a TLS ClientHello), then closes with {@code SO_LINGER} 0 so
   * the kernel sends RST: the client sees "connection reset".
   */
  public static FaultEndpoint reset() {
    return new AcceptingFault(FaultEndpoint.Kind.CONNECTION_RESET) {
      @Override
      void serve(Socket socket) throws IOException {
        readRequest(socket);
        socket.setSoLinger(true, 0);
        socket.close();
      }
    };
  }

  /**
   * Returns a server that accepts and at once closes its side (FIN), then drains what the client
   * sends: the client reads end of stream ({@code unexpected end of stream}, or {@code Remote host
   * terminated the handshake} for TLS). Draining instead of closing outright keeps the kernel from
   * answering late request bytes with RST, so the failure is always end of stream, never reset.
   */
  public static FaultEndpoint closeAfterAccept() {
    return new AcceptingFault(FaultEndpoint.Kind.END_OF_STREAM) {
      @Override
      void serve(Socket socket) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(REQUEST_WAIT_MILLIS);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
          while (in.read(buffer) >= 0) {
            // Drain until the client gives up.
          }
        } catch (SocketTimeoutException e) {
          // The client kept the connection open; closing now is fine.
        }
        socket.close();
      }
    };
  }

  /** Reads until the end of the HTTP headers, a pause after some bytes, EOF, or the wait limit. */
  static void readRequest(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    long deadline = System.nanoTime() + REQUEST_WAIT_MILLIS * 1_000_000L;
    byte[] buffer = new byte[8192];
    int total = 0;
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (System.nanoTime() < deadline) {
      socket.setSoTimeout(total == 0 ? REQUEST_WAIT_MILLIS : QUIET_MILLIS);
      int read;
      try {
        read = in.read(buffer);
      } catch (SocketTimeoutException e) {
        return;
      }
      if (read < 0) {
        return;
      }
      for (int i = 0; i < read; i++) {
        matched = buffer[i] == end[matched] ? matched + 1 : (buffer[i] == '\r' ? 1 : 0);
        if (matched == end.length) {
          return;
        }
      }
      total += read;
    }
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.trace("close failed", e);
    }
  }

  /** Accepts connections on a daemon thread and hands each to {@link #serve(Socket)}. */
  private abstract static class AcceptingFault implements FaultEndpoint {
    private final Kind kind;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    AcceptingFault(Kind kind) {
      this.kind = kind;
      try {
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(Loopback.ADDRESS, 0), 50);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on loopback", e);
      }
      this.threads =
          Executors.newCachedThreadPool(
              Loopback.daemonThreads("fault-" + kind.name().toLowerCase(Locale.ROOT)));
      threads.execute(this::acceptLoop);
    }

    abstract void serve(Socket socket) throws IOException;

    private void acceptLoop() {
      while (!closed) {
        Socket socket;
        try {
          socket = listener.accept();
        } catch (IOException e) {
          if (!closed) {
            log.debug("accept failed on {}", hostPort(), e);
          }
          return;
        }
        accepted.incrementAndGet();
        sockets.add(socket);
        try {
          threads.execute(
              () -> {
                try {
                  serve(socket);
                } catch (SocketException e) {
                  // The client went away or close() closed the socket.
                } catch (IOException e) {
                  log.debug("fault connection failed", e);
                } finally {
                  closeQuietly(socket);
                  sockets.remove(socket);
                }
              });
        } catch (RejectedExecutionException e) {
          closeQuietly(socket);
          return;
        }
      }
    }

    @Override
    public Kind kind() {
      return kind;
    }

    @Override
    public int port() {
      return listener.getLocalPort();
    }

    @Override
    public int acceptedConnections() {
      return accepted.get();
    }

    @Override
    public void close() {
      closed = true;
      closeQuietly(listener);
      sockets.forEach(LoopbackFaults::closeQuietly);
      threads.shutdownNow();
    }

    @Override
    public String toString() {
      return "FaultEndpoint[" + kind + " " + hostPort() + "]";
    }
  }
}
