package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.ConfigException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DaemonConfigTest {

  @Nested
  class Mirrors {

    @Test
    void normalisesAndDeduplicatesMirrors() {
      DaemonConfig config =
          DaemonConfig.parse(
              "{\"registry-mirrors\": ["
                  + "\"https://mirror.example.com\", \"https://mirror.example.com/\","
                  + " \"http://10.0.0.5:5000/\", \"https://mirror.example.com/base//\"],"
                  + " \"log-driver\": \"json-file\", \"features\": {\"buildkit\": true}}",
              "daemon.json");

      assertThat(config.registryMirrors())
          .containsExactly(
              URI.create("https://mirror.example.com/"),
              URI.create("http://10.0.0.5:5000/"),
              URI.create("https://mirror.example.com/base//"));
    }

    @Test
    void mirrorsApplyToDockerHubOnly() {
      DaemonConfig config =
          DaemonConfig.parse(
              "{\"registry-mirrors\": [\"https://mirror.example.com\"]}", "daemon.json");

      assertThat(config.mirrorsFor("docker.io"))
          .containsExactly(URI.create("https://mirror.example.com/"));
      assertThat(config.mirrorsFor("index.docker.io")).hasSize(1);
      assertThat(config.mirrorsFor("registry.example.com")).isEmpty();
      assertThat(config.mirrorsFor("registry-1.docker.io")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            mirror.example.com                      | no scheme specified for the mirror
            mirror.example.com:5000                 | no scheme specified for the mirror
            ://mirror.example.com                   | no scheme specified for the mirror
            ftp://mirror.example.com                | unsupported scheme "ftp"
            https://mirror.example.com/?x=1         | query or fragment not allowed
            https://mirror.example.com/#top         | query or fragment not allowed
            https://user:pw@mirror.example.com      | username/password not allowed in a mirror URI
            https://mirror example.com              | mirror is not a valid URI
            """)
    void rejectsInvalidMirror(String mirror, String reason) {
      assertThatThrownBy(
              () ->
                  DaemonConfig.parse(
                      "{\"registry-mirrors\": [\"https://ok.example.com\", \"" + mirror + "\"]}",
                      "/etc/docker/daemon.json"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.source()).isEqualTo("/etc/docker/daemon.json");
                assertThat(e.pointer()).isEqualTo("/registry-mirrors/1");
                assertThat(e.reason()).startsWith(reason);
              })
          .hasMessageNotContaining(":pw@");
    }
  }

  @Nested
  class Insecure {

    static final DaemonConfig CONFIG =
        DaemonConfig.parse(
            "{\"insecure-registries\": ["
                + "\"registry.example.com:5000\", \"http://plain.example.com\", \"10.0.0.0/8\","
                + " \"fd00::/8\", \"192.168.1.7\", \"docker.io\"]}",
            "daemon.json");

    @Test
    void parsesHostsAndCidrs() {
      assertThat(CONFIG.insecureRegistries())
          .containsExactly(
              "registry.example.com:5000", "plain.example.com", "192.168.1.7", "docker.io");
      assertThat(CONFIG.insecureCidrs())
          .extracting(Cidr::toString)
          .containsExactly("10.0.0.0/8", "fd00::/8");
    }

    @ParameterizedTest(name = "{0} resolved {1} -> {2}")
    @CsvSource(
        delimiter = '|',
        nullValues = "null",
        textBlock =
            """
            registry.example.com:5000   | null          | true
            registry.example.com        | null          | false
            registry.example.com:5001   | null          | false
            plain.example.com           | null          | true
            10.1.2.3:5000               | null          | true
            10.1.2.3                    | null          | true
            11.1.2.3                    | null          | false
            private.example.com         | 10.20.30.40   | true
            private.example.com         | 8.8.8.8       | false
            private.example.com         | null          | false
            [fd00::1]:5000              | null          | true
            192.168.1.7                 | null          | true
            192.168.1.7:5000            | null          | false
            127.0.0.1:5000              | null          | true
            localhost:5000              | 127.0.0.1     | true
            localhost:5000              | null          | false
            [::1]:5000                  | null          | true
            docker.io                   | null          | false
            """)
    void decidesAsDockerd(String hostPort, String resolved, boolean insecure) throws Exception {
      InetAddress address = resolved == null ? null : InetAddress.getByName(resolved);

      assertThat(CONFIG.isInsecure(hostPort, address)).isEqualTo(insecure);
    }

    @Test
    void loopbackIsInsecureEvenWithoutConfig() {
      assertThat(DaemonConfig.defaults().isInsecure("127.0.0.53:5000", null)).isTrue();
      assertThat(DaemonConfig.defaults().isInsecure("registry.example.com", null)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            -registry.example.com       | cannot begin or end with a hyphen
            registry.example.com-       | cannot begin or end with a hyphen
            ftp://registry.example.com  | an insecure registry must not contain '://'
            registry.example.com:abc    | insecure registry is not valid: invalid host
            registry.example.com:99999  | insecure registry is not valid: invalid port
            reg_istry.example.com       | insecure registry is not valid: invalid host
            10.0.0.0/33                 | insecure registry is not valid: invalid host
            """)
    void rejectsInvalidEntry(String entry, String reason) {
      assertThatThrownBy(
              () ->
                  DaemonConfig.parse(
                      "{\"insecure-registries\": [\"" + entry + "\"]}", "daemon.json"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.pointer()).isEqualTo("/insecure-registries/0");
                assertThat(e.reason()).contains(reason);
              });
    }
  }

  @Nested
  class Documents {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
"""
registry-mirrors is a string  | {"registry-mirrors": "https://m.example.com"} | /registry-mirrors       | expected an array of strings but found a string
element is a number           | {"insecure-registries": [5000]}               | /insecure-registries/0  | expected a string but found a number
top level is an array         | []                                            | ''                      | expected an object but found an array
invalid JSON                  | {"registry-mirrors": [}                       | ''                      | invalid JSON at line 1, column 23
trailing content              | {} {}                                         | ''                      | invalid JSON at line 1
""")
    void rejectsDocument(String name, String json, String pointer, String reason) {
      assertThatThrownBy(() -> DaemonConfig.parse(json, "daemon.json"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.pointer()).isEqualTo(pointer);
                assertThat(e.reason()).startsWith(reason);
              });
    }

    @Test
    void blankDocumentMeansDefaults() {
      DaemonConfig config = DaemonConfig.parse(" \n", "daemon.json");

      assertThat(config.registryMirrors()).isEmpty();
      assertThat(config.insecureRegistries()).isEmpty();
    }

    @Test
    void readsUtf16WithByteOrderMarkAsDockerdDoes(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("daemon.json");
      byte[] text =
          "{\"registry-mirrors\": [\"https://mirror.example.com\"]}"
              .getBytes(StandardCharsets.UTF_16LE);
      byte[] bytes = new byte[text.length + 2];
      bytes[0] = (byte) 0xFF;
      bytes[1] = (byte) 0xFE;
      System.arraycopy(text, 0, bytes, 2, text.length);
      Files.write(file, bytes);

      assertThat(DaemonConfig.read(file).registryMirrors())
          .containsExactly(URI.create("https://mirror.example.com/"));
    }

    @Test
    void readsUtf8WithByteOrderMark(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("daemon.json");
      Files.writeString(file, "\uFEFF{\"insecure-registries\": [\"10.0.0.0/8\"]}");

      assertThat(DaemonConfig.read(file).insecureCidrs()).hasSize(1);
    }

    @Test
    void missingFileMeansDefaults(@TempDir Path dir) {
      DaemonConfig config = DaemonConfig.readOrDefaults(dir.resolve("daemon.json"));

      assertThat(config).isEqualTo(DaemonConfig.defaults());
      assertThatThrownBy(() -> DaemonConfig.read(dir.resolve("daemon.json")))
          .isInstanceOf(ConfigException.class)
          .hasMessageEndingWith("file does not exist");
    }

    @Test
    void loopbackRangesAreDockersDefaults() {
      assertThat(DaemonConfig.LOOPBACK)
          .extracting(Cidr::toString)
          .isEqualTo(List.of("127.0.0.0/8", "::1/128"));
    }
  }
}
