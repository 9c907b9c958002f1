package dev.regdoctor.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * One image check: ping (shared through the client's cache), credentials, auth, manifest, tags and
 * platform, each step timed and every failure recorded as a value. Not thread-safe; one per check.
 */
final class ImageCheck {
  private static final String CLIENT_ID = "regdoctor";

  private final RegistryClient client;
  private final ProbeSettings settings;
  private final ImageReference image;
  private final String input;
  private final CredentialLookup lookup;
  private final @Nullable RegistryEndpoint explicitEndpoint;
  private final Deadline deadline;
  private final AtomicInteger requests = new AtomicInteger();
  private final long started = System.nanoTime();

  private final Map<StepName, Step> steps = new EnumMap<>(StepName.class);
  private final List<Failure> failures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> credentialsSentTo = new ArrayList<>();
  private @Nullable RegistryEndpoint endpoint;
  private @Nullable PingInfo ping;
  private @Nullable AuthInfo auth;
  private @Nullable ManifestInfo manifest;
  private @Nullable TagsInfo tags;
  private @Nullable RateLimit rateLimit;
  private @Nullable TlsInfo tls;
  private boolean verifyTls = true;
  private boolean allowHttp;
  private boolean credentialsSent;

  ImageCheck(
      RegistryClient client,
      String input,
      ImageReference image,
      CredentialLookup lookup,
      @Nullable RegistryEndpoint explicitEndpoint) {
    this.client = client;
    this.settings = client.settings();
    this.input = input;
    this.image = image;
    this.lookup = lookup;
    this.explicitEndpoint = explicitEndpoint;
    this.deadline = Deadline.after(settings.deadline());
  }

  ProbeResult run() {
    step(StepName.REFERENCE, StepStatus.OK, Duration.ZERO, image.canonical());
    RegistryEndpoint https = chooseEndpoint();
    RegistryClient.PingOutcome pingOutcome =
        client.ping(https, allowHttp, verifyTls, explicitPort(), deadline, requests);
    applyPing(pingOutcome);
    if (failures.isEmpty()) {
      Exchange.Authorization authorization = authenticate(pingOutcome);
      if (failures.isEmpty()) {
        checkManifest(authorization);
      }
    }
    return result();
  }

  // ---- endpoint -------------------------------------------------------------------------------

  private RegistryEndpoint chooseEndpoint() {
    if (explicitEndpoint != null) {
      verifyTls = !isInsecure(explicitEndpoint.host(), explicitEndpoint.port());
      step(StepName.ENDPOINT, StepStatus.OK, Duration.ZERO, explicitEndpoint + " (given)");
      return explicitEndpoint;
    }
    String apiHost = image.apiHost();
    String host = hostOf(apiHost);
    int port = portOf(apiHost);
    RegistryEndpoint https = new RegistryEndpoint("https", host, port < 0 ? 443 : port);
    verifyTls = !isInsecure(host, https.port());
    if (settings.plainHttpRegistries().contains(apiHost.toLowerCase(Locale.ROOT))) {
      RegistryEndpoint http = https.withScheme("http");
      step(StepName.ENDPOINT, StepStatus.OK, Duration.ZERO, http + " (configured as plain HTTP)");
      return http;
    }
    String detail = https.toString();
    allowHttp = allowHttp(https);
    if (allowHttp) {
      detail +=
          !verifyTls
              ? " (insecure: plain HTTP allowed, TLS not verified)"
              : " (loopback: plain HTTP allowed)";
    }
    step(StepName.ENDPOINT, StepStatus.OK, Duration.ZERO, detail);
    return https;
  }

  private boolean explicitPort() {
    return explicitEndpoint != null || portOf(image.apiHost()) >= 0;
  }

  private boolean allowHttp(RegistryEndpoint endpoint) {
    if (explicitEndpoint != null) {
      return false;
    }
    return isInsecure(endpoint.host(), endpoint.port()) || isLoopback(endpoint.host());
  }

  private boolean isInsecure(String host, int port) {
    if (settings.insecureAll()) {
      return true;
    }
    String lowerHost = host.toLowerCase(Locale.ROOT);
    String bracketed = lowerHost.indexOf(':') >= 0 ? "[" + lowerHost + "]" : lowerHost;
    for (String entry : settings.insecureRegistries()) {
      if (entry.equals(lowerHost)
          || entry.equals(bracketed + ":" + port)
          || entry.equals(lowerHost + ":" + port)) {
        return true;
      }
      if (entry.contains("/") && Cidr.contains(entry, lowerHost)) {
        return true;
      }
    }
    return false;
  }

  static boolean isLoopback(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.equals("localhost")
        || lower.endsWith(".localhost")
        || lower.equals("::1")
        || lower.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    // 127.0.0.0/8: any IPv4 literal whose first octet is 127
    return lower.startsWith("127.") && ResolveOverride.isIpLiteral(lower);
  }

  static String hostOf(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return hostPort.substring(1, end);
    }
    int colon = hostPort.lastIndexOf(':');
    return colon >= 0 ? hostPort.substring(0, colon) : hostPort;
  }

  static int portOf(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    int bracket = hostPort.lastIndexOf(']');
    if (colon < 0 || colon < bracket) {
      return -1;
    }
    try {
      return Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // ---- ping -----------------------------------------------------------------------------------

  private void applyPing(RegistryClient.PingOutcome outcome) {
    endpoint = outcome.endpoint();
    tls = outcome.tls();
    notes.addAll(outcome.notes());
    if (!outcome.verifiedTls()) {
      verifyTls = false;
    }
    for (Step step : outcome.steps()) {
      steps.put(step.name(), outcome.cachedFor(requests) ? cachedCopy(step) : step);
    }
    ping =
        outcome.ping() == null
            ? null
            : outcome.cachedFor(requests) ? outcome.ping().asCached() : outcome.ping();
    if (outcome.failure() != null) {
      failures.add(outcome.failure());
    }
  }

  private static Step cachedCopy(Step step) {
    String detail = step.detail() == null ? "cached" : step.detail() + " (cached)";
    return new Step(step.name(), step.status(), Duration.ZERO, detail);
  }

  // ---- auth -----------------------------------------------------------------------------------

  private Exchange.@Nullable Authorization authenticate(RegistryClient.PingOutcome outcome) {
    Credential credential = lookup.credential();
    String credentialDetail = lookup.source() == null ? "none (anonymous)" : lookup.source();
    if (!lookup.problems().isEmpty()) {
      credentialDetail += "; " + lookup.problems().size() + " problem(s)";
    }
    StepStatus credentialStatus =
        credential == null && !lookup.problems().isEmpty() ? StepStatus.FAILED : StepStatus.OK;
    step(StepName.CREDENTIALS, credentialStatus, Duration.ZERO, credentialDetail);
    PingInfo info = outcome.ping();
    if (info == null || info.status() == 200) {
      auth = AuthInfo.none();
      step(StepName.AUTH, StepStatus.SKIPPED, Duration.ZERO, "registry allows anonymous /v2/");
      return null;
    }
    return authenticate(
        info.challenges(), info.rawChallenges(), "GET " + info.url() + " -> " + info.status());
  }

  private Exchange.@Nullable Authorization authenticate(
      List<Challenge> challenges, List<String> raw, String seenAt) {
    long start = System.nanoTime();
    Credential credential = lookup.credential();
    Challenge bearer = challenges.stream().filter(Challenge::isBearer).findFirst().orElse(null);
    Challenge basic = challenges.stream().filter(Challenge::isBasic).findFirst().orElse(null);
    HttpUrl registryOrigin = HttpUrl.get(endpoint.toString());
    if (bearer != null) {
      if (credential instanceof Credential.RegistryToken token) {
        credentialsSent = true;
        credentialsSentTo.add(origin(registryOrigin));
        auth =
            new AuthInfo(
                "bearer", null, null, List.of(), null, credentialsSentTo, "registry token");
        step(
            StepName.AUTH,
            StepStatus.OK,
            elapsedSince(start),
            "registry token from " + lookup.source());
        return new Exchange.Authorization("Bearer " + token.token().reveal(), registryOrigin);
      }
      return bearerToken(bearer, seenAt, start);
    }
    if (basic != null) {
      if (credential instanceof Credential.UsernamePassword password) {
        credentialsSent = true;
        credentialsSentTo.add(origin(registryOrigin));
        if (!endpoint.isHttps()) {
          notes.add(
              "credentials sent over plain HTTP to " + endpoint + " (registry allowed plain HTTP)");
        }
        auth = new AuthInfo("basic", null, null, List.of(), null, credentialsSentTo, "basic");
        step(StepName.AUTH, StepStatus.OK, elapsedSince(start), "Basic as " + password.username());
        return new Exchange.Authorization(
            basicHeader(password.username(), password.password().reveal()), registryOrigin);
      }
      if (credential != null) {
        notes.add(
            "the registry asks for Basic auth, but the credential from "
                + lookup.source()
                + " is a token, not a password");
      }
      auth = new AuthInfo("basic", null, null, List.of(), null, List.of(), "none");
      step(
          StepName.AUTH,
          StepStatus.SKIPPED,
          elapsedSince(start),
          "Basic challenge; no username and password");
      return null;
    }
    if (challenges.isEmpty()) {
      notes.add(
          seenAt
              + " without a usable WWW-Authenticate challenge"
              + (raw.isEmpty() ? "" : ": " + Redaction.urlsIn(String.join(" | ", raw))));
    } else {
      notes.add(
          "unsupported auth scheme(s): " + challenges.stream().map(Challenge::scheme).toList());
    }
    auth = new AuthInfo("none", null, null, List.of(), null, List.of(), "none");
    step(StepName.AUTH, StepStatus.SKIPPED, elapsedSince(start), "no Bearer or Basic challenge");
    return null;
  }

  private Exchange.@Nullable Authorization bearerToken(
      Challenge challenge, String seenAt, long start) {
    Credential credential = lookup.credential();
    String scope = "repository:" + image.repository() + ":pull";
    String service = challenge.service().orElse(null);
    String realmText = challenge.realm().orElse(null);
    HttpUrl registryOrigin = HttpUrl.get(endpoint.toString());
    if (realmText == null || realmText.isBlank()) {
      return authFailure(
          FailureKind.TOKEN_SERVICE_FAILED,
          start,
          "the Bearer challenge from " + endpoint.authority() + " names no token realm",
          List.of(seenAt, "WWW-Authenticate: " + Redaction.urlsIn(challenge.toString())));
    }
    HttpUrl realm = registryOrigin.resolve(realmText);
    if (realm == null) {
      return authFailure(
          FailureKind.TOKEN_SERVICE_FAILED,
          start,
          "the token realm \"" + Redaction.url(realmText) + "\" is not a valid URL",
          List.of(seenAt, "WWW-Authenticate: " + Redaction.urlsIn(challenge.toString())));
    }
    String realmProblem = realmProblem(realm);
    String realmText2 = Redaction.url(realm);
    if (realmProblem != null) {
      auth =
          new AuthInfo("bearer", realmText2, service, List.of(scope), null, List.of(), "refused");
      return authFailure(
          FailureKind.TOKEN_SERVICE_FAILED,
          start,
          "refused to use token realm " + realmText2 + ": " + realmProblem,
          List.of(seenAt, "WWW-Authenticate: " + Redaction.urlsIn(challenge.toString())));
    }
    TokenCache.Key key =
        new TokenCache.Key(
            realm.newBuilder().query(null).build().toString(),
            String.valueOf(service),
            scope,
            credentialDigest(credential));
    // One token request per scope: concurrent checks of a repository wait for the first one's
    // token.
    ReentrantLock fetching =
        client.tokens().get(key) == null
            ? client.tokens().lockFetch(key, deadline.remaining())
            : null;
    try {
      return cachedOrFetchedToken(
          challenge, seenAt, start, scope, service, realm, realmText2, registryOrigin, key);
    } finally {
      if (fetching != null) {
        fetching.unlock();
      }
    }
  }

  private Exchange.@Nullable Authorization cachedOrFetchedToken(
      Challenge challenge,
      String seenAt,
      long start,
      String scope,
      @Nullable String service,
      HttpUrl realm,
      String realmText2,
      HttpUrl registryOrigin,
      TokenCache.Key key) {
    Credential credential = lookup.credential();
    TokenResponse cached = client.tokens().get(key);
    if (cached != null) {
      if (credential != null) {
        credentialsSent = true;
      }
      auth =
          new AuthInfo(
              "bearer",
              realmText2,
              service,
              List.of(scope),
              cached.grantedActions("repository", image.repository()),
              credential == null ? List.of() : List.of(origin(realm)),
              "cached");
      step(StepName.AUTH, StepStatus.OK, elapsedSince(start), "token for " + scope + " (cached)");
      return new Exchange.Authorization("Bearer " + cached.token(), registryOrigin);
    }
    Exchange exchange = client.exchange(realm.isHttps() || verifyTls, deadline, requests);
    Exchange.Outcome outcome;
    String flow;
    Exchange.Authorization realmAuth = null;
    if (credential instanceof Credential.UsernamePassword password) {
      realmAuth =
          new Exchange.Authorization(
              basicHeader(password.username(), password.password().reveal()), realm);
    }
    if (credential instanceof Credential.IdentityToken identity) {
      flow = "token POST";
      FormBody.Builder form =
          new FormBody.Builder()
              .add("grant_type", "refresh_token")
              .add("refresh_token", identity.token().reveal())
              .add("client_id", CLIENT_ID)
              .add("scope", scope);
      if (service != null) {
        form.add("service", service);
      }
      outcome =
          exchange.send(
              new Request.Builder().url(realm).post(form.build()).build(),
              null,
              Exchange.SMALL_BODY_BYTES);
      credentialsSent = true;
      credentialsSentTo.add(origin(realm));
      if (outcome instanceof Exchange.Answer answer
          && (answer.status() == 404 || answer.status() == 405)) {
        notes.add(
            "token POST answered "
                + answer.status()
                + "; retried with GET as the OAuth2 spec allows");
        flow = "token GET";
        realmAuth =
            new Exchange.Authorization(
                basicHeader(
                    identity.username() == null ? "<token>" : identity.username(),
                    identity.token().reveal()),
                realm);
        outcome =
            exchange.send(
                new Request.Builder()
                    .url(tokenGetUrl(realm, service, scope, identity.username()))
                    .get()
                    .build(),
                realmAuth,
                Exchange.SMALL_BODY_BYTES);
      }
    } else {
      flow = "token GET";
      String account =
          credential instanceof Credential.UsernamePassword password ? password.username() : null;
      outcome =
          exchange.send(
              new Request.Builder().url(tokenGetUrl(realm, service, scope, account)).get().build(),
              realmAuth,
              Exchange.SMALL_BODY_BYTES);
      if (realmAuth != null) {
        credentialsSent = true;
        credentialsSentTo.add(origin(realm));
      }
    }
    if (credentialsSent && !realm.isHttps()) {
      notes.add(
          "credentials sent over plain HTTP to token realm "
              + origin(realm)
              + " (registry allowed plain HTTP)");
    }
    if (outcome instanceof Exchange.Fault fault) {
      auth =
          new AuthInfo(
              "bearer", realmText2, service, List.of(scope), null, credentialsSentTo, flow);
      List<String> evidence = new ArrayList<>();
      evidence.add(seenAt);
      evidence.addAll(fault.evidence());
      return authFailure(
          FailureKind.TOKEN_SERVICE_FAILED,
          start,
          "token service " + origin(realm) + " failed: " + describeKind(fault.kind()),
          evidence,
          fault.cause());
    }
    Exchange.Answer answer = (Exchange.Answer) outcome;
    List<String> evidence = new ArrayList<>();
    evidence.add(seenAt);
    evidence.add("WWW-Authenticate: " + Redaction.urlsIn(challenge.toString()));
    evidence.addAll(answer.evidence());
    auth =
        new AuthInfo("bearer", realmText2, service, List.of(scope), null, credentialsSentTo, flow);
    int status = answer.status();
    if (status == 200) {
      TokenResponse token;
      try {
        token = TokenResponse.parse(answer.body(), settings.clock().instant());
      } catch (MalformedTokenResponseException e) {
        evidence.add(
            "body: "
                + (e.getMessage())
                + " ("
                + answer.body().length
                + " bytes, content type "
                + answer.header("Content-Type")
                + ")");
        return authFailure(
            FailureKind.TOKEN_SERVICE_FAILED,
            start,
            "token service "
                + origin(realm)
                + " answered 200 without a usable token: "
                + e.getMessage(),
            evidence);
      }
      client.tokens().put(key, token);
      List<String> granted = token.grantedActions("repository", image.repository());
      auth =
          new AuthInfo(
              "bearer", realmText2, service, List.of(scope), granted, credentialsSentTo, flow);
      String detail =
          "token for "
              + scope
              + (granted == null
                  ? ""
                  : " granting " + (granted.isEmpty() ? "nothing" : String.join(",", granted)));
      step(StepName.AUTH, StepStatus.OK, elapsedSince(start), detail);
      return new Exchange.Authorization("Bearer " + token.token(), registryOrigin);
    }
    List<RegistryError> errors = ErrorBodies.parse(answer.body());
    errors.forEach(error -> evidence.add("error: " + error));
    if (errors.isEmpty() && answer.body().length > 0) {
      evidence.add(
          "body: " + Redaction.scrub(ErrorBodies.snippet(answer.body()), secretsOf(credential)));
    }
    if (status == 401) {
      return credential == null
          ? authFailure(
              FailureKind.AUTH_REQUIRED,
              start,
              "token service "
                  + origin(realm)
                  + " requires credentials for "
                  + image.apiHost()
                  + " and none were found",
              evidence)
          : authFailure(
              FailureKind.AUTH_INVALID,
              start,
              "token service "
                  + origin(realm)
                  + " rejected the credentials from "
                  + lookup.source(),
              evidence);
    }
    if (status == 403) {
      return authFailure(
          credential == null ? FailureKind.AUTH_REQUIRED : FailureKind.ACCESS_DENIED,
          start,
          "token service " + origin(realm) + " denied " + scope,
          evidence);
    }
    if (status == 429) {
      rateLimit = RateLimits.parse(answer.headers(), settings.clock());
      return authFailure(
          FailureKind.RATE_LIMITED,
          start,
          "token service " + origin(realm) + " is rate limiting (429)",
          evidence);
    }
    return authFailure(
        FailureKind.TOKEN_SERVICE_FAILED,
        start,
        "token service " + origin(realm) + " answered " + status,
        evidence);
  }

  private static HttpUrl tokenGetUrl(
      HttpUrl realm, @Nullable String service, String scope, @Nullable String account) {
    HttpUrl.Builder url = realm.newBuilder();
    if (service != null) {
      url.addQueryParameter("service", service);
    }
    url.addQueryParameter("scope", scope);
    if (account != null) {
      url.addQueryParameter("account", account);
    }
    return url.build();
  }

  /** Why credentials must not go to {@code realm}, or {@code null} when it is acceptable. */
  private @Nullable String realmProblem(HttpUrl realm) {
    if (!realm.isHttps() && endpoint.isHttps()) {
      return "the realm is plain HTTP while the registry uses HTTPS";
    }
    String host = realm.host();
    boolean sameHost = host.equalsIgnoreCase(endpoint.host());
    if (!sameHost && Cidr.isPrivateOrLocalLiteral(host)) {
      return "the realm is a private, loopback or link-local address that is not the registry itself";
    }
    return null;
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
    step(StepName.AUTH, StepStatus.FAILED, elapsedSince(start), kind.name());
    failures.add(new Failure(kind, StepName.AUTH, summary, evidence, cause));
    if (auth == null) {
      auth = new AuthInfo("bearer", null, null, List.of(), null, credentialsSentTo, "failed");
    }
    return null;
  }

  // ---- manifest -------------------------------------------------------------------------------

  private void checkManifest(Exchange.@Nullable Authorization authorization) {
    long start = System.nanoTime();
    String reference = image.manifestReference();
    HttpUrl url = HttpUrl.get(endpoint + "/v2/" + image.repository() + "/manifests/" + reference);
    Exchange exchange = client.exchange(verifyTls, deadline, requests);
    Exchange.Outcome outcome =
        exchange.send(manifestRequest(url, "HEAD"), authorization, Exchange.MANIFEST_BODY_BYTES);
    if (outcome instanceof Exchange.Answer answer
        && (answer.status() == 405 || answer.status() == 501)) {
      notes.add("HEAD on the manifest answered " + answer.status() + "; used GET");
      outcome =
          exchange.send(manifestRequest(url, "GET"), authorization, Exchange.MANIFEST_BODY_BYTES);
    }
    if (outcome instanceof Exchange.Answer answer
        && answer.status() == 401
        && authorization == null
        && failures.isEmpty()) {
      // A registry may answer /v2/ anonymously and still protect repositories: authenticate now.
      List<String> raw = answer.headerValues("WWW-Authenticate");
      List<Challenge> challenges = parseChallenges(raw);
      if (!challenges.isEmpty() && (auth == null || auth.flow().equals("none"))) {
        steps.remove(StepName.AUTH);
        Exchange.Authorization retried =
            authenticate(challenges, raw, answer.method() + " " + answer.redactedUrl() + " -> 401");
        if (!failures.isEmpty()) {
          step(StepName.MANIFEST, StepStatus.FAILED, elapsedSince(start), "401");
          return;
        }
        if (retried != null) {
          authorization = retried;
          outcome =
              exchange.send(
                  manifestRequest(url, answer.method()),
                  authorization,
                  Exchange.MANIFEST_BODY_BYTES);
        }
      }
    }
    if (outcome instanceof Exchange.Fault fault) {
      step(StepName.MANIFEST, StepStatus.FAILED, elapsedSince(start), fault.kind().name());
      failures.add(transportFailure(fault, StepName.MANIFEST));
      return;
    }
    Exchange.Answer answer = (Exchange.Answer) outcome;
    RateLimit limits = RateLimits.parse(answer.headers(), settings.clock());
    if (limits != null) {
      rateLimit = limits;
    }
    List<RegistryError> errors = ErrorBodies.parse(answer.body());
    String mediaType =
        answer.header("Content-Type") == null
            ? null
            : ManifestMediaTypes.withoutParameters(answer.header("Content-Type"));
    String digest = answer.header("Docker-Content-Digest");
    long size = contentLength(answer);
    int status = answer.status();
    List<String> evidence = new ArrayList<>(answer.evidence());
    errors.forEach(error -> evidence.add("error: " + error));
    if (status == 200 && digest == null && answer.method().equals("GET")) {
      digest = sha256(answer.body());
      notes.add("no Docker-Content-Digest header; digest computed from the manifest body");
    }
    manifest =
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
      step(
          StepName.MANIFEST,
          StepStatus.OK,
          elapsedSince(start),
          mediaType == null ? "200" : "200 " + shortType(mediaType));
      checkPlatform(exchange, authorization, answer, url);
      return;
    }
    step(StepName.MANIFEST, StepStatus.FAILED, elapsedSince(start), String.valueOf(status));
    String what = image.familiar();
    switch (status) {
      case 401 -> {
        List<Challenge> challenges = parseChallenges(answer.headerValues("WWW-Authenticate"));
        answer
            .headerValues("WWW-Authenticate")
            .forEach(value -> evidence.add("WWW-Authenticate: " + Redaction.urlsIn(value)));
        boolean insufficientScope =
            challenges.stream()
                .anyMatch(c -> c.error().map("insufficient_scope"::equals).orElse(false));
        List<String> granted = auth == null ? null : auth.granted();
        if (granted != null) {
          evidence.add(
              "token grants "
                  + (granted.isEmpty() ? "no actions" : String.join(",", granted))
                  + " on repository "
                  + image.repository());
        }
        boolean notGranted =
            insufficientScope
                || (granted != null && !granted.contains("pull") && !granted.contains("*"));
        if (!credentialsSent) {
          failures.add(
              new Failure(
                  FailureKind.AUTH_REQUIRED,
                  StepName.MANIFEST,
                  image.apiHost()
                      + " requires credentials to pull "
                      + image.repository()
                      + " and none were "
                      + (lookup.hasCredential() ? "sent" : "found"),
                  evidence,
                  null));
        } else if (notGranted) {
          failures.add(
              new Failure(
                  FailureKind.ACCESS_DENIED,
                  StepName.MANIFEST,
                  "the credentials from "
                      + lookup.source()
                      + " are not allowed to pull "
                      + image.repository()
                      + " (or the repository does not exist for this identity)",
                  evidence,
                  null));
        } else {
          failures.add(
              new Failure(
                  FailureKind.AUTH_INVALID,
                  StepName.MANIFEST,
                  image.apiHost() + " rejected the credentials from " + lookup.source(),
                  evidence,
                  null));
        }
      }
      case 403 ->
          failures.add(
              new Failure(
                  FailureKind.ACCESS_DENIED,
                  StepName.MANIFEST,
                  image.apiHost()
                      + " denied access to "
                      + image.repository()
                      + (credentialsSent
                          ? " for the credentials from " + lookup.source()
                          : " for anonymous pulls"),
                  evidence,
                  null));
      case 404 -> notFound(exchange, authorization, errors, evidence);
      case 429 ->
          failures.add(
              new Failure(
                  FailureKind.RATE_LIMITED,
                  StepName.MANIFEST,
                  image.apiHost() + " is rate limiting pulls (429)" + retryAfterText(),
                  withRateLimitEvidence(evidence, answer),
                  null));
      default -> {
        if (status >= 500) {
          failures.add(
              new Failure(
                  FailureKind.REGISTRY_UNAVAILABLE,
                  StepName.MANIFEST,
                  image.apiHost()
                      + " failed to serve the manifest of "
                      + what
                      + " ("
                      + status
                      + ")",
                  evidence,
                  null));
        } else {
          if (errors.isEmpty() && answer.body().length > 0) {
            evidence.add("body: " + ErrorBodies.snippet(answer.body()));
          }
          failures.add(
              new Failure(
                  FailureKind.UNKNOWN,
                  StepName.MANIFEST,
                  image.apiHost() + " answered " + status + " for the manifest of " + what,
                  evidence,
                  null));
        }
      }
    }
  }

  private List<String> withRateLimitEvidence(List<String> evidence, Exchange.Answer answer) {
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

  private String retryAfterText() {
    return rateLimit != null && rateLimit.retryAfter() != null
        ? "; retry after " + rateLimit.retryAfter().getSeconds() + " s"
        : "";
  }

  private Request manifestRequest(HttpUrl url, String method) {
    Request.Builder builder =
        new Request.Builder().url(url).header("Accept", ManifestMediaTypes.acceptHeader());
    return method.equals("HEAD") ? builder.head().build() : builder.get().build();
  }

  private void notFound(
      Exchange exchange,
      Exchange.@Nullable Authorization authorization,
      List<RegistryError> errors,
      List<String> evidence) {
    String what = image.familiar();
    if (errors.stream().anyMatch(e -> e.code().equals("NAME_UNKNOWN"))) {
      step(StepName.TAGS, StepStatus.SKIPPED, Duration.ZERO, "NAME_UNKNOWN on the manifest");
      failures.add(
          new Failure(
              FailureKind.REPOSITORY_NOT_FOUND,
              StepName.MANIFEST,
              "repository " + image.repository() + " does not exist on " + image.apiHost(),
              evidence,
              null));
      return;
    }
    long start = System.nanoTime();
    HttpUrl url = HttpUrl.get(endpoint + "/v2/" + image.repository() + "/tags/list");
    Exchange.Outcome outcome =
        exchange.send(
            new Request.Builder().url(url).get().build(), authorization, Exchange.SMALL_BODY_BYTES);
    if (outcome instanceof Exchange.Answer answer) {
      evidence.addAll(answer.evidence());
      List<RegistryError> tagErrors = ErrorBodies.parse(answer.body());
      tagErrors.forEach(error -> evidence.add("error: " + error));
      if (answer.status() == 200) {
        List<String> names = parseTags(answer.body());
        List<String> closest =
            image.tag() == null ? List.of() : TagDistance.closest(image.tag(), names, 5);
        tags = new TagsInfo(200, names.size(), closest, tagErrors);
        step(StepName.TAGS, StepStatus.OK, elapsedSince(start), names.size() + " tags");
        String summary =
            image.digest() != null
                ? "repository "
                    + image.repository()
                    + " exists but has no manifest "
                    + image.digest()
                : "repository "
                    + image.repository()
                    + " exists but has no tag "
                    + image.tag()
                    + (closest.isEmpty()
                        ? (names.isEmpty() ? " (it has no tags at all)" : "")
                        : "; closest tags: " + String.join(", ", closest));
        failures.add(
            new Failure(
                FailureKind.MANIFEST_NOT_FOUND, StepName.MANIFEST, summary, evidence, null));
        return;
      }
      tags = new TagsInfo(answer.status(), 0, List.of(), tagErrors);
      if (answer.status() == 404) {
        step(StepName.TAGS, StepStatus.FAILED, elapsedSince(start), "404");
        failures.add(
            new Failure(
                FailureKind.REPOSITORY_NOT_FOUND,
                StepName.MANIFEST,
                "repository "
                    + image.repository()
                    + " does not exist on "
                    + image.apiHost()
                    + (credentialsSent
                        ? ""
                        : " (or it is private and invisible to anonymous users)"),
                evidence,
                null));
        return;
      }
      step(StepName.TAGS, StepStatus.FAILED, elapsedSince(start), String.valueOf(answer.status()));
      notes.add(
          "tags/list answered "
              + answer.status()
              + "; cannot tell a missing repository from a missing tag");
    } else {
      Exchange.Fault fault = (Exchange.Fault) outcome;
      evidence.addAll(fault.evidence());
      step(StepName.TAGS, StepStatus.FAILED, elapsedSince(start), fault.kind().name());
      notes.add(
          "tags/list failed ("
              + fault.kind()
              + "); cannot tell a missing repository from a missing tag");
    }
    failures.add(
        new Failure(
            FailureKind.MANIFEST_NOT_FOUND,
            StepName.MANIFEST,
            "manifest " + what + " not found on " + image.apiHost(),
            evidence,
            null));
  }

  private static List<String> parseTags(byte[] body) {
    List<String> names = new ArrayList<>();
    try {
      JsonNode root = ErrorBodies.JSON.readTree(body);
      JsonNode list = root == null ? null : root.get("tags");
      if (list != null && list.isArray()) {
        list.forEach(
            tag -> {
              if (tag.isTextual()) {
                names.add(tag.asText());
              }
            });
      }
    } catch (IOException e) {
      // not a tag list: treated as no tags
    }
    return names;
  }

  private void checkPlatform(
      Exchange exchange,
      Exchange.@Nullable Authorization authorization,
      Exchange.Answer head,
      HttpUrl url) {
    ManifestInfo info = manifest;
    if (!info.isIndex()) {
      step(StepName.PLATFORM, StepStatus.SKIPPED, Duration.ZERO, "single-platform manifest");
      return;
    }
    if (!settings.checkPlatform()) {
      step(StepName.PLATFORM, StepStatus.SKIPPED, Duration.ZERO, "platform check off");
      return;
    }
    long start = System.nanoTime();
    Exchange.Answer body = head;
    if (head.method().equals("HEAD")) {
      HttpUrl byDigest =
          info.digest() == null
              ? url
              : HttpUrl.get(endpoint + "/v2/" + image.repository() + "/manifests/" + info.digest());
      Exchange.Outcome outcome =
          exchange.send(
              manifestRequest(byDigest, "GET"), authorization, Exchange.MANIFEST_BODY_BYTES);
      if (outcome instanceof Exchange.Fault fault) {
        step(StepName.PLATFORM, StepStatus.FAILED, elapsedSince(start), fault.kind().name());
        failures.add(transportFailure(fault, StepName.PLATFORM));
        return;
      }
      body = (Exchange.Answer) outcome;
      if (body.status() != 200) {
        step(
            StepName.PLATFORM,
            StepStatus.FAILED,
            elapsedSince(start),
            String.valueOf(body.status()));
        notes.add(
            "GET of the index answered "
                + body.status()
                + " after HEAD answered 200; platform not checked");
        return;
      }
    }
    if (body.truncated()) {
      step(StepName.PLATFORM, StepStatus.FAILED, elapsedSince(start), "index larger than 4 MiB");
      notes.add("the image index is larger than 4 MiB; platform not checked");
      return;
    }
    List<String> platforms = new ArrayList<>();
    String match = null;
    try {
      JsonNode root = ErrorBodies.JSON.readTree(body.body());
      JsonNode manifests = root == null ? null : root.get("manifests");
      if (manifests != null && manifests.isArray()) {
        for (JsonNode entry : manifests) {
          JsonNode platform = entry.get("platform");
          if (platform == null || !platform.isObject()) {
            continue;
          }
          String os = platform.path("os").asText("");
          String arch = platform.path("architecture").asText("");
          String variant = platform.hasNonNull("variant") ? platform.get("variant").asText() : null;
          if (os.equals("unknown") || os.isEmpty()) {
            continue; // attestation manifests
          }
          platforms.add(
              os + "/" + arch + (variant == null || variant.isEmpty() ? "" : "/" + variant));
          if (match == null && settings.platform().matches(os, arch, variant)) {
            match = entry.path("digest").asText(null);
          }
        }
      }
    } catch (IOException e) {
      step(StepName.PLATFORM, StepStatus.FAILED, elapsedSince(start), "index is not JSON");
      notes.add("the image index is not valid JSON; platform not checked");
      return;
    }
    manifest =
        new ManifestInfo(
            info.url(),
            info.method(),
            info.status(),
            info.digest(),
            info.mediaType(),
            info.size(),
            info.errors(),
            platforms,
            match);
    if (match != null) {
      step(
          StepName.PLATFORM,
          StepStatus.OK,
          elapsedSince(start),
          settings.platform() + " among " + platforms.size() + " platforms");
      return;
    }
    step(StepName.PLATFORM, StepStatus.FAILED, elapsedSince(start), "no " + settings.platform());
    List<String> evidence = new ArrayList<>(body.evidence());
    evidence.add(
        "index platforms: " + (platforms.isEmpty() ? "none" : String.join(", ", platforms)));
    failures.add(
        new Failure(
            FailureKind.PLATFORM_MISMATCH,
            StepName.PLATFORM,
            "no matching manifest for "
                + settings.platform()
                + " in "
                + image.familiar()
                + "; it has "
                + (platforms.isEmpty() ? "no platforms" : String.join(", ", platforms)),
            evidence,
            null));
  }

  // ---- helpers --------------------------------------------------------------------------------

  Failure transportFailure(Exchange.Fault fault, StepName step) {
    return new Failure(
        fault.kind(),
        step,
        transportSummary(fault, endpointText(fault.url())),
        fault.evidence(),
        fault.cause());
  }

  static String endpointText(HttpUrl url) {
    String host = url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host();
    return host + ":" + url.port();
  }

  static String transportSummary(Exchange.Fault fault, String target) {
    PhaseRecorder phases = fault.phases();
    String message = fault.cause().getMessage() == null ? "" : fault.cause().getMessage();
    return switch (fault.kind()) {
      case DNS_FAILURE ->
          "cannot resolve host "
              + fault.url().host()
              + (message.contains("timed out") ? " (DNS lookup timed out)" : "");
      case CONNECTION_REFUSED -> "connection to " + target + " refused: nothing listens there";
      case NETWORK_UNREACHABLE -> "no route to " + target + " (network unreachable)";
      case CONNECT_TIMEOUT ->
          "TCP connection to "
              + target
              + " did not complete (timed out after "
              + phases.currentPhaseTime().toMillis()
              + " ms)";
      case TLS_HANDSHAKE_TIMEOUT ->
          "TLS handshake with "
              + target
              + " did not complete (timed out after "
              + phases.currentPhaseTime().toMillis()
              + " ms)";
      case RESPONSE_TIMEOUT ->
          target
              + " accepted the connection but did not answer "
              + fault.method()
              + " "
              + fault.url().encodedPath()
              + " in time";
      case CONNECTION_RESET ->
          target
              + " closed or reset the connection during "
              + fault.method()
              + " "
              + fault.url().encodedPath();
      case PROXY_FAILURE ->
          "the proxy "
              + proxyText(phases)
              + " failed for "
              + target
              + ": "
              + Exchange.describe(fault.cause());
      case TLS_UNTRUSTED -> "the certificate of " + target + " is not trusted" + issuerText(phases);
      case TLS_HOSTNAME_MISMATCH ->
          "the certificate of "
              + target
              + " is not valid for "
              + fault.url().host()
              + sansText(phases);
      case TLS_EXPIRED ->
          "the certificate of "
              + target
              + " has expired or is not yet valid"
              + validityText(phases);
      case PLAIN_HTTP_REGISTRY -> target + " speaks plain HTTP, not HTTPS";
      case HTTPS_REQUIRED -> target + " expects HTTPS but was sent plain HTTP";
      default ->
          fault.method()
              + " "
              + Redaction.url(fault.url())
              + " failed: "
              + Exchange.describe(fault.cause());
    };
  }

  private static String proxyText(PhaseRecorder phases) {
    java.net.Proxy proxy = phases.proxy();
    return proxy == null ? "(unknown)" : String.valueOf(proxy.address());
  }

  private static @Nullable X509Certificate leaf(PhaseRecorder phases) {
    List<Certificate> chain = phases.presentedChain();
    return chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)
        ? null
        : leaf;
  }

  private static String issuerText(PhaseRecorder phases) {
    X509Certificate leaf = leaf(phases);
    return leaf == null ? "" : " (issued by " + leaf.getIssuerX500Principal().getName() + ")";
  }

  private static String sansText(PhaseRecorder phases) {
    X509Certificate leaf = leaf(phases);
    List<String> names = leaf == null ? List.of() : subjectAlternativeNames(leaf);
    return names.isEmpty() ? "" : " (it is valid for " + String.join(", ", names) + ")";
  }

  private static String validityText(PhaseRecorder phases) {
    X509Certificate leaf = leaf(phases);
    return leaf == null
        ? ""
        : " (valid "
            + leaf.getNotBefore().toInstant()
            + " to "
            + leaf.getNotAfter().toInstant()
            + ")";
  }

  static List<String> subjectAlternativeNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      var sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2
              && (Integer.valueOf(2).equals(san.get(0)) || Integer.valueOf(7).equals(san.get(0)))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no SANs readable: evidence simply has none
    }
    return names;
  }

  static @Nullable TlsInfo tlsInfo(PhaseRecorder phases) {
    List<Certificate> chain = phases.presentedChain();
    okhttp3.Handshake handshake = phases.handshake();
    if ((chain == null || chain.isEmpty()) && handshake == null) {
      return null;
    }
    X509Certificate leaf = leaf(phases);
    return new TlsInfo(
        handshake == null ? null : handshake.tlsVersion().javaName(),
        handshake == null ? null : handshake.cipherSuite().javaName(),
        leaf == null ? null : leaf.getSubjectX500Principal().getName(),
        leaf == null ? null : leaf.getIssuerX500Principal().getName(),
        leaf == null ? List.of() : subjectAlternativeNames(leaf),
        leaf == null ? null : leaf.getNotBefore().toInstant(),
        leaf == null ? null : leaf.getNotAfter().toInstant(),
        chain == null ? 0 : chain.size());
  }

  private static String describeKind(FailureKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static List<Challenge> parseChallenges(List<String> raw) {
    List<Challenge> challenges = new ArrayList<>();
    for (String value : raw) {
      try {
        challenges.addAll(ChallengeParser.parse(value));
      } catch (MalformedChallengeException e) {
        // kept as raw evidence only
      }
    }
    return challenges;
  }

  private static long contentLength(Exchange.Answer answer) {
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

  private static String shortType(String mediaType) {
    return switch (mediaType) {
      case ManifestMediaTypes.OCI_INDEX -> "OCI index";
      case ManifestMediaTypes.OCI_MANIFEST -> "OCI manifest";
      case ManifestMediaTypes.DOCKER_LIST -> "Docker manifest list";
      case ManifestMediaTypes.DOCKER_MANIFEST -> "Docker manifest v2";
      default -> mediaType;
    };
  }

  static String sha256(byte[] body) {
    return "sha256:" + sha256Hex(body);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  private static String basicHeader(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> secretsOf(@Nullable Credential credential) {
    return credential == null ? List.of() : List.of(credential.secret().reveal());
  }

  static String credentialDigest(@Nullable Credential credential) {
    if (credential == null) {
      return "anonymous";
    }
    String material =
        credential.getClass().getSimpleName()
            + "\u0000"
            + credential.username()
            + "\u0000"
            + credential.secret().reveal();
    return sha256Hex(material.getBytes(StandardCharsets.UTF_8));
  }

  private static String origin(HttpUrl url) {
    boolean defaultPort = url.port() == HttpUrl.defaultPort(url.scheme());
    String host = url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host();
    return url.scheme() + "://" + host + (defaultPort ? "" : ":" + url.port());
  }

  private void step(StepName name, StepStatus status, Duration elapsed, @Nullable String detail) {
    steps.put(name, new Step(name, status, elapsed, detail));
  }

  private static Duration elapsedSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private ProbeResult result() {
    if (!credentialsSentTo.isEmpty()) {
      notes.add(
          "credentials were sent to "
              + String.join(", ", credentialsSentTo.stream().distinct().toList()));
    }
    return new ProbeResult(
        input,
        image,
        endpoint,
        settings.platform(),
        List.copyOf(steps.values()),
        failures,
        ping,
        auth,
        manifest,
        tags,
        rateLimit,
        tls,
        lookup.source(),
        credentialsSent,
        lookup.nearMisses(),
        lookup.problems(),
        verifyTls,
        notes,
        requests.get(),
        elapsedSince(started));
  }
}
