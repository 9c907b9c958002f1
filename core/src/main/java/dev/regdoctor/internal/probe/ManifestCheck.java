package dev.regdoctor.internal.probe;

import dev.regdoctor.internal.http.Digests;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.probe.Challenge;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ManifestInfo;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.RegistryError;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * {@code HEAD} (or {@code GET}) of the manifest with the full {@code Accept} list, and what its
 * answer means.
 */
final class ManifestCheck {
  private final CheckState c;

  ManifestCheck(CheckState c) {
    this.c = c;
  }

  void checkManifest(Exchange.@Nullable Authorization authorization) {
    c.authorization = authorization;
    long start = System.nanoTime();
    String reference = c.image.manifestReference();
    HttpUrl url = c.api("manifests/" + reference);
    Exchange exchange = c.exchange(c.verifyTls);
    Exchange.Outcome outcome =
        exchange.send(manifestRequest(url, "HEAD"), authorization, Exchange.MANIFEST_BODY_BYTES);
    if (outcome instanceof Exchange.Answer answer
        && (answer.status() == 405 || answer.status() == 501)) {
      c.notes.add("HEAD on the manifest answered " + answer.status() + "; used GET");
      outcome =
          exchange.send(manifestRequest(url, "GET"), authorization, Exchange.MANIFEST_BODY_BYTES);
    }
    if (outcome instanceof Exchange.Answer answer
        && answer.status() == 401
        && authorization == null
        && c.failures.isEmpty()) {
      // A registry may answer /v2/ anonymously and still protect repositories: authenticate now.
      List<String> raw = answer.headerValues("WWW-Authenticate");
      List<Challenge> challenges = ChallengeParser.parseAll(raw);
      if (!challenges.isEmpty() && (c.auth == null || c.auth.flow().equals("none"))) {
        c.steps.remove(StepName.AUTH);
        Exchange.Authorization retried =
            new Authentication(c)
                .authenticate(
                    challenges, raw, answer.method() + " " + answer.redactedUrl() + " -> 401");
        if (!c.failures.isEmpty()) {
          c.step(StepName.MANIFEST, StepStatus.FAILED, CheckState.elapsedSince(start), "401");
          return;
        }
        if (retried != null) {
          authorization = retried;
          c.authorization = retried;
          outcome =
              exchange.send(
                  manifestRequest(url, answer.method()),
                  authorization,
                  Exchange.MANIFEST_BODY_BYTES);
        }
      }
    }
    boolean confirmed = false;
    if (outcome instanceof Exchange.Answer head
        && head.status() == 200
        && head.method().equals("HEAD")
        && head.header("Docker-Content-Digest") == null
        && !ManifestBodies.isManifestType(head.header("Content-Type"))) {
      // Nothing in the headers says this is a manifest: look at it, size-capped, before saying OK.
      c.notes.add(
          "HEAD on the manifest answered 200 with neither Docker-Content-Digest nor a manifest"
              + " media type; confirmed with GET");
      outcome =
          exchange.send(manifestRequest(url, "GET"), authorization, Exchange.MANIFEST_BODY_BYTES);
      confirmed = true;
    }
    if (outcome instanceof Exchange.Fault fault) {
      c.transportFault(StepName.MANIFEST, fault, start);
      return;
    }
    Exchange.Answer answer = (Exchange.Answer) outcome;
    RateLimit limits = RateLimits.parse(answer.headers(), c.settings.clock());
    if (limits != null) {
      c.rateLimit = limits;
    }
    List<String> secrets = AuthHeaders.secretsOf(c.lookup.credential(), authorization);
    List<RegistryError> errors = ErrorBodies.parse(answer.body(), secrets);
    String mediaType =
        answer.header("Content-Type") == null
            ? null
            : ManifestMediaTypes.withoutParameters(answer.header("Content-Type"));
    String digest = answer.header("Docker-Content-Digest");
    long size = contentLength(answer);
    int status = answer.status();
    List<String> evidence = new ArrayList<>(answer.evidence());
    errors.forEach(error -> evidence.add("error: " + error));
    String notAManifest =
        status == 200
                && answer.method().equals("GET")
                && (confirmed
                    || (answer.header("Docker-Content-Digest") == null
                        && !ManifestBodies.isManifestType(answer.header("Content-Type"))))
            ? ManifestBodies.problem(answer, Exchange.MANIFEST_BODY_BYTES)
            : null;
    if (notAManifest != null) {
      // The body itself is not shown: a server that is no registry may echo what it was sent.
      evidence.add(
          "Content-Type: "
              + (answer.header("Content-Type") == null ? "none" : answer.header("Content-Type"))
              + ", "
              + (answer.truncated() ? "more than " : "")
              + answer.body().length
              + " bytes");
      c.manifest =
          new ManifestInfo(
              answer.redactedUrl(),
              answer.method(),
              status,
              null,
              mediaType,
              size,
              errors,
              List.of(),
              null);
      c.step(
          StepName.MANIFEST, StepStatus.FAILED, CheckState.elapsedSince(start), "not a manifest");
      c.failures.add(
          new Failure(
              FailureKind.NOT_A_REGISTRY,
              StepName.MANIFEST,
              c.image.apiHost()
                  + " answered 200 for the manifest of "
                  + c.image.familiar()
                  + ", but what it sent is not an image manifest: "
                  + notAManifest,
              evidence,
              null));
      return;
    }
    if (status == 200 && digest == null && answer.method().equals("GET")) {
      digest = Digests.sha256(answer.body());
      c.notes.add("no Docker-Content-Digest header; digest computed from the manifest body");
    }
    c.manifest =
        new ManifestInfo(
            answer.redactedUrl(),
            answer.method(),
            status,
            digest,
            mediaType,
            size,
            errors,
            List.of(),
            null);
    if (status == 200) {
      c.step(
          StepName.MANIFEST,
          StepStatus.OK,
          CheckState.elapsedSince(start),
          mediaType == null ? "200" : "200 " + shortType(mediaType));
      new PlatformCheck(c).checkPlatform(exchange, authorization, answer, url);
      return;
    }
    c.step(
        StepName.MANIFEST,
        StepStatus.FAILED,
        CheckState.elapsedSince(start),
        String.valueOf(status));
    String what = c.image.familiar();
    boolean notGranted = false;
    if (status == 401) {
      List<Challenge> challenges =
          ChallengeParser.parseAll(answer.headerValues("WWW-Authenticate"));
      answer
          .headerValues("WWW-Authenticate")
          .forEach(value -> evidence.add("WWW-Authenticate: " + Redaction.urlsIn(value)));
      boolean insufficientScope =
          challenges.stream()
              .anyMatch(ch -> ch.error().map("insufficient_scope"::equals).orElse(false));
      List<String> granted = c.auth == null ? null : c.auth.granted();
      if (granted != null) {
        evidence.add(
            "token grants "
                + (granted.isEmpty() ? "no actions" : String.join(",", granted))
                + " on repository "
                + c.image.repository());
      }
      notGranted =
          insufficientScope
              || (granted != null && !granted.contains("pull") && !granted.contains("*"));
    }
    FailureKind kind = HttpAnswers.manifest(status, c.credentialsSent, notGranted);
    if (kind == FailureKind.MANIFEST_NOT_FOUND) {
      new TagsCheck(c).notFound(exchange, authorization, errors, evidence);
      return;
    }
    if (kind == FailureKind.UNKNOWN && errors.isEmpty() && answer.body().length > 0) {
      evidence.add("body: " + ErrorBodies.snippet(answer.body(), secrets));
    }
    String summary =
        switch (kind) {
          case AUTH_REQUIRED ->
              c.image.apiHost()
                  + " requires credentials to pull "
                  + c.image.repository()
                  + " and none were "
                  + (c.lookup.hasCredential() ? "sent" : "found");
          case ACCESS_DENIED ->
              status == 401
                  ? "the credentials from "
                      + c.lookup.source()
                      + " are not allowed to pull "
                      + c.image.repository()
                      + " (or the repository does not exist for this identity)"
                  : c.image.apiHost()
                      + " denied access to "
                      + c.image.repository()
                      + (c.credentialsSent
                          ? " for the credentials from " + c.lookup.source()
                          : " for anonymous pulls");
          case AUTH_INVALID ->
              c.image.apiHost() + " rejected the credentials from " + c.lookup.source();
          case RATE_LIMITED ->
              c.image.apiHost() + " is rate limiting pulls (429)" + retryAfterText();
          case REGISTRY_UNAVAILABLE ->
              c.image.apiHost() + " failed to serve the manifest of " + what + " (" + status + ")";
          default -> c.image.apiHost() + " answered " + status + " for the manifest of " + what;
        };
    c.failures.add(
        new Failure(
            kind,
            StepName.MANIFEST,
            summary,
            kind == FailureKind.RATE_LIMITED ? withRateLimitEvidence(evidence, answer) : evidence,
            null));
  }

  List<String> withRateLimitEvidence(List<String> evidence, Exchange.Answer answer) {
    List<String> lines = new ArrayList<>(evidence);
    for (String name :
        List.of(
            "ratelimit-limit", "ratelimit-remaining", "docker-ratelimit-source", "Retry-After")) {
      String value = answer.header(name);
      if (value != null) {
        lines.add(name + ": " + value);
      }
    }
    return lines;
  }

  String retryAfterText() {
    return c.rateLimit != null && c.rateLimit.retryAfter() != null
        ? "; retry after " + c.rateLimit.retryAfter().getSeconds() + " s"
        : "";
  }

  static Request manifestRequest(HttpUrl url, String method) {
    Request.Builder builder =
        new Request.Builder().url(url).header("Accept", ManifestMediaTypes.acceptHeader());
    return method.equals("HEAD") ? builder.head().build() : builder.get().build();
  }

  static long contentLength(Exchange.Answer answer) {
    String value = answer.header("Content-Length");
    if (value == null) {
      return answer.method().equals("GET") ? answer.body().length : -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String shortType(String mediaType) {
    return switch (mediaType) {
      case ManifestMediaTypes.OCI_INDEX -> "OCI index";
      case ManifestMediaTypes.OCI_MANIFEST -> "OCI manifest";
      case ManifestMediaTypes.DOCKER_LIST -> "Docker manifest list";
      case ManifestMediaTypes.DOCKER_MANIFEST -> "Docker manifest v2";
      default -> mediaType;
    };
  }
}
