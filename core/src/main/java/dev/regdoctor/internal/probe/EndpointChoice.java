package dev.regdoctor.internal.probe;

import dev.regdoctor.endpoint.HostPort;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.internal.http.Addresses;
import dev.regdoctor.internal.http.IpLiterals;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Picks the endpoint a check talks to (scheme, host, port) and whether plain HTTP and unverified
 * TLS are allowed, as Docker does.
 */
final class EndpointChoice {
  private final CheckState c;
  private final @Nullable RegistryEndpoint explicitEndpoint;

  /** Why plain HTTP is allowed: {@code loopback} or {@code insecure}; null when it is not. */
  private @Nullable String allowance;

  EndpointChoice(CheckState c, @Nullable RegistryEndpoint explicitEndpoint) {
    this.explicitEndpoint = explicitEndpoint;
    this.c = c;
  }

  RegistryEndpoint chooseEndpoint() {
    if (explicitEndpoint != null) {
      c.verifyTls = !isInsecure(explicitEndpoint.host(), explicitEndpoint.port());
      c.step(StepName.ENDPOINT, StepStatus.OK, Duration.ZERO, explicitEndpoint + " (given)");
      return explicitEndpoint;
    }
    String apiHost = c.image.apiHost();
    String host = hostOf(apiHost);
    int port = portOf(apiHost);
    RegistryEndpoint https = new RegistryEndpoint("https", host, port < 0 ? 443 : port);
    c.verifyTls = !isInsecure(host, https.port());
    int plainPort = c.settings.plainHttpPort(apiHost).orElse(-1);
    if (plainPort > 0) {
      RegistryEndpoint http = new RegistryEndpoint("http", host, plainPort);
      c.step(StepName.ENDPOINT, StepStatus.OK, Duration.ZERO, http + " (configured as plain HTTP)");
      return http;
    }
    String detail = https.toString();
    c.allowHttp = allowHttp(https);
    if (c.allowHttp) {
      if (c.verifyTls) {
        // dockerd treats 127.0.0.0/8 and ::1 as insecure registries: plain HTTP allowed and an
        // untrusted certificate accepted (Engine API: InsecureRegistryCIDRs)
        c.verifyTls = false;
        allowance = "loopback";
      } else {
        allowance = "insecure";
      }
      detail += " (" + allowance + ": plain HTTP allowed, TLS not verified)";
    }
    c.step(StepName.ENDPOINT, StepStatus.OK, Duration.ZERO, detail);
    return https;
  }

  /**
   * Records that the ping fell back from the chosen HTTPS endpoint to {@code used}, plain HTTP: the
   * endpoint step then names the URL the pull went to (review 16, finding 10).
   */
  void usedPlainHttp(RegistryEndpoint used) {
    if (allowance != null && !used.isHttps()) {
      c.step(
          StepName.ENDPOINT,
          StepStatus.OK,
          Duration.ZERO,
          used + " (" + allowance + ": plain HTTP allowed, used after HTTPS failed)");
    }
  }

  boolean explicitPort() {
    return explicitEndpoint != null || portOf(c.image.apiHost()) >= 0;
  }

  boolean allowHttp(RegistryEndpoint endpoint) {
    if (explicitEndpoint != null) {
      return false;
    }
    return isInsecure(endpoint.host(), endpoint.port()) || isLoopback(endpoint.host());
  }

  boolean isInsecure(String host, int port) {
    return isInsecure(c.settings, host, port);
  }

  /**
   * Returns whether an insecure entry of {@code settings} covers {@code host} (without brackets) on
   * {@code port}: an entry without a port covers every port of its host, {@code host:port} only
   * that port, a CIDR range every IP literal in it. IPv6 literals compare as addresses, so {@code
   * [FD00:0:0::1]:5000} covers {@code fd00::1}; names compare case-insensitively and are never
   * resolved.
   */
  static boolean isInsecure(ProbeSettings settings, String host, int port) {
    if (settings.insecureAll()) {
      return true;
    }
    for (String entry : settings.insecureRegistries()) {
      if (entry.contains("/")) {
        if (Addresses.contains(entry, host.toLowerCase(Locale.ROOT))) {
          return true;
        }
        continue;
      }
      // entries are checked by the builder: host, [v6], a bare v6 address, or either with :port
      HostPort wanted = HostPort.parse(entry);
      if (IpLiterals.sameHost(wanted.host(), host)
          && (wanted.port().isEmpty() || wanted.portNumber() == port)) {
        return true;
      }
    }
    return false;
  }

  static boolean isLoopback(String host) {
    return Addresses.isLoopbackHost(host);
  }

  static String hostOf(String hostPort) {
    return HostPort.parse(hostPort).host();
  }

  static int portOf(String hostPort) {
    return HostPort.parse(hostPort).portNumber();
  }
}
