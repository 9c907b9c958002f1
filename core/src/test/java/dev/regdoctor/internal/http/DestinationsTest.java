package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12: where requests made for a registry may go (pure rules, no network). */
class DestinationsTest {

  private static Destinations publicRegistryAt(String address) throws Exception {
    Destinations destinations = new Destinations("registry.example.com");
    destinations.connected("registry.example.com", InetAddress.getByName(address));
    return destinations;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "169.254.169.254",
        "[fe80::1]",
        "127.0.0.1",
        "127.1",
        "127.0.0.1.",
        "[::127.0.0.1]",
        "[::ffff:127.0.0.1]",
        "[64:ff9b::a9fe:a9fe]",
        "[2002:a9fe:a9fe::1]",
        "0.0.0.0",
        "10.0.0.5",
        "[fd00::5]",
        "100.64.0.1"
      })
  void aPublicRegistryNeverSendsRequestsInward(String host) throws Exception {
    assertThat(publicRegistryAt("203.0.113.10").literalProblem(host)).isNotNull();
  }

  @Test
  void linkLocalIsNamedForWhatLivesThere() throws Exception {
    assertThat(publicRegistryAt("203.0.113.10").literalProblem("169.254.169.254"))
        .contains("link-local")
        .contains("cloud metadata");
  }

  @Test
  void publicAddressesAndTheRegistrysOwnAreAllowed() throws Exception {
    Destinations destinations = publicRegistryAt("203.0.113.10");

    assertThat(destinations.literalProblem("198.51.100.7")).isNull();
    assertThat(destinations.literalProblem("203.0.113.10")).isNull();
    assertThat(destinations.literalProblem("auth.example.com")).isNull(); // names: checked on DNS
  }

  @Test
  void theRegistryHostItselfIsAlwaysAllowedWhateverItsSpelling() throws Exception {
    Destinations destinations = new Destinations("Reg.Test");

    assertThat(destinations.isRegistry("reg.test.")).isTrue();
    assertThat(destinations.problem("reg.test", InetAddress.getByName("127.0.0.1"))).isNull();
  }

  @Test
  void aRegistryOnAPrivateNetworkMayUseAPrivateRealmButNotLoopback() throws Exception {
    Destinations destinations = new Destinations("harbor.corp");
    destinations.connected("harbor.corp", InetAddress.getByName("10.1.2.3"));

    assertThat(destinations.problem("auth.corp", InetAddress.getByName("10.1.2.4"))).isNull();
    assertThat(destinations.problem("auth.corp", InetAddress.getByName("127.0.0.1")))
        .contains("loopback");
    assertThat(destinations.problem("auth.corp", InetAddress.getByName("169.254.169.254")))
        .contains("link-local");
  }

  @Test
  void aLoopbackRegistryMayUseItsOwnAddressOnAnotherPortButNotAnotherLoopbackAddress()
      throws Exception {
    Destinations destinations = new Destinations("reg.test");
    destinations.connected("reg.test", InetAddress.getByName("127.0.0.1"));

    assertThat(destinations.problem("localhost", InetAddress.getByName("127.0.0.1"))).isNull();
    assertThat(destinations.problem("localhost", InetAddress.getByName("::1")))
        .contains("not the registry's own (127.0.0.1)");
  }
}
