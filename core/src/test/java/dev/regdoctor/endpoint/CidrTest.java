package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10.1.2.3/8, 10.0.0.0/8",
    "192.168.1.0/24, 192.168.1.0/24",
    "0.0.0.0/0, 0.0.0.0/0",
    "fd00::1/8, fd00::/8",
    "2001:db8::/32, 2001:db8::/32",
    "::1/128, ::1/128",
    "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128"
  })
  void parsesAndMasks(String text, String canonical) {
    assertThat(Cidr.parse(text))
        .hasValueSatisfying(cidr -> assertThat(cidr.toString()).isEqualTo(canonical));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/33",
        "10.0.0/8",
        "010.0.0.0/8",
        "10.0.0.0/08",
        "registry.example.com/8",
        "fe80::1%eth0/64",
        "10.0.0.0/8/8",
        "/8",
        "10.0.0.0/"
      })
  void rejectsNonCidr(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.0.1, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "fd00::/8, fd12::1, true",
    "fd00::/8, 10.0.0.1, false",
    "10.0.0.0/8, ::ffff:10.0.0.1, true"
  })
  void containsAddresses(String cidr, String address, boolean expected) throws Exception {
    assertThat(Cidr.parse(cidr).orElseThrow().contains(InetAddress.getByName(address)))
        .isEqualTo(expected);
  }
}
