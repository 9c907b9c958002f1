package dev.regdoctor.testkit;

import java.util.List;

/**
 * A loopback HTTP server that answers every request the same scripted way, made by {@link
 * ScriptedServers}: something that is reachable but is not a working registry.
 *
 * <p>Closing it stops the server and its threads. Thread-safe.
 */
public interface ScriptedEndpoint extends AutoCloseable {

  /** Returns the port on {@code 127.0.0.1}. */
  int port();

  /** Returns {@code 127.0.0.1:PORT}. */
  default String hostPort() {
    return Loopback.hostPort(port());
  }

  /** Returns {@code http://127.0.0.1:PORT}; no trailing slash. */
  default String baseUrl() {
    return "http://" + hostPort();
  }

  /** Returns how many requests arrived so far. */
  int requestCount();

  /**
   * Returns the requests answered so far, oldest first, without headers or bodies; keeps the most
   * recent 10 000.
   */
  List<ServedRequest> requests();

  /** Stops the server at once. Idempotent; never throws. */
  @Override
  void close();
}
