package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LoopbackFaultsTest {

  private static final Duration SHORT = Duration.ofMillis(300);

  private final OkHttpClient http = TestHttp.client(SHORT);

  private Throwable get(String url) {
    return catchThrowable(
        () -> {
          try (Response response =
              http.newCall(new Request.Builder().url(url + "/v2/").build()).execute()) {
            throw new AssertionError(
                "expected a transport failure but got HTTP " + response.code());
          }
        });
  }

  @Test
  void closedPortRefusesConnections() {
    try (FaultEndpoint fault = LoopbackFaults.closedPort()) {
      assertThat(fault.kind()).isEqualTo(FaultEndpoint.Kind.CONNECTION_REFUSED);
      assertThat(fault.hostPort()).isEqualTo("127.0.0.1:" + fault.port());

      Throwable failure = get(fault.baseUrl());

      assertThat(failure).isInstanceOf(ConnectException.class);
      assertThat(rootMessage(failure)).contains("Connection refused");
    }
  }

  @Test
  void fullBacklogMakesConnectTimeOut() throws IOException {
    try (FaultEndpoint fault = LoopbackFaults.fullBacklog()) {
      long started = System.nanoTime();
      Throwable failure = get(fault.baseUrl());
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(failure).isInstanceOf(SocketTimeoutException.class);
      assertThat(failure).hasMessageContaining("Connect timed out");
      assertThat(elapsedMillis).isBetween(250L, 5_000L);

      // A plain socket sees the same, repeatedly: the queue stays full.
      try (Socket socket = new Socket()) {
        assertThatThrownBy(
                () -> socket.connect(new InetSocketAddress("127.0.0.1", fault.port()), 300))
            .isInstanceOf(SocketTimeoutException.class);
      }
      assertThat(fault.acceptedConnections()).isZero();
    }
  }

  @Test
  void stallMakesTheResponseTimeOut() {
    try (FaultEndpoint fault = LoopbackFaults.stall()) {
      Throwable failure = get(fault.baseUrl());

      assertThat(failure).isInstanceOf(SocketTimeoutException.class);
      assertThat(failure.getMessage()).containsAnyOf("timeout", "Read timed out");
      assertThat(fault.acceptedConnections()).isEqualTo(1);
    }
  }

  @Test
  void stallMakesTheTlsHandshakeTimeOut() {
    try (FaultEndpoint fault = LoopbackFaults.stall()) {
      Throwable failure = getOverTls(fault);

      assertThat(failure).isInstanceOf(SocketTimeoutException.class);
      assertThat(stackText(failure)).contains("SSLSocketImpl.startHandshake");
    }
  }

  @Test
  void resetEndsTheConnectionWithReset() {
    try (FaultEndpoint fault = LoopbackFaults.reset()) {
      Throwable failure = get(fault.baseUrl());

      assertThat(failure).isInstanceOf(SocketException.class);
      assertThat(failure).hasMessageContaining("Connection reset");
      assertThat(fault.acceptedConnections()).isEqualTo(1);
    }
  }

  @Test
  void resetAlsoResetsATlsHandshake() {
    try (FaultEndpoint fault = LoopbackFaults.reset()) {
      Throwable failure = getOverTls(fault);

      assertThat(failure)
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("Connection reset");
    }
  }

  @Test
  void closeAfterAcceptGivesEndOfStream() {
    try (FaultEndpoint fault = LoopbackFaults.closeAfterAccept()) {
      for (int i = 0; i < 5; i++) {
        Throwable failure = get(fault.baseUrl());

        assertThat(failure).isInstanceOf(IOException.class).isNotInstanceOf(SocketException.class);
        assertThat(failure).hasMessageContaining("unexpected end of stream");
      }
    }
  }

  @Test
  void closeAfterAcceptEndsATlsHandshake() {
    try (FaultEndpoint fault = LoopbackFaults.closeAfterAccept()) {
      Throwable failure = getOverTls(fault);

      assertThat(failure).isInstanceOf(SSLException.class);
      assertThat(failure.getMessage()).containsIgnoringCase("terminated the handshake");
    }
  }

  @Test
  void rawSocketSeesResetAfterWritingARequest() throws IOException {
    try (FaultEndpoint fault = LoopbackFaults.reset();
        Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", fault.port()), 1000);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write("GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));

      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("Connection reset");
    }
  }

  @Test
  void closeStopsAcceptingSoThePortRefuses() {
    FaultEndpoint fault = LoopbackFaults.stall();
    fault.close();
    fault.close();

    assertThat(get(fault.baseUrl())).isInstanceOf(ConnectException.class);
  }

  /** Sends {@code GET /v2/} over TLS (trusting some unrelated CA) and returns the failure. */
  private Throwable getOverTls(FaultEndpoint fault) {
    HandshakeCertificates trust = trustingSomeCa();
    OkHttpClient https =
        http.newBuilder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
    return catchThrowable(
        () ->
            https
                .newCall(new Request.Builder().url("https://" + fault.hostPort() + "/v2/").build())
                .execute()
                .close());
  }

  private static HandshakeCertificates trustingSomeCa() {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).ecdsa256().build();
    return new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()) + " / " + failure.getMessage();
  }

  private static String stackText(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (StackTraceElement element : failure.getStackTrace()) {
      text.append(element.getClassName()).append('.').append(element.getMethodName()).append('\n');
    }
    return text.toString();
  }
}
