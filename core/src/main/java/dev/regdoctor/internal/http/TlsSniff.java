package dev.regdoctor.internal.http;

import static java.time.Duration.ofMillis;

import dev.regdoctor.probe.FailureKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Asks a registry that may speak plain HTTP whether it speaks TLS at all, before anything builds a
 * TLS stack: it sends a TLS 1.2 client hello of its own and reads the first five bytes of the
 * answer. A server that answers {@code HTTP/} speaks plain HTTP; this is exactly the test Go's HTTP
 * client applies before it reports "server gave HTTP response to HTTPS client", which is what
 * Docker sees when it tries HTTPS first on an insecure registry. A TLS record or alert, a hang-up
 * or a reset mean "ask the TLS stack": the real handshake then runs and classifies whatever
 * happens, exactly as without the sniff.
 *
 * <p>A server that accepts the connection and stays silent is a stalled handshake, and a connection
 * that cannot be made to the only address is refused or timed out, as the TLS stack would report
 * them, within the same bounds (the connect and read timeouts and the deadline of the HTTPS
 * attempt). With several addresses OkHttp would try the next, so the real attempt decides.
 *
 * <p>Used only where plain HTTP is allowed (loopback and configured insecure registries) and the
 * connection would be direct: through a proxy the handshake goes to the proxy's tunnel, which this
 * does not imitate. The lookup goes through the transport's DNS (overrides, timeout, the
 * destination policy), and connecting and reading are bounded by the HTTPS attempt's deadline, the
 * same absolute deadline the real attempt then gets what is left of.
 */
final class TlsSniff {
  private static final int STATUS_LINE_BYTES = 200;

  private TlsSniff() {}

  /**
   * Returns a {@link FailureKind#PLAIN_HTTP_REGISTRY} fault when the server at {@code url} answers
   * a TLS client hello with plain HTTP, or null when it does anything else or the sniff does not
   * apply.
   */
  static Exchange.@Nullable Fault plainHttpAnswer(
      OkHttpClient client, HttpUrl url, Deadline deadline, @Nullable Destinations destinations) {
    if (!url.isHttps() || !direct(client, url)) {
      return null;
    }
    List<InetAddress> addresses;
    InetAddress literal = Addresses.anyLiteral(url.host());
    if (literal != null) {
      addresses = List.of(literal); // no lookup, as OkHttp connects to IP literals directly
    } else {
      Destinations.activate(destinations);
      try {
        addresses = client.dns().lookup(url.host());
      } catch (IOException | RuntimeException e) {
        return null; // the real attempt looks up again and reports the failure
      } finally {
        Destinations.activate(null);
      }
    }
    if (addresses.isEmpty()
        || (destinations != null && destinations.problem(url.host(), addresses.get(0)) != null)) {
      return null;
    }
    InetSocketAddress address = new InetSocketAddress(addresses.get(0), url.port());
    PhaseRecorder phases = new PhaseRecorder();
    long start = System.nanoTime();
    String statusLine;
    try (Socket socket = new Socket(Proxy.NO_PROXY)) {
      phases.connectStart(null, address, Proxy.NO_PROXY);
      try {
        socket.connect(address, millis(deadline.cap(ofMillis(client.connectTimeoutMillis()))));
      } catch (IOException e) {
        // With one address this is what the real attempt would meet; with more, OkHttp would try
        // the next, so it decides.
        return addresses.size() == 1 ? failure(url, e, phases, start) : null;
      }
      phases.secureConnectStart(null);
      socket.setSoTimeout(millis(deadline.cap(ofMillis(client.readTimeoutMillis()))));
      socket.setTcpNoDelay(true);
      socket.getOutputStream().write(ClientHello.bytes(sniHost(url.host())));
      socket.getOutputStream().flush();
      try {
        statusLine = httpStatusLine(socket.getInputStream());
      } catch (SocketTimeoutException e) {
        // connected, hello sent, nothing back: the handshake stalled, as it would for a TLS stack
        return failure(url, e, phases, start);
      }
    } catch (IOException | RuntimeException e) {
      return null; // not connected, or hung up: the real attempt meets it and classifies it
    }
    if (statusLine == null) {
      return null;
    }
    if (destinations != null) {
      destinations.connected(url.host(), address.getAddress());
    }
    return new Exchange.Fault(
        FailureKind.PLAIN_HTTP_REGISTRY,
        "GET",
        url,
        new SSLException("server gave HTTP response to HTTPS client (" + statusLine + ")"),
        phases,
        List.of(
            "GET "
                + url
                + ": the server answered the TLS client hello with plain HTTP: "
                + statusLine));
  }

  /** The fault the real attempt would report for {@code e} in the phase {@code phases} is in. */
  private static Exchange.Fault failure(
      HttpUrl url, IOException e, PhaseRecorder phases, long start) {
    boolean tls = phases.phase() == PhaseRecorder.Phase.TLS;
    return new Exchange.Fault(
        FailureClassifier.classify(e, phases),
        "GET",
        url,
        e,
        phases,
        List.of(
            "GET "
                + url
                + " failed during "
                + (tls ? "tls" : "connect")
                + " after "
                + (System.nanoTime() - start) / 1_000_000
                + " ms: "
                + (tls ? "no answer to the TLS client hello (" : "")
                + Exchange.describe(e)
                + (tls ? ")" : "")));
  }

  /**
   * Reads the answer's first line when it starts with {@code HTTP/}; null for anything else,
   * including a TLS record ({@code 0x16} handshake, {@code 0x15} alert) or nothing at all.
   */
  static @Nullable String httpStatusLine(InputStream in) throws IOException {
    byte[] head = in.readNBytes(5);
    if (head.length < 5 || !new String(head, StandardCharsets.US_ASCII).equals("HTTP/")) {
      return null;
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.write(head);
    try {
      for (int b = in.read(); b >= 0 && b != '\r' && b != '\n'; b = in.read()) {
        if (line.size() >= STATUS_LINE_BYTES) {
          break;
        }
        line.write(b < 0x20 || b > 0x7e ? '?' : b);
      }
    } catch (IOException e) {
      // the five bytes decided; the rest of the line is evidence only
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static boolean direct(OkHttpClient client, HttpUrl url) {
    Proxy fixed = client.proxy();
    if (fixed != null) {
      return fixed.type() == Proxy.Type.DIRECT;
    }
    ProxySelector selector = client.proxySelector();
    try {
      List<Proxy> proxies = selector.select(url.uri());
      return proxies == null
          || proxies.isEmpty()
          || proxies.stream().allMatch(proxy -> proxy.type() == Proxy.Type.DIRECT);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The name for the server-name extension: none for IP literals or a name that is not a DNS host
   * name (letters, digits and inner hyphens, labels of 1–63 characters), as the JDK's client omits
   * it too.
   */
  static @Nullable String sniHost(String host) {
    if (Addresses.anyLiteral(host) != null || host.isEmpty() || host.length() > 253) {
      return null;
    }
    for (String label : host.split("\\.", -1)) {
      if (label.isEmpty()
          || label.length() > 63
          || label.startsWith("-")
          || label.endsWith("-")
          || !label.chars().allMatch(c -> c == '-' || Character.isLetterOrDigit(c) && c < 0x80)) {
        return null;
      }
    }
    return host;
  }

  private static int millis(Duration duration) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
  }

  /** A TLS 1.2 client hello that any TLS server answers with a handshake record or an alert. */
  static final class ClientHello {
    private ClientHello() {}

    private static final int[] CIPHER_SUITES = {
      0xc02b, // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
      0xc02f, // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
      0xc02c, // TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
      0xc030, // TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
      0xcca9, // TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
      0xcca8, // TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
      0xc013, // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
      0xc014, // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
      0x009c, // TLS_RSA_WITH_AES_128_GCM_SHA256
      0x009d, // TLS_RSA_WITH_AES_256_GCM_SHA384
      0x002f, // TLS_RSA_WITH_AES_128_CBC_SHA
      0x0035 // TLS_RSA_WITH_AES_256_CBC_SHA
    };

    private static final int[] GROUPS = {0x001d, 0x0017, 0x0018}; // x25519, P-256, P-384

    private static final int[] SIGNATURES = {
      0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201
    };

    /**
     * The record: handshake type 1 with a fixed client random (nothing is negotiated; the answer's
     * first byte is all that is read), the suites above, no compression, and the extensions
     * server_name (when given), supported_groups, ec_point_formats and signature_algorithms.
     */
    static byte[] bytes(@Nullable String serverName) {
      Writer body = new Writer();
      body.u16(0x0303); // client version TLS 1.2
      for (int i = 0; i < 32; i++) {
        body.u8(0x5a ^ i); // client random
      }
      body.u8(0); // no session id
      body.u16(CIPHER_SUITES.length * 2);
      for (int suite : CIPHER_SUITES) {
        body.u16(suite);
      }
      body.u8(1); // one compression method: null
      body.u8(0);
      Writer extensions = new Writer();
      if (serverName != null) {
        byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
        extensions.u16(0x0000);
        extensions.u16(name.length + 5);
        extensions.u16(name.length + 3);
        extensions.u8(0); // host_name
        extensions.u16(name.length);
        extensions.bytes(name);
      }
      extensions.u16(0x000a); // supported_groups
      extensions.u16(GROUPS.length * 2 + 2);
      extensions.u16(GROUPS.length * 2);
      for (int group : GROUPS) {
        extensions.u16(group);
      }
      extensions.u16(0x000b); // ec_point_formats: uncompressed
      extensions.u16(2);
      extensions.u8(1);
      extensions.u8(0);
      extensions.u16(0x000d); // signature_algorithms
      extensions.u16(SIGNATURES.length * 2 + 2);
      extensions.u16(SIGNATURES.length * 2);
      for (int scheme : SIGNATURES) {
        extensions.u16(scheme);
      }
      body.u16(extensions.size());
      body.bytes(extensions.toByteArray());

      Writer record = new Writer();
      record.u8(0x16); // handshake
      record.u16(0x0301); // record version, as clients send it
      record.u16(body.size() + 4);
      record.u8(1); // client_hello
      record.u8(0);
      record.u16(body.size());
      record.bytes(body.toByteArray());
      return record.toByteArray();
    }

    private static final class Writer extends ByteArrayOutputStream {
      void u8(int value) {
        write(value & 0xff);
      }

      void u16(int value) {
        write((value >>> 8) & 0xff);
        write(value & 0xff);
      }

      void bytes(byte[] value) {
        write(value, 0, value.length);
      }
    }
  }
}
