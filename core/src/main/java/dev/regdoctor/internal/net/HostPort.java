package dev.regdoctor.internal.net;

import org.jspecify.annotations.Nullable;

/**
 * A host and port split as Go's {@code net.SplitHostPort} does; docker, the kubelet and Go's proxy
 * matching all split this way.
 *
 * @param host the host, without IPv6 brackets
 * @param port the port, possibly empty ({@code "host:"})
 */
public record HostPort(String host, String port) {

  /**
   * Splits {@code hostport} as Go's {@code net.SplitHostPort}, e.g. {@code [::1]:5000} into {@code
   * ::1} and {@code 5000}.
   *
   * @return the parts, or {@code null} where Go returns an error (e.g. no port)
   */
  public static @Nullable HostPort split(String hostport) {
    int i = hostport.lastIndexOf(':');
    if (i < 0) {
      return null;
    }
    String host;
    int j = 0;
    int k = 0;
    if (hostport.charAt(0) == '[') {
      int end = hostport.indexOf(']');
      if (end < 0 || end + 1 == hostport.length() || end + 1 != i) {
        return null;
      }
      host = hostport.substring(1, end);
      j = 1;
      k = end + 1;
    } else {
      host = hostport.substring(0, i);
      if (host.indexOf(':') >= 0) {
        return null;
      }
    }
    if (hostport.indexOf('[', j) >= 0 || hostport.indexOf(']', k) >= 0) {
      return null;
    }
    return new HostPort(host, hostport.substring(i + 1));
  }
}
