package dev.regdoctor.internal.probe;

import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.internal.http.Addresses;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.PhaseRecorder;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.internal.http.TlsDescription;
import dev.regdoctor.probe.Challenge;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.PingInfo;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.RegistryError;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.probe.TlsInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Reads a ping: the dns, connect, tls and ping steps, and what a {@code /v2/} answer means. */
final class PingAnswers {
  private static final String DEFAULT_API_PATH = "/v2";
  private final ProbeSettings settings;

  PingAnswers(ProbeSettings settings) {
    this.settings = settings;
  }

  PingOutcome fromOutcome(
      RegistryEndpoint endpoint,
      Exchange.Outcome outcome,
      List<String> notes,
      boolean verifyTls,
      AtomicInteger requests) {
    PhaseRecorder phases = outcome.phases();
    List<Step> steps = new ArrayList<>();
    TlsInfo tls = endpoint.isHttps() ? TlsDescription.tlsInfo(phases) : null;
    boolean ipLiteral = Addresses.literal(endpoint.host()) != null;
    boolean overridden =
        settings.resolveOverrides().stream()
            .anyMatch(o -> o.host().equalsIgnoreCase(endpoint.host()));
    if (outcome instanceof Exchange.Fault fault) {
      // /v2/ answered, but with redirects that never end: no registry API there.
      FailureKind kind =
          fault.answered() && !fault.refused() && fault.kind() == FailureKind.UNKNOWN
              ? FailureKind.NOT_A_REGISTRY
              : fault.kind();
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
              kind == FailureKind.NOT_A_REGISTRY && fault.kind() == FailureKind.UNKNOWN
                  ? endpoint.authority()
                      + " answers /v2/ with redirects that never end: no registry API there"
                  : TransportFailures.transportSummary(fault, endpoint.authority()),
              fault.evidence(),
              fault.cause());
      return new PingOutcome(
          endpoint, null, failure, steps, tls, notes, verifyTls, null, requests, System.nanoTime());
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
    if (failure != null
        && failure.kind() == FailureKind.NOT_A_REGISTRY
        && !DEFAULT_API_PATH.equals(settings.apiPath())) {
      // containerd never pings: under override_path or a path prefix it asks for the manifest
      // straight away, so an API root that answers nothing registry-like does not stop a pull.
      notes.add(
          endpoint.authority()
              + settings.apiPath()
              + "/ answers "
              + answer.status()
              + " and no registry API; containerd does not ask there, so the manifest request"
              + " decides");
      failure = null;
    }
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
    // A 429 on /v2/ (a proxy, or a registry that limits every request) says when to come back
    // just as one on the manifest does.
    RateLimit rateLimit = RateLimits.parse(answer.headers(), settings.clock());
    return new PingOutcome(
        endpoint,
        info,
        failure,
        steps,
        tls,
        notes,
        verifyTls,
        rateLimit,
        requests,
        System.nanoTime());
  }

  Failure pingFailure(RegistryEndpoint endpoint, Exchange.Answer answer, PingInfo info) {
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
    FailureKind kind =
        HttpAnswers.ping(
            status,
            Pings.isHttpsRequired(answer),
            html,
            info.apiVersion() != null,
            !info.challenges().isEmpty(),
            !errors.isEmpty());
    if (kind == null) {
      return null;
    }
    String summary =
        switch (kind) {
          case HTTPS_REQUIRED -> where + " expects HTTPS but was sent plain HTTP";
          case RATE_LIMITED -> where + " is rate limiting requests (429)" + retryAfterText(answer);
          case REGISTRY_UNAVAILABLE ->
              where + " answered " + status + " to /v2/: the registry is failing";
          case ACCESS_DENIED -> where + " refuses access to /v2/ (403)";
          default ->
              switch (status) {
                case 200 ->
                    where
                        + " answers /v2/ with an HTML page and no Docker-Distribution-API-Version header: a web server, proxy or login portal, not a registry";
                case 401 ->
                    where
                        + " answers /v2/ with 401 but neither an auth challenge nor a registry API version header";
                case 404 ->
                    where
                        + " answers 404 for /v2/: no registry API there (wrong host or port, or the registry lives under a path prefix)";
                default -> where + " answers " + status + " for /v2/, which a registry does not";
              };
        };
    return new Failure(
        kind,
        StepName.PING,
        summary,
        kind == FailureKind.RATE_LIMITED ? withHeaders(evidence, answer) : evidence,
        null);
  }

  /** {@code "; retry after N s"} when the answer's {@code Retry-After} parses, else empty. */
  private String retryAfterText(Exchange.Answer answer) {
    Duration retryAfter = Exchange.retryAfter(answer.headers(), settings.clock());
    return retryAfter == null ? "" : "; retry after " + retryAfter.getSeconds() + " s";
  }

  static List<String> withHeaders(List<String> evidence, Exchange.Answer answer) {
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

  static Step dnsStep(
      PhaseRecorder phases, boolean ipLiteral, boolean overridden, StepStatus status) {
    if (ipLiteral) {
      return new Step(StepName.DNS, StepStatus.SKIPPED, Duration.ZERO, "IP address");
    }
    // worded for library users and the CLI alike: ProbeSettings.Builder.resolve, --resolve,
    // resolve:
    String detail =
        overridden ? phases.addressesText() + " (resolve override)" : phases.addressesText();
    if (phases.reusedConnection()) {
      detail = "reused connection";
    }
    Duration elapsed = status == StepStatus.FAILED ? phases.currentPhaseTime() : phases.dnsTime();
    return new Step(StepName.DNS, status, elapsed, detail.isEmpty() ? null : detail);
  }

  static String connectDetail(RegistryEndpoint endpoint, PhaseRecorder phases) {
    java.net.InetSocketAddress address = phases.socketAddress();
    String target =
        address == null || address.getAddress() == null
            ? endpoint.authority()
            : dev.regdoctor.internal.http.SocketAddresses.text(address);
    if (phases.viaProxy()) {
      target += " via proxy " + dev.regdoctor.internal.http.UrlProxy.authorityOf(phases.proxy());
    }
    return phases.reusedConnection() ? target + " (reused)" : target;
  }

  static String tlsDetail(@Nullable TlsInfo tls, boolean verified) {
    String text = tls == null || tls.protocol() == null ? "TLS" : tls.protocol();
    return verified ? text : text + ", certificate NOT verified (insecure registry)";
  }
}
