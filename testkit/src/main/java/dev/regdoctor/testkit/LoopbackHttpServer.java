package dev.regdoctor.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK {@link HttpServer} (or {@link HttpsServer}) on {@code 127.0.0.1} and a port the kernel
 * picks, answering every path with a {@link Handler}, counting requests and keeping the most recent
 * {@value #MAX_RECORDED} as {@link ServedRequest}s. Thread-safe.
 */
final class LoopbackHttpServer implements AutoCloseable {

  /** Computes the reply to one exchange; may read the request body. */
  interface Handler {
    Reply handle(HttpExchange exchange) throws IOException;
  }

  /** How many recent requests {@link #requests()} keeps, so that benchmarks stay bounded. */
  static final int MAX_RECORDED = 10_000;

  private static final Logger log = LoggerFactory.getLogger(LoopbackHttpServer.class);
  private static final int THREADS = 8;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Handler handler;
  private final boolean tls;
  private final AtomicInteger requestCount = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Deque<ServedRequest> recorded = new ArrayDeque<>();

  /**
   * Starts serving.
   *
   * @param name the thread name prefix, e.g. {@code embedded-registry}
   * @param certificate the server certificate for HTTPS, or {@code null} for plain HTTP
   * @param intermediates the chain sent after {@code certificate}
   */
  LoopbackHttpServer(
      String name,
      @Nullable HeldCertificate certificate,
      X509Certificate[] intermediates,
      Handler handler) {
    this.handler = handler;
    this.tls = certificate != null;
    InetSocketAddress loopback = new InetSocketAddress(Loopback.ADDRESS, 0);
    try {
      if (certificate != null) {
        HttpsServer https = HttpsServer.create(loopback, 0);
        HandshakeCertificates certificates =
            new HandshakeCertificates.Builder().heldCertificate(certificate, intermediates).build();
        https.setHttpsConfigurator(new HttpsConfigurator(certificates.sslContext()));
        this.server = https;
      } else {
        this.server = HttpServer.create(loopback, 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
    this.executor = Executors.newFixedThreadPool(THREADS, Loopback.daemonThreads(name));
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  boolean isTls() {
    return tls;
  }

  /** Returns {@code http://127.0.0.1:PORT} or {@code https://…}. */
  String baseUrl() {
    return (tls ? "https://" : "http://") + Loopback.hostPort(port());
  }

  int requestCount() {
    return requestCount.get();
  }

  List<ServedRequest> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** Stops at once and ends the threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Loopback.stop(server, executor);
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      requestCount.incrementAndGet();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Reply reply;
      try {
        reply = handler.handle(exchange);
      } catch (IOException | RuntimeException e) {
        log.debug("{} {} failed", method, path, e);
        reply = Reply.text(500, Reply.TEXT_UTF8, "500 internal server error\n");
      }
      // Record before answering: a client that has its response must find its request here.
      synchronized (recorded) {
        if (recorded.size() == MAX_RECORDED) {
          recorded.removeFirst();
        }
        recorded.addLast(new ServedRequest(method, path, reply.status()));
      }
      log.debug("{} {} -> {}", method, path, reply.status());
      reply.send(exchange);
    } catch (IOException e) {
      log.debug("answering failed; the client went away", e);
    }
  }
}
