package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.reference.ImageReference;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17: one host:port model from the reference to the remediation. Docker files certificates
 * and insecure entries under the registry as written ({@code certs.d/localhost} for port 443),
 * while {@code openssl -connect} always needs the port.
 */
class RegistryAddressTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // image,                              host,                 hostName,             hostPort,
    //             url,                                dockerHost
    "localhost/app:1,                      localhost,            localhost,            localhost:443,            https://localhost,                  localhost",
    "localhost:443/app:1,                  localhost:443,        localhost,            localhost:443,            https://localhost,                  localhost:443",
    "myreg:5000/app:1,                     myreg:5000,           myreg,                myreg:5000,               https://myreg:5000,                 myreg:5000",
    "registry.example.com/shop/web:1.4,    registry.example.com, registry.example.com, registry.example.com:443, https://registry.example.com,       registry.example.com",
    "'[::1]:5000/app:1',                   '[::1]:5000',         ::1,                  '[::1]:5000',             'https://[::1]:5000',               '[::1]:5000'",
    "'[::1]/app:1',                        '[::1]',              ::1,                  '[::1]:443',              'https://[::1]',                    '[::1]'",
    "nginx,                                registry-1.docker.io, registry-1.docker.io, registry-1.docker.io:443, https://registry-1.docker.io,       docker.io",
  })
  void everyShapeOfTheRegistryComesFromOneModel(
      String image, String host, String hostName, String hostPort, String url, String dockerHost) {
    ImageReference reference = ImageReference.parse(image);
    Map<String, String> values = new HashMap<>();

    RegistryAddress.of(reference.registry(), reference.apiHost(), "https").putInto(values);

    assertThat(values)
        .containsEntry("host", host)
        .containsEntry("hostName", hostName)
        .containsEntry("hostPort", hostPort)
        .containsEntry("url", url)
        .containsEntry("dockerHost", dockerHost);
  }

  @ParameterizedTest(name = "{0} reached at {1}")
  @CsvSource({
    "localhost/app:1,        https://localhost:443,    localhost,        localhost:443,  localhost",
    "127.0.0.1:5000/app:1,   http://127.0.0.1:5000,    127.0.0.1:5000,   127.0.0.1:5000, 127.0.0.1:5000",
    "reg.example.com/app:1,  http://reg.example.com:443, reg.example.com:443, reg.example.com:443, reg.example.com",
  })
  void aReachedEndpointKeepsThePortItUsed(
      String image, String endpoint, String host, String hostPort, String dockerHost) {
    ImageReference reference = ImageReference.parse(image);
    Map<String, String> values = new HashMap<>();

    RegistryAddress.of(RegistryEndpoint.parse(endpoint), reference.registry(), reference.apiHost())
        .putInto(values);

    assertThat(values)
        .containsEntry("host", host)
        .containsEntry("hostPort", hostPort)
        .containsEntry("dockerHost", dockerHost);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://registry.example.com/v2/,      registry.example.com,      registry.example.com:443",
    "https://registry.example.com:443/v2/,  registry.example.com,      registry.example.com:443",
    "https://myreg:5000/v2/,                myreg:5000,                myreg:5000",
    "http://10.0.0.5/v2/,                   10.0.0.5,                  10.0.0.5:80",
    "'https://[fd00::1]:5000/v2/',          '[fd00::1]:5000',          '[fd00::1]:5000'",
  })
  void aUrlInTheTextGivesTheSameShapes(String url, String dockerHost, String hostPort) {
    Map<String, String> values = new HashMap<>();

    RegistryAddress.fromUrl(url).putInto(values);

    assertThat(values).containsEntry("dockerHost", dockerHost).containsEntry("hostPort", hostPort);
  }
}
