package dev.regdoctor.endpoint;

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

  /**
   * Reads {@code text} as a registry host with an optional port, as image references and
   * configuration files write it: {@code host}, {@code host:port}, {@code [v6]} or {@code
   * [v6]:port}. A bare IPv6 address (several colons, no brackets) is a host without a port. The
   * port is {@code ""} when absent; it is not validated (see {@link #portNumber()}).
   */
  public static HostPort parse(String text) {
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close > 0) {
        String rest = text.substring(close + 1);
        return new HostPort(
            text.substring(1, close), rest.startsWith(":") ? rest.substring(1) : "");
      }
      return new HostPort(text, "");
    }
    int colon = text.lastIndexOf(':');
    if (colon >= 0 && text.indexOf(':') == colon) {
      return new HostPort(text.substring(0, colon), text.substring(colon + 1));
    }
    return new HostPort(text, "");
  }

  /** Returns the port as a number, or -1 when there is none or it is not a number. */
  public int portNumber() {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(port);
  }

  /** Returns {@code host:port}, brackets around an IPv6 host: {@code [::1]:5000}. */
  public static String authority(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
