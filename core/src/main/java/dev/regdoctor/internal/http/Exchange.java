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

  public Exchange(
      Transport transport,
      boolean verifyTls,
      ProbeSettings settings,
      Deadline deadline,
      AtomicInteger requests) {
    this.transport = transport;
    this.verifyTls = verifyTls;
    this.settings = settings;
    this.deadline = deadline;
    this.requests = requests;
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

  /** A transport failure, classified. */
  public record Fault(
      FailureKind kind,
      String method,
      HttpUrl url,
      Throwable cause,
      PhaseRecorder phases,
      List<String> evidence)
      implements Outcome {}

  /** Sends {@code request}, attaching {@code authorization} only to its origin. */
  public Outcome send(Request request, @Nullable Authorization authorization, long maxBodyBytes) {
    // Most answers are final: only a transient outcome pays for the retry machinery.
    Outcome first = followRedirects(request, authorization, maxBodyBytes);
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
      return followRedirects(request, authorization, maxBodyBytes);
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
    return retry.executeSupplier(() -> followRedirects(request, authorization, maxBodyBytes));
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
      Request original, @Nullable Authorization authorization, long maxBodyBytes) {
    Request request = original;
    List<String> hops = new ArrayList<>();
    for (int hop = 0; ; hop++) {
      Outcome outcome = sendOnce(request, authorization, maxBodyBytes, hops);
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
            evidence(hops, "stopped after " + settings.maxRedirects() + " redirects"));
      }
      if (answer.url().isHttps() && !next.isHttps()) {
        return new Fault(
            FailureKind.UNKNOWN,
            answer.method(),
            next,
            new IOException("refused a redirect from HTTPS to plain HTTP"),
            answer.phases(),
            evidence(hops, "refused to follow a redirect from HTTPS to plain HTTP"));
      }
      String method = request.method();
      Request.Builder builder = request.newBuilder().url(next).removeHeader("Authorization");
      if (answer.status() == 303
          || ((answer.status() == 301 || answer.status() == 302) && method.equals("POST"))) {
        builder.get();
      }
      request = builder.build();
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private Outcome sendOnce(
      Request base, @Nullable Authorization authorization, long maxBodyBytes, List<String> hops) {
    PhaseRecorder phases = new PhaseRecorder();
    Request.Builder builder =
        base.newBuilder()
            .tag(PhaseRecorder.class, phases)
            .header("User-Agent", settings.userAgent());
    if (authorization != null && authorization.appliesTo(base.url())) {
      builder.header("Authorization", authorization.headerValue());
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
                  + " ms had passed"));
    }
    Call call = transport.client(verifyTls, request.url().port()).newCall(request);
    call.timeout()
        .timeout(
            deadline.cap(settings.callTimeout()).toNanos(),
            java.util.concurrent.TimeUnit.NANOSECONDS);
    requests.incrementAndGet();
    Transport.CURRENT.set(phases);
    long start = System.nanoTime();
    try (Response response = call.execute()) {
      byte[] body;
      boolean truncated = false;
      ResponseBody responseBody = response.body();
      if (request.method().equals("HEAD")) {
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
    } catch (IOException | RuntimeException e) {
      FailureKind kind =
          e instanceof IOException ? FailureClassifier.classify(e, phases) : FailureKind.UNKNOWN;
      long millis = (System.nanoTime() - start) / 1_000_000;
      // The message may quote what the server sent back, such as the Authorization header.
      List<String> sent =
          authorization == null
              ? List.of()
              : Redaction.secretsOfHeader(authorization.headerValue());
      String description = describe(e, sent);
      log.debug(
          "{} failed in phase {} after {} ms: {}", label, phases.phase(), millis, description);
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
                  + description));
    } finally {
      Transport.CURRENT.remove();
    }
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
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(message.length(), 300); i++) {
      char c = message.charAt(i);
      text.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : c);
    }
    return text.toString();
  }

  private List<String> evidence(List<String> hops, String last) {
    List<String> lines = new ArrayList<>(hops);
    lines.add(last);
    return lines;
  }
}
