package dev.regdoctor.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** CIDR and address-class checks on IP literals; never resolves names. */
public final class Addresses {
  private Addresses() {}

  /** Returns whether the IP literal {@code host} is inside {@code cidr}; false for names. */
  public static boolean contains(String cidr, String host) {
    InetAddress address = literal(host);
    return address != null
        && dev.regdoctor.endpoint.Cidr.parse(cidr)
            .map(network -> network.contains(address))
            .orElse(false);
  }

  /**
   * Returns whether {@code host} is an IP literal in a private, loopback, link-local or unspecified
   * range.
   */
  public static boolean isPrivateOrLocalLiteral(String host) {
    InetAddress address = literal(host);
    if (address == null) {
      address = legacyNumeric(host);
    }
    if (address == null) {
      return false;
    }
    if (address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isAnyLocalAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc) {
      return true; // fc00::/7 unique local
    }
    return bytes.length == 4
        && (bytes[0] & 0xff) == 100
        && (bytes[1] & 0xc0) == 64; // 100.64/10 CGNAT
  }

  /**
   * Parses the legacy numeric IPv4 forms the JDK and C resolvers accept without DNS ({@code 127.1},
   * {@code 2130706433}, {@code 0x7f.1}), which a token realm could use to slip past the literal
   * check; {@code null} for anything else.
   */
  public static InetAddress legacyNumeric(String host) {
    String lower = host.toLowerCase(java.util.Locale.ROOT);
    if (lower.isEmpty()
        || !lower
            .chars()
            .allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == 'x' || (c >= 'a' && c <= 'f'))
        || !Character.isDigit(lower.charAt(0))) {
      return null;
    }
    String[] parts = lower.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        String part = parts[i];
        values[i] =
            part.startsWith("0x")
                ? Long.parseLong(part.substring(2), 16)
                : part.length() > 1 && part.startsWith("0")
                    ? Long.parseLong(part.substring(1), 8)
                    : Long.parseLong(part);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    long address = 0;
    for (int i = 0; i < values.length - 1; i++) {
      if (values[i] > 255) {
        return null;
      }
      address |= values[i] << (8 * (3 - i));
    }
    long last = values[values.length - 1];
    if (last >= (1L << (8 * (4 - values.length + 1)))) {
      return null;
    }
    address |= last;
    byte[] bytes = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  /** Parses an IP literal without any DNS lookup; {@code null} for anything else. */
  public static InetAddress literal(String host) {
    String text =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!IpLiterals.isIpLiteral(text)) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
