package dev.regdoctor.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

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
   * range, including the legacy numeric IPv4 forms ({@code 127.1}), a trailing dot ({@code
   * 127.0.0.1.}) and IPv6 forms that embed an IPv4 address ({@code [::127.0.0.1]}, {@code
   * [::ffff:10.0.0.1]}, NAT64 and 6to4).
   */
  public static boolean isPrivateOrLocalLiteral(String host) {
    InetAddress address = anyLiteral(host);
    return address != null && classify(address) != AddressClass.PUBLIC;
  }

  /**
   * Parses {@code host} as an IP literal in any form a resolver accepts without DNS (brackets,
   * legacy numeric IPv4, one trailing dot); {@code null} for names.
   */
  public static @Nullable InetAddress anyLiteral(String host) {
    String text =
        host.endsWith(".") && !host.endsWith("..") ? host.substring(0, host.length() - 1) : host;
    InetAddress address = literal(text);
    return address != null ? address : legacyNumeric(text);
  }

  /** Where an address leads, from the point of view of a credential leaving this machine. */
  public enum AddressClass {
    /** This machine: loopback and the unspecified / "this network" addresses. */
    LOOPBACK,
    /** Link-local, where cloud metadata services answer ({@code 169.254.169.254}). */
    LINK_LOCAL,
    /** Private networks: RFC 1918, CGNAT {@code 100.64/10}, IPv6 unique and site local. */
    PRIVATE,
    /** Everything else. */
    PUBLIC
  }

  /**
   * Classifies {@code address}; IPv6 addresses that embed an IPv4 address (IPv4-compatible {@code
   * ::a.b.c.d}, IPv4-mapped {@code ::ffff:a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code
   * 2002::/16}) are classified by the IPv4 address they carry.
   */
  public static AddressClass classify(InetAddress address) {
    InetAddress effective = embeddedIpv4(address);
    if (effective == null) {
      effective = address;
    }
    byte[] bytes = effective.getAddress();
    if (effective.isLoopbackAddress()
        || effective.isAnyLocalAddress()
        || (bytes.length == 4 && bytes[0] == 0)) {
      return AddressClass.LOOPBACK;
    }
    if (effective.isLinkLocalAddress()) {
      return AddressClass.LINK_LOCAL;
    }
    if (effective.isSiteLocalAddress()
        || (bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc)
        || (bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64)) {
      return AddressClass.PRIVATE;
    }
    return AddressClass.PUBLIC;
  }

  /** Returns the IPv4 address an IPv6 address carries, or {@code null}. */
  static @Nullable InetAddress embeddedIpv4(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 16) {
      return null;
    }
    int from;
    if (allZero(b, 0, 10)
        && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
      if (allZero(b, 0, 12) && allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1)) {
        return null; // :: and ::1 themselves
      }
      from = 12; // IPv4-compatible ::a.b.c.d or IPv4-mapped ::ffff:a.b.c.d
    } else if (b[0] == 0x00
        && b[1] == 0x64
        && b[2] == (byte) 0xff
        && b[3] == (byte) 0x9b
        && allZero(b, 4, 12)) {
      from = 12; // NAT64 well-known prefix 64:ff9b::/96
    } else if (b[0] == 0x20 && b[1] == 0x02) {
      from = 2; // 6to4 2002:a.b.c.d::/48
    } else {
      return null;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
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

  /**
   * Returns whether {@code host} (without brackets) names this machine's loopback interface as
   * dockerd's default insecure ranges see it: {@code localhost}, {@code *.localhost}, {@code ::1},
   * or an IPv4 literal in {@code 127.0.0.0/8}.
   */
  public static boolean isLoopbackHost(String host) {
    String lower = host.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("localhost")
        || lower.endsWith(".localhost")
        || lower.equals("::1")
        || lower.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    // 127.0.0.0/8: any IPv4 literal whose first octet is 127
    return lower.startsWith("127.") && IpLiterals.isIpLiteral(lower);
  }
}
