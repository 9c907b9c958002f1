package dev.regdoctor.probe;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** CIDR and address-class checks on IP literals; never resolves names. */
final class Cidr {
  private Cidr() {}

  /** Returns whether the IP literal {@code host} is inside {@code cidr}; false for names. */
  static boolean contains(String cidr, String host) {
    InetAddress address = literal(host);
    int slash = cidr.indexOf('/');
    if (address == null || slash < 0) {
      return false;
    }
    InetAddress network = literal(cidr.substring(0, slash));
    int bits;
    try {
      bits = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (network == null || network.getAddress().length != address.getAddress().length) {
      return false;
    }
    int width = address.getAddress().length * 8;
    if (bits < 0 || bits > width) {
      return false;
    }
    BigInteger mask =
        bits == 0
            ? BigInteger.ZERO
            : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(width - bits);
    return new BigInteger(1, address.getAddress())
        .and(mask)
        .equals(new BigInteger(1, network.getAddress()).and(mask));
  }

  /**
   * Returns whether {@code host} is an IP literal in a private, loopback, link-local or unspecified
   * range.
   */
  static boolean isPrivateOrLocalLiteral(String host) {
    InetAddress address = literal(host);
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

  /** Parses an IP literal without any DNS lookup; {@code null} for anything else. */
  static InetAddress literal(String host) {
    String text =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!ResolveOverride.isIpLiteral(text)) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
