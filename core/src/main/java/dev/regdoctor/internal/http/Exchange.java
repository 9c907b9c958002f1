package dev.regdoctor.internal.http;

import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ProbeSettings;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one logical request: bounded by the check's deadline, following redirects by hand (the
 * {@code Authorization} header goes only to its own origin, HTTPS is never downgraded, hops are
 * capped), retrying transient outcomes with Resilience4j inside the deadline, reading bodies with a
 * size cap, and turning transport exceptions into classified {@link Fault}s.
 */
public final class Exchange {
  private static final Logger log = LoggerFactory.getLogger(Exchange.class);
  public static final long SMALL_BODY_BYTES = 1024 * 1024;
  public static final long MANIFEST_BODY_BYTES = 4 * 1024 * 1024;
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

  private final Transport transport;
  private final boolean verifyTls;
  private final ProbeSettings settings;
  private final Deadline deadline;
  private final AtomicInteger requests;
  private final @Nullable Destinations destinations;

  public Exchange(
      Transport transport,
      boolean verifyTls,
      ProbeSettings settings,
      Deadline deadline,
      AtomicInteger requests,
      @Nullable Destinations destinations) {
    this.transport = transport;
    this.verifyTls = verifyTls;
    this.settings = settings;
    this.deadline = deadline;
    this.requests = requests;
    this.destinations = destinations;
  }

  /**
   * Asks the server at {@code url} (HTTPS) whether it speaks TLS without building a TLS stack
   * ({@link TlsSniff}): a {@link FailureKind#PLAIN_HTTP_REGISTRY} fault when it answers the client
   * hello with plain HTTP, a {@link FailureKind#TLS_HANDSHAKE_TIMEOUT} fault when it stays silent,
   * a connect fault when its only address cannot be reached; each stands for the HTTPS attempt and
   * counts as its request. Null when the server answered with TLS, hung up, has more addresses to
   * try, or the connection would go through a proxy: then send the request as usual.
   */
  public @Nullable Fault sniffTls(HttpUrl url) {
    Fault fault =
        TlsSniff.plainHttpAnswer(
            transport.client(verifyTls, false, url.port()), url, deadline, destinations);
    if (fault != null) {
      requests.incrementAndGet();
    }
    return fault;
  }

  /** An {@code Authorization} value bound to the origin it may be sent to. */
  public record Authorization(String headerValue, HttpUrl origin) {
    public boolean appliesTo(HttpUrl url) {
      return url.scheme().equals(origin.scheme())
          && url.host().equalsIgnoreCase(origin.host())
          && url.port() == origin.port();
    }

    @Override
    public String toString() {
      return "Authorization[<redacted> for "
          + origin.scheme()
          + "://"
          + origin.host()
          + ":"
          + origin.port()
          + "]";
    }
  }

  /** What one logical request produced. */
  public sealed interface Outcome permits Answer, Fault {
    PhaseRecorder phases();

    List<String> evidence();
  }

  /** An HTTP answer (any status). */
  public record Answer(
      String method,
      HttpUrl url,
      int status,
      Headers headers,
      byte[] body,
      boolean truncated,
      PhaseRecorder phases,
      List<String> evidence)
      implements Outcome {
    public @Nullable String header(String name) {
      return headers.get(name);
    }

    public List<String> headerValues(String name) {
      return headers.values(name);
    }

    public String redactedUrl() {
      return Redaction.url(url);
    }
  }

  /**
   * A transport failure, classified. {@code answered}: an HTTP answer came back before the failure
   * (a redirect that could not be followed, a redirect loop), so the server does speak HTTP.
   */
  public record Fault(
      FailureKind kind,
      String method,
      HttpUrl url,
      Throwable cause,
      PhaseRecorder phases,
      List<String> evidence,
      boolean answered)
      implements Outcome {
    public Fault(
        FailureKind kind,
        String method,
        HttpUrl url,
        Throwable cause,
        PhaseRecorder phases,
        List<String> evidence) {
      this(kind, method, url, cause, phases, evidence, false);
    }

    /** Whether nothing was sent because of where it would have gone. */
    public boolean refused() {
      return cause instanceof RefusedDestinationException;
    }
  }

  /**
   * Reads the body of a successful (2xx) answer as it streams, instead of buffering it: the pull
   * test hashes and counts layer bytes without holding them.
   */
  public interface BodyConsumer {
    /** Reads at most {@code maxBytes} from {@code body}. */
    void consume(BodyStream body, long maxBytes) throws IOException;
  }

  /** Sends {@code request}, attaching {@code authorization} only to its origin. */
  public Outcome send(Request request, @Nullable Authorization authorization, long maxBodyBytes) {
    return send(request, authorization, maxBodyBytes, null);
  }

  /**
   * Sends {@code request} like {@link #send(Request, Authorization, long)}; a 2xx body goes to
   * {@code consumer} (when given) and the answer's body is empty.
   */
  public Outcome send(
      Request request,
      @Nullable Authorization authorization,
      long maxBodyBytes,
      @Nullable BodyConsumer consumer) {
    // Most answers are final: only a transient outcome pays for the retry machinery.
    Outcome first = followRedirects(request, authorization, maxBodyBytes, consumer);
    if (settings.maxAttempts() == 1 || retryDelay(first) == null) {
      return first;
    }
    Duration firstWait = retryDelay(first);
    try {
      Thread.sleep(Math.max(1, firstWait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return first;
    }
    if (settings.maxAttempts() == 2) {
      return followRedirects(request, authorization, maxBodyBytes, consumer);
    }
    RetryConfig config =
        RetryConfig.<Outcome>custom()
            .maxAttempts(settings.maxAttempts() - 1)
            .retryOnResult(outcome -> retryDelay(outcome) != null)
            .retryOnException(error -> false)
            .intervalBiFunction(this::interval)
            .failAfterMaxAttempts(false)
            .build();
    Retry retry = Retry.of("regdoctor", config);
    return retry.executeSupplier(
        () -> followRedirects(request, authorization, maxBodyBytes, consumer));
  }

  private Long interval(Integer attempt, Either<Throwable, Outcome> either) {
    if (either.isRight()) {
      Duration delay = transientWait(either.get());
      if (delay != null) {
        return Math.max(1, delay.toMillis());
      }
    }
    return 100L * attempt;
  }

  private @Nullable Duration retryDelay(Outcome outcome) {
    Duration delay = transientWait(outcome);
    if (delay == null) {
      return null;
    }
    // Retry only when the wait and another attempt plausibly fit inside the deadline.
    Duration left = deadline.remaining();
    return left.compareTo(delay.plusMillis(50)) > 0 ? delay : null;
  }

  private @Nullable Duration transientWait(Outcome outcome) {
    if (outcome instanceof Fault fault) {
      return fault.kind() == FailureKind.CONNECTION_RESET ? Duration.ofMillis(100) : null;
    }
    Answer answer = (Answer) outcome;
    int status = answer.status();
    if (status == 502 || status == 503 || status == 504) {
      Duration after = retryAfter(answer.headers(), settings.clock());
      return after != null && after.compareTo(MAX_RETRY_AFTER) <= 0
          ? after
          : Duration.ofMillis(200);
    }
    if (status == 429) {
      Duration after = retryAfter(answer.headers(), settings.clock());
      return after != null && after.compareTo(MAX_RETRY_AFTER) <= 0 ? after : null;
    }
    return null;
  }

  /** Parses {@code Retry-After}: delta seconds or an HTTP date. */
  public static @Nullable Duration retryAfter(Headers headers, java.time.Clock clock) {
    String value = headers.get("Retry-After");
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.trim();
    if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), when.toInstant());
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private Outcome followRedirects(
      Request original,
      @Nullable Authorization authorization,
      long maxBodyBytes,
      @Nullable BodyConsumer consumer) {
    Request request = original;
    List<String> hops = new ArrayList<>();
    for (int hop = 0; ; hop++) {
      Outcome outcome = sendOnce(request, authorization, maxBodyBytes, hops, consumer);
      if (!(outcome instanceof Answer answer) || !isRedirect(answer.status())) {
        return outcome;
      }
      String location = answer.header("Location");
      HttpUrl next = location == null ? null : answer.url().resolve(location);
      if (next == null) {
        return outcome;
      }
      hops.add(
          answer.method()
              + " "
              + answer.redactedUrl()
              + " -> "
              + answer.status()
              + " redirect to "
              + Redaction.url(next));
      if (hop >= settings.maxRedirects()) {
        return new Fault(
            FailureKind.UNKNOWN,
            answer.method(),
            next,
            new IOException("more than " + settings.maxRedirects() + " redirects"),
            answer.phases(),
            evidence(hops, "stopped after " + settings.maxRedirects() + " redirects"),
            true);
      }
      if (answer.url().isHttps() && !next.isHttps()) {
        return new Fault(
            FailureKind.UNKNOWN,
            answer.method(),
            next,
            new IOException("refused a redirect from HTTPS to plain HTTP"),
            answer.phases(),
            evidence(hops, "refused to follow a redirect from HTTPS to plain HTTP"),
            true);
      }
      String method = request.method();
      boolean keepsBody =
          request.body() != null
              && !(answer.status() == 303
                  || ((answer.status() == 301 || answer.status() == 302) && method.equals("POST")));
      if (keepsBody && !sameOrigin(answer.url(), next)) {
        // A request body may carry a credential (an OAuth2 refresh token, a password grant):
        // it goes to the origin it was written for and nowhere else.
        return refusal(
            answer,
            next,
            hops,
            "not re-sending the "
                + method
                + " body to another origin "
                + origin(next)
                + ": it may carry a credential");
      }
      Request.Builder builder = request.newBuilder().url(next).removeHeader("Authorization");
      if (!keepsBody && request.body() != null) {
        builder.get();
      }
      request = builder.build();
    }
  }

  private Fault refusal(Answer answer, HttpUrl next, List<String> hops, String reason) {
    return new Fault(
        FailureKind.UNKNOWN,
        answer.method(),
        next,
        new RefusedDestinationException(reason),
        answer.phases(),
        evidence(hops, "refused: " + reason),
        true);
  }

  /** Returns {@code scheme://host[:port]}, leaving out the scheme's default port. */
  public static String origin(HttpUrl url) {
    boolean defaultPort = url.port() == HttpUrl.defaultPort(url.scheme());
    String host = url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host();
    return url.scheme() + "://" + host + (defaultPort ? "" : ":" + url.port());
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme())
        && Destinations.normalize(a.host()).equals(Destinations.normalize(b.host()))
        && a.port() == b.port();
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private Outcome sendOnce(
      Request base,
      @Nullable Authorization authorization,
      long maxBodyBytes,
      List<String> hops,
      @Nullable BodyConsumer consumer) {
    PhaseRecorder phases = new PhaseRecorder();
    Request.Builder builder =
        base.newBuilder()
            .tag(PhaseRecorder.class, phases)
            .tag(Destinations.class, destinations)
            .header("User-Agent", settings.userAgent());
    hostHeaders(base, builder);
    if (authorization != null && authorization.appliesTo(base.url())) {
      try {
        builder.header("Authorization", authorization.headerValue());
      } catch (IllegalArgumentException e) {
        // A token or credential with characters no HTTP header can carry (OkHttp's message names
        // the position, never the value): an observation, not an exception.
        String label = base.method() + " " + Redaction.url(base.url());
        boolean bearer = authorization.headerValue().startsWith("Bearer ");
        return new Fault(
            bearer ? FailureKind.TOKEN_SERVICE_FAILED : FailureKind.AUTH_INVALID,
            base.method(),
            base.url(),
            e,
            phases,
            evidence(
                hops,
                label
                    + " not sent: the "
                    + (bearer ? "token" : "credential")
                    + " holds characters an HTTP header cannot carry ("
                    + e.getMessage()
                    + ")"),
            !hops.isEmpty());
      }
    } else {
      builder.removeHeader("Authorization");
    }
    Request request = builder.build();
    String label = request.method() + " " + Redaction.url(request.url());
    if (deadline.isExpired()) {
      return new Fault(
          FailureKind.RESPONSE_TIMEOUT,
          request.method(),
          request.url(),
          new java.io.InterruptedIOException(
              "deadline of " + deadline.total().toMillis() + " ms passed"),
          phases,
          evidence(
              hops,
              label
                  + " not sent: the deadline of "
                  + deadline.total().toMillis()
                  + " ms had passed"),
          !hops.isEmpty());
    }
    String refused =
        destinations == null ? null : destinations.literalProblem(request.url().host());
    if (refused != null) {
      return new Fault(
          FailureKind.UNKNOWN,
          request.method(),
          request.url(),
          new RefusedDestinationException(refused),
          phases,
          evidence(hops, label + " not sent: " + refused),
          !hops.isEmpty());
    }
    try {
      return execute(request, phases, label, maxBodyBytes, hops, consumer);
    } catch (UnsolicitedResponseException e) {
      // The connection is retired; the next attempt gets a fresh one.
      List<String> noted = new ArrayList<>(hops);
      noted.add(
          "discarded a reused connection to "
              + origin(request.url())
              + ": "
              + (e.bytes() < 0 ? "" : e.bytes() + " ")
              + "bytes nobody asked for were waiting (a smuggled or stray response); asked again"
              + " on a new connection");
      PhaseRecorder fresh = new PhaseRecorder();
      Request again = request.newBuilder().tag(PhaseRecorder.class, fresh).build();
      try {
        return execute(again, fresh, label, maxBodyBytes, noted, consumer);
      } catch (UnsolicitedResponseException twice) {
        return new Fault(
            FailureKind.CONNECTION_RESET,
            request.method(),
            request.url(),
            twice,
            fresh,
            evidence(noted, label + " failed: " + describe(twice)),
            true);
      }
    }
  }

  private Outcome execute(
      Request request,
      PhaseRecorder phases,
      String label,
      long maxBodyBytes,
      List<String> hops,
      @Nullable BodyConsumer consumer)
      throws UnsolicitedResponseException {
    Call call =
        transport.client(verifyTls, request.url().isHttps(), request.url().port()).newCall(request);
    call.timeout()
        .timeout(
            deadline.cap(settings.callTimeout()).toNanos(),
            java.util.concurrent.TimeUnit.NANOSECONDS);
    requests.incrementAndGet();
    Transport.CURRENT.set(phases);
    Destinations.activate(destinations);
    long start = System.nanoTime();
    try (Response response = call.execute()) {
      if (response.code() == 407 && phases.viaProxy()) {
        // The proxy refused a request for a plain-HTTP registry: no answer of the registry's. Go
        // fails alike (it sends the URL's credentials up front and does not retry).
        return failure(
            request,
            phases,
            label,
            hops,
            start,
            new ProxyAuthenticationException(proxyCredentialsSent(phases), null));
      }
      byte[] body;
      boolean truncated = false;
      ResponseBody responseBody = response.body();
      if (request.method().equals("HEAD")) {
        body = new byte[0];
      } else if (consumer != null && response.code() / 100 == 2) {
        BodyStream stream = BodyStream.of(response, phases);
        try {
          consumer.consume(stream, maxBodyBytes);
        } finally {
          stream.release();
        }
        body = new byte[0];
      } else {
        BufferedSource source = responseBody.source();
        truncated = source.request(maxBodyBytes + 1);
        body = truncated ? source.readByteArray(maxBodyBytes) : source.readByteArray();
      }
      double millis = (System.nanoTime() - start) / 1e6;
      if (log.isDebugEnabled()) {
        log.debug(
            "{} -> {} in {} ms",
            label,
            response.code(),
            String.format(Locale.ROOT, "%.1f", millis));
      }
      return new Answer(
          request.method(),
          request.url(),
          response.code(),
          response.headers(),
          body,
          truncated,
          phases,
          evidence(hops, label + " -> " + response.code()));
    } catch (UnsolicitedResponseException e) {
      throw e;
    } catch (java.net.ProtocolException e) {
      if (phases.reusedConnection() && isGarbledStatusLine(e)) {
        // Stray bytes (a body after HEAD, a smuggled response) arrived after the connection was
        // checked: this answer is not ours. Ask again on a fresh connection.
        throw new UnsolicitedResponseException(-1);
      }
      return failure(request, phases, label, hops, start, e);
    } catch (IOException | RuntimeException e) {
      return failure(request, phases, label, hops, start, e);
    } finally {
      Transport.CURRENT.remove();
      Destinations.activate(null);
    }
  }

  /** Adds the headers configured for the request's host and port, unless the request sets them. */
  private void hostHeaders(Request base, Request.Builder builder) {
    hostHeadersOf(base.url())
        .forEach(
            (name, values) -> {
              if (base.header(name) == null) {
                values.forEach(value -> builder.addHeader(name, value));
              }
            });
  }

  private Map<String, List<String>> hostHeadersOf(HttpUrl url) {
    if (settings.hostHeaders().isEmpty()) {
      return Map.of();
    }
    String host = url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host();
    return settings.hostHeaders().getOrDefault(host + ":" + url.port(), Map.of());
  }

  private static boolean isGarbledStatusLine(java.net.ProtocolException e) {
    return e.getMessage() != null && e.getMessage().startsWith("Unexpected status line");
  }

  private Fault failure(
      Request request,
      PhaseRecorder phases,
      String label,
      List<String> hops,
      long start,
      Exception failure) {
    Exception e = failure;
    if (e instanceof IOException
        && !(e instanceof ProxyAuthenticationException)
        && phases.viaProxy()
        && String.valueOf(e.getMessage()).equals("Failed to authenticate with proxy")) {
      // OkHttp's words for a 407 answer to the CONNECT that the authenticator did not retry
      e = new ProxyAuthenticationException(proxyCredentialsSent(phases), e);
    }
    FailureKind kind =
        e instanceof IOException ? FailureClassifier.classify(e, phases) : FailureKind.UNKNOWN;
    long millis = (System.nanoTime() - start) / 1_000_000;
    // The message may quote what the server sent back, such as the Authorization header.
    String header = request.header("Authorization");
    List<String> sent = new ArrayList<>();
    if (header != null) {
      sent.addAll(Redaction.secretsOfHeader(header));
    }
    // values configured for the host (containerd's [host."…".header]) may be credentials too
    hostHeadersOf(request.url()).values().forEach(sent::addAll);
    if (phases.proxy() instanceof UrlProxy proxy) {
      sent.addAll(proxy.secrets());
    }
    String description = describe(e, sent);
    log.debug("{} failed in phase {} after {} ms: {}", label, phases.phase(), millis, description);
    return new Fault(
        kind,
        request.method(),
        request.url(),
        e,
        phases,
        evidence(
            hops,
            label
                + " failed during "
                + phases.phase().name().toLowerCase(Locale.ROOT)
                + " after "
                + millis
                + " ms: "
                + description),
        !hops.isEmpty());
  }

  /** Returns whether the proxy of the call was sent Basic credentials from its URL. */
  private static boolean proxyCredentialsSent(PhaseRecorder phases) {
    return phases.proxy() instanceof UrlProxy proxy && proxy.hasCredentials();
  }

  /** Returns a one-line, secret-free description of an exception and its root cause. */
  public static String describe(Throwable error) {
    return describe(error, List.of());
  }

  /**
   * Returns a one-line description of an exception and its root cause, free of secret-looking
   * fields and of every form of {@code secrets} (masked before the message is shortened).
   */
  static String describe(Throwable error, List<String> secrets) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text =
        error.getClass().getSimpleName() + ": " + printable(redacted(error.getMessage(), secrets));
    if (root != error) {
      text +=
          " (caused by "
              + root.getClass().getSimpleName()
              + ": "
              + printable(redacted(root.getMessage(), secrets))
              + ")";
    }
    return text;
  }

  private static @Nullable String redacted(@Nullable String message, List<String> secrets) {
    return message == null ? null : Redaction.scrub(message, secrets);
  }

  private static String printable(@Nullable String message) {
    if (message == null) {
      return "";
    }
    if (message.startsWith("Unexpected status line")) {
      // What the peer sent instead of a status line is theirs to choose (it may echo a credential).
      return "Unexpected status line (" + (message.length() - 24) + " characters, not shown)";
    }
    // A message laid out on several lines (OkHttp's "Hostname … not verified:" lists the
    // certificate's names on indented lines) reads as one line with its breaks as spaces; other
    // control characters, which no library writes for layout, are shown escaped.
    String folded = LINE_BREAKS.matcher(message).replaceAll(" ");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(folded.length(), 300); i++) {
      char c = folded.charAt(i);
      text.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : c);
    }
    return text.toString();
  }

  /** Line breaks and tabs with the spaces around them. */
  private static final java.util.regex.Pattern LINE_BREAKS =
      java.util.regex.Pattern.compile("[ \\t]*[\\r\\n\\t][ \\t\\r\\n]*");

  private List<String> evidence(List<String> hops, String last) {
    List<String> lines = new ArrayList<>(hops);
    lines.add(last);
    return lines;
  }
}
