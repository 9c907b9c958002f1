package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.internal.http.IpLiterals;
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
      throw new IllegalArgumentException("the host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the port must be in 0..65535 but was " + port);
    }
    if (!IpLiterals.isIpLiteral(address)) {
      throw new IllegalArgumentException("the address must be an IP address but was " + address);
    }
  }

  /**
   * Parses {@code HOST:PORT:ADDRESS}, e.g. {@code registry.example.com:443:127.0.0.1} or {@code
   * registry.example.com:*:[::1]}.
   *
   * @throws IllegalArgumentException saying what is wrong, e.g. {@code the port must be a number or
   *     * but was "x"}; callers put the setting and the value in front of it
   */
  public static ResolveOverride parse(String text) {
    requireNonNull(text, "text");
    int first = text.indexOf(':');
    int second = first < 0 ? -1 : text.indexOf(':', first + 1);
    if (first < 0 || second < 0) {
      throw new IllegalArgumentException("two colons are needed, as in HOST:PORT:ADDRESS");
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
            "the port must be a number or * but was \"" + portText + "\"", e);
      }
    }
    return new ResolveOverride(host, port, address);
  }

  /** Returns the address to connect to. */
  /** Returns the override address as an {@link InetAddress} (no lookup: it is a literal). */
  public InetAddress inetAddress() {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("validated IP literal did not parse: " + address, e);
    }
  }

  @Override
  public String toString() {
    return host + ":" + (port == 0 ? "*" : String.valueOf(port)) + ":" + address;
  }
}
