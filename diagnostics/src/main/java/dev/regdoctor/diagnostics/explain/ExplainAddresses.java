package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.internal.RegistryAddress;
import dev.regdoctor.endpoint.HostPort;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the advice for an explained message points: the registry address (host, port and scheme as
 * the text gives them), the image reference the text names, and URL-based values.
 */
final class ExplainAddresses {
  private ExplainAddresses() {}

  /**
   * The registry address the advice is about: the host the failure names (a lookup, a certificate)
   * or else the image's registry, with the port and scheme of the URL in the text when that URL is
   * on the same host, so {@code https://myreg:5000} keeps port 5000 even where the message names
   * only {@code myreg}.
   */
  static @Nullable RegistryAddress address(
      @Nullable String registry,
      @Nullable String apiHost,
      @Nullable String url,
      @Nullable String failureHost) {
    RegistryAddress fromUrl = url == null ? null : RegistryAddress.fromUrl(url);
    String subject = failureHost != null ? failureHost : apiHost;
    if (subject == null) {
      return fromUrl;
    }
    HostPort parts = HostPort.parse(subject);
    boolean imageRegistry =
        apiHost != null && HostPort.parse(apiHost).host().equalsIgnoreCase(parts.host());
    String written = imageRegistry && registry != null ? registry : subject;
    String shown = imageRegistry ? apiHost : subject;
    if (fromUrl != null
        && fromUrl.host().equalsIgnoreCase(parts.host())
        && (parts.portNumber() <= 0 || parts.portNumber() == fromUrl.port())) {
      // The URL says which scheme and port the client used.
      if (HostPort.parse(written).portNumber() <= 0 && !fromUrl.defaultPortImplied()) {
        written = fromUrl.written();
        shown = fromUrl.apiHost();
      }
      return new RegistryAddress(fromUrl.scheme(), fromUrl.host(), fromUrl.port(), written, shown);
    }
    return RegistryAddress.of(written, shown, "https");
  }

  static @Nullable ImageReference imageReference(
      @Nullable String registry, @Nullable String repository, @Nullable String reference) {
    if (registry == null || repository == null || !ImageMention.isRepository(repository)) {
      return null;
    }
    boolean digest = reference != null && reference.indexOf(':') >= 0;
    try {
      return ImageReference.of(
          ImageMention.isDockerHub(registry) ? ImageReference.DOCKER_HUB : registry,
          repository,
          digest ? null : reference == null ? "latest" : reference,
          digest ? reference : null);
    } catch (InvalidReferenceException e) {
      return null;
    }
  }

  /** Returns {@code values} with host, host:port and base URL taken from {@code url}. */
  static Map<String, String> atUrl(Map<String, String> values, String url) {
    int scheme = url.indexOf("://");
    int end = scheme + 3;
    while (end < url.length() && "/?#\"".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String base = url.substring(0, end);
    if (end <= scheme + 3 || !ImageMention.isHost(base.substring(scheme + 3))) {
      return values;
    }
    RegistryAddress address = RegistryAddress.fromUrl(base);
    if (address == null) {
      return values;
    }
    Map<String, String> changed = new HashMap<>(values);
    address.putInto(changed);
    // Certificates and insecure settings stay the registry's: dockerd and containerd fetch tokens
    // and follow blob redirects with the transport of the registry's endpoint, whose TLS settings
    // come from certs.d/REGISTRY (moby distribution/registry.go; containerd's authorizer uses the
    // registry host's client). A directory named after the token or CDN host is never read.
    String registryDirectory = values.get("dockerHost");
    if (registryDirectory != null) {
      changed.put("dockerHost", registryDirectory);
    } else {
      changed.remove("dockerHost");
    }
    // A step that asks by hand asks the failing URL (its query left out: presigned parameters
    // expire and may be secrets), not a registry API that blob storage or a token service lacks.
    int query = end;
    while (query < url.length() && "?#\"".indexOf(url.charAt(query)) < 0) {
      query++;
    }
    changed.put("probeUrl", url.substring(0, query));
    return changed;
  }

  static void putIfPresent(Map<String, String> values, String name, @Nullable String value) {
    if (value != null) {
      values.put(name, value);
    }
  }
}
