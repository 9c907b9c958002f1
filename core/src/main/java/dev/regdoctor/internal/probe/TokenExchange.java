package dev.regdoctor.internal.probe;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.internal.http.RefusedDestinationException;
import dev.regdoctor.probe.AuthInfo;
import dev.regdoctor.probe.Challenge;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.RegistryError;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Gets a bearer token from the realm a challenge names: from the engine's cache, by {@code GET}
 * (Basic credentials, or anonymous), or by OAuth2 {@code POST} for identity tokens (falling back to
 * {@code GET} on 404/405); then judges the token service's answer with {@link HttpAnswers}.
 */
final class TokenExchange {
  private static final String CLIENT_ID = "regdoctor";
  private final CheckState c;

  TokenExchange(CheckState c) {
    this.c = c;
  }

  /** One token request: where it goes, for what, and what the challenge said. */
  private record TokenRequest(
      Challenge challenge,
      String seenAt,
      long start,
      String scope,
      @Nullable String service,
      HttpUrl realm,
      String redactedRealm,
      HttpUrl registryOrigin,
      TokenCache.Key key) {}

  /** What was sent to the realm and what came back. */
  private record Sent(Exchange.Outcome outcome, String flow) {}

  Exchange.@Nullable Authorization bearerToken(Challenge challenge, String seenAt, long start) {
    Credential credential = c.lookup.credential();
    String scope = "repository:" + c.image.repository() + ":pull";
    String service = challenge.service().orElse(null);
    String realmText = challenge.realm().orElse(null);
    HttpUrl registryOrigin = HttpUrl.get(c.endpoint.toString());
    List<String> challengeEvidence =
        List.of(seenAt, "WWW-Authenticate: " + Redaction.urlsIn(challenge.toString()));
    if (realmText == null || realmText.isBlank()) {
      return authFailure(
          FailureKind.TOKEN_SERVICE_FAILED,
          start,
          "the Bearer challenge from " + c.endpoint.authority() + " names no token realm",
          challengeEvidence);
    }
    HttpUrl realm = registryOrigin.resolve(realmText);
    if (realm == null) {
      return authFailure(
          FailureKind.TOKEN_SERVICE_FAILED,
          start,
          "the token realm \"" + Redaction.url(realmText) + "\" is not a valid URL",
          challengeEvidence);
    }
    String realmProblem = realmProblem(realm);
    String redactedRealm = Redaction.url(realm);
    if (realmProblem != null) {
      c.auth =
          new AuthInfo(
              "bearer", redactedRealm, service, List.of(scope), null, List.of(), "refused");
      return authFailure(
          FailureKind.TOKEN_SERVICE_FAILED,
          start,
          "refused to use token realm " + redactedRealm + ": " + realmProblem,
          challengeEvidence);
    }
    TokenCache.Key key =
        new TokenCache.Key(
            realm.newBuilder().query(null).build().toString(),
            String.valueOf(service),
            scope,
            AuthHeaders.credentialDigest(credential));
    TokenRequest request =
        new TokenRequest(
            challenge, seenAt, start, scope, service, realm, redactedRealm, registryOrigin, key);
    // One token request per scope: concurrent checks of a repository wait for the first one's
    // token.
    ReentrantLock fetching =
        c.engine.tokens().get(key) == null
            ? c.engine.tokens().lockFetch(key, c.deadline.remaining())
            : null;
    try {
      TokenResponse cached = c.engine.tokens().get(key);
      return cached != null ? fromCache(request, cached) : fetch(request);
    } finally {
      if (fetching != null) {
        fetching.unlock();
      }
    }
  }

  private Exchange.Authorization fromCache(TokenRequest request, TokenResponse cached) {
    Credential credential = c.lookup.credential();
    if (credential != null) {
      c.credentialsSent = true;
    }
    c.auth =
        new AuthInfo(
            "bearer",
            request.redactedRealm(),
            request.service(),
            List.of(request.scope()),
            cached.grantedActions("repository", c.image.repository()),
            credential == null ? List.of() : List.of(AuthHeaders.origin(request.realm())),
            "cached");
    c.step(
        StepName.AUTH,
        StepStatus.OK,
        CheckState.elapsedSince(request.start()),
        "token for " + request.scope() + " (cached)");
    return new Exchange.Authorization("Bearer " + cached.token(), request.registryOrigin());
  }

  private Exchange.@Nullable Authorization fetch(TokenRequest request) {
    Sent sent = send(request);
    HttpUrl realm = request.realm();
    if (c.credentialsSentTo.contains(AuthHeaders.origin(realm)) && !realm.isHttps()) {
      c.notes.add(clearTextNote(realm, sent.outcome()));
    }
    c.auth = authInfo(request, null, sent.flow());
    if (sent.outcome() instanceof Exchange.Fault fault) {
      List<String> evidence = new ArrayList<>();
      evidence.add(request.seenAt());
      evidence.addAll(fault.evidence());
      String summary;
      if (fault.cause() instanceof RefusedDestinationException refused) {
        summary =
            fault.answered()
                ? "token service "
                    + AuthHeaders.origin(realm)
                    + " redirected to "
                    + Redaction.url(fault.url())
                    + "; refused to follow: "
                    + refused.reason()
                : "refused to use token realm " + request.redactedRealm() + ": " + refused.reason();
      } else {
        summary =
            "token service "
                + AuthHeaders.origin(realm)
                + " failed: "
                + TransportFailures.describeKind(fault.kind());
      }
      return authFailure(
          FailureKind.TOKEN_SERVICE_FAILED, request.start(), summary, evidence, fault.cause());
    }
    return judge(request, (Exchange.Answer) sent.outcome(), sent.flow());
  }

  /** Says that credentials crossed the network in clear text, to where, and why it was allowed. */
  private String clearTextNote(HttpUrl realm, Exchange.Outcome outcome) {
    java.net.InetSocketAddress reached = outcome.phases().socketAddress();
    String address =
        reached == null || reached.getAddress() == null
            ? null
            : dev.regdoctor.internal.http.IpLiterals.format(reached.getAddress());
    boolean ownAddress =
        reached != null
            && reached.getAddress() != null
            && c.engine.destinations(c.endpoint.host()).own().contains(reached.getAddress());
    String where =
        ownAddress && realm.port() != c.endpoint.port()
            ? ", another port ("
                + realm.port()
                + ") on the registry's own address "
                + address
                + " (registry port "
                + c.endpoint.port()
                + ")"
            : address == null ? "" : " at " + address;
    return "credentials sent in clear text over plain HTTP to token realm "
        + AuthHeaders.origin(realm)
        + where
        + ": allowed only because the registry "
        + c.endpoint.authority()
        + " itself is plain HTTP; anyone on the path can read them";
  }

  /** Sends the token request the credential calls for; records where credentials went. */
  private Sent send(TokenRequest request) {
    Credential credential = c.lookup.credential();
    HttpUrl realm = request.realm();
    Exchange exchange = c.exchange(realm.isHttps() || c.verifyTls);
    if (credential instanceof Credential.IdentityToken identity) {
      FormBody.Builder form =
          new FormBody.Builder()
              .add("grant_type", "refresh_token")
              .add("refresh_token", identity.token().reveal())
              .add("client_id", CLIENT_ID)
              .add("scope", request.scope());
      if (request.service() != null) {
        form.add("service", request.service());
      }
      Exchange.Outcome outcome =
          exchange.send(
              new Request.Builder().url(realm).post(form.build()).build(),
              null,
              Exchange.SMALL_BODY_BYTES);
      sentTo(realm, outcome);
      if (!(outcome instanceof Exchange.Answer answer
          && (answer.status() == 404 || answer.status() == 405))) {
        return new Sent(outcome, "token POST");
      }
      c.notes.add(
          "token POST answered "
              + answer.status()
              + "; retried with GET as the OAuth2 spec allows");
      Exchange.Authorization basic =
          new Exchange.Authorization(
              AuthHeaders.basicHeader(
                  identity.username() == null ? "<token>" : identity.username(),
                  identity.token().reveal()),
              realm);
      Exchange.Outcome fallback =
          exchange.send(getRequest(request, identity.username()), basic, Exchange.SMALL_BODY_BYTES);
      sentTo(realm, fallback);
      return new Sent(fallback, "token GET");
    }
    if (credential instanceof Credential.UsernamePassword password) {
      Exchange.Authorization basic =
          new Exchange.Authorization(
              AuthHeaders.basicHeader(password.username(), password.password().reveal()), realm);
      Exchange.Outcome outcome =
          exchange.send(getRequest(request, password.username()), basic, Exchange.SMALL_BODY_BYTES);
      sentTo(realm, outcome);
      return new Sent(outcome, "token GET");
    }
    return new Sent(
        exchange.send(getRequest(request, null), null, Exchange.SMALL_BODY_BYTES), "token GET");
  }

  /** Records that credentials went to {@code realm}, unless the request was refused unsent. */
  private void sentTo(HttpUrl realm, Exchange.Outcome outcome) {
    if (outcome instanceof Exchange.Fault fault && fault.refused() && !fault.answered()) {
      return;
    }
    c.credentialsSent = true;
    c.credentialsSentTo.add(AuthHeaders.origin(realm));
  }

  /** Judges the token service's answer: a usable token, or a failure from {@link HttpAnswers}. */
  private Exchange.@Nullable Authorization judge(
      TokenRequest request, Exchange.Answer answer, String flow) {
    HttpUrl realm = request.realm();
    String origin = AuthHeaders.origin(realm);
    List<String> evidence = new ArrayList<>();
    evidence.add(request.seenAt());
    evidence.add("WWW-Authenticate: " + Redaction.urlsIn(request.challenge().toString()));
    evidence.addAll(answer.evidence());
    int status = answer.status();
    if (status == 200) {
      TokenResponse token;
      try {
        token = TokenResponse.parse(answer.body(), c.settings.clock().instant());
      } catch (MalformedTokenResponseException e) {
        evidence.add(
            "body: "
                + e.getMessage()
                + " ("
                + answer.body().length
                + " bytes, content type "
                + answer.header("Content-Type")
                + ")");
        return authFailure(
            FailureKind.TOKEN_SERVICE_FAILED,
            request.start(),
            "token service " + origin + " answered 200 without a usable token: " + e.getMessage(),
            evidence);
      }
      c.engine.tokens().put(request.key(), token);
      List<String> granted = token.grantedActions("repository", c.image.repository());
      c.auth = authInfo(request, granted, flow);
      String detail =
          "token for "
              + request.scope()
              + (granted == null
                  ? ""
                  : " granting " + (granted.isEmpty() ? "nothing" : String.join(",", granted)));
      c.step(StepName.AUTH, StepStatus.OK, CheckState.elapsedSince(request.start()), detail);
      return new Exchange.Authorization("Bearer " + token.token(), request.registryOrigin());
    }
    Credential credential = c.lookup.credential();
    List<RegistryError> errors =
        ErrorBodies.parse(answer.body(), AuthHeaders.secretsOf(credential));
    errors.forEach(error -> evidence.add("error: " + error));
    if (errors.isEmpty() && answer.body().length > 0) {
      evidence.add(
          "body: "
              + Redaction.scrub(
                  ErrorBodies.snippet(answer.body()), AuthHeaders.secretsOf(credential)));
    }
    FailureKind kind = HttpAnswers.token(status, credential != null);
    if (kind == FailureKind.RATE_LIMITED) {
      c.rateLimit = RateLimits.parse(answer.headers(), c.settings.clock());
    }
    String summary =
        switch (kind) {
          case AUTH_REQUIRED ->
              status == 401
                  ? "token service "
                      + origin
                      + " requires credentials for "
                      + c.image.apiHost()
                      + " and none were found"
                  : "token service " + origin + " denied " + request.scope();
          case AUTH_INVALID ->
              "token service " + origin + " rejected the credentials from " + c.lookup.source();
          case ACCESS_DENIED -> "token service " + origin + " denied " + request.scope();
          case RATE_LIMITED -> "token service " + origin + " is rate limiting (429)";
          default -> "token service " + origin + " answered " + status;
        };
    return authFailure(kind, request.start(), summary, evidence);
  }

  private AuthInfo authInfo(TokenRequest request, @Nullable List<String> granted, String flow) {
    return new AuthInfo(
        "bearer",
        request.redactedRealm(),
        request.service(),
        List.of(request.scope()),
        granted,
        c.credentialsSentTo,
        flow);
  }

  private static Request getRequest(TokenRequest request, @Nullable String account) {
    HttpUrl.Builder url = request.realm().newBuilder();
    if (request.service() != null) {
      url.addQueryParameter("service", request.service());
    }
    url.addQueryParameter("scope", request.scope());
    if (account != null) {
      url.addQueryParameter("account", account);
    }
    return new Request.Builder().url(url.build()).get().build();
  }

  /** Why credentials must not go to {@code realm}, or {@code null} when it is acceptable. */
  private @Nullable String realmProblem(HttpUrl realm) {
    if (!realm.isHttps() && c.endpoint.isHttps()) {
      return "the realm is plain HTTP while the registry uses HTTPS";
    }
    // Literal forms here; resolved names when the request is sent (DNS hook, connection guard).
    return c.engine.destinations(c.endpoint.host()).literalProblem(realm.host());
  }

  private Exchange.@Nullable Authorization authFailure(
      FailureKind kind, long start, String summary, List<String> evidence) {
    return authFailure(kind, start, summary, evidence, null);
  }

  private Exchange.@Nullable Authorization authFailure(
      FailureKind kind,
      long start,
      String summary,
      List<String> evidence,
      @Nullable Throwable cause) {
    c.step(StepName.AUTH, StepStatus.FAILED, CheckState.elapsedSince(start), kind.name());
    c.failures.add(new Failure(kind, StepName.AUTH, summary, evidence, cause));
    if (c.auth == null) {
      c.auth = new AuthInfo("bearer", null, null, List.of(), null, c.credentialsSentTo, "failed");
    }
    return null;
  }
}
