package dev.regdoctor.testkit;

/**
 * A loopback address that fails in one specific way, made by {@link LoopbackFaults}.
 *
 * <p>Closing it stops its threads and closes every socket it holds. Thread-safe.
 */
public interface FaultEndpoint extends AutoCloseable {

  /** The failure a client sees. */
  enum Kind {
    /** Nothing listens: connecting is refused ({@code ECONNREFUSED}). */
    CONNECTION_REFUSED,
    /** The accept queue is full and SYNs are dropped: connecting times out. */
    CONNECT_TIMEOUT,
    /** Connects and takes the request but never answers, not even a TLS handshake. */
    RESPONSE_TIMEOUT,
    /** Connects, reads the request, then resets the connection ({@code ECONNRESET}). */
    CONNECTION_RESET,
    /** Connects, then closes at once: the client reads end of stream. */
    END_OF_STREAM
  }

  /** Returns the failure this endpoint produces. */
  Kind kind();

  /** Returns the port on {@code 127.0.0.1}. */
  int port();

  /** Returns {@code 127.0.0.1:PORT}. */
  default String hostPort() {
    return Loopback.hostPort(port());
  }

  /** Returns {@code http://127.0.0.1:PORT}, for clients that want a URL. */
  default String baseUrl() {
    return "http://" + hostPort();
  }

  /**
   * Returns how many client connections were accepted so far (fillers of a full backlog excluded).
   */
  int acceptedConnections();

  /** Stops the endpoint and closes its sockets. Idempotent; never throws. */
  @Override
  void close();
}
