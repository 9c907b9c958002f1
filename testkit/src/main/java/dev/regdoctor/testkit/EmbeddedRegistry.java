package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
  private static final String OCI_MANIFEST = ManifestFormat.OCI.manifestMediaType();
  private static final String OCI_INDEX = ManifestFormat.OCI.indexMediaType();
  private static final String DOCKER_MANIFEST = ManifestFormat.DOCKER.manifestMediaType();
  private static final String DOCKER_LIST = ManifestFormat.DOCKER.indexMediaType();
  private static final Set<String> INDEX_TYPES = Set.of(OCI_INDEX, DOCKER_LIST);
  private static final Set<String> MANIFEST_TYPES =
      Set.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST);

  /** Layers fetched from elsewhere, whose presence a registry does not check on manifest push. */
  private static final Set<String> FOREIGN_LAYER_TYPES =
      Set.of(
          "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

  private static final int MAX_CLOSED_UPLOADS = 10_000;
  private static final Pattern BYTE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final RegistryStorage storage;
  private final RegistryAuth auth;
  private final @Nullable RateLimit rateLimit;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Set<String> closedUploads = closedUploadSet();
  private final LoopbackHttpServer server;

  /** An upload in progress: the repository it belongs to and the bytes received so far. */
  private static final class Upload {
    final String repository;
    final ByteArrayOutputStream content = new ByteArrayOutputStream();

    Upload(String repository) {
      this.repository = repository;
    }
  }

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
    String mountFrom = route.kind() == RegistryRoute.Kind.UPLOADS ? first(query, "from") : "";
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
            case "PUT" -> putManifest(exchange, route);
            case "DELETE" -> unsupported();
            default -> readManifest(exchange, route, method);
          };
      case BLOB -> method.equals("DELETE") ? unsupported() : blob(exchange, route);
      case UPLOADS -> startUpload(exchange, route, query);
      case UPLOAD -> continueUpload(exchange, route, method, query);
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

  // ---- manifests ----------------------------------------------------------------------------

  /** Answers a manifest GET or HEAD, applying the rate limit around it. */
  private Reply readManifest(HttpExchange exchange, RegistryRoute route, String method) {
    RateLimit limit = rateLimit;
    if (limit == null) {
      return manifest(exchange, route);
    }
    if (limit.isExhausted()) {
      return limit.tooManyRequests();
    }
    Reply reply = manifest(exchange, route);
    boolean pull = method.equals("GET") && reply.status() == 200;
    return limit.addHeaders(reply, pull ? limit.consume() : limit.remaining());
  }

  private Reply manifest(HttpExchange exchange, RegistryRoute route) {
    String name = route.name();
    boolean byTag = !route.isDigestReference();
    String digest;
    if (byTag) {
      Optional<String> tagged = storage.tag(name, route.reference());
      if (tagged.isEmpty()) {
        return manifestUnknown(RegistryErrors.object("Tag", route.reference()));
      }
      digest = tagged.get();
    } else {
      digest = route.reference();
      if (!ContentDigest.isValid(digest)) {
        // 2.8 reads an unparsable digest as a tag and fails on the storage path it makes of it.
        return RegistryErrors.reply(500, "UNKNOWN", "unknown error", RegistryErrors.emptyObject());
      }
    }
    if (etagMatches(exchange, digest)) {
      return Reply.status(304);
    }
    Optional<RegistryStorage.Manifest> stored = storage.manifest(name, digest);
    if (stored.isEmpty()) {
      return manifestUnknown(revision(name, digest));
    }
    RegistryStorage.Manifest manifest = stored.get();
    Set<String> accepted = acceptedTypes(exchange);
    if (manifest.mediaType().equals(OCI_MANIFEST) && !accepted.contains(OCI_MANIFEST)) {
      return RegistryErrors.reply(
          404,
          "MANIFEST_UNKNOWN",
          "OCI manifest found, but accept header does not support OCI manifests",
          null);
    }
    if (manifest.mediaType().equals(OCI_INDEX) && !accepted.contains(OCI_INDEX)) {
      return RegistryErrors.reply(
          404,
          "MANIFEST_UNKNOWN",
          "OCI index found, but accept header does not support OCI indexes",
          null);
    }
    if (byTag && manifest.mediaType().equals(DOCKER_LIST) && !accepted.contains(DOCKER_LIST)) {
      // Old clients get the default platform's image instead of the list.
      Optional<String> child = linuxAmd64Entry(manifest);
      if (child.isEmpty()) {
        return manifestUnknown(null);
      }
      Optional<RegistryStorage.Manifest> image = storage.manifest(name, child.get());
      if (image.isEmpty()) {
        return manifestUnknown(revision(name, child.get()));
      }
      manifest = image.get();
    }
    return Reply.status(200)
        .body(manifest.mediaType(), manifest.content())
        .header("Docker-Content-Digest", manifest.digest())
        .header("Etag", "\"" + manifest.digest() + "\"");
  }

  private Reply putManifest(HttpExchange exchange, RegistryRoute route) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_MANIFEST_BYTES + 1);
    String mediaType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (body.length > MAX_MANIFEST_BYTES || !MANIFEST_TYPES.contains(mediaType)) {
      return manifestInvalid();
    }
    JsonNode json;
    try {
      json = RegistryErrors.JSON.readTree(body);
    } catch (IOException e) {
      return manifestInvalid();
    }
    if (json == null
        || !json.isObject()
        || json.path("schemaVersion").asInt(0) != 2
        || !json.path("mediaType").asText(mediaType).equals(mediaType)) {
      return manifestInvalid();
    }
    String digest = LayerArchive.digest(body);
    if (route.isDigestReference() && !route.reference().equals(digest)) {
      return RegistryErrors.reply(400, "DIGEST_INVALID", RegistryErrors.DIGEST_INVALID, null);
    }
    List<String> references = new ArrayList<>();
    if (!collectReferences(json, mediaType, references)) {
      return manifestInvalid();
    }
    List<ObjectNode> missing = new ArrayList<>();
    for (String reference : references) {
      boolean present =
          INDEX_TYPES.contains(mediaType)
              ? storage.manifest(route.name(), reference).isPresent()
              : storage.blob(route.name(), reference).isPresent();
      if (!present) {
        missing.add(
            RegistryErrors.error(
                "MANIFEST_BLOB_UNKNOWN",
                RegistryErrors.BLOB_UNKNOWN,
                RegistryErrors.text(reference)));
      }
    }
    if (!missing.isEmpty()) {
      return RegistryErrors.reply(400, missing.toArray(new ObjectNode[0]));
    }
    String tag = route.isDigestReference() ? null : route.reference();
    storage.putManifest(route.name(), tag, new RegistryStorage.Manifest(digest, mediaType, body));
    return Reply.status(201)
        .header("Location", base(exchange) + "/v2/" + route.name() + "/manifests/" + digest)
        .header("Docker-Content-Digest", digest);
  }

  /**
   * Adds the digests a manifest needs to be present: child manifests of an index, otherwise the
   * config and the layers that are not foreign. Returns false when a descriptor is malformed.
   */
  private static boolean collectReferences(JsonNode json, String mediaType, List<String> out) {
    List<JsonNode> descriptors = new ArrayList<>();
    if (INDEX_TYPES.contains(mediaType)) {
      json.path("manifests").forEach(descriptors::add);
    } else {
      if (!json.path("config").isObject()) {
        return false;
      }
      descriptors.add(json.path("config"));
      json.path("layers").forEach(descriptors::add);
    }
    for (JsonNode descriptor : descriptors) {
      String digest = descriptor.path("digest").asText("");
      if (!ContentDigest.isValid(digest)) {
        return false;
      }
      if (!FOREIGN_LAYER_TYPES.contains(descriptor.path("mediaType").asText(""))) {
        out.add(digest);
      }
    }
    return true;
  }

  private static Optional<String> linuxAmd64Entry(RegistryStorage.Manifest list) {
    try {
      for (JsonNode entry : RegistryErrors.JSON.readTree(list.content()).path("manifests")) {
        JsonNode platform = entry.path("platform");
        if (platform.path("architecture").asText("").equals("amd64")
            && platform.path("os").asText("").equals("linux")) {
          return Optional.of(entry.path("digest").asText(""));
        }
      }
    } catch (IOException e) {
      log.debug("stored manifest list {} is unreadable", list.digest(), e);
    }
    return Optional.empty();
  }

  private static Reply manifestUnknown(@Nullable JsonNode detail) {
    return RegistryErrors.reply(404, "MANIFEST_UNKNOWN", RegistryErrors.MANIFEST_UNKNOWN, detail);
  }

  private static Reply manifestInvalid() {
    return RegistryErrors.reply(
        400, "MANIFEST_INVALID", "manifest invalid", RegistryErrors.emptyObject());
  }

  private static ObjectNode revision(String name, String digest) {
    return RegistryErrors.object("Name", name).put("Revision", digest);
  }

  private static boolean etagMatches(HttpExchange exchange, String digest) {
    for (String value : exchange.getRequestHeaders().getOrDefault("If-None-Match", List.of())) {
      if (value.equals(digest) || value.equals("\"" + digest + "\"")) {
        return true;
      }
    }
    return false;
  }

  /** Returns the media types named in all {@code Accept} headers, lower case, without params. */
  private static Set<String> acceptedTypes(HttpExchange exchange) {
    Set<String> types = new LinkedHashSet<>();
    for (String header : exchange.getRequestHeaders().getOrDefault("Accept", List.of())) {
      for (String entry : header.split(",")) {
        String type = mediaType(entry);
        if (!type.isEmpty()) {
          types.add(type);
        }
      }
    }
    return types;
  }

  /** Returns {@code type/subtype} of a media type header value, lower case; empty for none. */
  private static String mediaType(@Nullable String value) {
    if (value == null) {
      return "";
    }
    int semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  // ---- blobs --------------------------------------------------------------------------------

  private Reply blob(HttpExchange exchange, RegistryRoute route) {
    String digest = route.reference();
    if (!ContentDigest.isValid(digest)) {
      return RegistryErrors.reply(
          400, "DIGEST_INVALID", RegistryErrors.DIGEST_INVALID, RegistryErrors.emptyObject());
    }
    Optional<byte[]> stored = storage.blob(route.name(), digest);
    if (stored.isEmpty()) {
      return RegistryErrors.reply(
          404, "BLOB_UNKNOWN", RegistryErrors.BLOB_UNKNOWN, RegistryErrors.text(digest));
    }
    byte[] content = stored.get();
    String range = exchange.getRequestHeaders().getFirst("Range");
    Matcher matcher = range == null ? null : BYTE_RANGE.matcher(range.trim());
    if (matcher == null || !matcher.matches()) {
      return blobHeaders(Reply.status(200), digest).body("application/octet-stream", content);
    }
    long total = content.length;
    long first;
    long last;
    if (matcher.group(1).isEmpty()) {
      long suffix = matcher.group(2).isEmpty() ? 0 : parseLong(matcher.group(2));
      first = Math.max(0, total - suffix);
      last = total - 1;
    } else {
      first = parseLong(matcher.group(1));
      last =
          matcher.group(2).isEmpty() ? total - 1 : Math.min(parseLong(matcher.group(2)), total - 1);
    }
    if (first < 0 || first > last || first >= total) {
      return Reply.text(416, Reply.TEXT_UTF8, "invalid range: failed to overlap\n")
          .header("Content-Range", "bytes */" + total);
    }
    byte[] slice = new byte[(int) (last - first + 1)];
    System.arraycopy(content, (int) first, slice, 0, slice.length);
    return blobHeaders(Reply.status(206), digest)
        .header("Content-Range", "bytes " + first + "-" + last + "/" + total)
        .body("application/octet-stream", slice);
  }

  private static Reply blobHeaders(Reply reply, String digest) {
    return reply
        .header("Accept-Ranges", "bytes")
        .header("Cache-Control", "max-age=31536000")
        .header("Docker-Content-Digest", digest)
        .header("Etag", "\"" + digest + "\"");
  }

  private static long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Reply startUpload(
      HttpExchange exchange, RegistryRoute route, Map<String, List<String>> query) {
    String mount = first(query, "mount");
    String from = first(query, "from");
    if (!mount.isEmpty()
        && ContentDigest.isValid(mount)
        && storage.mount(route.name(), mount, from)) {
      return blobCreated(exchange, route.name(), mount);
    }
    String id = UUID.randomUUID().toString();
    uploads.put(id, new Upload(route.name()));
    return uploadProgress(Reply.status(202), exchange, route.name(), id, 0);
  }

  private Reply continueUpload(
      HttpExchange exchange, RegistryRoute route, String method, Map<String, List<String>> query)
      throws IOException {
    String id = route.reference();
    Upload upload = uploads.get(id);
    if (upload == null || !upload.repository.equals(route.name())) {
      // 2.8 knows a finished upload by the state in its location; a location it never handed
      // out fails that state check first.
      return upload == null && closedUploads.contains(id)
          ? RegistryErrors.reply(
              404,
              "BLOB_UPLOAD_UNKNOWN",
              "blob upload unknown to registry",
              RegistryErrors.emptyObject())
          : RegistryErrors.reply(
              404, "BLOB_UPLOAD_INVALID", "blob upload invalid", RegistryErrors.emptyObject());
    }
    switch (method) {
      case "DELETE" -> {
        closeUpload(id);
        return Reply.status(204);
      }
      case "GET" -> {
        return uploadProgress(Reply.status(204), exchange, route.name(), id, size(upload));
      }
      case "PATCH" -> {
        byte[] chunk = exchange.getRequestBody().readAllBytes();
        long size;
        synchronized (upload) {
          upload.content.write(chunk);
          size = upload.content.size();
        }
        return uploadProgress(Reply.status(202), exchange, route.name(), id, size);
      }
      default -> {
        return finishUpload(exchange, route.name(), id, upload, first(query, "digest"));
      }
    }
  }

  private Reply finishUpload(
      HttpExchange exchange, String name, String id, Upload upload, String digest)
      throws IOException {
    byte[] last = exchange.getRequestBody().readAllBytes();
    if (digest.isEmpty()) {
      return RegistryErrors.reply(
          400,
          "DIGEST_INVALID",
          RegistryErrors.DIGEST_INVALID,
          RegistryErrors.text("digest missing"));
    }
    if (!ContentDigest.isValid(digest)) {
      return RegistryErrors.reply(
          400,
          "DIGEST_INVALID",
          RegistryErrors.DIGEST_INVALID,
          RegistryErrors.text("digest parsing failed"));
    }
    byte[] content;
    synchronized (upload) {
      upload.content.write(last);
      content = upload.content.toByteArray();
    }
    // Registry 2.8 cancels the upload once a completion with a digest was tried.
    closeUpload(id);
    if (!ContentDigest.matches(digest, content)) {
      ObjectNode detail = RegistryErrors.object("Digest", digest);
      detail.putObject("Reason");
      return RegistryErrors.reply(400, "DIGEST_INVALID", RegistryErrors.DIGEST_INVALID, detail);
    }
    storage.putBlob(name, digest, content);
    return blobCreated(exchange, name, digest);
  }

  private void closeUpload(String id) {
    uploads.remove(id);
    closedUploads.add(id);
  }

  /** Returns a thread-safe set that forgets its oldest ids beyond {@value #MAX_CLOSED_UPLOADS}. */
  private static Set<String> closedUploadSet() {
    Map<String, Boolean> recent =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_CLOSED_UPLOADS;
          }
        };
    return Collections.newSetFromMap(Collections.synchronizedMap(recent));
  }

  private static long size(Upload upload) {
    synchronized (upload) {
      return upload.content.size();
    }
  }

  private Reply uploadProgress(
      Reply reply, HttpExchange exchange, String name, String id, long size) {
    return reply
        .header("Location", base(exchange) + "/v2/" + name + "/blobs/uploads/" + id)
        .header("Range", "0-" + Math.max(0, size - 1))
        .header("Docker-Upload-UUID", id);
  }

  private Reply blobCreated(HttpExchange exchange, String name, String digest) {
    return Reply.status(201)
        .header("Location", base(exchange) + "/v2/" + name + "/blobs/" + digest)
        .header("Docker-Content-Digest", digest);
  }

  /** Returns scheme and authority for absolute {@code Location}s, from {@code Host} as Go does. */
  private String base(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    String authority = host == null || host.isBlank() ? hostPort() : host.trim();
    return (isTls() ? "https://" : "http://") + authority;
  }

  /** Returns the first value of {@code name}, or empty. */
  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
