package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.PullSource;
import dev.regdoctor.internal.http.Addresses;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry clients of runtime checks, configured with a pull source's transport rules (plain
 * HTTP or fallback, TLS verification, CA files, client certificates, API path, extra headers): one
 * shared, thread-safe client per distinct rule set, or a fresh one (new connections, no cached
 * ping) for timings that compare fairly. Checks derived for another runtime share the same clients.
 */
final class RuntimeClients implements AutoCloseable {
  private final ProbeSettings base;
  private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();

  RuntimeClients(ProbeSettings base) {
    this.base = base;
  }

  /**
   * Returns the shared client for {@code source}'s rules as {@code runtime} applies them.
   *
   * @throws IllegalArgumentException when a client certificate or key cannot be loaded
   */
  RegistryClient shared(PullSource source, ContainerRuntime runtime) {
    List<Path> cas = source.caFiles().stream().filter(Files::isReadable).toList();
    boolean insecure = source.httpFallback() || !source.verifyTls();
    String key =
        (insecure ? source.endpoint().authority() : "")
            + (dockerLoopback(source, runtime) ? "|loopback" : "")
            + "|"
            + cas
            + "|"
            + source.clientCertificates()
            + "|"
            + source.path()
            + "|"
            + (source.headers().isEmpty()
                ? ""
                : source.endpoint().authority() + source.headers().hashCode());
    return clients.computeIfAbsent(key, k -> RegistryClient.create(settings(source, runtime)));
  }

  /**
   * Returns a new client for {@code source}'s rules as {@code runtime} applies them; the caller
   * closes it.
   *
   * @throws IllegalArgumentException when a client certificate or key cannot be loaded
   */
  RegistryClient fresh(PullSource source, ContainerRuntime runtime) {
    return RegistryClient.create(settings(source, runtime));
  }

  /**
   * Under Docker's rules a loopback registry is insecure by default: the probe's own loopback rule
   * reaches it as dockerd does, and says so (review 16, finding 1).
   */
  private static boolean dockerLoopback(PullSource source, ContainerRuntime runtime) {
    return runtime == ContainerRuntime.DOCKER
        && source.httpFallback()
        && Addresses.isLoopbackHost(source.endpoint().host());
  }

  private ProbeSettings settings(PullSource source, ContainerRuntime runtime) {
    ProbeSettings.Builder settings = base.toBuilder();
    if ((source.httpFallback() || !source.verifyTls()) && !dockerLoopback(source, runtime)) {
      settings.insecureRegistry(source.endpoint().authority());
    }
    source.caFiles().stream().filter(Files::isReadable).forEach(settings::caCertificate);
    source.clientCertificates().forEach(settings::clientCertificate);
    // containerd joins the host's path with the repository: override_path or a path prefix moves
    // the API root away from /v2
    settings.apiPath(source.path().isEmpty() ? "/" : source.path());
    String hostPort =
        (source.endpoint().host().indexOf(':') >= 0
                ? "[" + source.endpoint().host() + "]"
                : source.endpoint().host())
            + ":"
            + source.endpoint().port();
    source
        .headers()
        .forEach((name, values) -> values.forEach(v -> settings.hostHeader(hostPort, name, v)));
    return settings.build();
  }

  @Override
  public void close() {
    clients.values().forEach(RegistryClient::close);
  }
}
