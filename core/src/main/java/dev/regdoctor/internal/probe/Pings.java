package dev.regdoctor.internal.probe;

import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.PhaseRecorder;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.nio.charset.StandardCharsets;
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

/**
 * {@code GET /v2/} per registry, shared by the checks of its images: one ping at a time per
 * endpoint, the answer reused while fresh. HTTPS first, plain HTTP only where allowed.
 */
final class Pings {
  private final ProbeEngine engine;
  private final PingAnswers answers;
  private final ConcurrentHashMap<String, CompletableFuture<PingOutcome>> pings =
      new ConcurrentHashMap<>();

  Pings(ProbeEngine engine) {
    this.engine = engine;
    this.answers = new PingAnswers(engine.settings());
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

  PingOutcome waitedTooLong(RegistryEndpoint https, Deadline deadline, AtomicInteger requests) {
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
        null,
        requests,
        System.nanoTime());
  }

  PingOutcome doPing(
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
    Exchange secure =
        engine.exchange(verifyTls, httpsDeadline, requests, engine.destinations(https.host()));
    Request ping = pingRequest(https, engine.settings().apiPath());
    // Where plain HTTP is allowed, a server that speaks it (or stalls on a client hello) is found
    // without a TLS stack: the answer Docker's HTTPS attempt gets, at a fraction of the cost.
    Exchange.Fault sniffed = allowHttp && https.isHttps() ? secure.sniffTls(ping.url()) : null;
    Exchange.Outcome outcome =
        sniffed != null ? sniffed : secure.send(ping, null, Exchange.SMALL_BODY_BYTES);
    RegistryEndpoint used = https;
    if (!https.isHttps()) {
      return answers.fromOutcome(https, outcome, notes, verifyTls, requests);
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
            engine
                .exchange(verifyTls, deadline, requests, engine.destinations(https.host()))
                .send(
                    pingRequest(http, engine.settings().apiPath()),
                    null,
                    Exchange.SMALL_BODY_BYTES);
        boolean plainAnswered =
            plain instanceof Exchange.Answer answer
                ? !isHttpsRequired(answer)
                : ((Exchange.Fault) plain).answered();
        if (plainAnswered) {
          // The fallback got an HTTP answer (a registry, an HTML page, an error, a redirect loop):
          // that answer, not the HTTPS failure, says what is there.
          notes.add(
              "HTTPS to "
                  + https.authority()
                  + " failed ("
                  + fault.kind()
                  + "); used plain HTTP at "
                  + http
                  + " as allowed for this registry");
          return answers.fromOutcome(http, plain, notes, verifyTls, requests);
        }
        if (plain instanceof Exchange.Fault silent && bothSilent(fault, silent)) {
          return answers.fromOutcome(https, silence(fault, silent), notes, verifyTls, requests);
        }
        if (plain instanceof Exchange.Fault failed && speaksNoTls(fault)) {
          // The server is no TLS server (it answered the ClientHello with HTTP, or hung up on
          // it), and the plain HTTP this registry is allowed also failed: that failure is what
          // stops the pull. Calling it PLAIN_HTTP_REGISTRY would send the user to allow plain
          // HTTP, which is already allowed.
          return answers.fromOutcome(
              http, fallbackFailed(fault, failed, http), notes, verifyTls, requests);
        }
        notes.add(
            "plain HTTP to "
                + http
                + " also failed: "
                + (plain instanceof Exchange.Answer a
                    ? "answered " + a.status()
                    : ((Exchange.Fault) plain).kind()));
        outcome = withFallbackEvidence(fault, plain, http);
      } else if (fault.kind() == FailureKind.PLAIN_HTTP_REGISTRY || closedDuringHandshake(fault)) {
        // Confirm without credentials, as Docker's "server gave HTTP response to HTTPS client". A
        // plain HTTP server may also hang up on the ClientHello instead of answering it.
        RegistryEndpoint http = https.withScheme("http");
        Exchange.Outcome plain =
            engine
                .exchange(verifyTls, deadline, requests, engine.destinations(https.host()))
                .send(
                    pingRequest(http, engine.settings().apiPath()),
                    null,
                    Exchange.SMALL_BODY_BYTES);
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
          return answers.fromOutcome(used, confirmed, notes, verifyTls, requests);
        }
        if (fault.kind() == FailureKind.PLAIN_HTTP_REGISTRY) {
          // The confirmation got no HTTP answer: show that it was tried and how it ended.
          outcome = withFallbackEvidence(fault, plain, http);
        }
      }
    }
    return answers.fromOutcome(used, outcome, notes, verifyTls, requests);
  }

  /**
   * Whether the HTTPS attempt showed a server that does not speak TLS: it answered the ClientHello
   * with plain HTTP, or hung up on it before the handshake completed.
   */
  static boolean speaksNoTls(Exchange.Fault https) {
    return https.kind() == FailureKind.PLAIN_HTTP_REGISTRY || closedDuringHandshake(https);
  }

  /**
   * The allowed plain HTTP fallback failed after HTTPS found no TLS server: the fallback's failure,
   * with the evidence of both attempts.
   */
  static Exchange.Fault fallbackFailed(
      Exchange.Fault https, Exchange.Fault plain, RegistryEndpoint http) {
    List<String> evidence = new ArrayList<>(https.evidence());
    evidence.addAll(plain.evidence());
    evidence.add(
        "HTTPS failed ("
            + https.kind()
            + "), so plain HTTP was tried at "
            + http
            + " as allowed for this registry; it failed too ("
            + plain.kind()
            + ")");
    return new Exchange.Fault(
        plain.kind(),
        plain.method(),
        plain.url(),
        plain.cause(),
        plain.phases(),
        evidence,
        plain.answered());
  }

  /** {@code https} with the evidence of the plain HTTP attempt at {@code http} added. */
  static Exchange.Fault withFallbackEvidence(
      Exchange.Fault https, Exchange.Outcome plain, RegistryEndpoint http) {
    List<String> evidence = new ArrayList<>(https.evidence());
    evidence.addAll(plain.evidence());
    if (plain instanceof Exchange.Fault failed) {
      evidence.add("plain HTTP to " + http + " failed too (" + failed.kind() + ")");
    }
    return new Exchange.Fault(
        https.kind(),
        https.method(),
        https.url(),
        https.cause(),
        https.phases(),
        evidence,
        https.answered());
  }

  /**
   * Whether neither attempt got any answer: HTTPS stalled (in the handshake or waiting for the
   * response) and plain HTTP connected and got no response either.
   */
  static boolean bothSilent(Exchange.Fault https, Exchange.Fault plain) {
    return (https.kind() == FailureKind.TLS_HANDSHAKE_TIMEOUT
            || https.kind() == FailureKind.RESPONSE_TIMEOUT)
        && plain.kind() == FailureKind.RESPONSE_TIMEOUT;
  }

  /**
   * The server accepts connections and answers nothing, whatever it is sent: a response timeout,
   * not a TLS problem (a stalled handshake alone would suggest one).
   */
  static Exchange.Fault silence(Exchange.Fault https, Exchange.Fault plain) {
    List<String> evidence = new ArrayList<>(https.evidence());
    evidence.addAll(plain.evidence());
    evidence.add(
        "neither the TLS handshake nor a plain HTTP request got any answer: the server accepts"
            + " connections and stays silent");
    return new Exchange.Fault(
        FailureKind.RESPONSE_TIMEOUT,
        https.method(),
        https.url(),
        plain.cause(),
        https.phases(),
        evidence);
  }

  /** Whether the peer closed or reset the connection before the TLS handshake completed. */
  static boolean closedDuringHandshake(Exchange.Fault fault) {
    return fault.kind() == FailureKind.CONNECTION_RESET
        && fault.phases().phase() == PhaseRecorder.Phase.TLS
        && !fault.phases().tlsCompleted();
  }

  static Request pingRequest(RegistryEndpoint endpoint, String apiPath) {
    return new Request.Builder().url(HttpUrl.get(endpoint + apiPath + "/")).get().build();
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
}
