package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.ResolveOverride;
import dev.regdoctor.internal.http.HostResolver;
import dev.regdoctor.internal.probe.ManifestMediaTypes;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --resolve HOST:PORT:ADDRESS} applies to that port only, like curl's. */
@Timeout(30)
class ResolvePortTest {
  private static final HostResolver NO_DNS =
      host -> {
        throw new UnknownHostException(host + ": no DNS in this test");
      };

  private static RegistryClient client(MockRegistry registry, String override) {
    return RegistryClient.create(
        ProbeSettings.builder()
            .plainHttpRegistry("registry.test:" + registry.server.getPort())
            .resolve(ResolveOverride.parse(override))
            .timeout(Duration.ofSeconds(5))
            .build(),
        NO_DNS);
  }

  @Test
  void overrideForThePortIsUsed() throws Exception {
    try (MockRegistry registry = new MockRegistry();
        RegistryClient client =
            client(registry, "registry.test:" + registry.server.getPort() + ":127.0.0.1")) {
      registry
          .enqueue(MockRegistry.ok())
          .enqueue(MockRegistry.manifest(ManifestMediaTypes.OCI_MANIFEST));

      ProbeResult result =
          client.check(
              "registry.test:" + registry.server.getPort() + "/team/app:1.0",
              CredentialResolver.anonymous());

      assertThat(result.isOk()).isTrue();
      assertThat(result.step(StepName.DNS).orElseThrow().detail()).endsWith(" (resolve override)");
    }
  }

  @Test
  void overrideForAnotherPortIsNotUsed() throws Exception {
    try (MockRegistry registry = new MockRegistry();
        RegistryClient client = client(registry, "registry.test:1:127.0.0.1")) {
      ProbeResult result =
          client.check(
              "registry.test:" + registry.server.getPort() + "/team/app:1.0",
              CredentialResolver.anonymous());

      assertThat(result.primaryFailure().orElseThrow().kind()).isEqualTo(FailureKind.DNS_FAILURE);
      assertThat(registry.server.getRequestCount()).isZero();
    }
  }

  @Test
  void wildcardOverrideAppliesToEveryPort() throws Exception {
    try (MockRegistry registry = new MockRegistry();
        RegistryClient client = client(registry, "registry.test:*:127.0.0.1")) {
      registry
          .enqueue(MockRegistry.ok())
          .enqueue(MockRegistry.manifest(ManifestMediaTypes.OCI_MANIFEST));

      assertThat(
              client
                  .check(
                      "registry.test:" + registry.server.getPort() + "/team/app:1.0",
                      CredentialResolver.anonymous())
                  .isOk())
          .isTrue();
    }
  }
}
