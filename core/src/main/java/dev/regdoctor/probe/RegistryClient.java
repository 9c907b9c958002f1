package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Checks images against their registries the way a container runtime pulls them: {@code GET /v2/},
 * the auth challenge, a token (GET, or OAuth2 POST for identity tokens) or Basic credentials, a
 * {@code HEAD} of the manifest with the full {@code Accept} list, {@code tags/list} when the
 * manifest is missing, and the image index for the platform.
 *
 * <p>One client holds one HTTP connection pool. It is thread-safe and meant to be shared: checks of
 * many images reuse one ping per registry and one token per repository scope. Every check is
 * bounded by {@link ProbeSettings#deadline()} and returns a {@link ProbeResult}; it never throws
 * for network, TLS, HTTP or auth failures. Close the client to release its threads and connections.
 */
public final class RegistryClient implements AutoCloseable {
  private static final Duration PING_TTL = Duration.ofSeconds(60);
  private static final Duration FAILED_PING_TTL = Duration.ofSeconds(10);

  private final ProbeSettings settings;
  private final Transport transport;
  private final TokenCache tokens;
  private final ConcurrentHashMap<String, CompletableFuture<PingOutcome>> pings =
      new ConcurrentHashMap<>();

  private RegistryClient(ProbeSettings settings, HostResolver resolver) {
    this.settings = requireNonNull(settings, "settings");
    this.transport = new Transport(settings, resolver);
    this.tokens = new TokenCache(settings.clock());
  }

  /**
   * Returns a client with {@code settings}.
   *
   * @throws IllegalArgumentException if a CA certificate file cannot be read
   */
  public static RegistryClient create(ProbeSettings settings) {
    return new RegistryClient(settings, HostResolver.SYSTEM);
  }

  static RegistryClient create(ProbeSettings settings, HostResolver resolver) {
    return new RegistryClient(settings, resolver);
  }

  /** Returns the settings this client probes with. */
  public ProbeSettings settings() {
    return settings;
  }

  /**
   * Checks {@code image} (any form {@code docker pull} accepts) with credentials from {@code
   * credentials}. An invalid reference yields a result with an {@link
   * FailureKind#INVALID_REFERENCE} failure and no network traffic.
   */
  public ProbeResult check(String image, CredentialResolver credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      return invalid(image, e);
    }
    return check(
        image, reference, credentials.lookup(reference.registry(), reference.repository()), null);
  }

  /** Checks {@code image} with the credentials {@code credentials} resolves for it. */
  public ProbeResult check(ImageReference image, CredentialResolver credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    return check(
        image.canonical(), image, credentials.lookup(image.registry(), image.repository()), null);
  }

  /**
   * Checks {@code image} with an already looked-up credential (or {@link
   * CredentialLookup#anonymous()}).
   */
  public ProbeResult check(ImageReference image, CredentialLookup credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    return check(image.canonical(), image, credentials, null);
  }

  /**
   * Checks {@code image} at an explicit endpoint, such as a registry mirror ({@code
   * https://mirror.example.com}). The endpoint's scheme is used as given, without fallback.
   */
  public ProbeResult check(
      ImageReference image, RegistryEndpoint endpoint, CredentialLookup credentials) {
    requireNonNull(image, "image");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(credentials, "credentials");
    return check(image.canonical(), image, credentials, endpoint);
  }

  private ProbeResult check(
      String input,
      ImageReference image,
      CredentialLookup lookup,
      @Nullable RegistryEndpoint endpoint) {
    return new ImageCheck(this, input, image, lookup, endpoint).run();
  }

  private ProbeResult invalid(String input, InvalidReferenceException e) {
    Step step = new Step(StepName.REFERENCE, StepStatus.FAILED, Duration.ZERO, e.reason());
    Failure failure =
        new Failure(
            FailureKind.INVALID_REFERENCE,
            StepName.REFERENCE,
            e.getMessage(),
            List.of(e.getMessage()),
            e);
    return new ProbeResult(
        input,
        null,
        null,
        settings.platform(),
        List.of(step),
        List.of(failure),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        List.of(),
        List.of(),
        true,
        List.of(),
        0,
        Duration.ZERO);
  }

  @Override
  public void close() {
    transport.close();
  }

  // ---- internals shared by checks ---------------------------------------------------------------

  TokenCache tokens() {
    return tokens;
  }

  Exchange exchange(boolean verifyTls, Deadline deadline, AtomicInteger requests) {
    return new Exchange(transport, verifyTls, settings, deadline, requests);
  }

  /** The answer to {@code GET /v2/} for one registry, shared by the checks of its images. */
  record PingOutcome(
      RegistryEndpoint endpoint,
      @Nullable PingInfo ping,
      @Nullable Failure failure,
      List<Step> steps,
      @Nullable TlsInfo tls,
      List<String> notes,
      boolean verifiedTls,
      AtomicInteger owner,
      long createdNanos) {

    /** Whether a check other than the one that pinged is reading this outcome. */
    boolean cachedFor(AtomicInteger requests) {
      return owner != requests;
    }

    boolean isFresh() {
      Duration ttl = failure == null ? PING_TTL : FAILED_PING_TTL;
      return System.nanoTime() - createdNanos < ttl.toNanos();
    }
  }

  PingOutcome ping(
      RegistryEndpoint https,
      boolean allowHttp,
      boolean verifyTls,
      boolean explicitPort,
      Deadline deadline,
      AtomicInteger requests) {
    String key = https + "|" + allowHttp + "|" + verifyTls;
    while (true) {
      CompletableFuture<PingOutcome> mine = new CompletableFuture<>();
      CompletableFuture<PingOutcome> existing = pings.putIfAbsent(key, mine);
      if (existing == null) {
        try {
          PingOutcome outcome =
              doPing(https, allowHttp, verifyTls, explicitPort, deadline, requests);
          mine.complete(outcome);
          return outcome;
        } catch (RuntimeException | Error e) {
          pings.remove(key, mine);
          mine.completeExceptionally(e);
          throw e;
        }
      }
      try {
        long waitNanos = Math.max(1, deadline.remaining().toNanos());
        PingOutcome outcome = existing.get(waitNanos, TimeUnit.NANOSECONDS);
        if (outcome.isFresh()) {
          return outcome;
        }
        pings.remove(key, existing);
      } catch (TimeoutException e) {
        return waitedTooLong(https, deadline, requests);
      } catch (ExecutionException e) {
        pings.remove(key, existing);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return waitedTooLong(https, deadline, requests);
      }
    }
  }

  private PingOutcome waitedTooLong(
      RegistryEndpoint https, Deadline deadline, AtomicInteger requests) {
    Failure failure =
        new Failure(
            FailureKind.RESPONSE_TIMEOUT,
            StepName.PING,
            "another check's ping of "
                + https.authority()
                + " did not finish within the deadline of "
                + deadline.total().toMillis()
                + " ms",
            List.of(
                "waited " + deadline.total().toMillis() + " ms for a shared GET " + https + "/v2/"),
            null);
    return new PingOutcome(
        https,
        null,
        failure,
        List.of(new Step(StepName.PING, StepStatus.FAILED, deadline.total(), "timeout")),
        null,
        List.of(),
        true,
        requests,
        System.nanoTime());
  }

  private PingOutcome doPing(
      RegistryEndpoint https,
      boolean allowHttp,
      boolean verifyTls,
      boolean explicitPort,
      Deadline deadline,
      AtomicInteger requests) {
    List<String> notes = new ArrayList<>();
    // With a plain HTTP fallback allowed, HTTPS gets at most half the time left: a plain HTTP
    // server
    // may stall on the TLS ClientHello, and the fallback must still have time to run.
    Deadline httpsDeadline = allowHttp && https.isHttps() ? deadline.portion(2) : deadline;
    Exchange secure = exchange(verifyTls, httpsDeadline, requests);
    Exchange.Outcome outcome = secure.send(pingRequest(https), null, Exchange.SMALL_BODY_BYTES);
    RegistryEndpoint used = https;
    if (!https.isHttps()) {
      return fromOutcome(https, outcome, notes, verifyTls, requests);
    }
    if (outcome instanceof Exchange.Fault fault) {
      boolean sameTcpFailure =
          fault.kind() == FailureKind.DNS_FAILURE
              || (explicitPort
                  && (fault.kind() == FailureKind.CONNECTION_REFUSED
                      || fault.kind() == FailureKind.CONNECT_TIMEOUT
                      || fault.kind() == FailureKind.NETWORK_UNREACHABLE));
      if (allowHttp && !sameTcpFailure) {
        RegistryEndpoint http =
            new RegistryEndpoint("http", https.host(), explicitPort ? https.port() : 80);
        Exchange.Outcome plain =
            exchange(verifyTls, deadline, requests)
                .send(pingRequest(http), null, Exchange.SMALL_BODY_BYTES);
        if (plain instanceof Exchange.Answer answer && !isHttpsRequired(answer)) {
          notes.add(
              "HTTPS to "
                  + https.authority()
                  + " failed ("
                  + fault.kind()
                  + "); used plain HTTP at "
                  + http
                  + " as allowed for this registry");
          return fromOutcome(http, plain, notes, verifyTls, requests);
        }
        notes.add(
            "plain HTTP to "
                + http
                + " also failed: "
                + (plain instanceof Exchange.Answer a
                    ? "answered " + a.status()
                    : ((Exchange.Fault) plain).kind()));
      } else if (fault.kind() == FailureKind.PLAIN_HTTP_REGISTRY || closedDuringHandshake(fault)) {
        // Confirm without credentials, as Docker's "server gave HTTP response to HTTPS client". A
        // plain HTTP server may also hang up on the ClientHello instead of answering it.
        RegistryEndpoint http = https.withScheme("http");
        Exchange.Outcome plain =
            exchange(verifyTls, deadline, requests)
                .send(pingRequest(http), null, Exchange.SMALL_BODY_BYTES);
        if (plain instanceof Exchange.Answer answer && !isHttpsRequired(answer)) {
          List<String> evidence = new ArrayList<>(fault.evidence());
          evidence.addAll(answer.evidence());
          evidence.add("the server gave an HTTP response to an HTTPS client");
          Exchange.Fault confirmed =
              new Exchange.Fault(
                  FailureKind.PLAIN_HTTP_REGISTRY,
                  fault.method(),
                  fault.url(),
                  fault.cause(),
                  fault.phases(),
                  evidence);
          return fromOutcome(used, confirmed, notes, verifyTls, requests);
        }
      }
    }
    return fromOutcome(used, outcome, notes, verifyTls, requests);
  }

  /** Whether the peer closed or reset the connection before the TLS handshake completed. */
  private static boolean closedDuringHandshake(Exchange.Fault fault) {
    return fault.kind() == FailureKind.CONNECTION_RESET
        && fault.phases().phase() == PhaseRecorder.Phase.TLS
        && !fault.phases().tlsCompleted();
  }

  private static Request pingRequest(RegistryEndpoint endpoint) {
    return new Request.Builder().url(HttpUrl.get(endpoint + "/v2/")).get().build();
  }

  static boolean isHttpsRequired(Exchange.Answer answer) {
    if (answer.status() != 400) {
      return false;
    }
    String body = new String(answer.body(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    return body.contains("client sent an http request to an https server")
        || body.contains("plain http request was sent to https port")
        || body.contains("speaking plain http to an ssl-enabled server");
  }

  private PingOutcome fromOutcome(
      RegistryEndpoint endpoint,
      Exchange.Outcome outcome,
      List<String> notes,
      boolean verifyTls,
      AtomicInteger requests) {
    PhaseRecorder phases = outcome.phases();
    List<Step> steps = new ArrayList<>();
    TlsInfo tls = endpoint.isHttps() ? ImageCheck.tlsInfo(phases) : null;
    boolean ipLiteral = Cidr.literal(endpoint.host()) != null;
    boolean overridden =
        settings.resolveOverrides().stream()
            .anyMatch(o -> o.host().equalsIgnoreCase(endpoint.host()));
    if (outcome instanceof Exchange.Fault fault) {
      FailureKind kind = fault.kind();
      PhaseRecorder.Phase at = phases.phase();
      steps.add(
          dnsStep(
              phases,
              ipLiteral,
              overridden,
              kind == FailureKind.DNS_FAILURE ? StepStatus.FAILED : StepStatus.OK));
      if (kind != FailureKind.DNS_FAILURE) {
        boolean connectFailed =
            !phases.connected()
                && (at == PhaseRecorder.Phase.CONNECT
                    || at == PhaseRecorder.Phase.NOT_STARTED
                    || at == PhaseRecorder.Phase.DNS);
        steps.add(
            new Step(
                StepName.CONNECT,
                connectFailed ? StepStatus.FAILED : StepStatus.OK,
                connectFailed ? phases.currentPhaseTime() : phases.connectTime(),
                connectDetail(endpoint, phases)));
        if (!connectFailed) {
          if (endpoint.isHttps()) {
            boolean tlsFailed =
                !phases.tlsCompleted()
                    || kind.name().startsWith("TLS_")
                    || kind == FailureKind.PLAIN_HTTP_REGISTRY;
            steps.add(
                new Step(
                    StepName.TLS,
                    tlsFailed ? StepStatus.FAILED : StepStatus.OK,
                    tlsFailed && at == PhaseRecorder.Phase.TLS
                        ? phases.currentPhaseTime()
                        : phases.tlsTime(),
                    tlsFailed ? kind.name() : tlsDetail(tls, verifyTls)));
            if (!tlsFailed) {
              steps.add(
                  new Step(
                      StepName.PING, StepStatus.FAILED, phases.currentPhaseTime(), kind.name()));
            }
          } else {
            steps.add(new Step(StepName.TLS, StepStatus.SKIPPED, Duration.ZERO, "plain HTTP"));
            steps.add(
                new Step(StepName.PING, StepStatus.FAILED, phases.currentPhaseTime(), kind.name()));
          }
        }
      }
      Failure failure =
          new Failure(
              kind,
              StepName.PING,
              ImageCheck.transportSummary(fault, endpoint.authority()),
              fault.evidence(),
              fault.cause());
      return new PingOutcome(
          endpoint, null, failure, steps, tls, notes, verifyTls, requests, System.nanoTime());
    }
    Exchange.Answer answer = (Exchange.Answer) outcome;
    steps.add(dnsStep(phases, ipLiteral, overridden, StepStatus.OK));
    steps.add(
        new Step(
            StepName.CONNECT,
            StepStatus.OK,
            phases.connectTime(),
            connectDetail(endpoint, phases)));
    steps.add(
        endpoint.isHttps()
            ? new Step(StepName.TLS, StepStatus.OK, phases.tlsTime(), tlsDetail(tls, verifyTls))
            : new Step(StepName.TLS, StepStatus.SKIPPED, Duration.ZERO, "plain HTTP"));
    List<String> raw = answer.headerValues("WWW-Authenticate");
    List<Challenge> challenges = new ArrayList<>();
    for (String value : raw) {
      try {
        challenges.addAll(ChallengeParser.parse(value));
      } catch (MalformedChallengeException e) {
        notes.add(Redaction.urlsIn(e.getMessage()));
      }
    }
    String contentType =
        answer.header("Content-Type") == null
            ? null
            : ManifestMediaTypes.withoutParameters(answer.header("Content-Type"));
    PingInfo info =
        new PingInfo(
            answer.redactedUrl(),
            answer.status(),
            answer.header("Docker-Distribution-API-Version"),
            contentType,
            challenges,
            raw,
            false);
    Failure failure = pingFailure(endpoint, answer, info);
    String detail =
        answer.status()
            + (answer.status() == 401 && !challenges.isEmpty()
                ? " " + challenges.get(0).scheme() + " challenge"
                : "");
    steps.add(
        new Step(
            StepName.PING,
            failure == null ? StepStatus.OK : StepStatus.FAILED,
            phases.responseTime(),
            detail));
    return new PingOutcome(
        endpoint, info, failure, steps, tls, notes, verifyTls, requests, System.nanoTime());
  }

  private Failure pingFailure(RegistryEndpoint endpoint, Exchange.Answer answer, PingInfo info) {
    int status = answer.status();
    List<String> evidence = new ArrayList<>(answer.evidence());
    if (info.apiVersion() != null) {
      evidence.add("Docker-Distribution-API-Version: " + info.apiVersion());
    }
    info.rawChallenges()
        .forEach(value -> evidence.add("WWW-Authenticate: " + Redaction.urlsIn(value)));
    List<RegistryError> errors = ErrorBodies.parse(answer.body());
    errors.forEach(error -> evidence.add("error: " + error));
    boolean html = info.contentType() != null && info.contentType().contains("html");
    if (html && answer.body().length > 0) {
      evidence.add("body: " + ErrorBodies.snippet(answer.body()));
    }
    String where = endpoint.authority();
    if (isHttpsRequired(answer)) {
      return new Failure(
          FailureKind.HTTPS_REQUIRED,
          StepName.PING,
          where + " expects HTTPS but was sent plain HTTP",
          evidence,
          null);
    }
    if (status == 200) {
      if (info.apiVersion() == null && html) {
        return new Failure(
            FailureKind.NOT_A_REGISTRY,
            StepName.PING,
            where
                + " answers /v2/ with an HTML page and no Docker-Distribution-API-Version header: a web server, proxy or login portal, not a registry",
            evidence,
            null);
      }
      return null;
    }
    if (status == 401) {
      if (info.challenges().isEmpty() && info.apiVersion() == null) {
        return new Failure(
            FailureKind.NOT_A_REGISTRY,
            StepName.PING,
            where
                + " answers /v2/ with 401 but neither an auth challenge nor a registry API version header",
            evidence,
            null);
      }
      return null;
    }
    if (status == 429) {
      return new Failure(
          FailureKind.RATE_LIMITED,
          StepName.PING,
          where + " is rate limiting requests (429)",
          withHeaders(evidence, answer),
          null);
    }
    if (status >= 500) {
      return new Failure(
          FailureKind.REGISTRY_UNAVAILABLE,
          StepName.PING,
          where + " answered " + status + " to /v2/: the registry is failing",
          evidence,
          null);
    }
    if (status == 403 && (info.apiVersion() != null || !errors.isEmpty())) {
      return new Failure(
          FailureKind.ACCESS_DENIED,
          StepName.PING,
          where + " refuses access to /v2/ (403)",
          evidence,
          null);
    }
    if (status == 404) {
      return new Failure(
          FailureKind.NOT_A_REGISTRY,
          StepName.PING,
          where
              + " answers 404 for /v2/: no registry API there (wrong host or port, or the registry lives under a path prefix)",
          evidence,
          null);
    }
    return new Failure(
        FailureKind.NOT_A_REGISTRY,
        StepName.PING,
        where + " answers " + status + " for /v2/, which a registry does not",
        evidence,
        null);
  }

  private static List<String> withHeaders(List<String> evidence, Exchange.Answer answer) {
    List<String> lines = new ArrayList<>(evidence);
    for (String name :
        List.of(
            "Retry-After", "ratelimit-limit", "ratelimit-remaining", "docker-ratelimit-source")) {
      String value = answer.header(name);
      if (value != null) {
        lines.add(name + ": " + value);
      }
    }
    return lines;
  }

  private static Step dnsStep(
      PhaseRecorder phases, boolean ipLiteral, boolean overridden, StepStatus status) {
    if (ipLiteral) {
      return new Step(StepName.DNS, StepStatus.SKIPPED, Duration.ZERO, "IP address");
    }
    String detail = overridden ? phases.addressesText() + " (--resolve)" : phases.addressesText();
    if (phases.reusedConnection()) {
      detail = "reused connection";
    }
    Duration elapsed = status == StepStatus.FAILED ? phases.currentPhaseTime() : phases.dnsTime();
    return new Step(StepName.DNS, status, elapsed, detail.isEmpty() ? null : detail);
  }

  private static String connectDetail(RegistryEndpoint endpoint, PhaseRecorder phases) {
    java.net.InetSocketAddress address = phases.socketAddress();
    String target =
        address == null || address.getAddress() == null
            ? endpoint.authority()
            : (address.getAddress().getHostAddress().indexOf(':') >= 0
                    ? "[" + address.getAddress().getHostAddress() + "]"
                    : address.getAddress().getHostAddress())
                + ":"
                + address.getPort();
    if (phases.viaProxy()) {
      target += " via proxy " + phases.proxy().address();
    }
    return phases.reusedConnection() ? target + " (reused)" : target;
  }

  private static String tlsDetail(@Nullable TlsInfo tls, boolean verified) {
    String text = tls == null || tls.protocol() == null ? "TLS" : tls.protocol();
    return verified ? text : text + ", certificate NOT verified (insecure registry)";
  }
}
