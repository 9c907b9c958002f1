package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts loopback HTTP servers that answer every path and method with one fixed response, for what
 * a client meets instead of a registry: a captive portal or proxy login page ({@link
 * #htmlPortal()}), or a scripted status such as 503 from a load balancer ({@link #status(int, Map,
 * String)}). Each server sends no {@code Docker-Distribution-API-Version} unless scripted to.
 *
 * <pre>{@code
 * try (ScriptedEndpoint portal = ScriptedServers.htmlPortal();
 *     ScriptedEndpoint down = ScriptedServers.status(503, Map.of("Retry-After", "30"), "")) {
 *   // GET portal.baseUrl() + "/v2/" -> 200 text/html login page: not a registry
 *   // GET down.baseUrl() + "/v2/"   -> 503: registry unavailable
 * }
 * }</pre>
 *
 * <p>Servers bind {@code 127.0.0.1} on a free port and use daemon threads.
 */
public final class ScriptedServers {

  /** The page {@link #htmlPortal()} serves. */
  public static final String PORTAL_PAGE =
      """
      <!DOCTYPE html>
      <html lang="en">
      <head><meta charset="utf-8"><title>Sign in - Corporate Network</title></head>
      <body>
      <h1>Sign in to continue</h1>
      <p>You must sign in before you can use this network.</p>
      <form method="post" action="/login">
      <label>Username <input name="username" autocomplete="username"></label>
      <label>Password <input name="password" type="password"></label>
      <button type="submit">Sign in</button>
      </form>
      </body>
      </html>
      """;

  /** The {@code Content-Type} of {@link #htmlPortal()}. */
  public static final String PORTAL_PAGE_TYPE = "text/html; charset=utf-8";

  private ScriptedServers() {}

  /**
   * Starts a server answering every request with 200 and a login page ({@value #PORTAL_PAGE_TYPE},
   * {@code Cache-Control: no-store}), as captive portals and intercepting proxies do; {@code /v2/}
   * looks reachable but is not a registry.
   */
  public static ScriptedEndpoint htmlPortal() {
    return status(
        200, Map.of("Content-Type", PORTAL_PAGE_TYPE, "Cache-Control", "no-store"), PORTAL_PAGE);
  }

  /**
   * Starts a server answering every request with {@code status}, {@code headers} and {@code body}
   * (UTF-8; left out for {@code HEAD}, 204 and 304). Without a {@code Content-Type} in {@code
   * headers}, a non-empty body is sent as {@code text/plain; charset=utf-8}. {@code Content-Length}
   * is computed, never scripted.
   *
   * @param status an HTTP status from 200 to 599
   * @param headers header names and values, e.g. {@code Retry-After: 30}
   * @param body the body, possibly empty
   * @throws IllegalArgumentException if {@code status} is out of range or {@code headers} scripts
   *     {@code Content-Length} or {@code Transfer-Encoding}
   */
  public static ScriptedEndpoint status(int status, Map<String, String> headers, String body) {
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be from 200 to 599 but was " + status);
    }
    Map<String, String> scripted = new LinkedHashMap<>();
    boolean hasContentType = false;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = requireNonNull(header.getKey(), "header name");
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
        throw new IllegalArgumentException(name + " is computed and cannot be scripted");
      }
      hasContentType |= lower.equals("content-type");
      scripted.put(name, requireNonNull(header.getValue(), name));
    }
    byte[] content = body.getBytes(UTF_8);
    String contentType = hasContentType || content.length == 0 ? null : Reply.TEXT_UTF8;
    LoopbackHttpServer server =
        new LoopbackHttpServer(
            "scripted-" + status,
            null,
            new X509Certificate[0],
            exchange -> {
              exchange.getRequestBody().readAllBytes();
              Reply reply = Reply.status(status);
              scripted.forEach(reply::header);
              if (contentType != null) {
                reply.header("Content-Type", contentType);
              }
              return reply.body(content);
            });
    return new ScriptedEndpoint() {
      @Override
      public int port() {
        return server.port();
      }

      @Override
      public int requestCount() {
        return server.requestCount();
      }

      @Override
      public List<ServedRequest> requests() {
        return server.requests();
      }

      @Override
      public void close() {
        server.close();
      }

      @Override
      public String toString() {
        return "ScriptedEndpoint[" + status + " " + hostPort() + "]";
      }
    };
  }
}
