package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Docker token service on loopback that a {@link RegistryProcess} trusts.
 *
 * <p>Implements the <a href="https://distribution.github.io/distribution/spec/auth/token/">token
 * specification</a> ({@code GET /token?service=S&scope=repository:NAME:ACTIONS[&scope=…]} with
 * optional Basic credentials) and the <a
 * href="https://distribution.github.io/distribution/spec/auth/oauth/">OAuth2 variant</a> ({@code
 * POST /token} with {@code grant_type=password} or {@code grant_type=refresh_token}). Like real
 * services it grants the <em>intersection</em> of what was requested and what the policy allows, so
 * a request for a denied repository answers 200 with an empty {@code access} claim; only bad
 * credentials answer 401.
 *
 * <p>Tokens are ES256 JWTs signed with a fresh self-signed P-256 certificate sent in the {@code
 * x5c} header; {@link #rootCertBundle(Path)} writes that certificate for the registry's {@code
 * auth.token.rootcertbundle}.
 *
 * <pre>{@code
 * try (TokenIssuer issuer = TokenIssuer.start()
 *         .user("alice", "alice-secret")
 *         .allow("alice", "team/app", "pull", "push")
 *         .allowAnonymousPull("public/app");
 *     RegistryProcess registry = RegistryProcess.builder().tokenAuth(issuer).start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Policy methods may be called at any time, also while clients are requesting tokens; the issuer
 * is thread-safe. Responses:
 *
 * <ul>
 *   <li>200 {@code {"token":JWT,"access_token":JWT,"expires_in":N,"issued_at":"RFC 3339"}} for
 *       {@code GET} (fields per {@link #tokenField(TokenField)}), plus {@code refresh_token} with
 *       {@code offline_token=true};
 *   <li>200 {@code {"access_token":JWT,"scope":…,"expires_in":N,"issued_at":…}} for {@code POST},
 *       plus {@code refresh_token} with {@code access_type=offline};
 *   <li>401 {@code {"details":"incorrect username or password"}} (as Docker Hub answers) with
 *       {@code WWW-Authenticate: Basic} for bad Basic credentials on {@code GET};
 *   <li>401 {@code {"error":"invalid_grant",…}} for a bad password or unknown refresh token on
 *       {@code POST}; 400 {@code invalid_request} / {@code unsupported_grant_type} for bad forms;
 *   <li>400 for a {@code service} parameter other than {@link #service()};
 *   <li>the status set by {@link #failWith(int)} for everything while a failure is simulated.
 * </ul>
 */
public final class TokenIssuer implements AutoCloseable {

  /** The service name used unless {@link Builder#service(String)} sets another. */
  public static final String DEFAULT_SERVICE = "test-registry";

  /** The issuer name ({@code iss}) used unless {@link Builder#issuerName(String)} sets another. */
  public static final String DEFAULT_ISSUER = "test-issuer";

  /** The token lifetime used unless {@link #expiresIn(int)} sets another, in seconds. */
  public static final int DEFAULT_EXPIRES_IN_SECONDS = 300;

  private static final Logger log = LoggerFactory.getLogger(TokenIssuer.class);
  private static final String ANONYMOUS = "";
  private static final String ANY = "*";
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor;
  private final HeldCertificate signer;
  private final JwtSigner jwt;
  private final String service;
  private final String issuerName;
  private final String path;
  private final String url;
  private final AtomicInteger requestCount = new AtomicInteger();

  // Guarded by this.
  private final Map<String, String> passwords = new HashMap<>();
  private final Map<String, Map<String, Set<String>>> grants = new HashMap<>();
  private final Map<String, String> refreshTokens = new HashMap<>();
  private final List<TokenRequest> requests = new ArrayList<>();
  private TokenField tokenField = TokenField.BOTH;
  private int expiresInSeconds = DEFAULT_EXPIRES_IN_SECONDS;
  private int failureStatus;

  private TokenIssuer(Builder builder) throws IOException {
    this.service = builder.service;
    this.issuerName = builder.issuerName;
    this.path = builder.path;
    this.signer = new HeldCertificate.Builder().ecdsa256().commonName(issuerName).build();
    this.jwt = new JwtSigner(signer, json);
    InetSocketAddress loopback = new InetSocketAddress(Loopback.ADDRESS, 0);
    HeldCertificate serverCertificate = builder.serverCertificate;
    if (serverCertificate != null) {
      HttpsServer https = HttpsServer.create(loopback, 0);
      HandshakeCertificates certificates =
          new HandshakeCertificates.Builder()
              .heldCertificate(serverCertificate, builder.intermediates)
              .build();
      https.setHttpsConfigurator(new HttpsConfigurator(certificates.sslContext()));
      this.server = https;
    } else {
      this.server = HttpServer.create(loopback, 0);
    }
    this.executor = Executors.newFixedThreadPool(4, Loopback.daemonThreads("token-issuer"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    String scheme = serverCertificate != null ? "https" : "http";
    this.url = scheme + "://" + Loopback.hostPort(server.getAddress().getPort()) + path;
    log.debug("token issuer listening at {}", url);
  }

  /**
   * Starts an issuer over plain HTTP with service {@value #DEFAULT_SERVICE} and issuer {@value
   * #DEFAULT_ISSUER}.
   */
  public static TokenIssuer start() {
    return builder().start();
  }

  /** Returns a builder for an issuer with a non-default service, issuer name, path or HTTPS. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings fixed while the issuer runs. Not thread-safe. */
  public static final class Builder {
    private String service = DEFAULT_SERVICE;
    private String issuerName = DEFAULT_ISSUER;
    private String path = "/token";
    private @Nullable HeldCertificate serverCertificate;
    private X509Certificate[] intermediates = new X509Certificate[0];

    private Builder() {}

    /** Sets the service name: the token audience and the registry's {@code auth.token.service}. */
    public Builder service(String service) {
      this.service = requireText(service, "service");
      return this;
    }

    /** Sets the issuer name: the {@code iss} claim and the registry's {@code auth.token.issuer}. */
    public Builder issuerName(String issuerName) {
      this.issuerName = requireText(issuerName, "issuerName");
      return this;
    }

    /** Sets the realm path, {@code /token} by default; must start with {@code /}. */
    public Builder path(String path) {
      requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with / but was " + path);
      }
      this.path = path;
      return this;
    }

    /**
     * Serves HTTPS with {@code serverCertificate} (which should name {@code 127.0.0.1} as an IP
     * subject alternative name) and the given intermediates. Clients must trust its issuer.
     */
    public Builder tls(HeldCertificate serverCertificate, X509Certificate... intermediates) {
      this.serverCertificate = requireNonNull(serverCertificate, "serverCertificate");
      this.intermediates = intermediates.clone();
      return this;
    }

    /** Starts the issuer on a free loopback port. */
    public TokenIssuer start() {
      try {
        return new TokenIssuer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("token issuer failed to start", e);
      }
    }
  }

  // ---- policy -------------------------------------------------------------------------------

  /** Adds or replaces a user that may authenticate with Basic credentials or the password grant. */
  public synchronized TokenIssuer user(String name, String password) {
    requireText(name, "name");
    requireNonNull(password, "password");
    passwords.put(name, password);
    return this;
  }

  /**
   * Allows {@code user} the {@code actions} on {@code repository}.
   *
   * @param user a user added with {@link #user(String, String)}, or {@code null} for everyone
   *     including anonymous clients
   * @param repository a repository name such as {@code team/app}, or {@code *} for every repository
   * @param actions actions such as {@code pull} and {@code push}, or {@code *} for all
   */
  public synchronized TokenIssuer allow(
      @Nullable String user, String repository, String... actions) {
    requireText(repository, "repository");
    if (actions.length == 0) {
      throw new IllegalArgumentException("actions must not be empty for " + repository);
    }
    grants
        .computeIfAbsent(user == null ? ANONYMOUS : user, u -> new HashMap<>())
        .computeIfAbsent(repository, r -> new LinkedHashSet<>())
        .addAll(List.of(actions));
    return this;
  }

  /** Allows everyone, including anonymous clients, to pull {@code repository}. */
  public TokenIssuer allowAnonymousPull(String repository) {
    return allow(null, repository, "pull");
  }

  /** Registers {@code refreshToken} as an OAuth2 refresh token (identity token) of {@code user}. */
  public synchronized TokenIssuer refreshToken(String user, String refreshToken) {
    requireText(user, "user");
    requireText(refreshToken, "refreshToken");
    refreshTokens.put(refreshToken, user);
    return this;
  }

  /**
   * Chooses which field of a {@code GET} response carries the JWT; {@link TokenField#BOTH} by
   * default.
   */
  public synchronized TokenIssuer tokenField(TokenField field) {
    this.tokenField = requireNonNull(field, "field");
    return this;
  }

  /**
   * Sets the token lifetime in seconds, {@value #DEFAULT_EXPIRES_IN_SECONDS} by default. Zero or a
   * negative value issues tokens that are already expired (the registry rejects them).
   */
  public synchronized TokenIssuer expiresIn(int seconds) {
    this.expiresInSeconds = seconds;
    return this;
  }

  /**
   * Answers every request with {@code status} and a JSON error body, simulating a broken token
   * service, until {@link #stopFailing()}.
   */
  public synchronized TokenIssuer failWith(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException(
          "status must be an HTTP status (100-599) but was " + status);
    }
    this.failureStatus = status;
    return this;
  }

  /** Ends a failure started by {@link #failWith(int)}. */
  public synchronized TokenIssuer stopFailing() {
    this.failureStatus = 0;
    return this;
  }

  // ---- accessors ----------------------------------------------------------------------------

  /** Returns the realm URL, e.g. {@code http://127.0.0.1:40123/token}. */
  public String url() {
    return url;
  }

  /** Returns the port the issuer listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns the service name (token audience), {@value #DEFAULT_SERVICE} by default. */
  public String service() {
    return service;
  }

  /** Returns the issuer name ({@code iss} claim), {@value #DEFAULT_ISSUER} by default. */
  public String issuerName() {
    return issuerName;
  }

  /** Returns the self-signed P-256 certificate whose key signs the tokens. */
  public X509Certificate signingCertificate() {
    return signer.certificate();
  }

  /**
   * Writes the PEM of {@link #signingCertificate()} to {@code file}, for the registry's {@code
   * auth.token.rootcertbundle}, and returns {@code file}.
   */
  public Path rootCertBundle(Path file) {
    requireNonNull(file, "file");
    try {
      Files.writeString(file, signer.certificatePem(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write root certificate bundle " + file, e);
    }
    return file;
  }

  /** Returns how many requests arrived so far, failed ones included. */
  public int requestCount() {
    return requestCount.get();
  }

  /** Returns the requests received so far, oldest first, without secrets. */
  public synchronized List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * Returns a token granting exactly {@code scopes} (such as {@code repository:team/app:pull}),
   * bypassing the policy; for tests that need a token without a request.
   *
   * @param subject the {@code sub} claim, or {@code null} for an anonymous token
   */
  public String issueToken(@Nullable String subject, String... scopes) {
    ArrayNode access = json.createArrayNode();
    for (String scope : scopes) {
      Scope parsed = Scope.parse(scope);
      if (parsed == null) {
        throw new IllegalArgumentException("scope must be TYPE:NAME:ACTIONS but was " + scope);
      }
      parsed.addTo(access, parsed.actions());
    }
    int lifetime;
    synchronized (this) {
      lifetime = expiresInSeconds;
    }
    return sign(subject, access, Instant.now().truncatedTo(ChronoUnit.SECONDS), lifetime);
  }

  /** Stops the server at once and ends its threads. */
  @Override
  public void close() {
    Loopback.stop(server, executor);
  }

  @Override
  public String toString() {
    return "TokenIssuer[" + url + ", service=" + service + ", issuer=" + issuerName + "]";
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requestCount.incrementAndGet();
      String method = exchange.getRequestMethod();
      String requestPath = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES);
      boolean post = "POST".equals(method);
      String rawQuery = exchange.getRequestURI().getRawQuery();
      Map<String, List<String>> params =
          UrlEncodedForm.parse(post ? new String(body, UTF_8) : rawQuery);
      BasicCredentials basic =
          BasicCredentials.from(exchange.getRequestHeaders().getFirst("Authorization"));
      String username = post ? first(params, "username") : basic == null ? null : basic.user();
      String recordedQuery = post ? withoutSecrets(params) : rawQuery == null ? "" : rawQuery;
      int failure;
      synchronized (this) {
        requests.add(new TokenRequest(method, requestPath, recordedQuery, username));
        failure = failureStatus;
      }
      log.debug("{} {} ({} parameters)", method, requestPath, params.size());
      if (failure != 0) {
        respond(exchange, failure, error("UNAVAILABLE", "simulated token service failure"));
      } else if (!path.equals(requestPath)) {
        respond(exchange, 404, error("NOT_FOUND", "no such endpoint: " + requestPath));
      } else if ("GET".equals(method)) {
        handleGet(exchange, params);
      } else if (post) {
        handlePost(exchange, params);
      } else {
        exchange.getResponseHeaders().add("Allow", "GET, POST");
        respond(exchange, 405, error("UNSUPPORTED", "method not allowed: " + method));
      }
    } catch (RuntimeException e) {
      log.debug("token request failed", e);
      throw e;
    }
  }

  private void handleGet(HttpExchange exchange, Map<String, List<String>> params)
      throws IOException {
    if (!serviceMatches(exchange, params)) {
      return;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String user = null;
    if (header != null) {
      BasicCredentials basic = BasicCredentials.from(header);
      if (basic == null || !passwordMatches(basic.user(), basic.password())) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + issuerName + "\"");
        ObjectNode body = json.createObjectNode();
        body.put("details", "incorrect username or password");
        respond(exchange, 401, body);
        return;
      }
      user = basic.user();
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TokenField field;
    int lifetime;
    synchronized (this) {
      field = tokenField;
      lifetime = expiresInSeconds;
    }
    String token =
        sign(user, granted(user, params.getOrDefault("scope", List.of())), now, lifetime);
    ObjectNode body = json.createObjectNode();
    if (field != TokenField.ACCESS_TOKEN_ONLY) {
      body.put("token", token);
    }
    if (field != TokenField.TOKEN_ONLY) {
      body.put("access_token", token);
    }
    body.put("expires_in", lifetime);
    body.put("issued_at", now.toString());
    if (user != null && "true".equals(first(params, "offline_token"))) {
      body.put("refresh_token", newRefreshToken(user));
    }
    respond(exchange, 200, body);
  }

  private void handlePost(HttpExchange exchange, Map<String, List<String>> params)
      throws IOException {
    if (!serviceMatches(exchange, params)) {
      return;
    }
    String grantType = first(params, "grant_type");
    if (first(params, "client_id") == null) {
      respond(exchange, 400, oauthError("invalid_request", "client_id is required"));
      return;
    }
    String user;
    String refreshToken = null;
    if ("password".equals(grantType)) {
      user = first(params, "username");
      String password = first(params, "password");
      if (user == null || password == null || !passwordMatches(user, password)) {
        respond(exchange, 401, oauthError("invalid_grant", "incorrect username or password"));
        return;
      }
    } else if ("refresh_token".equals(grantType)) {
      refreshToken = first(params, "refresh_token");
      synchronized (this) {
        user = refreshToken == null ? null : refreshTokens.get(refreshToken);
      }
      if (user == null) {
        respond(exchange, 401, oauthError("invalid_grant", "unknown refresh token"));
        return;
      }
    } else {
      respond(
          exchange,
          400,
          oauthError("unsupported_grant_type", "grant_type must be password or refresh_token"));
      return;
    }
    List<String> scopes = new ArrayList<>();
    for (String value : params.getOrDefault("scope", List.of())) {
      scopes.addAll(List.of(value.trim().split(" +")));
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int lifetime;
    synchronized (this) {
      lifetime = expiresInSeconds;
    }
    ObjectNode body = json.createObjectNode();
    body.put("access_token", sign(user, granted(user, scopes), now, lifetime));
    body.put("scope", String.join(" ", scopes));
    body.put("expires_in", lifetime);
    body.put("issued_at", now.toString());
    if ("offline".equals(first(params, "access_type"))) {
      body.put("refresh_token", refreshToken != null ? refreshToken : newRefreshToken(user));
    }
    respond(exchange, 200, body);
  }

  private boolean serviceMatches(HttpExchange exchange, Map<String, List<String>> params)
      throws IOException {
    String requested = first(params, "service");
    if (requested == null || requested.equals(service)) {
      return true;
    }
    respond(exchange, 400, error("INVALID_REQUEST", "unknown service: " + requested));
    return false;
  }

  private synchronized boolean passwordMatches(String user, String password) {
    String expected = passwords.get(user);
    return expected != null
        && MessageDigest.isEqual(expected.getBytes(UTF_8), password.getBytes(UTF_8));
  }

  private synchronized String newRefreshToken(String user) {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    String token = "refresh-" + JwtSigner.base64Url(random);
    refreshTokens.put(token, user);
    return token;
  }

  /** Returns the access claim: for each requested scope, the requested actions also allowed. */
  private synchronized ArrayNode granted(@Nullable String user, List<String> scopeValues) {
    ArrayNode access = json.createArrayNode();
    for (String value : scopeValues) {
      for (String text : value.trim().split(" +")) {
        Scope scope = Scope.parse(text);
        if (scope == null || !"repository".equals(scope.type())) {
          continue;
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String principal : user == null ? List.of(ANONYMOUS) : List.of(ANONYMOUS, user)) {
          Map<String, Set<String>> byRepository = grants.getOrDefault(principal, Map.of());
          allowed.addAll(byRepository.getOrDefault(scope.name(), Set.of()));
          allowed.addAll(byRepository.getOrDefault(ANY, Set.of()));
        }
        List<String> actions = new ArrayList<>();
        for (String action : scope.actions()) {
          if ((allowed.contains(action) || allowed.contains(ANY)) && !actions.contains(action)) {
            actions.add(action);
          }
        }
        if (!actions.isEmpty()) {
          scope.addTo(access, actions);
        }
      }
    }
    return access;
  }

  private String sign(@Nullable String subject, ArrayNode access, Instant now, int lifetime) {
    byte[] jti = new byte[16];
    RANDOM.nextBytes(jti);
    ObjectNode claims = json.createObjectNode();
    claims.put("iss", issuerName);
    claims.put("sub", subject == null ? "" : subject);
    claims.put("aud", service);
    claims.put("exp", now.getEpochSecond() + lifetime);
    claims.put("nbf", now.getEpochSecond());
    claims.put("iat", now.getEpochSecond());
    claims.put("jti", JwtSigner.base64Url(jti));
    claims.set("access", access);
    return jwt.sign(claims);
  }

  private ObjectNode error(String code, String message) {
    ObjectNode body = json.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("code", code);
    error.put("message", message);
    return body;
  }

  private ObjectNode oauthError(String code, String description) {
    ObjectNode body = json.createObjectNode();
    body.put("error", code);
    body.put("error_description", description);
    return body;
  }

  private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON encoding failed", e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String withoutSecrets(Map<String, List<String>> params) {
    StringBuilder out = new StringBuilder();
    params.forEach(
        (name, values) -> {
          if (name.equals("password") || name.equals("refresh_token")) {
            return;
          }
          for (String value : values) {
            if (out.length() > 0) {
              out.append('&');
            }
            out.append(URLEncoder.encode(name, UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, UTF_8));
          }
        });
    return out.toString();
  }

  private static @Nullable String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String requireText(String value, String name) {
    requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /** A scope {@code TYPE:NAME:ACTIONS}; the name may contain colons (a registry port). */
  private record Scope(String type, String name, List<String> actions) {

    static @Nullable Scope parse(String text) {
      int first = text.indexOf(':');
      int last = text.lastIndexOf(':');
      if (first <= 0 || last <= first + 1) {
        return null;
      }
      List<String> actions = new ArrayList<>();
      for (String action : text.substring(last + 1).split(",")) {
        if (!action.isBlank()) {
          actions.add(action.trim());
        }
      }
      return new Scope(text.substring(0, first), text.substring(first + 1, last), actions);
    }

    void addTo(ArrayNode access, List<String> granted) {
      ObjectNode entry = access.addObject();
      entry.put("type", type);
      entry.put("name", name);
      ArrayNode actionsNode = entry.putArray("actions");
      granted.forEach(actionsNode::add);
    }
  }

  /** Credentials from an {@code Authorization: Basic} header. */
  private record BasicCredentials(String user, String password) {

    static @Nullable BasicCredentials from(@Nullable String header) {
      if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    @Override
    public String toString() {
      return "BasicCredentials[user=" + user + ", password=<redacted>]";
    }
  }
}
