package dev.regdoctor.internal.probe;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.internal.http.Destinations;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.HostResolver;
import dev.regdoctor.internal.http.Transport;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.reference.ImageReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What the checks of one {@code RegistryClient} share: the HTTP transport (one connection pool),
 * the ping cache (one {@code /v2/} per registry) and the token cache (one token per scope).
 * Thread-safe.
 */
public final class ProbeEngine implements AutoCloseable {
  private final ProbeSettings settings;
  private final Transport transport;
  private final TokenCache tokens;
  private final Pings pings;
  private final ConcurrentHashMap<String, Destinations> destinations = new ConcurrentHashMap<>();

  /** Creates an engine probing with {@code settings}, resolving names with {@code resolver}. */
  public ProbeEngine(ProbeSettings settings, HostResolver resolver) {
    this.settings = settings;
    this.transport = new Transport(settings, resolver);
    this.tokens = new TokenCache(settings.clock());
    this.pings = new Pings(this);
  }

  /** Returns the settings every check of this engine uses. */
  public ProbeSettings settings() {
    return settings;
  }

  /**
   * Checks {@code image} with {@code lookup}'s credential, at {@code endpoint} when given (a
   * mirror, used as is) or else at the endpoint the reference names, within {@code deadline} (which
   * may have started before, e.g. when a credential helper ran).
   */
  public ProbeResult check(
      String input,
      ImageReference image,
      CredentialLookup lookup,
      @Nullable RegistryEndpoint endpoint,
      Deadline deadline) {
    return new ImageCheck(new CheckState(this, input, image, lookup, deadline), endpoint).run();
  }

  /** Resolves {@code host} as {@link Transport#addresses} does. */
  public java.util.List<java.net.InetAddress> addresses(String host) {
    return transport.addresses(host);
  }

  Exchange exchange(
      boolean verifyTls, Deadline deadline, AtomicInteger requests, Destinations destinations) {
    return new Exchange(transport, verifyTls, settings, deadline, requests, destinations);
  }

  /** Where requests made for the registry at {@code host} may go; one policy per host. */
  Destinations destinations(String host) {
    return destinations.computeIfAbsent(Destinations.normalize(host), Destinations::new);
  }

  TokenCache tokens() {
    return tokens;
  }

  Pings pings() {
    return pings;
  }

  @Override
  public void close() {
    transport.close();
  }
}
