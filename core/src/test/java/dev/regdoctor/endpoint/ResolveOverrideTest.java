package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.internal.http.IpLiterals;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.net.InetAddress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResolveOverrideTest {

  @Nested
  class Parse {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "registry.example.com:443:127.0.0.1 | registry.example.com | 443   | 127.0.0.1",
          "Registry.Test:5000:10.0.0.7        | registry.test        | 5000  | 10.0.0.7",
          "registry.test:*:127.0.0.1          | registry.test        | 0     | 127.0.0.1",
          "registry.test:443:[::1]            | registry.test        | 443   | ::1",
          "registry.test:443:::1              | registry.test        | 443   | ::1",
          "registry.test:65535:fd00::1:2      | registry.test        | 65535 | fd00::1:2",
          "registry.test:80:::ffff:127.0.0.1  | registry.test        | 80    | ::ffff:127.0.0.1",
          "localhost:0:255.255.255.255        | localhost            | 0     | 255.255.255.255"
        })
    void parsesHostPortAndAddress(String text, String host, int port, String address) {
      ResolveOverride override = ResolveOverride.parse(text);

      assertThat(override).isEqualTo(new ResolveOverride(host, port, address));
    }

    @Test
    void addressIsUsedWithoutAnyLookup() throws Exception {
      assertThat(ResolveOverride.parse("registry.test:443:127.0.0.1").inetAddress())
          .isEqualTo(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
      assertThat(ResolveOverride.parse("registry.test:443:[::1]").inetAddress().isLoopbackAddress())
          .isTrue();
    }

    @Test
    void toStringIsTheCurlForm() {
      assertThat(ResolveOverride.parse("registry.test:*:127.0.0.1"))
          .hasToString("registry.test:*:127.0.0.1");
      assertThat(ResolveOverride.parse("Registry.Test:443:[::1]"))
          .hasToString("registry.test:443:::1");
    }
  }

  @Nested
  class Malformed {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "registry.test",
          "registry.test:443",
          ":443:127.0.0.1",
          "registry.test:https:127.0.0.1",
          "registry.test::127.0.0.1",
          "registry.test:65536:127.0.0.1",
          "registry.test:-1:127.0.0.1",
          "registry.test:443:",
          "registry.test:443:localhost",
          "registry.test:443:registry.example.com",
          "registry.test:443:127.0.0",
          "registry.test:443:127.0.0.256",
          "registry.test:443:1.2.3.4.5",
          "registry.test:443:[127.0.0.1",
          "registry.test:443:1:2",
          "registry.test:443:::::",
          "registry.test:443:1::2::3",
          "registry.test:443:12345::1",
          "registry.test:443:1:2:3:4:5:6:7:8:9",
          "registry.test:443:.:",
          "registry.test:443:::1.2.3",
          "registry.test:443:fe80::1%eth0"
        })
    void malformedTextIsRejectedNamingTheValue(String text) {
      assertThatThrownBy(() -> ResolveOverride.parse(text))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageSaysWhatIsWrongWithoutACommandLineFlag() {
      assertThatThrownBy(() -> ResolveOverride.parse("registry.test"))
          .hasMessage("two colons are needed, as in HOST:PORT:ADDRESS");
      assertThatThrownBy(() -> ResolveOverride.parse("registry.test:443:localhost"))
          .hasMessage("the address must be an IP address but was localhost");
      assertThatThrownBy(() -> ResolveOverride.parse("registry.test:x:127.0.0.1"))
          .hasMessage("the port must be a number or * but was \"x\"");
    }
  }

  @Nested
  class IpLiteral {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "0.0.0.0",
          "127.0.0.1",
          "255.255.255.255",
          "::",
          "::1",
          "1::",
          "fd00::1",
          "2001:db8:0:0:0:0:0:1",
          "2001:DB8::A",
          "::ffff:10.0.0.1",
          "64:ff9b::192.0.2.33",
          "1:2:3:4:5:6:7::",
          "::2:3:4:5:6:7:8",
          "1:2:3:4:5:6:1.2.3.4"
        })
    void acceptsAddresses(String address) {
      assertThat(IpLiterals.isIpLiteral(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "localhost",
          "a.b.c.d",
          "1.2.3",
          "01.2.3.4x",
          "256.0.0.1",
          "1:2",
          ":::",
          "1:::2",
          "::1::",
          "1:2:3:4:5:6:7:8:9",
          "12345::",
          "g::1",
          "1.2.3.4::",
          "::1.2.3",
          ":1::",
          "1::2:",
          ".:",
          "[::1]",
          "1:2:3:4:5:6:7:1.2.3.4",
          "\u0661\u0662\u0667.0.0.1",
          "\uff11::1"
        })
    void rejectsEverythingElse(String address) {
      // Non-ASCII digits included: InetAddress.getByName would send those to DNS as a host name.
      assertThat(IpLiterals.isIpLiteral(address)).isFalse();
    }
  }

  // ---- properties -----------------------------------------------------------------------------

  @SeededProperty(cases = 1000)
  void toStringParsesBackToAnEqualOverride(long seed) {
    ResolveOverride override = override(new Gen(seed));
    assertThat(ResolveOverride.parse(override.toString())).isEqualTo(override);
  }

  @SeededProperty(cases = 1000)
  void anyTextParsesToAUsableOverrideOrIsRejected(long seed) {
    Gen gen = new Gen(seed);
    String part = "0123456789abcdefg:.*[]%-";
    String text =
        gen.pick("registry.test", "", "h")
            + ":"
            + gen.string(part, 0, 12)
            + ":"
            + gen.string(part, 0, 12);
    ResolveOverride override;
    try {
      override = ResolveOverride.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    // A value that was accepted must give an address without any name lookup.
    assertThat(override.inetAddress()).isNotNull();
  }

  private static ResolveOverride override(Gen gen) {
    String host = gen.string(Gen.LOWER + ".-0123456789", 1, 20);
    int port = gen.between(0, 65535);
    String address;
    switch (gen.between(0, 2)) {
      case 0:
        address = String.join(".", gen.list(4, 4, () -> String.valueOf(gen.between(0, 255))));
        break;
      case 1:
        address =
            String.join(":", gen.list(8, 8, () -> Integer.toHexString(gen.between(0, 0xffff))));
        break;
      default:
        address = gen.pick("::1", "::", "fd00::5", "::ffff:127.0.0.1");
    }
    return new ResolveOverride(host, port, address);
  }
}
