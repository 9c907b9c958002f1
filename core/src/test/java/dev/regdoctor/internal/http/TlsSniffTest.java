package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS sniff against loopback servers of every kind: a plain HTTP server answering the client
 * hello as Go's {@code net/http} does, a real TLS server, silence, a hang-up, a closed port and a
 * proxy; and the client hello itself, parsed by the JDK's own TLS server.
 */
@Timeout(30)
class TlsSniffTest {
  /** What Go's net/http server writes for a request line it cannot parse (server.go). */
  private static final String GO_BAD_REQUEST =
      "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
          + "Connection: close\r\n\r\n400 Bad Request";

  @Test
  void aPlainHttpServerAnsweringTheHelloIsAPlainHttpRegistryWithoutATlsStack() throws Exception {
    try (OneShotServer server = OneShotServer.answering(GO_BAD_REQUEST);
        Transport transport = transport(ProbeSettings.defaults())) {
      Exchange.Fault fault = exchange(transport, Duration.ofSeconds(5)).sniffTls(url(server.port));

      assertThat(fault).isNotNull();
      assertThat(fault.kind()).isEqualTo(FailureKind.PLAIN_HTTP_REGISTRY);
      assertThat(fault.evidence())
          .singleElement()
          .asString()
          .endsWith("answered the TLS client hello with plain HTTP: HTTP/1.1 400 Bad Request");
      assertThat(fault.cause()).hasMessageContaining("server gave HTTP response to HTTPS client");
      assertThat(transport.tlsStarted()).as("no TLS stack was built").isFalse();
      // Go's server reads a request line up to the first line feed: the hello must contain one
      assertThat(server.received()).contains((byte) '\n');
    }
  }

  @Test
  void aTlsServerIsLeftToTheTlsStack() throws Exception {
    HeldCertificate certificate =
        new HeldCertificate.Builder().commonName("127.0.0.1").ecdsa256().build();
    try (MockWebServer server = new MockWebServer();
        Transport transport = transport(ProbeSettings.defaults())) {
      server.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(certificate)
              .build()
              .sslSocketFactory());
      server.start(InetAddress.getByName("127.0.0.1"), 0);

      assertThat(exchange(transport, Duration.ofSeconds(5)).sniffTls(url(server.getPort())))
          .isNull();
    }
  }

  @Test
  void aServerThatStaysSilentIsAStalledHandshakeWithinTheDeadline() throws Exception {
    try (FaultEndpoint stall = LoopbackFaults.stall();
        Transport transport = transport(ProbeSettings.defaults())) {
      long start = System.nanoTime();
      Exchange.Fault fault =
          exchange(transport, Duration.ofMillis(600)).sniffTls(url(stall.port()));

      assertThat(fault).isNotNull();
      assertThat(fault.kind()).isEqualTo(FailureKind.TLS_HANDSHAKE_TIMEOUT);
      assertThat(fault.evidence()).singleElement().asString().contains("no answer to the TLS");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void hangUpsAreLeftToTheRealAttemptToClassify() throws Exception {
    try (FaultEndpoint closing = LoopbackFaults.closeAfterAccept();
        FaultEndpoint reset = LoopbackFaults.reset();
        Transport transport = transport(ProbeSettings.defaults())) {
      for (FaultEndpoint endpoint : List.of(closing, reset)) {
        assertThat(exchange(transport, Duration.ofSeconds(5)).sniffTls(url(endpoint.port())))
            .as("%s", endpoint.kind())
            .isNull();
      }
    }
  }

  @Test
  void connectFailuresAtTheOnlyAddressAreClassifiedAsTheRealAttemptWould() throws Exception {
    try (FaultEndpoint closed = LoopbackFaults.closedPort();
        FaultEndpoint backlog = LoopbackFaults.fullBacklog();
        Transport transport = transport(ProbeSettings.defaults())) {
      Exchange.Fault refused =
          exchange(transport, Duration.ofSeconds(5)).sniffTls(url(closed.port()));
      Exchange.Fault timedOut =
          exchange(transport, Duration.ofMillis(800)).sniffTls(url(backlog.port()));

      assertThat(refused).isNotNull();
      assertThat(refused.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
      assertThat(refused.evidence()).singleElement().asString().contains("failed during connect");
      assertThat(timedOut).isNotNull();
      assertThat(timedOut.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT);
    }
  }

  @Test
  void nothingIsSentWhenTheConnectionWouldGoThroughAProxy() throws Exception {
    try (OneShotServer server = OneShotServer.answering(GO_BAD_REQUEST)) {
      ProxySelector proxied =
          new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
              return List.of(
                  new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.port)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {}
          };
      try (Transport transport =
          transport(ProbeSettings.builder().proxySelector(proxied).build())) {
        assertThat(exchange(transport, Duration.ofSeconds(5)).sniffTls(url(server.port))).isNull();
        assertThat(server.accepted.get()).isZero();
      }
    }
  }

  @Test
  void plainHttpUrlsAreNotSniffed() throws Exception {
    try (Transport transport = transport(ProbeSettings.defaults())) {
      HttpUrl plain = HttpUrl.get("http://127.0.0.1:1/v2/");
      assertThat(exchange(transport, Duration.ofSeconds(1)).sniffTls(plain)).isNull();
    }
  }

  static Stream<String> serverNames() {
    SplittableRandom random = new SplittableRandom(20261203L);
    Stream<String> fixed = Stream.of(null, "localhost", "registry.test", "a.b.c.d.e.example");
    Stream<String> generated =
        IntStream.range(0, 60)
            .mapToObj(
                i -> {
                  StringBuilder name = new StringBuilder();
                  int labels = 1 + random.nextInt(5);
                  for (int label = 0; label < labels; label++) {
                    if (label > 0) {
                      name.append('.');
                    }
                    int length = 1 + random.nextInt(40);
                    for (int c = 0; c < length; c++) {
                      boolean inner = c > 0 && c < length - 1;
                      name.append(
                          "abcdefghijklmnopqrstuvwxyz0123456789-"
                              .charAt(random.nextInt(inner ? 37 : 36)));
                    }
                  }
                  return name.toString();
                });
    return Stream.concat(fixed, generated);
  }

  @ParameterizedTest
  @MethodSource("serverNames")
  void theClientHelloIsOneWellFormedRecordThatTheJdkTlsServerAnswers(String serverName)
      throws Exception {
    byte[] hello = TlsSniff.ClientHello.bytes(serverName);

    ByteBuffer record = ByteBuffer.wrap(hello);
    assertThat(record.get()).isEqualTo((byte) 0x16);
    assertThat(record.getShort()).isEqualTo((short) 0x0301);
    assertThat(record.getShort() & 0xffff).isEqualTo(hello.length - 5);
    assertThat(record.get()).as("client_hello").isEqualTo((byte) 1);
    int handshakeLength = ((record.get() & 0xff) << 16) | (record.getShort() & 0xffff);
    assertThat(handshakeLength).isEqualTo(hello.length - 9);
    record.position(record.position() + 2 + 32 + 1);
    int suites = record.getShort() & 0xffff;
    record.position(record.position() + suites + 2);
    int extensionsLength = record.getShort() & 0xffff;
    assertThat(record.remaining()).isEqualTo(extensionsLength);
    boolean sni = false;
    while (record.hasRemaining()) {
      int type = record.getShort() & 0xffff;
      int length = record.getShort() & 0xffff;
      if (type == 0) {
        byte[] name = new byte[length - 5];
        record.position(record.position() + 5);
        record.get(name);
        assertThat(new String(name, StandardCharsets.US_ASCII)).isEqualTo(serverName);
        sni = true;
      } else {
        record.position(record.position() + length);
      }
    }
    assertThat(sni).isEqualTo(serverName != null);

    // the JDK's TLS server reads it and answers with a server hello
    SSLEngine server = serverEngine();
    ByteBuffer in = ByteBuffer.wrap(hello);
    ByteBuffer out = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
    ByteBuffer app = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
    server.beginHandshake();
    SSLEngineResult result = server.unwrap(in, app);
    assertThat(in.hasRemaining()).isFalse();
    while (server.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
      server.getDelegatedTask().run();
    }
    result = server.wrap(ByteBuffer.allocate(0), out);
    assertThat(result.getStatus()).isEqualTo(SSLEngineResult.Status.OK);
    out.flip();
    assertThat(out.get(0)).as("a handshake record, not an alert").isEqualTo((byte) 0x16);
    assertThat(out.get(5)).as("server_hello").isEqualTo((byte) 2);
  }

  @Test
  void onlyDnsHostNamesAreSentAsServerNames() {
    assertThat(TlsSniff.sniHost("registry.test")).isEqualTo("registry.test");
    assertThat(TlsSniff.sniHost("localhost")).isEqualTo("localhost");
    assertThat(TlsSniff.sniHost("127.0.0.1")).isNull();
    assertThat(TlsSniff.sniHost("::1")).isNull();
    assertThat(TlsSniff.sniHost("-bad.example")).isNull();
    assertThat(TlsSniff.sniHost("bad-.example")).isNull();
    assertThat(TlsSniff.sniHost("a..b")).isNull();
    assertThat(TlsSniff.sniHost("under_score.example")).isNull();
    assertThat(TlsSniff.sniHost("x".repeat(64) + ".example")).isNull();
  }

  static Stream<byte[]> answers() {
    SplittableRandom random = new SplittableRandom(7L);
    return IntStream.range(0, 300)
        .mapToObj(
            i -> {
              byte[] bytes = new byte[random.nextInt(400)];
              random.nextBytes(bytes);
              if (bytes.length >= 5 && random.nextBoolean()) {
                System.arraycopy("HTTP/".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 5);
              }
              return bytes;
            });
  }

  @ParameterizedTest
  @MethodSource("answers")
  void theStatusLineIsReadOnlyFromAnAnswerThatStartsWithHttp(byte[] answer) throws IOException {
    String line = TlsSniff.httpStatusLine(new ByteArrayInputStream(answer));

    boolean http =
        answer.length >= 5 && new String(answer, 0, 5, StandardCharsets.ISO_8859_1).equals("HTTP/");
    if (!http) {
      assertThat(line).isNull();
      return;
    }
    assertThat(line).startsWith("HTTP/").hasSizeLessThanOrEqualTo(200);
    assertThat(line.chars()).allMatch(c -> c >= 0x20 && c <= 0x7e);
    assertThat(line).doesNotContain("\r", "\n");
  }

  private static SSLEngine serverEngine() throws Exception {
    HeldCertificate certificate =
        new HeldCertificate.Builder().commonName("registry.test").ecdsa256().build();
    HandshakeCertificates held =
        new HandshakeCertificates.Builder().heldCertificate(certificate).build();
    SSLContext context = held.sslContext();
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    return engine;
  }

  private static Transport transport(ProbeSettings settings) {
    return new Transport(settings, HostResolver.SYSTEM);
  }

  private static Exchange exchange(Transport transport, Duration deadline) {
    return new Exchange(
        transport,
        false,
        ProbeSettings.defaults(),
        Deadline.after(deadline),
        new AtomicInteger(),
        new Destinations("127.0.0.1"));
  }

  private static HttpUrl url(int port) {
    return HttpUrl.get("https://127.0.0.1:" + port + "/v2/");
  }

  /** Accepts connections, reads up to the first line feed, writes {@code answer} and closes. */
  private static final class OneShotServer implements AutoCloseable {
    private final ServerSocket socket;
    private final int port;
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile byte[] received = new byte[0];

    private OneShotServer(String answer) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      port = socket.getLocalPort();
      Thread thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket client = socket.accept()) {
                    accepted.incrementAndGet();
                    InputStream in = client.getInputStream();
                    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                    for (int b = in.read(); b >= 0; b = in.read()) {
                      line.write(b);
                      if (b == '\n') {
                        break;
                      }
                    }
                    received = line.toByteArray();
                    OutputStream out = client.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                  } catch (IOException e) {
                    // closed
                  }
                }
              },
              "one-shot-server");
      thread.setDaemon(true);
      thread.start();
    }

    static OneShotServer answering(String answer) throws IOException {
      return new OneShotServer(answer);
    }

    byte[] received() {
      return received;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
