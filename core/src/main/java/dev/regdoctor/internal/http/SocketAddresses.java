package dev.regdoctor.internal.http;

import dev.regdoctor.endpoint.HostPort;
import java.net.InetSocketAddress;

/** How reports write a socket address: {@code host:port}, IPv6 in brackets. */
public final class SocketAddresses {
  private SocketAddresses() {}

  /**
   * Returns {@code address} as {@code 127.0.0.1:5000}, {@code [::1]:5000} or {@code
   * proxy.example.com:3128}: the IP when resolved (IPv6 compressed), else the name it was given.
   * {@link InetSocketAddress#toString()} writes {@code proxy.example.com/<unresolved>:3128} or
   * {@code /127.0.0.1:5000}, which users should never see.
   */
  public static String text(InetSocketAddress address) {
    String host =
        address.getAddress() != null
            ? IpLiterals.format(address.getAddress())
            : address.getHostString();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return HostPort.authority(host, address.getPort());
  }
}
