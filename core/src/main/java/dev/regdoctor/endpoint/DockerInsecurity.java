package dev.regdoctor.endpoint;

import dev.regdoctor.internal.http.IpLiterals;
import java.net.InetAddress;
import java.util.List;

/** Whether dockerd treats a registry as insecure, and why: its own rule, apart from the plans. */
enum DockerInsecurity {
  NO,
  LISTED,
  LOOPBACK,
  RANGE;

  /**
   * Returns whether and why dockerd treats {@code hostPort} as insecure, as moby's {@code
   * isSecureIndex} does (daemon/pkg/registry/config.go, moby b985e23): an exact {@code
   * insecure-registries} entry first; else {@code isCIDRMatch}, which takes the host when it is an
   * IP literal and otherwise every address {@code lookupIP} resolves it to (none when the lookup
   * fails), and matches them against the configured ranges and {@code 127.0.0.0/8} and {@code
   * ::1/128}, which dockerd always adds. So {@code localhost:5000} is insecure as {@code
   * 127.0.0.1:5000} is. Names are resolved with {@code addresses}.
   */
  static DockerInsecurity of(DaemonConfig daemon, String hostPort, AddressLookup addresses) {
    if (daemon.insecureRegistries().contains(hostPort)) {
      return LISTED;
    }
    String host = HostPort.parse(hostPort).host();
    InetAddress literal = IpLiterals.parse(host);
    List<InetAddress> candidates = literal != null ? List.of(literal) : addresses.addresses(host);
    DockerInsecurity found = NO;
    for (InetAddress address : candidates) {
      if (DaemonConfig.LOOPBACK.stream().anyMatch(cidr -> cidr.contains(address))) {
        return LOOPBACK;
      }
      if (daemon.insecureCidrs().stream().anyMatch(cidr -> cidr.contains(address))) {
        found = RANGE;
      }
    }
    return found;
  }

  /** Returns where the insecure setting of a registry insecure for this reason comes from. */
  String reason(DaemonConfig daemon) {
    return switch (this) {
      case LISTED -> daemon.source() + " /insecure-registries";
      case LOOPBACK ->
          "the image reference (insecure: dockerd always treats 127.0.0.0/8 and ::1 as insecure)";
      default ->
          "the image reference (insecure: insecure-registries range in " + daemon.source() + ")";
    };
  }
}
