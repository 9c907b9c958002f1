package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17: one host:port model for {@code --plain-http}. A registry written without a port is
 * HTTPS's 443, and an entry naming 443 (or 80) must apply to it instead of being silently ignored.
 * A bare host is no entry at all: {@link ProbeSettings.Builder#plainHttpRegistry} rejects it
 * ({@link RegistryEntriesTest}).
 */
class PlainHttpPortTest {

  @ParameterizedTest(name = "{0} for {1} -> {2}")
  @CsvSource({
    // entry,                              registry as written,     port (-1: not plain HTTP)
    "awesomereg.example.org:443,           awesomereg.example.org,  443",
    "awesomereg.example.org:80,            awesomereg.example.org,  80",
    "AwesomeReg.Example.ORG:443,           awesomereg.example.org,  443",
    "awesomereg.example.org:5000,          awesomereg.example.org,  -1",
    "awesomereg.example.org:5000,          awesomereg.example.org:5000, 5000",
    "awesomereg.example.org:443,           awesomereg.example.org:5000, -1",
    "other.example.org:443,                awesomereg.example.org,  -1",
    "'[::1]:5000',                         '[::1]:5000',            5000",
    "'[::1]:443',                          '[::1]',                 443",
    "'[::1]:5000',                         '[::1]:5001',            -1",
    // IPv6 spellings of one address match (review item: compare IPv6 hosts canonically)
    "'[FD00:0:0::1]:5000',                 '[fd00::1]:5000',        5000",
    "'[fd00::1]:443',                      '[FD00:0::0:1]',         443",
    "'[fd00::1]:5000',                     '[fd00::2]:5000',        -1",
    "registry-1.docker.io:443,             registry-1.docker.io,    443",
    "localhost:443,                        localhost,               443",
    "127.0.0.1:5000,                       127.0.0.1:5000,          5000",
  })
  void entriesMatchTheRegistryWithItsDefaultPort(String entry, String registry, int port) {
    ProbeSettings settings = ProbeSettings.builder().plainHttpRegistry(entry).build();

    OptionalInt chosen = settings.plainHttpPort(registry);

    assertThat(chosen.orElse(-1)).isEqualTo(port);
  }
}
