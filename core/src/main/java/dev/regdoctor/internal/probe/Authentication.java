package dev.regdoctor.internal.probe;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.probe.AuthInfo;
import dev.regdoctor.probe.Challenge;
import dev.regdoctor.probe.PingInfo;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Answers the challenge of the registry: a registry token, Basic credentials, or a bearer token
 * from the token service ({@link TokenExchange}).
 */
final class Authentication {
  private final CheckState c;

  Authentication(CheckState c) {
    this.c = c;
  }

  Exchange.@Nullable Authorization authenticate(PingOutcome outcome) {
    Credential credential = c.lookup.credential();
    String credentialDetail = c.lookup.source() == null ? "none (anonymous)" : c.lookup.source();
    if (credential != null && credential.username() != null) {
      // The user name is not secret, and "which user?" is the first question about a rejection.
      credentialDetail += " (user " + credential.username() + ")";
    }
    if (!c.lookup.problems().isEmpty()) {
      credentialDetail += "; " + c.lookup.problems().size() + " problem(s)";
    }
    StepStatus credentialStatus =
        credential == null && !c.lookup.problems().isEmpty() ? StepStatus.FAILED : StepStatus.OK;
    c.step(StepName.CREDENTIALS, credentialStatus, Duration.ZERO, credentialDetail);
    PingInfo info = outcome.ping();
    if (info == null || info.status() == 200) {
      c.auth = AuthInfo.none();
      c.step(StepName.AUTH, StepStatus.SKIPPED, Duration.ZERO, "registry allows anonymous /v2/");
      return null;
    }
    return authenticate(
        info.challenges(), info.rawChallenges(), "GET " + info.url() + " -> " + info.status());
  }

  Exchange.@Nullable Authorization authenticate(
      List<Challenge> challenges, List<String> raw, String seenAt) {
    long start = System.nanoTime();
    Credential credential = c.lookup.credential();
    Challenge bearer = challenges.stream().filter(Challenge::isBearer).findFirst().orElse(null);
    Challenge basic = challenges.stream().filter(Challenge::isBasic).findFirst().orElse(null);
    HttpUrl registryOrigin = HttpUrl.get(c.endpoint.toString());
    if (bearer != null) {
      if (credential instanceof Credential.RegistryToken token) {
        c.credentialsSent = true;
        c.credentialsSentTo.add(AuthHeaders.origin(registryOrigin));
        c.auth =
            new AuthInfo(
                "bearer", null, null, List.of(), null, c.credentialsSentTo, "registry token");
        c.step(
            StepName.AUTH,
            StepStatus.OK,
            CheckState.elapsedSince(start),
            "registry token from " + c.lookup.source());
        return new Exchange.Authorization("Bearer " + token.token().reveal(), registryOrigin);
      }
      return new TokenExchange(c).bearerToken(bearer, seenAt, start);
    }
    if (basic != null) {
      if (credential instanceof Credential.UsernamePassword password) {
        c.credentialsSent = true;
        c.credentialsSentTo.add(AuthHeaders.origin(registryOrigin));
        if (!c.endpoint.isHttps()) {
          c.notes.add(
              "credentials sent over plain HTTP to "
                  + c.endpoint
                  + " (registry allowed plain HTTP)");
        }
        c.auth = new AuthInfo("basic", null, null, List.of(), null, c.credentialsSentTo, "basic");
        c.step(
            StepName.AUTH,
            StepStatus.OK,
            CheckState.elapsedSince(start),
            "Basic as " + password.username());
        return new Exchange.Authorization(
            AuthHeaders.basicHeader(password.username(), password.password().reveal()),
            registryOrigin);
      }
      if (credential != null) {
        c.notes.add(
            "the registry asks for Basic auth, but the credential from "
                + c.lookup.source()
                + " is a token, not a password");
      }
      c.auth = new AuthInfo("basic", null, null, List.of(), null, List.of(), "none");
      c.step(
          StepName.AUTH,
          StepStatus.SKIPPED,
          CheckState.elapsedSince(start),
          "Basic challenge; no username and password");
      return null;
    }
    if (challenges.isEmpty()) {
      c.notes.add(
          seenAt
              + " without a usable WWW-Authenticate challenge"
              + (raw.isEmpty() ? "" : ": " + Redaction.urlsIn(String.join(" | ", raw))));
    } else {
      c.notes.add(
          "unsupported auth scheme(s): " + challenges.stream().map(Challenge::scheme).toList());
    }
    c.auth = new AuthInfo("none", null, null, List.of(), null, List.of(), "none");
    c.step(
        StepName.AUTH,
        StepStatus.SKIPPED,
        CheckState.elapsedSince(start),
        "no Bearer or Basic challenge");
    return null;
  }
}
