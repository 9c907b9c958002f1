package dev.regdoctor.internal.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Records the phases of one HTTP call with monotonic timestamps: DNS, connect, TLS, request,
 * response, and where a failure happened. One instance per call (attached as a request tag).
 */
public final class PhaseRecorder extends EventListener {

  /** The phase a call was in, in order. */
  public enum Phase {
    NOT_STARTED,
    DNS,
    CONNECT,
    TLS,
    REQUEST,
    RESPONSE,
    DONE
  }

  private final long created = System.nanoTime();
  private volatile long dnsStart = -1;
  private volatile long dnsEnd = -1;
  private volatile long connectStart = -1;
  private volatile long secureStart = -1;
  private volatile long secureEnd = -1;
  private volatile long connectEnd = -1;
  private volatile long requestStart = -1;
  private volatile long responseStart = -1;
  private volatile long responseHeadersEnd = -1;
  private volatile Phase phase = Phase.NOT_STARTED;
  private volatile boolean reusedConnection;
  private volatile @Nullable List<InetAddress> addresses;
  private volatile @Nullable InetSocketAddress socketAddress;
  private volatile @Nullable Proxy proxy;
  private volatile @Nullable Handshake handshake;
  private volatile @Nullable List<Certificate> presentedChain;
  private volatile @Nullable Connection connection;

  @Override
  public void dnsStart(Call call, String domainName) {
    dnsStart = System.nanoTime();
    phase = Phase.DNS;
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> list) {
    dnsEnd = System.nanoTime();
    addresses = List.copyOf(list);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress address, Proxy proxyUsed) {
    connectStart = System.nanoTime();
    socketAddress = address;
    proxy = proxyUsed;
    phase = Phase.CONNECT;
  }

  @Override
  public void secureConnectStart(Call call) {
    secureStart = System.nanoTime();
    phase = Phase.TLS;
  }

  @Override
  public void secureConnectEnd(Call call, @Nullable Handshake value) {
    secureEnd = System.nanoTime();
    handshake = value;
  }

  @Override
  public void connectEnd(
      Call call, InetSocketAddress address, Proxy proxyUsed, @Nullable Protocol protocol) {
    connectEnd = System.nanoTime();
  }

  @Override
  public void connectFailed(
      Call call,
      InetSocketAddress address,
      Proxy proxyUsed,
      @Nullable Protocol protocol,
      IOException e) {
    socketAddress = address;
    proxy = proxyUsed;
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    this.connection = connection;
    if (connectStart < 0) {
      reusedConnection = true;
      socketAddress = connection.route().socketAddress();
      proxy = connection.route().proxy();
      handshake = connection.handshake();
    }
    phase = Phase.REQUEST;
  }

  @Override
  public void requestHeadersStart(Call call) {
    if (PullTrace.ENABLED) {
      PullTrace.requestStarting();
    }
    requestStart = System.nanoTime();
    phase = Phase.REQUEST;
  }

  @Override
  public void responseHeadersStart(Call call) {
    responseStart = System.nanoTime();
    phase = Phase.RESPONSE;
  }

  @Override
  public void requestHeadersEnd(Call call, Request request) {
    // Waiting for the response from here on.
    phase = Phase.RESPONSE;
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    responseHeadersEnd = System.nanoTime();
  }

  @Override
  public void callEnd(Call call) {
    phase = Phase.DONE;
  }

  /** Called by the recording trust manager with the chain the server presented. */
  public void presentedChain(List<Certificate> chain) {
    presentedChain = List.copyOf(chain);
  }

  public Phase phase() {
    return phase;
  }

  /** Returns the connection the request went out on, once acquired. */
  @Nullable Connection connection() {
    return connection;
  }

  /**
   * Returns when the request's headers started to be written ({@link System#nanoTime}), or -1
   * before: the start of curl's {@code time_total - time_pretransfer}.
   */
  long responseHeadersNanos() {
    return responseHeadersEnd;
  }

  long requestStartNanos() {
    return requestStart;
  }

  public boolean reusedConnection() {
    return reusedConnection;
  }

  public boolean connected() {
    return connectEnd >= 0 || reusedConnection;
  }

  public boolean tlsCompleted() {
    return secureEnd >= 0 || (reusedConnection && handshake != null);
  }

  public boolean viaProxy() {
    Proxy used = proxy;
    return used != null && used.type() != Proxy.Type.DIRECT;
  }

  public @Nullable Proxy proxy() {
    return proxy;
  }

  public @Nullable InetSocketAddress socketAddress() {
    return socketAddress;
  }

  public @Nullable Handshake handshake() {
    return handshake;
  }

  public @Nullable List<Certificate> presentedChain() {
    List<Certificate> chain = presentedChain;
    if (chain != null) {
      return chain;
    }
    Handshake done = handshake;
    return done == null ? null : done.peerCertificates();
  }

  public Duration dnsTime() {
    return between(dnsStart, dnsEnd);
  }

  public Duration connectTime() {
    return between(connectStart, secureStart >= 0 ? secureStart : connectEnd);
  }

  public Duration tlsTime() {
    return between(secureStart, secureEnd);
  }

  public Duration sinceCreated() {
    return Duration.ofNanos(System.nanoTime() - created);
  }

  /** Time from sending the request to the response headers. */
  public Duration responseTime() {
    return between(requestStart, responseHeadersEnd);
  }

  /** How long the phase in progress has been running (for failures). */
  public Duration currentPhaseTime() {
    long now = System.nanoTime();
    return switch (phase) {
      case DNS -> Duration.ofNanos(now - dnsStart);
      case CONNECT -> Duration.ofNanos(now - connectStart);
      case TLS -> Duration.ofNanos(now - secureStart);
      case REQUEST, RESPONSE ->
          requestStart < 0 ? Duration.ZERO : Duration.ofNanos(now - requestStart);
      default -> Duration.ZERO;
    };
  }

  public String addressesText() {
    List<InetAddress> list = addresses;
    if (list == null) {
      InetSocketAddress address = socketAddress;
      return address == null || address.getAddress() == null
          ? ""
          : address.getAddress().getHostAddress();
    }
    return list.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
  }

  private static Duration between(long start, long end) {
    return start < 0 || end < start ? Duration.ZERO : Duration.ofNanos(end - start);
  }
}
