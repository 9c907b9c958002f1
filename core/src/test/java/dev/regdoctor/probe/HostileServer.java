package dev.regdoctor.probe;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server on a loopback address that records every request it reads (head and body,
 * byte for byte) and answers with whatever its {@link Script} writes to the socket: smuggled
 * responses, NUL bytes in headers, endless bodies, stalls. A TLS ClientHello gets Go's plain-HTTP
 * answer (400, then close), so HTTPS-first clients fall back as they would against a real plain
 * HTTP registry.
 */
final class HostileServer implements AutoCloseable {
  /** One request as read from the wire. */
  record Seen(int connection, String method, String target, String head, byte[] body) {
    /** The head and body as text, for searching for a credential in any form. */
    String wire() {
      return head + "\r\n\r\n" + new String(body, UTF_8);
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** Writes the answer to one request; may stall, close the socket, or write several answers. */
  @FunctionalInterface
  interface Script {
    void answer(Seen request, Socket socket, OutputStream out) throws Exception;
  }

  private final ServerSocket server;
  private final Script script;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final String name;
  private final boolean answersTls;

  private HostileServer(String bind, String name, Script script) throws IOException {
    this(bind, name, script, true);
  }

  private HostileServer(String bind, String name, Script script, boolean answersTls)
      throws IOException {
    this.answersTls = answersTls;
    this.server = new ServerSocket();
    this.server.bind(new InetSocketAddress(InetAddress.getByName(bind), 0), 50);
    this.script = script;
    this.name = name;
    Thread acceptor = new Thread(this::acceptLoop, "hostile-" + name + "-accept");
    acceptor.setDaemon(true);
    threads.add(acceptor);
    acceptor.start();
  }

  static HostileServer start(String name, Script script) throws IOException {
    return new HostileServer("127.0.0.1", name, script);
  }

  static HostileServer startOn(String bind, String name, Script script) throws IOException {
    return new HostileServer(bind, name, script);
  }

  /** A server that accepts and reads whatever comes (a TLS ClientHello too) and never answers. */
  static HostileServer silent(String name) throws IOException {
    return new HostileServer("127.0.0.1", name, (request, socket, out) -> stall(socket), false);
  }

  int port() {
    return server.getLocalPort();
  }

  /** {@code host:port} as an image reference spells it ({@code [::1]:PORT} for IPv6). */
  String hostPort() {
    String host = server.getInetAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port();
  }

  String url(String path) {
    return "http://" + hostPort() + path;
  }

  List<Seen> requests() {
    return List.copyOf(seen);
  }

  int connections() {
    return connections.get();
  }

  String name() {
    return name;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        int index = connections.incrementAndGet();
        sockets.add(socket);
        Thread thread = new Thread(() -> serve(socket, index), "hostile-" + name + "-" + index);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket, int index) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      if (!answersTls) {
        stall(socket);
        return;
      }
      while (!socket.isClosed()) {
        String head = readHead(in, out, socket);
        if (head == null) {
          return;
        }
        String[] requestLine = head.split("\r\n", 2)[0].split(" ");
        byte[] body = in.readNBytes(contentLength(head));
        Seen request =
            new Seen(
                index, requestLine[0], requestLine.length > 1 ? requestLine[1] : "", head, body);
        seen.add(request);
        script.answer(request, socket, out);
        out.flush();
      }
    } catch (Exception e) {
      // the client went away, or the script closed the socket
    }
  }

  /** Reads up to the blank line; {@code null} at end of stream or after answering TLS. */
  private static String readHead(InputStream in, OutputStream out, Socket socket)
      throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (head.size() == 0 && b == 0x16) {
        out.write(
            "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTPS request to an HTTP server.\n"
                .getBytes(ISO_8859_1));
        out.flush();
        socket.close();
        return null;
      }
      head.write(b);
      state =
          switch (state) {
            case 0 -> b == '\r' ? 1 : 0;
            case 1 -> b == '\n' ? 2 : b == '\r' ? 1 : 0;
            case 2 -> b == '\r' ? 3 : 0;
            case 3 -> b == '\n' ? 4 : 0;
            default -> 0;
          };
      if (state == 4) {
        String text = head.toString(ISO_8859_1);
        return text.substring(0, text.length() - 4);
      }
      if (head.size() > 256 * 1024) {
        return null;
      }
    }
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }

  /** A complete HTTP/1.1 response with {@code Content-Length}. */
  static byte[] response(int status, Map<String, String> headers, String body) {
    return response(status, headers, body.getBytes(UTF_8), false);
  }

  static byte[] response(int status, Map<String, String> headers, byte[] body, boolean head) {
    StringBuilder text = new StringBuilder("HTTP/1.1 " + status + " Status\r\n");
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("Content-Length", String.valueOf(body.length));
    all.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
    text.append("\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(text.toString().getBytes(ISO_8859_1));
    if (!head) {
      bytes.writeBytes(body);
    }
    return bytes.toByteArray();
  }

  /** A script answering every request with {@code status}, one content type and one body. */
  static Script always(int status, String contentType, String body) {
    return (request, socket, out) ->
        out.write(
            response(
                status,
                Map.of("Content-Type", contentType),
                body.getBytes(UTF_8),
                request.method().equals("HEAD")));
  }

  /** A script answering every request with a 307 to {@code location}. */
  static Script redirectTo(String location) {
    return (request, socket, out) -> out.write(response(307, Map.of("Location", location), ""));
  }

  /** Headers of a registry's {@code /v2/} answer. */
  static Map<String, String> registryHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Docker-Distribution-API-Version", "registry/2.0");
    headers.put("Content-Type", "application/json");
    return headers;
  }

  /** Blocks until the client goes away: accepts, reads, never answers. */
  static void stall(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    while (in.read() >= 0) {
      // swallow until the client closes
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    for (Thread thread : new ArrayList<>(threads)) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
