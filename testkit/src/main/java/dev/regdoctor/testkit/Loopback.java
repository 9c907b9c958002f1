package dev.regdoctor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The IPv4 loopback address everything in this package binds, and small socket chores. */
final class Loopback {

  /** {@code 127.0.0.1}, never {@code ::1}, so {@code hostPort()} strings stay simple. */
  static final InetAddress ADDRESS = ipv4Loopback();

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

  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
