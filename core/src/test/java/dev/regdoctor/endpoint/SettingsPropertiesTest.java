package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.internal.http.IpLiterals;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Settings parsers either succeed or throw {@link ConfigException}; valid input round-trips. */
class SettingsPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 400)
  void daemonConfigThrowsOnlyConfigException(@ForAll("daemonDocuments") String text) {
    try {
      DaemonConfig config = DaemonConfig.parse(text, "daemon.json");
      config.isInsecure("registry.example.com:5000", null);
      config.mirrorsFor("docker.io");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith("daemon.json: ");
    }
  }

  @Property(tries = 400)
  void proxySettingsNeverThrow(
      @ForAll("environments") Map<String, String> environment,
      @ForAll("hosts") String host,
      @ForAll int port) {
    ProxySettings settings = ProxySettings.fromEnvironment(environment);
    settings.proxyFor("https", host, port);
    settings.proxyFor("http", host, port);
    assertThat(settings.description()).isNotNull();
  }

  @Property(tries = 300)
  void cidrParsingNeverThrows(@ForAll("hosts") String text) {
    Cidr.parse(text);
    IpLiterals.parse(text);
  }

  @Property(tries = 200)
  void mirrorsRoundTrip(@ForAll("mirrors") List<String> mirrors) throws Exception {
    String json = JSON.writeValueAsString(Map.of("registry-mirrors", mirrors));

    DaemonConfig config = DaemonConfig.parse(json, "daemon.json");

    assertThat(config.registryMirrors())
        .containsExactlyElementsOf(
            mirrors.stream()
                .map(m -> URI.create(m.endsWith("/") ? m : m + "/"))
                .distinct()
                .toList());
  }

  @Property(tries = 200)
  void insecureEntriesRoundTrip(@ForAll("insecureHosts") List<String> hosts) throws Exception {
    String json = JSON.writeValueAsString(Map.of("insecure-registries", hosts));

    DaemonConfig config = DaemonConfig.parse(json, "daemon.json");

    assertThat(config.insecureRegistries())
        .containsExactlyElementsOf(hosts.stream().distinct().toList());
    for (String host : hosts) {
      assertThat(config.isInsecure(host, null)).isEqualTo(!host.equals("docker.io"));
    }
  }

  @Provide
  Arbitrary<String> daemonDocuments() {
    Arbitrary<String> entry =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30),
            Arbitraries.of(
                "https://m.example.com",
                "10.0.0.0/8",
                "r.example.com:5000",
                "::1",
                "http://x",
                "[::1]:5000",
                "-x",
                "a:b:c"));
    Arbitrary<String> valid =
        Combinators.combine(entry.list().ofMaxSize(3), entry.list().ofMaxSize(3))
            .as(
                (mirrors, insecure) -> {
                  try {
                    return JSON.writeValueAsString(
                        Map.of("registry-mirrors", mirrors, "insecure-registries", insecure));
                  } catch (Exception e) {
                    return "{}";
                  }
                });
    return Arbitraries.oneOf(
        valid,
        Arbitraries.strings().ofMaxLength(60),
        Arbitraries.strings().withChars("{}[]:,\"registry-mirrors 0").ofMaxLength(50));
  }

  @Provide
  Arbitrary<Map<String, String>> environments() {
    Arbitrary<String> name =
        Arbitraries.of(
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "NO_PROXY",
            "no_proxy",
            "REQUEST_METHOD");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.strings().withChars("abc.:/@[]*,%0123 -").ofMaxLength(30),
            Arbitraries.of(
                "http://u:p@proxy.example.com:3128",
                "proxy:3128",
                "socks5://p:1080",
                "*",
                ".example.com,10.0.0.0/8,[::1]:5000",
                "http://[::1",
                "https://:0"));
    return Arbitraries.maps(name, value).ofMaxSize(5).map(HashMap::new);
  }

  @Provide
  Arbitrary<String> hosts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().withChars("0123456789abcdef:.[]/%").ofMaxLength(40),
        Arbitraries.of(
            "localhost",
            "::1",
            "[::1]",
            "10.0.0.1",
            "registry.example.com",
            "",
            "fe80::1%eth0",
            "1.2.3.4/33",
            "::ffff:1.2.3.4/104"));
  }

  @Provide
  Arbitrary<List<String>> mirrors() {
    Arbitrary<String> label =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    return Combinators.combine(
            Arbitraries.of("http", "https"),
            label,
            Arbitraries.integers().between(0, 65535),
            Arbitraries.of("", "/", "/base", "/a/b//"))
        .as(
            (scheme, host, port, path) ->
                scheme + "://" + host + ".example.com" + (port == 0 ? "" : ":" + port) + path)
        .list()
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<String>> insecureHosts() {
    Arbitrary<String> label =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    return Combinators.combine(label, Arbitraries.integers().between(0, 65535))
        .as((host, port) -> host + ".example.com" + (port == 0 ? "" : ":" + port))
        .list()
        .ofMaxSize(4);
  }
}
