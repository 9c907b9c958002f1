package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.internal.http.HostResolver;
import dev.regdoctor.internal.http.IpLiterals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RegistryClient#addresses}: the lookup a runtime's rules use (dockerd resolves a registry's
 * name to decide whether it is a loopback registry; review 16, finding 1), with the client's
 * resolver and DNS timeout.
 */
@Timeout(30)
class RegistryClientAddressesTest {
  private static final InetAddress DOCUMENTATION = IpLiterals.parse("192.0.2.7");

  private static RegistryClient client(HostResolver resolver, Duration dnsTimeout) {
    return RegistryClient.create(
        ProbeSettings.builder()
            .resolve(ResolveOverride.parse("registry.rt16.invalid:*:127.0.0.1"))
            .dnsTimeout(dnsTimeout)
            .build(),
        resolver);
  }

  @Test
  void namesResolveWithTheClientsResolverAndNotWithResolveOverrides() {
    HostResolver resolver =
        host -> {
          if (host.equals("registry.rt16.invalid")) {
            return List.of(DOCUMENTATION);
          }
          throw new UnknownHostException(host);
        };
    try (RegistryClient client = client(resolver, Duration.ofSeconds(5))) {
      assertThat(client.addresses("registry.rt16.invalid")).containsExactly(DOCUMENTATION);
    }
  }

  @Test
  void aNameThatDoesNotResolveHasNoAddresses() {
    HostResolver resolver =
        host -> {
          throw new UnknownHostException(host + ": no such host");
        };
    try (RegistryClient client = client(resolver, Duration.ofSeconds(5))) {
      assertThat(client.addresses("nowhere.rt16.invalid")).isEmpty();
    }
  }

  @Test
  @Timeout(10)
  void aLookupThatNeverAnswersEndsAtTheDnsTimeoutWithNoAddresses() {
    CountDownLatch never = new CountDownLatch(1);
    HostResolver stalled =
        host -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new UnknownHostException(host + ": interrupted");
        };
    try (RegistryClient client = client(stalled, Duration.ofMillis(200))) {
      assertThat(client.addresses("stalled.rt16.invalid")).isEmpty();
    }
  }
}
