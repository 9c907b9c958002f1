package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.probe.ProbeSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which hosts an insecure-registry entry covers ({@link EndpointChoice#isInsecure(ProbeSettings,
 * String, int)}). Review item: {@code [fd00::1]} is documented as every port of that host but never
 * matched, and IPv6 spellings such as {@code [FD00:0:0::1]:5000} never matched {@code fd00::1}.
 * Hosts arrive as the endpoint holds them: without brackets. Only literals are compared, so no name
 * is ever resolved.
 */
class EndpointChoiceTest {

  private static boolean insecure(String entry, String host, int port) {
    ProbeSettings settings = ProbeSettings.builder().insecureRegistry(entry).build();
    return EndpointChoice.isInsecure(settings, host, port);
  }

  @Nested
  class Ipv6 {
    @ParameterizedTest(name = "{0} covers {1} port {2}")
    @CsvSource({
      "'[fd00::1]',          fd00::1,          5000",
      "'[fd00::1]',          fd00::1,          443",
      "'[FD00::1]',          fd00::1,          5000",
      "'[fd00::1]',          FD00:0:0::1,      8443",
      "fd00::1,              fd00::1,          5000",
      "fd00:0:0:0:0:0:0:1,   fd00::1,          5000",
    })
    void bracketedWithoutPortCoversEveryPort(String entry, String host, int port) {
      assertThat(insecure(entry, host, port)).isTrue();
    }

    @ParameterizedTest(name = "{0} covers {1} port {2}: {3}")
    @CsvSource({
      "'[fd00::1]:5000',          fd00::1,              5000, true",
      "'[fd00::1]:5000',          fd00::1,              5001, false",
      "'[fd00::1]:5000',          fd00::1,              443,  false",
      "'[FD00:0:0::1]:5000',      fd00::1,              5000, true",
      "'[fd00::1]:5000',          fd00:0:0:0:0:0:0:1,   5000, true",
      "'[fd00:0000::0001]:5000',  FD00::1,              5000, true",
      "'[::1]:5000',              0:0:0:0:0:0:0:1,      5000, true",
    })
    void bracketedWithPortCoversOnlyThatPort(String entry, String host, int port, boolean covered) {
      assertThat(insecure(entry, host, port)).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0} does not cover {1}")
    @CsvSource({
      "'[fd00::1]',        fd00::2",
      "'[fd00::1]:5000',   fd00::2",
      "fd00::1,            fd00::10",
      "'[fd00::1]',        fd00.example.com",
    })
    void otherAddressesAreNotCovered(String entry, String host) {
      assertThat(insecure(entry, host, 5000)).isFalse();
    }
  }

  @Nested
  class Ipv4AndNames {
    @ParameterizedTest(name = "{0} covers {1} port {2}: {3}")
    @CsvSource({
      "registry.local,          registry.local,      5000, true",
      "registry.local,          Registry.Local,      443,  true",
      "registry.local:5000,     registry.local,      5000, true",
      "registry.local:5000,     registry.local,      5001, false",
      "registry.local,          other.local,         5000, false",
      "registry.local,          registry.local.evil, 5000, false",
      "10.0.0.5,                10.0.0.5,            5000, true",
      "10.0.0.5:5000,           10.0.0.5,            5000, true",
      "10.0.0.5:5000,           10.0.0.5,            5001, false",
      "10.0.0.0/8,              10.1.2.3,            5000, true",
      "10.0.0.0/8,              11.1.2.3,            5000, false",
      "fd00::/8,                FD12::1,             5000, true",
    })
    void matchAsBefore(String entry, String host, int port, boolean covered) {
      assertThat(insecure(entry, host, port)).isEqualTo(covered);
    }
  }

  @Test
  void insecureAllCoversEveryHost() {
    ProbeSettings settings = ProbeSettings.builder().insecureAll(true).build();

    assertThat(EndpointChoice.isInsecure(settings, "fd00::1", 5000)).isTrue();
  }
}
