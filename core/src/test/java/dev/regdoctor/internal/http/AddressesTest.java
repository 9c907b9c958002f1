package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.net.InetAddress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

  @Nested
  class Contains {
    @ParameterizedTest
    @CsvSource({
      "10.0.0.0/8, 10.1.2.3",
      "10.0.0.0/8, 10.255.255.255",
      "192.168.1.0/24, 192.168.1.77",
      "172.16.0.0/12, 172.31.0.1",
      "127.0.0.0/8, 127.0.0.1",
      "0.0.0.0/0, 203.0.113.9",
      "203.0.113.9/32, 203.0.113.9",
      "10.1.2.3/8, 10.200.0.1",
      "fd00::/8, fd12:3456::1",
      "2001:db8::/32, 2001:db8:ffff::1",
      "::1/128, ::1",
      "::/0, 2001:db8::1",
      "2001:db8::/32, [2001:db8::5]",
      "10.0.0.0/8, ::ffff:0a00:0001"
    })
    void addressInsideTheRange(String cidr, String host) {
      // An IPv4-mapped IPv6 literal is the IPv4 address (the JDK reads it so), as the last row
      // shows.
      assertThat(Addresses.contains(cidr, host)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
      "10.0.0.0/8, 11.0.0.1",
      "192.168.1.0/24, 192.168.2.1",
      "172.16.0.0/12, 172.32.0.1",
      "203.0.113.9/32, 203.0.113.10",
      "fd00::/8, fe80::1",
      "::/0, 10.0.0.1",
      "0.0.0.0/0, ::1"
    })
    void addressOutsideTheRangeOrFamily(String cidr, String host) {
      assertThat(Addresses.contains(cidr, host)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
      "10.0.0.0/8, registry.example.com",
      "10.0.0.0/8, localhost",
      "10.0.0.0, 10.0.0.1",
      "10.0.0.0/, 10.0.0.1",
      "10.0.0.0/x, 10.0.0.1",
      "10.0.0.0/33, 10.0.0.1",
      "10.0.0.0/-1, 10.0.0.1",
      "::/129, ::1",
      "example.com/8, 10.0.0.1",
      "10.0.0.0/8, 10.0.0"
    })
    void namesAndMalformedRangesNeverMatch(String cidr, String host) {
      assertThat(Addresses.contains(cidr, host)).isFalse();
    }
  }

  @Nested
  class PrivateOrLocal {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "10.0.0.1",
          "172.16.5.4",
          "172.31.255.255",
          "192.168.0.1",
          "127.0.0.1",
          "127.8.9.10",
          "169.254.169.254",
          "0.0.0.0",
          "100.64.0.1",
          "100.127.255.255",
          "::1",
          "::",
          "fe80::1",
          "fc00::1",
          "fd12::1",
          "[::1]",
          "::ffff:127.0.0.1",
          "::ffff:10.0.0.1"
        })
    void privateLoopbackLinkLocalAndUnspecifiedAddresses(String host) {
      assertThat(Addresses.isPrivateOrLocalLiteral(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "8.8.8.8",
          "172.32.0.1",
          "100.128.0.1",
          "192.0.2.1",
          "2001:db8::1",
          "2606:4700::1111",
          "localhost",
          "registry.example.com",
          "10.0.0.1.nip.io"
        })
    void publicAddressesAndNamesAreNot(String host) {
      assertThat(Addresses.isPrivateOrLocalLiteral(host)).isFalse();
    }
  }

  @Nested
  class Literal {
    @Test
    void readsLiteralsAndRefusesNames() throws Exception {
      assertThat(Addresses.literal("127.0.0.1"))
          .isEqualTo(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
      assertThat(Addresses.literal("[::1]").isLoopbackAddress()).isTrue();
      assertThat(Addresses.literal("localhost")).isNull();
      assertThat(Addresses.literal("1:2")).isNull();
    }
  }

  @SeededProperty(cases = 1000)
  void everyAddressIsInsideItsOwnNetwork(long seed) {
    Gen gen = new Gen(seed);
    int a = gen.between(0, 255);
    int b = gen.between(0, 255);
    int c = gen.between(0, 255);
    int d = gen.between(0, 255);
    int bits = gen.between(0, 32);
    String address = a + "." + b + "." + c + "." + d;

    assertThat(Addresses.contains(address + "/" + bits, address)).isTrue();
    assertThat(Addresses.contains("0.0.0.0/0", address)).isTrue();
    if (bits == 32) {
      String other = a + "." + b + "." + c + "." + ((d + 1) % 256);
      assertThat(Addresses.contains(address + "/32", other)).isFalse();
    }
  }
}
