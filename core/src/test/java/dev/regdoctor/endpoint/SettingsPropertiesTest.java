package dev.regdoctor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.internal.http.IpLiterals;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Settings parsers either succeed or throw {@link ConfigException}; valid input round-trips. */
class SettingsPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @SeededProperty(cases = 400)
  void daemonConfigThrowsOnlyConfigException(long seed) {
    String text = daemonDocument(new Gen(seed));
    try {
      DaemonConfig config = DaemonConfig.parse(text, "daemon.json");
      config.isInsecure("registry.example.com:5000", null);
      config.mirrorsFor("docker.io");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith("daemon.json: ");
    }
  }

  @SeededProperty(cases = 400)
  void proxySettingsNeverThrow(long seed) {
    Gen gen = new Gen(seed);
    Map<String, String> environment = environment(gen);
    String host = host(gen);
    int port = gen.anyInt();
    ProxySettings settings = ProxySettings.fromEnvironment(environment);
    settings.proxyFor("https", host, port);
    settings.proxyFor("http", host, port);
    assertThat(settings.description()).isNotNull();
  }

  @SeededProperty(cases = 300)
  void cidrParsingNeverThrows(long seed) {
    String text = host(new Gen(seed));
    Cidr.parse(text);
    IpLiterals.parse(text);
  }

  @SeededProperty(cases = 200)
  void mirrorsRoundTrip(long seed) throws Exception {
    List<String> mirrors = mirrors(new Gen(seed));
    String json = JSON.writeValueAsString(Map.of("registry-mirrors", mirrors));

    DaemonConfig config = DaemonConfig.parse(json, "daemon.json");

    assertThat(config.registryMirrors())
        .containsExactlyElementsOf(
            mirrors.stream()
                .map(m -> URI.create(m.endsWith("/") ? m : m + "/"))
                .distinct()
                .toList());
  }

  @SeededProperty(cases = 200)
  void insecureEntriesRoundTrip(long seed) throws Exception {
    Gen gen = new Gen(seed);
    List<String> hosts =
        gen.list(
            0,
            4,
            () -> {
              int port = gen.between(0, 65535);
              return gen.string(Gen.LOWER, 1, 8) + ".example.com" + (port == 0 ? "" : ":" + port);
            });
    String json = JSON.writeValueAsString(Map.of("insecure-registries", hosts));

    DaemonConfig config = DaemonConfig.parse(json, "daemon.json");

    assertThat(config.insecureRegistries())
        .containsExactlyElementsOf(hosts.stream().distinct().toList());
    for (String host : hosts) {
      assertThat(config.isInsecure(host, null)).isEqualTo(!host.equals("docker.io"));
    }
  }

  private static String daemonDocument(Gen gen) {
    Supplier<String> entry =
        () ->
            gen.bool()
                ? gen.anyString(30)
                : gen.pick(
                    "https://m.example.com",
                    "10.0.0.0/8",
                    "r.example.com:5000",
                    "::1",
                    "http://x",
                    "[::1]:5000",
                    "-x",
                    "a:b:c");
    switch (gen.between(0, 2)) {
      case 0:
        try {
          return JSON.writeValueAsString(
              Map.of(
                  "registry-mirrors",
                  gen.list(0, 3, entry),
                  "insecure-registries",
                  gen.list(0, 3, entry)));
        } catch (Exception e) {
          return "{}";
        }
      case 1:
        return gen.anyString(60);
      default:
        return gen.string("{}[]:,\"registry-mirrors 0", 0, 50);
    }
  }

  private static Map<String, String> environment(Gen gen) {
    Map<String, String> environment = new HashMap<>();
    int size = gen.between(0, 5);
    for (int i = 0; i < size; i++) {
      String name =
          gen.pick(
              "HTTP_PROXY",
              "http_proxy",
              "HTTPS_PROXY",
              "https_proxy",
              "NO_PROXY",
              "no_proxy",
              "REQUEST_METHOD");
      String value =
          gen.oneOf(
              () -> gen.anyString(40),
              () -> gen.string("abc.:/@[]*,%0123 -", 0, 30),
              () ->
                  gen.pick(
                      "http://u:p@proxy.example.com:3128",
                      "proxy:3128",
                      "socks5://p:1080",
                      "*",
                      ".example.com,10.0.0.0/8,[::1]:5000",
                      "http://[::1",
                      "https://:0"));
      environment.put(name, value);
    }
    return environment;
  }

  private static String host(Gen gen) {
    return gen.oneOf(
        () -> gen.anyString(30),
        () -> gen.string("0123456789abcdef:.[]/%", 0, 40),
        () ->
            gen.pick(
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

  private static List<String> mirrors(Gen gen) {
    return gen.list(
        0,
        4,
        () -> {
          int port = gen.between(0, 65535);
          return gen.pick("http", "https")
              + "://"
              + gen.string(Gen.LOWER, 1, 8)
              + ".example.com"
              + (port == 0 ? "" : ":" + port)
              + gen.pick("", "/", "/base", "/a/b//");
        });
  }
}
