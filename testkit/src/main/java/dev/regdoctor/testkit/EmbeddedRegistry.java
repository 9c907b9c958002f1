package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry in this JVM that speaks enough of the <a
 * href="https://distribution.github.io/distribution/spec/api/">distribution v2 API</a> to pull and
 * push images, answering with the statuses, headers and error bodies of Debian's {@code
 * docker-registry} 2.8 (see {@link RegistryProcess}), without that binary. For the {@code regdoctor
 * demo}, fast tests and benchmarks.
 *
 * <pre>{@code
 * try (EmbeddedRegistry registry = EmbeddedRegistry.builder().basicAuth("alice", "pw").start()) {
 *   SeededImage image = ImageSeeder.to(registry.baseUrl()).withCredentials("alice", "pw")
 *       .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
 *   // HEAD http://127.0.0.1:PORT/v2/team/app/manifests/1.0 -> 401 without credentials
 * }
 * }</pre>
 *
 * <p>Endpoints:
 *
 * <ul>
 *   <li>{@code /v2/}: 200 {@code {}}, or the 401 challenge;
 *   <li>{@code GET}/{@code HEAD /v2/<name>/manifests/<tag or digest>} with {@code Accept} handled
 *       as registry 2.8 does (below), {@code If-None-Match} (304), and {@code PUT}, which checks
 *       that referenced blobs and child manifests are in the repository;
 *   <li>{@code GET}/{@code HEAD /v2/<name>/blobs/<digest>}, with a single byte {@code Range};
 *   <li>{@code POST /v2/<name>/blobs/uploads/} (also {@code ?mount=&from=}), then {@code PATCH},
 *       {@code PUT <location>?digest=}, {@code GET} (status) and {@code DELETE} on the upload;
 *   <li>{@code GET /v2/<name>/tags/list} (tags in lexical order; {@code n} and {@code last} are
 *       ignored, as by 2.8) and {@code GET /v2/_catalog};
 *   <li>{@code DELETE} of manifests and blobs answers 405 {@code UNSUPPORTED}, as 2.8 does with
 *       deletes disabled.
 * </ul>
 *
 * <p>As registry 2.8: an OCI manifest or index requested without its type in {@code Accept} is 404
 * {@code MANIFEST_UNKNOWN} ("OCI manifest found, but accept header does not support OCI
 * manifests"); a Docker manifest list requested by tag without the list type resolves to its {@code
 * linux/amd64} entry; a missing tag and a missing repository are both {@code MANIFEST_UNKNOWN} with
 * {@code detail {"Tag": …}}; only {@code tags/list} answers {@code NAME_UNKNOWN}, for a repository
 * without tags; a blob is found only in repositories it was pushed or mounted to. Paths that match
 * no route get a plain-text {@code 404 page not found}. Every answer under {@code /v2} carries
 * {@code Docker-Distribution-API-Version: registry/2.0}.
 *
 * <p>Differences from registry 2.8, all outside what clients act on:
 *
 * <ul>
 *   <li>Docker schema 2 manifests are never converted to schema 1 for clients that do not accept
 *       schema 2: they get the stored manifest (200 either way), as registry 3 does;
 *   <li>header names go out in the JDK's capitalisation ({@code Docker-distribution-api-version},
 *       {@code Www-authenticate}), which HTTP treats as the same names;
 *   <li>challenge scopes list actions sorted ({@code pull,push}), where 2.8 lists them in random
 *       order; tags and the catalog are sorted and never paginated;
 *   <li>error {@code detail} that 2.8 fills from Go internals is {@code {}}: a JSON syntax error in
 *       a pushed manifest ({@code MANIFEST_INVALID}, 2.8: {@code {"Offset":N}}) and a malformed
 *       digest reference (500 {@code UNKNOWN}, 2.8: its storage path);
 *   <li>error bodies over 2 KiB carry {@code Content-Length}, where Go sends them chunked;
 *   <li>upload locations carry no {@code _state}; tokens must be ES256 with an {@code x5c} header,
 *       as {@link TokenIssuer} signs them; there is no pull-through proxy mode.
 * </ul>
 *
 * <p>Content lives in memory; {@link Builder#storageOf(EmbeddedRegistry)} serves the content of
 * another instance. Instances are thread-safe.
 */
public final class EmbeddedRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRegistry.class);

  private static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";

  private final RegistryStorage storage;
  private final RegistryAuth auth;
  private final @Nullable RateLimit rateLimit;
  private final RegistryManifests manifests;
  private final RegistryBlobs blobs;
  private final RegistryUploads uploads;
  private final LoopbackHttpServer server;

  private EmbeddedRegistry(Builder builder) {
    this.storage = builder.storage != null ? builder.storage : new RegistryStorage();
    TokenIssuer issuer = builder.tokenIssuer;
    if (issuer != null) {
      this.auth =
          new RegistryAuth.Token(
              issuer.url(),
              issuer.service(),
              new TokenVerifier(
                  issuer.issuerName(), issuer.service(), issuer.signingCertificate()));
    } else if (!builder.users.isEmpty()) {
      this.auth = new RegistryAuth.Basic(builder.users);
    } else {
      this.auth = new RegistryAuth.Anonymous();
    }
    this.rateLimit = builder.rateLimit;
    this.manifests = new RegistryManifests(storage, rateLimit, this::base);
    this.blobs = new RegistryBlobs(storage);
    this.uploads = new RegistryUploads(storage, this::base);
    this.server =
        new LoopbackHttpServer(
            "embedded-registry", builder.serverCertificate, builder.intermediates, this::handle);
    log.debug("embedded registry listening at {}", server.baseUrl());
  }

  /** Starts an anonymous plain-HTTP registry with empty storage. */
  public static EmbeddedRegistry start() {
    return builder().start();
  }

  /** Returns a builder for an anonymous plain-HTTP registry with empty storage. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings of a registry to start. Not thread-safe; each {@link #start()} starts a new server.
   */
  public static final class Builder {
    private final Map<String, String> users = new LinkedHashMap<>();
    private @Nullable TokenIssuer tokenIssuer;
    private @Nullable HeldCertificate serverCertificate;
    private X509Certificate[] intermediates = new X509Certificate[0];
    private @Nullable RateLimit rateLimit;
    private @Nullable RegistryStorage storage;

    private Builder() {}

    /**
     * Requires Basic credentials and adds a user; call again for more users. Challenges are {@code
     * Basic realm="regdoctor-test"}, as {@link RegistryProcess.Builder#htpasswd(String, String)}
     * configures; a wrong password, an unknown user and missing credentials get the same 401.
     *
     * @throws IllegalArgumentException if {@code user} is empty or contains {@code :}
     */
    public Builder basicAuth(String user, String password) {
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      if (user.isEmpty() || user.contains(":")) {
        throw new IllegalArgumentException("user must be non-empty without ':' but was " + user);
      }
      users.put(user, password);
      return this;
    }

    /**
     * Requires Bearer tokens of {@code issuer}: ES256 JWTs whose {@code x5c} certificate is (or
     * chains to) {@link TokenIssuer#signingCertificate()}, with {@code iss} {@link
     * TokenIssuer#issuerName()}, {@code aud} {@link TokenIssuer#service()}, {@code exp} and {@code
     * nbf} within 60 s of leeway, and an {@code access} claim granting what the request needs.
     * Challenges name {@link TokenIssuer#url()} as realm, as registry 2.8 configured with that
     * issuer does.
     */
    public Builder tokenAuth(TokenIssuer issuer) {
      this.tokenIssuer = requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * Serves HTTPS with {@code serverCertificate} (which should name {@code 127.0.0.1} as an IP
     * subject alternative name, unless testing a wrong-host failure) and its {@code intermediates}.
     * Clients must trust its issuer.
     */
    public Builder tls(HeldCertificate serverCertificate, X509Certificate... intermediates) {
      this.serverCertificate = requireNonNull(serverCertificate, "serverCertificate");
      this.intermediates = intermediates.clone();
      return this;
    }

    /**
     * Limits manifest pulls as Docker Hub does. Manifest {@code GET} and {@code HEAD} answers carry
     * {@code ratelimit-limit: LIMIT;w=SECONDS}, {@code ratelimit-remaining: REMAINING;w=SECONDS}
     * and {@code docker-ratelimit-source: 127.0.0.1}. Each manifest {@code GET} answered 200
     * consumes one pull ({@code HEAD} is free); once none remain, manifest requests answer 429 with
     * {@code Retry-After: SECONDS} and a {@code TOOMANYREQUESTS} error. The count never resets
     * while the registry runs.
     *
     * @param limit the advertised limit, positive
     * @param remaining pulls left at start, from 0 (exhausted at once) to {@code limit}
     * @param window the advertised window, at least one second; sent in whole seconds
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder rateLimit(int limit, int remaining, Duration window) {
      requireNonNull(window, "window");
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be positive but was " + limit);
      }
      if (remaining < 0 || remaining > limit) {
        throw new IllegalArgumentException(
            "remaining must be between 0 and limit " + limit + " but was " + remaining);
      }
      if (window.getSeconds() < 1) {
        throw new IllegalArgumentException("window must be at least 1 s but was " + window);
      }
      this.rateLimit = new RateLimit(limit, remaining, window.getSeconds());
      return this;
    }

    /**
     * Serves the content of {@code other} (seeded or still running), sharing it: what either
     * stores, both serve. Seed an anonymous instance, then start an authenticated or rate-limited
     * one on its storage.
     */
    public Builder storageOf(EmbeddedRegistry other) {
      this.storage = requireNonNull(other, "other").storage;
      return this;
    }

    /**
     * Starts the registry on {@code 127.0.0.1} and a free port; it serves at once.
     *
     * @throws IllegalStateException if both Basic and token auth are set
     * @throws java.io.UncheckedIOException if no loopback port can be bound
     */
    public EmbeddedRegistry start() {
      if (!users.isEmpty() && tokenIssuer != null) {
        throw new IllegalStateException(
            "basicAuth and tokenAuth cannot be combined: a registry takes one auth provider");
      }
      return new EmbeddedRegistry(this);
    }
  }

  // ---- accessors ----------------------------------------------------------------------------

  /** Returns the port the registry listens on. */
  public int port() {
    return server.port();
  }

  /** Returns {@code 127.0.0.1:PORT}, the registry host as it appears in image references. */
  public String hostPort() {
    return Loopback.hostPort(port());
  }

  /**
   * Returns {@code http://127.0.0.1:PORT} or, with TLS, {@code https://127.0.0.1:PORT}; no trailing
   * slash.
   */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** Returns whether the registry serves HTTPS. */
  public boolean isTls() {
    return server.isTls();
  }

  /** Returns how many requests arrived so far, whatever their answer. */
  public int requestCount() {
    return server.requestCount();
  }

  /**
   * Returns the requests answered so far, oldest first: method, path and status, never headers or
   * credentials. Keeps the most recent 10 000.
   */
  public List<ServedRequest> requests() {
    return server.requests();
  }

  /** Returns the pulls left under {@link Builder#rateLimit}, or empty without a limit. */
  public OptionalInt rateLimitRemaining() {
    RateLimit limit = rateLimit;
    return limit == null ? OptionalInt.empty() : OptionalInt.of(limit.remaining());
  }

  /**
   * Stops the server at once and ends its threads; unfinished uploads are dropped. The content
   * stays reachable only through registries that share it ({@link Builder#storageOf}). Idempotent.
   */
  @Override
  public void close() {
    server.close();
    uploads.clear();
  }

  @Override
  public String toString() {
    return "EmbeddedRegistry[" + baseUrl() + ", auth=" + auth.getClass().getSimpleName() + "]";
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private Reply handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    if (path.equals("/")) {
      // distribution's health root: outside the API, so without the version header.
      return Reply.status(200).header("Cache-Control", "no-cache");
    }
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    Reply reply;
    try {
      reply = route(exchange, method, path);
    } catch (RuntimeException e) {
      log.debug("{} {} failed", method, path, e);
      reply = RegistryErrors.reply(500, "UNKNOWN", "unknown error", RegistryErrors.emptyObject());
    }
    return reply.header(API_VERSION_HEADER, "registry/2.0");
  }

  private Reply route(HttpExchange exchange, String method, String path) throws IOException {
    Optional<RegistryRoute> matched = RegistryRoute.match(path);
    if (matched.isEmpty()) {
      return noRoute(method, path);
    }
    RegistryRoute route = matched.get();
    Map<String, List<String>> query = UrlEncodedForm.parse(exchange.getRequestURI().getRawQuery());
    String mountFrom =
        route.kind() == RegistryRoute.Kind.UPLOADS ? UrlEncodedForm.first(query, "from") : "";
    List<RegistryAccess> access = RegistryAccess.required(route, method, mountFrom);
    Optional<Reply> denied =
        auth.check(exchange.getRequestHeaders().getFirst("Authorization"), access, Instant.now());
    if (denied.isPresent()) {
      return denied.get();
    }
    if (route.name().length() > RegistryRoute.MAX_NAME_LENGTH) {
      // 2.8 refuses the name only after routing and auth, and reports it as an unknown error.
      ObjectNode detail = RegistryErrors.object("Name", route.name());
      detail.putObject("Reason");
      return RegistryErrors.reply(500, "UNKNOWN", "unknown error", detail);
    }
    if (!route.methods().isEmpty() && !route.methods().contains(method)) {
      return Reply.text(405, Reply.TEXT_UTF8, "Method not allowed\n")
          .header("Allow", String.join(", ", route.methods()))
          .header("X-Content-Type-Options", "nosniff");
    }
    return switch (route.kind()) {
      case BASE -> Reply.status(200).body(Reply.JSON_UTF8, "{}".getBytes(UTF_8));
      case CATALOG -> catalog();
      case TAGS -> tags(route.name());
      case MANIFEST ->
          switch (method) {
            case "PUT" -> manifests.put(exchange, route);
            case "DELETE" -> unsupported();
            default -> manifests.read(exchange, route, method);
          };
      case BLOB -> method.equals("DELETE") ? unsupported() : blobs.get(exchange, route);
      case UPLOADS -> uploads.start(exchange, route, query);
      case UPLOAD -> uploads.proceed(exchange, route, method, query);
    };
  }

  /** Answers a path outside the routes: a redirect to the slashed path, or Go's plain 404. */
  private static Reply noRoute(String method, String path) {
    if (RegistryRoute.match(path + "/").isPresent()) {
      String location = path + "/";
      Reply reply = Reply.status(301).header("Location", location);
      if (method.equals("GET") || method.equals("HEAD")) {
        reply.body(
            "text/html; charset=utf-8",
            ("<a href=\"" + location + "\">Moved Permanently</a>.\n\n").getBytes(UTF_8));
      }
      return reply;
    }
    return Reply.text(404, Reply.TEXT_UTF8, "404 page not found\n")
        .header("X-Content-Type-Options", "nosniff");
  }

  private static Reply unsupported() {
    return RegistryErrors.reply(405, "UNSUPPORTED", "The operation is unsupported.", null);
  }

  private Reply catalog() {
    ObjectNode body = RegistryErrors.JSON.createObjectNode();
    ArrayNode names = body.putArray("repositories");
    storage.repositories().forEach(names::add);
    return RegistryErrors.json(200, body);
  }

  private Reply tags(String name) {
    List<String> tags = storage.tags(name);
    if (tags.isEmpty()) {
      return RegistryErrors.reply(
          404,
          "NAME_UNKNOWN",
          "repository name not known to registry",
          RegistryErrors.object("name", name));
    }
    ObjectNode body = RegistryErrors.JSON.createObjectNode();
    body.put("name", name);
    ArrayNode list = body.putArray("tags");
    tags.forEach(list::add);
    return RegistryErrors.json(200, body);
  }

  /** Returns scheme and authority for absolute {@code Location}s, from {@code Host} as Go does. */
  private String base(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    String authority = host == null || host.isBlank() ? hostPort() : host.trim();
    return (isTls() ? "https://" : "http://") + authority;
  }
}
