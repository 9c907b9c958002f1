package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.internal.http.HostResolver;
import dev.regdoctor.internal.probe.ProbeEngine;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks images against their registries the way a container runtime pulls them: {@code GET /v2/},
 * the auth challenge, a token (GET, or OAuth2 POST for identity tokens) or Basic credentials, a
 * {@code HEAD} of the manifest with the full {@code Accept} list, {@code tags/list} when the
 * manifest is missing, and the image index for the platform.
 *
 * <p>One client holds one HTTP connection pool. It is thread-safe and meant to be shared: checks of
 * many images reuse one ping per registry and one token per repository scope. Every check is
 * bounded by {@link ProbeSettings#deadline()} and returns a {@link ProbeResult}; it never throws
 * for network, TLS, HTTP or auth failures. Close the client to release its threads and connections.
 */
public final class RegistryClient implements AutoCloseable {
  private final ProbeSettings settings;
  private final ProbeEngine engine;

  private RegistryClient(ProbeSettings settings, HostResolver resolver) {
    this.settings = requireNonNull(settings, "settings");
    this.engine = new ProbeEngine(settings, resolver);
  }

  /**
   * Returns a client with {@code settings}.
   *
   * @throws IllegalArgumentException if a CA certificate file cannot be read
   */
  public static RegistryClient create(ProbeSettings settings) {
    return new RegistryClient(settings, HostResolver.SYSTEM);
  }

  static RegistryClient create(ProbeSettings settings, HostResolver resolver) {
    return new RegistryClient(settings, resolver);
  }

  /** Returns the settings this client probes with. */
  public ProbeSettings settings() {
    return settings;
  }

  /**
   * Checks {@code image} (any form {@code docker pull} accepts) with credentials from {@code
   * credentials}. An invalid reference yields a result with an {@link
   * FailureKind#INVALID_REFERENCE} failure and no network traffic.
   */
  public ProbeResult check(String image, CredentialResolver credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      // The exception's input, not the argument: it never holds a password pasted in a URL.
      return invalid(e.input(), e);
    }
    return resolveAndCheck(image, reference, credentials);
  }

  /**
   * Checks {@code image} with the credentials {@code credentials} resolves for it. The deadline
   * starts before the lookup: a credential helper it runs is part of the check and is killed when
   * the check's time is up.
   */
  public ProbeResult check(ImageReference image, CredentialResolver credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    return resolveAndCheck(image.canonical(), image, credentials);
  }

  private ProbeResult resolveAndCheck(
      String input, ImageReference image, CredentialResolver credentials) {
    Deadline deadline = Deadline.after(settings.deadline());
    CredentialLookup lookup =
        deadline.around(() -> credentials.lookup(image.registry(), image.repository()));
    return engine.check(input, image, lookup, null, deadline);
  }

  /**
   * Checks {@code image} with an already looked-up credential within {@code budget} instead of the
   * full {@link ProbeSettings#deadline()} (never more than that): for a check that is part of a
   * larger one, such as the anonymous comparison a diagnosis runs after its own check, so that the
   * whole diagnosis keeps one deadline.
   *
   * @throws IllegalArgumentException if {@code budget} is not positive
   */
  public ProbeResult check(ImageReference image, CredentialLookup credentials, Duration budget) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    requireNonNull(budget, "budget");
    if (budget.isZero() || budget.isNegative()) {
      throw new IllegalArgumentException("budget must be positive but was " + budget);
    }
    Duration bounded = budget.compareTo(settings.deadline()) < 0 ? budget : settings.deadline();
    return engine.check(image.canonical(), image, credentials, null, Deadline.after(bounded));
  }

  /**
   * Checks {@code image} with an already looked-up credential (or {@link
   * CredentialLookup#anonymous()}).
   */
  public ProbeResult check(ImageReference image, CredentialLookup credentials) {
    requireNonNull(image, "image");
    requireNonNull(credentials, "credentials");
    return check(image.canonical(), image, credentials, null);
  }

  /**
   * Checks {@code image} at an explicit endpoint, such as a registry mirror ({@code
   * https://mirror.example.com}). The endpoint's scheme is used as given, without fallback.
   */
  public ProbeResult check(
      ImageReference image, RegistryEndpoint endpoint, CredentialLookup credentials) {
    requireNonNull(image, "image");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(credentials, "credentials");
    return check(image.canonical(), image, credentials, endpoint);
  }

  /**
   * Checks {@code image} at an explicit endpoint like {@link #check(ImageReference,
   * RegistryEndpoint, CredentialLookup)}, within {@code budget} instead of the full {@link
   * ProbeSettings#deadline()} (never more than that): for one endpoint of several that share an
   * image's budget, such as the mirrors a runtime tries in turn.
   *
   * @throws IllegalArgumentException if {@code budget} is not positive
   */
  public ProbeResult check(
      ImageReference image,
      RegistryEndpoint endpoint,
      CredentialLookup credentials,
      Duration budget) {
    requireNonNull(image, "image");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(credentials, "credentials");
    requireNonNull(budget, "budget");
    if (budget.isZero() || budget.isNegative()) {
      throw new IllegalArgumentException("budget must be positive but was " + budget);
    }
    Duration bounded = budget.compareTo(settings.deadline()) < 0 ? budget : settings.deadline();
    return engine.check(image.canonical(), image, credentials, endpoint, Deadline.after(bounded));
  }

  /**
   * Returns the addresses {@code host} resolves to with this client's resolver (the system's),
   * within {@link ProbeSettings#dnsTimeout()}; empty when it does not resolve in time. {@link
   * ProbeSettings#resolveOverrides() --resolve overrides} do not apply: they redirect this client's
   * connections, while a runtime's rules ask the machine's resolver. An {@link
   * dev.regdoctor.endpoint.AddressLookup} for {@link
   * dev.regdoctor.endpoint.RuntimeProfile.Builder#addressLookup}.
   *
   * @param host a host name without port or brackets, e.g. {@code localhost}
   */
  public List<InetAddress> addresses(String host) {
    requireNonNull(host, "host");
    return engine.addresses(host);
  }

  private ProbeResult check(
      String input,
      ImageReference image,
      CredentialLookup lookup,
      @Nullable RegistryEndpoint endpoint) {
    return engine.check(input, image, lookup, endpoint, Deadline.after(settings.deadline()));
  }

  private ProbeResult invalid(String input, InvalidReferenceException e) {
    Step step = new Step(StepName.REFERENCE, StepStatus.FAILED, Duration.ZERO, e.reason());
    Failure failure =
        new Failure(
            FailureKind.INVALID_REFERENCE,
            StepName.REFERENCE,
            e.getMessage(),
            List.of(e.getMessage()),
            e);
    return ProbeResult.withoutTraffic(
        input, null, settings.platform(), List.of(step), List.of(failure), List.of());
  }

  @Override
  public void close() {
    engine.close();
  }
}
