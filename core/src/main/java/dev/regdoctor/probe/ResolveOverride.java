package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A DNS override like curl's {@code --resolve HOST:PORT:ADDRESS}: connections to {@code host} go to
 * {@code address} while TLS still verifies the certificate against {@code host}.
 *
 * <p>The override applies to connections to {@code port} only, or to every port for {@code *}; a
 * port-specific override wins over a wildcard one.
 *
 * @param host the host name, lower case
 * @param port the port it applies to, or 0 for every port ({@code *})
 * @param address the IP literal to connect to
 */
public record ResolveOverride(String host, int port, String address) {

  /** Validates the fields: the address must be an IP literal. */
  public ResolveOverride {
    requireNonNull(host, "host");
    requireNonNull(address, "address");
    host = host.toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("resolve host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("resolve port must be in 0..65535 but was " + port);
    }
    if (!isIpLiteral(address)) {
      throw new IllegalArgumentException(
          "resolve address must be an IP address but was " + address);
    }
  }

  /**
   * Parses {@code HOST:PORT:ADDRESS}, e.g. {@code registry.example.com:443:127.0.0.1} or {@code
   * registry.example.com:*:[::1]}.
   *
   * @throws IllegalArgumentException naming the value when it is malformed
   */
  public static ResolveOverride parse(String text) {
    requireNonNull(text, "text");
    int first = text.indexOf(':');
    int second = first < 0 ? -1 : text.indexOf(':', first + 1);
    if (first <= 0 || second < 0) {
      throw new IllegalArgumentException(
          "--resolve must be HOST:PORT:ADDRESS but was \"" + text + "\"");
    }
    String host = text.substring(0, first);
    String portText = text.substring(first + 1, second);
    String address = text.substring(second + 1);
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    int port;
    if (portText.equals("*")) {
      port = 0;
    } else {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--resolve port must be a number or * but was \"" + portText + "\"", e);
      }
    }
    return new ResolveOverride(host, port, address);
  }

  /** Returns the address to connect to. */
  InetAddress inetAddress() {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("validated IP literal did not parse: " + address, e);
    }
  }

  /**
   * Returns whether {@code address} is an IPv4 dotted quad or an IPv6 text form (RFC 4291 section
   * 2.2), ASCII only. Strict on purpose: {@link InetAddress#getByName} falls back to a DNS lookup
   * for text it cannot read as a literal, and a value that passed here is given to it.
   */
  static boolean isIpLiteral(String address) {
    if (address.isEmpty()) {
      return false;
    }
    return address.indexOf(':') >= 0 ? isIpv6(address) : isIpv4(address);
  }

  private static boolean isIpv4(String address) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String address) {
    int gap = address.indexOf("::");
    if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    if (gap < 0) {
      return groups(address, true) == 8;
    }
    String tail = address.substring(gap + 2);
    int head = groups(address.substring(0, gap), false);
    int rest = groups(tail, true);
    // "::" stands for at least one group of zeros
    return head >= 0 && rest >= 0 && head + rest <= 7;
  }

  /** Counts the 16-bit groups in {@code part}, an IPv4 tail counting two; -1 when malformed. */
  private static int groups(String part, boolean ipv4TailAllowed) {
    if (part.isEmpty()) {
      return 0;
    }
    String[] pieces = part.split(":", -1);
    int count = 0;
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (ipv4TailAllowed && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
        if (!isIpv4(piece)) {
          return -1;
        }
        count += 2;
      } else if (piece.isEmpty()
          || piece.length() > 4
          || !piece.chars().allMatch(ResolveOverride::isHexDigit)) {
        return -1;
      } else {
        count++;
      }
    }
    return count;
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  @Override
  public String toString() {
    return host + ":" + (port == 0 ? "*" : String.valueOf(port)) + ":" + address;
  }
}
