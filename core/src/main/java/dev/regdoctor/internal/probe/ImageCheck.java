package dev.regdoctor.internal.probe;

import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One image check, in the order a runtime pulls: reference, endpoint, ping (shared through the
 * engine's cache), credentials and auth, manifest (then tags or platform). Each stage is one class;
 * this one only sequences them and stops at the first failure. Not thread-safe; one per check.
 */
final class ImageCheck {
  private final CheckState c;
  private final @Nullable RegistryEndpoint explicitEndpoint;

  ImageCheck(CheckState state, @Nullable RegistryEndpoint explicitEndpoint) {
    this.c = state;
    this.explicitEndpoint = explicitEndpoint;
  }

  ProbeResult run() {
    c.step(StepName.REFERENCE, StepStatus.OK, Duration.ZERO, c.image.canonical());
    EndpointChoice choice = new EndpointChoice(c, explicitEndpoint);
    RegistryEndpoint https = choice.chooseEndpoint();
    PingOutcome ping =
        c.engine
            .pings()
            .ping(https, c.allowHttp, c.verifyTls, choice.explicitPort(), c.deadline, c.requests);
    applyPing(ping);
    if (https.isHttps() && c.endpoint != null && !c.endpoint.isHttps()) {
      choice.usedPlainHttp(c.endpoint);
    }
    if (c.failures.isEmpty()) {
      Exchange.Authorization authorization = new Authentication(c).authenticate(ping);
      if (c.failures.isEmpty()) {
        new ManifestCheck(c).checkManifest(authorization);
        if (c.failures.isEmpty() && c.settings.pullTest()) {
          new BlobsCheck(c).run();
        }
      }
    }
    return c.result();
  }

  private void applyPing(PingOutcome outcome) {
    c.endpoint = outcome.endpoint();
    c.tls = outcome.tls();
    c.notes.addAll(outcome.notes());
    if (!outcome.verifiedTls()) {
      c.verifyTls = false;
    }
    boolean cached = outcome.cachedFor(c.requests);
    for (Step step : outcome.steps()) {
      c.steps.put(step.name(), cached ? cachedCopy(step) : step);
    }
    c.ping = outcome.ping() == null ? null : cached ? outcome.ping().asCached() : outcome.ping();
    if (outcome.rateLimit() != null) {
      c.rateLimit = outcome.rateLimit();
    }
    if (outcome.failure() != null) {
      c.failures.add(outcome.failure());
    }
  }

  private static Step cachedCopy(Step step) {
    String detail = step.detail() == null ? "cached" : step.detail() + " (cached)";
    return new Step(step.name(), step.status(), Duration.ZERO, detail);
  }
}
