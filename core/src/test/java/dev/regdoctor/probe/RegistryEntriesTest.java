package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review item "wrong depth of validation": {@link ProbeSettings.Builder#insecureRegistry} and
 * {@link ProbeSettings.Builder#plainHttpRegistry} check their entries themselves, so every caller
 * ({@code serve}'s config file, library users, the command line) gets the same clear, typed error
 * at once instead of a silently useless entry.
 */
class RegistryEntriesTest {

  private static final String INSECURE_FORMS =
      "is not HOST, HOST:PORT or a CIDR range, e.g. registry.local:5000 or 10.0.0.0/8";
  private static final String PLAIN_FORMS = "is not HOST:PORT, e.g. 127.0.0.1:5000 or [::1]:5000";

  private static InvalidSettingException insecureRejects(String entry) {
    return catchThrowableOfType(
        () -> ProbeSettings.builder().insecureRegistry(entry), InvalidSettingException.class);
  }

  private static InvalidSettingException plainRejects(String entry) {
    return catchThrowableOfType(
        () -> ProbeSettings.builder().plainHttpRegistry(entry), InvalidSettingException.class);
  }

  @Nested
  class InsecureRegistry {
    @ParameterizedTest
    @CsvSource({
      "registry.local,              registry.local",
      "myregistry,                  myregistry",
      "registry.local:5000,         registry.local:5000",
      "Registry.Local:5000,         registry.local:5000",
      "'  registry.local:5000  ',   registry.local:5000",
      "localhost:1,                 localhost:1",
      "registry.local:65535,        registry.local:65535",
      "127.0.0.1,                   127.0.0.1",
      "10.0.0.0/8,                  10.0.0.0/8",
      "192.168.1.0/24,              192.168.1.0/24",
      "fd00::/8,                    fd00::/8",
      "'[::1]',                     '[::1]'",
      "'[::1]:5000',                '[::1]:5000'",
      "'[FD00::1]:5000',            '[fd00::1]:5000'",
      // dockerd accepts a bare IPv6 address (net.ParseIP), and daemon.json may hold one
      "fd00::1,                     fd00::1",
      "::1,                         ::1",
    })
    void acceptsHostsHostPortsAndCidrs(String entry, String stored) {
      ProbeSettings settings = ProbeSettings.builder().insecureRegistry(entry).build();

      assertThat(settings.insecureRegistries()).containsExactly(stored);
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "registry.local:99999|registry port must be between 1 and 65535",
          "registry.local:65536|registry port must be between 1 and 65535",
          "registry.local:0|registry port must be between 1 and 65535",
          "registry.local:|':' after the registry host must be followed by a port",
          "registry.local:http|character 'h' is not allowed in a registry port",
          "http://registry.local:5000|drop the scheme 'http://'",
          "https://registry.local|drop the scheme 'https://'",
          "ftp://registry.local|drop the scheme 'ftp://'",
          "registry.local/v2|a path is not allowed",
          "registry.local:5000/team|a path is not allowed",
          "10.0.0.0/33|not a CIDR range: an IP address, '/' and a prefix length that fits it",
          "999.1.1.1/40|not a CIDR range: an IP address, '/' and a prefix length that fits it",
          "10.0.0.0/|not a CIDR range: an IP address, '/' and a prefix length that fits it",
          "[::1|IPv6 address has no closing ']'",
          "[::g]:5000|character 'g' is not allowed in an IPv6 address",
          "[1:2:3:4:5:6:7:8:9]:5000|malformed IPv6 address",
          "[::1]5000|a registry host may only be followed by ':' and a port",
          "[::1]:70000|registry port must be between 1 and 65535",
          "[fe80::1%eth0]:5000|IPv6 zone identifiers ('%') are not allowed in a registry",
          "reg_istry.local|character '_' is not allowed in a registry host name",
          "reg istry.local|whitespace is not allowed in a registry host name",
          "-registry.local|a registry host name label must not start with '-'",
          "registry..local|a registry host name has an empty label",
          "fd00::1:x|not an IPv6 address: write it in brackets",
        })
    void rejectsNamingTheSettingTheValueAndTheProblem(String entry, String problem) {
      InvalidSettingException e = insecureRejects(entry);

      assertThat(e).as(entry).isNotNull();
      assertThat(e.setting()).isEqualTo("insecureRegistry");
      assertThat(e.value()).isEqualTo(entry);
      assertThat(e.reason())
          .startsWith("'" + entry + "' " + INSECURE_FORMS + " (" + problem)
          .endsWith(")");
      assertThat(e.getMessage()).isEqualTo("insecureRegistry: " + e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void rejectsBlank(String entry) {
      assertThat(insecureRejects(entry).getMessage())
          .isEqualTo("insecureRegistry: must not be blank");
    }
  }

  @Nested
  class PlainHttpRegistry {
    @ParameterizedTest
    @CsvSource({
      "127.0.0.1:5000,          127.0.0.1:5000",
      "registry.local:80,       registry.local:80",
      "Registry.Local:443,      registry.local:443",
      "localhost:65535,         localhost:65535",
      "'[::1]:5000',            '[::1]:5000'",
      "' 127.0.0.1:5000 ',      127.0.0.1:5000",
    })
    void acceptsHostAndPort(String entry, String stored) {
      ProbeSettings settings = ProbeSettings.builder().plainHttpRegistry(entry).build();

      assertThat(settings.plainHttpRegistries()).containsExactly(stored);
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "127.0.0.1|the port is missing",
          "registry.local|the port is missing",
          "[::1]|the port is missing",
          "::1|an IPv6 address needs brackets and a port, e.g. [::1]:5000",
          "127.0.0.1:0|registry port must be between 1 and 65535",
          "127.0.0.1:65536|registry port must be between 1 and 65535",
          "[::1]:99999|registry port must be between 1 and 65535",
          "http://127.0.0.1:5000|drop the scheme 'http://'",
          "127.0.0.1:5000/v2|a path is not allowed",
          "10.0.0.0/8|a CIDR range is not allowed here, only one registry",
          "my-registry_1.local:80|character '_' is not allowed in a registry host name",
        })
    void rejectsNamingTheSettingTheValueAndTheProblem(String entry, String problem) {
      InvalidSettingException e = plainRejects(entry);

      assertThat(e).as(entry).isNotNull();
      assertThat(e.setting()).isEqualTo("plainHttpRegistry");
      assertThat(e.value()).isEqualTo(entry);
      assertThat(e.getMessage())
          .isEqualTo("plainHttpRegistry: '" + entry + "' " + PLAIN_FORMS + " (" + problem + ")");
    }
  }

  @Nested
  class Secrets {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "alice:s3cr3t-pw@registry.local:5000",
          "https://alice:s3cr3t-pw@registry.local",
          "alice:s3cr3t-pw@10.0.0.0/8",
        })
    void userInfoNeverReachesTheError(String entry) {
      for (InvalidSettingException e :
          new InvalidSettingException[] {insecureRejects(entry), plainRejects(entry)}) {
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain("s3cr3t", "alice").contains("<redacted>@");
        assertThat(e.value()).doesNotContain("s3cr3t", "alice");
        assertThat(e.reason()).doesNotContain("s3cr3t", "alice");
      }
    }

    @Test
    void aTokenInAQueryNeverReachesTheError() {
      String entry = "https://reg.local:5000/v2/?access_token=SECRETTOKEN123";
      for (InvalidSettingException e :
          new InvalidSettingException[] {insecureRejects(entry), plainRejects(entry)}) {
        assertThat(e.getMessage()).doesNotContain("SECRETTOKEN123").contains("reg.local:5000");
        assertThat(e.value()).doesNotContain("SECRETTOKEN123");
      }
    }

    @Test
    void controlCharactersAreEscapedSoTheErrorStaysOneLine() {
      InvalidSettingException e = insecureRejects("registry.local\n:5000");

      assertThat(e.getMessage()).doesNotContain("\n").contains("registry.local\\u000A:5000");
    }

    @Test
    void aHugeValueIsShortenedInTheError() {
      InvalidSettingException e = insecureRejects("a".repeat(100_000) + ":99999");

      assertThat(e.getMessage().length()).isLessThan(1_000);
    }
  }

  @Nested
  class Properties {
    /** Characters of hosts, ports, CIDRs and URLs, and a few that belong to none of them. */
    private static final String ALPHABET = "ab9Z.-_:[]/@%0 1f";

    @SeededProperty(cases = 1000)
    void anyTextIsAcceptedOrRejectedWithTheTypedError(long seed) {
      String entry = new Gen(seed).string(ALPHABET, 0, 24);

      for (Runnable add :
          new Runnable[] {
            () -> ProbeSettings.builder().insecureRegistry(entry),
            () -> ProbeSettings.builder().plainHttpRegistry(entry)
          }) {
        try {
          add.run();
        } catch (InvalidSettingException e) {
          assertThat(e.getMessage()).startsWith(e.setting() + ": ");
        }
      }
    }

    @SeededProperty(cases = 1000)
    void anAcceptedPlainHttpEntryNamesARegistryThatItMatches(long seed) {
      String entry = new Gen(seed).string(ALPHABET, 0, 24);
      ProbeSettings settings;
      try {
        settings = ProbeSettings.builder().plainHttpRegistry(entry).build();
      } catch (InvalidSettingException e) {
        return;
      }
      String registry = settings.plainHttpRegistries().get(0);

      assertThatCode(() -> ProbeSettings.builder().insecureRegistry(entry))
          .as("a plain-HTTP entry is an insecure-registry entry too")
          .doesNotThrowAnyException();
      assertThat(settings.plainHttpPort(registry)).as(entry).isPresent();
      if (registry.indexOf('.') >= 0 || registry.indexOf(':') >= 0) {
        assertThatCode(() -> ImageReference.parse(registry + "/app:1.0"))
            .as(entry)
            .doesNotThrowAnyException();
      }
    }

    @SeededProperty(cases = 1000)
    void generatedHostPortsAreAcceptedByBoth(long seed) {
      Gen gen = new Gen(seed);
      String host =
          gen.oneOf(
              () -> String.join(".", gen.list(1, 4, () -> gen.string("abcxyz019", 1, 6))),
              () -> gen.between(0, 255) + "." + gen.between(0, 255) + ".0." + gen.between(1, 9),
              () -> "[" + gen.pick("::1", "fd00::1", "2001:db8::5", "1:2:3:4:5:6:7:8") + "]");
      int port = gen.between(1, 65535);

      String entry = host + ":" + port;

      assertThatCode(() -> ProbeSettings.builder().plainHttpRegistry(entry).insecureRegistry(entry))
          .as(entry)
          .doesNotThrowAnyException();
    }
  }
}
