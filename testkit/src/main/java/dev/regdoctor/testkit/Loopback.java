package dev.regdoctor.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The IPv4 loopback address everything in this package binds, and small socket chores. */
final class Loopback {

  private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /** {@code 127.0.0.1}, never {@code ::1}, so {@code hostPort()} strings stay simple. */
  static final InetAddress ADDRESS = ipv4Loopback();

  static {
    // The JDK HTTP server writes headers and body as two segments without TCP_NODELAY, so Nagle
    // and the client's delayed ACK stall every response for about 40 ms. The server reads this
    // property once, when it first starts; every server in this package touches this class first.
    if (System.getProperty(NO_DELAY_PROPERTY) == null) {
      System.setProperty(NO_DELAY_PROPERTY, "true");
    }
  }

  private Loopback() {}

  /** Returns {@code 127.0.0.1:port}. */
  static String hostPort(int port) {
    return ADDRESS.getHostAddress() + ":" + port;
  }

  /**
   * Returns a port that was free a moment ago: bound, then released. Another process may take it
   * before the caller binds it, so callers retry on "address already in use".
   */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(ADDRESS, 0), 1);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  /** Returns a factory of daemon threads named {@code prefix-N}. */
  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Stops {@code server} at once and ends the threads of its {@code executor}, waiting up to 5 s
   * for them.
   */
  static void stop(HttpServer server, ExecutorService executor) {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
