package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.internal.http.IpLiterals;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An IP network in CIDR notation, such as {@code 10.0.0.0/8} or {@code fd00::/8}. The network
 * address is stored masked ({@code 10.1.2.3/8} becomes {@code 10.0.0.0/8}), as docker stores
 * insecure-registry ranges.
 *
 * @param network the masked network address
 * @param prefixLength the number of leading bits that must match
 */
public record Cidr(InetAddress network, int prefixLength) {

  /** Validates the prefix length and masks the address. */
  public Cidr {
    requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefixLength must be between 0 and " + bits + " but was " + prefixLength);
    }
    network = IpLiterals.fromBytes(mask(network.getAddress(), prefixLength));
  }

  /**
   * Parses {@code address/bits} without DNS lookups: a strict IP literal (no leading zeros in IPv4,
   * no zone), then a decimal prefix length without leading zeros, as Go's {@code
   * netip.ParsePrefix}.
   *
   * @return the network, or empty if {@code text} is not CIDR notation
   */
  public static Optional<Cidr> parse(String text) {
    requireNonNull(text, "text");
    int slash = text.indexOf('/');
    if (slash < 0 || slash != text.lastIndexOf('/')) {
      return Optional.empty();
    }
    InetAddress address = IpLiterals.parse(text.substring(0, slash));
    String bits = text.substring(slash + 1);
    if (address == null
        || bits.isEmpty()
        || bits.length() > 3
        || (bits.length() > 1 && bits.charAt(0) == '0')
        || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int length = Integer.parseInt(bits);
    if (length > address.getAddress().length * 8) {
      return Optional.empty();
    }
    return Optional.of(new Cidr(address, length));
  }

  /** Returns whether {@code address} lies in this network; IPv4 and IPv6 never mix. */
  public boolean contains(InetAddress address) {
    requireNonNull(address, "address");
    if ((address instanceof Inet4Address) != (network instanceof Inet4Address)) {
      return false;
    }
    byte[] masked = mask(address.getAddress(), prefixLength);
    return java.util.Arrays.equals(masked, network.getAddress());
  }

  private static byte[] mask(byte[] address, int prefixLength) {
    byte[] masked = address.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
    }
    return masked;
  }

  /** Returns {@code network/prefixLength}, e.g. {@code 10.0.0.0/8} or {@code ::1/128}. */
  @Override
  public String toString() {
    return IpLiterals.format(network) + "/" + prefixLength;
  }
}
