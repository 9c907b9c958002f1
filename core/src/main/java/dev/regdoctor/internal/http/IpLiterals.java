package dev.regdoctor.internal.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Parses IP address literals without ever touching DNS, as Go's {@code net.ParseIP} does: IPv4 in
 * dotted-quad form without leading zeros, IPv6 in any standard form (no zone).
 */
public final class IpLiterals {

  private IpLiterals() {}

  /** Returns the address {@code text} spells, or {@code null} if it is not an IP literal. */
  public static @Nullable InetAddress parse(String text) {
    if (text.isEmpty() || text.length() > 64) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      byte[] v4 = parseIpv4(text);
      return v4 == null ? null : fromBytes(v4);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!ok) {
        return null;
      }
    }
    int lastColon = text.lastIndexOf(':');
    String tail = text.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0 && parseIpv4(tail) == null) {
      return null;
    }
    try {
      // A string containing ':' is parsed as an IPv6 literal and never resolved.
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * Returns whether two registry hosts name the same host, as insecure and plain-HTTP entries match
   * them: two IPv6 literals (with or without brackets, any case, compressed or not) when they are
   * the same address, anything else when equal ignoring ASCII case. Never resolves a name.
   */
  public static boolean sameHost(String a, String b) {
    String left = unbracketed(a);
    String right = unbracketed(b);
    if (left.equalsIgnoreCase(right)) {
      return true;
    }
    if (left.indexOf(':') < 0 || right.indexOf(':') < 0) {
      return false;
    }
    InetAddress x = parse(left);
    return x != null && x.equals(parse(right));
  }

  private static String unbracketed(String host) {
    return host.length() > 1 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
  }

  /** Parses strict dotted-quad IPv4: four decimal octets, no leading zeros. */
  public static byte @Nullable [] parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        char c = part.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  public static InetAddress fromBytes(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address length " + bytes.length, e);
    }
  }

  /** Returns the address as text: dotted quad, or compressed IPv6 (RFC 5952). */
  public static String format(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength && j - i > 1) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  /**
   * Returns whether {@code address} is an IPv4 dotted quad or an IPv6 text form (RFC 4291 section
   * 2.2), ASCII only. Strict on purpose: {@link InetAddress#getByName} falls back to a DNS lookup
   * for text it cannot read as a literal, and a value that passed here is given to it.
   */
  public static boolean isIpLiteral(String address) {
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
          || !piece.chars().allMatch(IpLiterals::isHexDigit)) {
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
}
