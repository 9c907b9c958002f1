package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.HostPort;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.RegistryClient;
import dev.regdoctor.reference.ImageReference;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Probes one source of a runtime's plan as that runtime pulls from it: the image under the name it
 * has there (a mirror serves it under its own), with the credential the runtime would send or
 * anonymously, on a shared or a fresh client, within a share of the image's budget.
 */
final class SourceProbes {
  private final CredentialResolver credentials;
  private final RuntimeClients clients;

  /** Whose transport rules the clients follow. */
  private final ContainerRuntime runtime;

  SourceProbes(CredentialResolver credentials, RuntimeClients clients, ContainerRuntime runtime) {
    this.credentials = credentials;
    this.clients = clients;
    this.runtime = runtime;
  }

  /**
   * Probes {@code source}; {@code fresh} uses a new client (new connections, no cached ping), so
   * timings of endpoints probed one after another compare fairly. {@code share}: the part of the
   * image's budget this probe has, credential lookup included (a credential helper gets at most
   * half of it, as in a whole check); {@code null} for the whole deadline.
   */
  RuntimeChecks.Probe probe(
      ImageReference image,
      PullSource source,
      boolean anonymous,
      boolean fresh,
      @Nullable Deadline share) {
    ImageReference target = target(image, source);
    CredentialLookup lookup;
    if (anonymous) {
      lookup = CredentialLookup.anonymous();
    } else if (share == null) {
      lookup = credentials.lookup(target.registry(), target.repository());
    } else {
      lookup = share.around(() -> credentials.lookup(target.registry(), target.repository()));
    }
    Duration budget = share == null ? null : share.total();
    RegistryClient client;
    try {
      client = fresh ? clients.fresh(source, runtime) : clients.shared(source, runtime);
    } catch (IllegalArgumentException e) {
      // a client certificate or key the runtime cannot load either: it fails before connecting
      return new RuntimeChecks.Probe(source, target, null, e.getMessage());
    }
    try {
      ProbeResult result;
      if (budget == null) {
        result =
            source.httpFallback()
                ? client.check(target, lookup)
                : client.check(target, source.endpoint(), lookup);
      } else {
        Duration left = share.cap(budget); // what the credential lookup left, at least 1 ms
        result =
            source.httpFallback()
                ? client.check(target, lookup, left)
                : client.check(target, source.endpoint(), lookup, left);
      }
      return new RuntimeChecks.Probe(source, target, result, null, budget, false);
    } finally {
      if (fresh) {
        client.close();
      }
    }
  }

  /**
   * Returns the image as {@code source} serves it: the image itself at its own upstream, else the
   * same tag and digest under the source's host and repository.
   */
  static ImageReference target(ImageReference image, PullSource source) {
    boolean sameHost =
        source.role() == PullSource.Role.UPSTREAM
            && source.endpoint().host().equalsIgnoreCase(HostPort.parse(image.apiHost()).host())
            && source.repository().equals(image.repository());
    if (sameHost) {
      return image;
    }
    boolean defaultPort = source.endpoint().port() == 443;
    String host = source.endpoint().authority();
    String registry = defaultPort && !host.startsWith("[") ? source.endpoint().host() : host;
    return ImageReference.of(registry, source.repository(), image.tag(), image.digest());
  }
}
