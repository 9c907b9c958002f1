package dev.regdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every parser either succeeds or throws {@link ConfigException}; valid documents round-trip. */
class ParserPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> KEYS =
      List.of(
          "auths",
          "Auths",
          "credsStore",
          "credHelpers",
          "auth",
          "username",
          "password",
          "identitytoken",
          "registrytoken",
          "email",
          "proxies",
          "httpProxy",
          "psFormat",
          "plugins",
          "kind",
          "Secret",
          "List",
          "items",
          "metadata",
          "name",
          "namespace",
          "type",
          "data",
          "stringData",
          ".dockerconfigjson",
          ".dockercfg",
          "kubernetes.io/dockerconfigjson",
          "registry.example.com",
          "https://index.docker.io/v1/",
          "HttpHeaders");

  // ---- arbitrary input never escapes as anything but ConfigException ----

  @SeededProperty(cases = 400)
  void dockerConfigParseThrowsOnlyConfigException(long seed) {
    String text = document(new Gen(seed));
    parseQuietly(() -> DockerConfig.parse(text, "p"));
    parseQuietly(() -> DockerConfig.parseLegacy(text, "p"));
    parseQuietly(() -> DockerConfig.parseAuthConfigVariable(text));
  }

  @SeededProperty(cases = 400)
  void kubernetesParseThrowsOnlyConfigException(long seed) {
    String text = document(new Gen(seed));
    parseQuietly(() -> KubernetesSecrets.parse(text, "p"));
  }

  @SeededProperty(cases = 300)
  void secretParseHandlesArbitraryEmbeddedConfigs(long seed) {
    JsonNode config = node(new Gen(seed), 4);
    String secret =
        "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},"
            + "\"type\":\"kubernetes.io/dockerconfigjson\",\"data\":{\".dockerconfigjson\":\""
            + Base64.getEncoder().encodeToString(config.toString().getBytes(StandardCharsets.UTF_8))
            + "\"}}";
    parseQuietly(() -> KubernetesSecrets.parse(secret, "p"));
  }

  @SeededProperty(cases = 500)
  void kubeletMatchingNeverThrows(long seed) {
    Gen gen = new Gen(seed);
    String key = key(gen);
    String image = key(gen);
    KubernetesSecrets.kubeletMatches(key, image);
    KubeletKeyring.nearMiss(KubeletKeyring.normalizeKey(key), image);
    DockerKeys.nearMiss(key, image, true);
    DockerKeys.convertToHostname(key);
  }

  @SeededProperty(cases = 500)
  void globNeverThrows(long seed) {
    Gen gen = new Gen(seed);
    String pattern = key(gen);
    String name = key(gen);
    GoGlob.matches(pattern, name);
  }

  @SeededProperty(cases = 300)
  void tokenExpiryNeverThrows(long seed) {
    String value = new Gen(seed).anyString(255);
    TokenExpiry.expiry(value);
  }

  private static void parseQuietly(Runnable parse) {
    try {
      parse.run();
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith(e.source() + ": ");
    }
  }

  // ---- valid documents round-trip ----

  /** One generated {@code auths} entry. */
  record Login(String host, String username, String password) {}

  @SeededProperty(cases = 200)
  void dockerConfigRoundTripsEntries(long seed) throws Exception {
    List<Login> logins = logins(new Gen(seed));
    ObjectNode auths = NODES.objectNode();
    for (Login login : logins) {
      auths.putObject(login.host()).put("auth", b64(login.username() + ":" + login.password()));
    }
    ObjectNode root = NODES.objectNode();
    root.set("auths", auths);
    root.put("credsStore", "desktop");

    DockerConfig config = DockerConfig.parse(JSON.writeValueAsString(root), "p");

    assertThat(config.auths()).hasSize(logins.size());
    for (int i = 0; i < logins.size(); i++) {
      DockerConfig.AuthEntry entry = config.auths().get(i);
      assertThat(entry.key()).isEqualTo(logins.get(i).host());
      assertThat(entry.username()).isEqualTo(logins.get(i).username());
      assertThat(entry.password().reveal()).isEqualTo(logins.get(i).password());
    }
    assertThat(config.credsStore()).isEqualTo("desktop");
  }

  @SeededProperty(cases = 200)
  void kubernetesSecretRoundTripsEntries(long seed) throws Exception {
    Gen gen = new Gen(seed);
    List<Login> logins = logins(gen);
    boolean asYaml = gen.bool();
    ObjectNode auths = NODES.objectNode();
    for (Login login : logins) {
      auths
          .putObject(login.host())
          .put("username", login.username())
          .put("password", login.password())
          .put("auth", b64(login.username() + ":" + login.password()));
    }
    ObjectNode config = NODES.objectNode();
    config.set("auths", auths);
    ObjectNode secret = NODES.objectNode();
    secret
        .put("apiVersion", "v1")
        .put("kind", "Secret")
        .put("type", PullSecret.TYPE_DOCKER_CONFIG_JSON);
    secret.putObject("metadata").put("name", "s").put("namespace", "shop");
    secret.putObject("data").put(".dockerconfigjson", b64(JSON.writeValueAsString(config)));
    String text = asYaml ? YAML.writeValueAsString(secret) : JSON.writeValueAsString(secret);

    PullSecret parsed = KubernetesSecrets.parse(text, "p").get(0);

    assertThat(parsed.status()).isEqualTo(PullSecret.Status.USABLE);
    assertThat(parsed.entries()).hasSize(logins.size());
    for (int i = 0; i < logins.size(); i++) {
      PullSecret.Entry entry = parsed.entries().get(i);
      Login login = logins.get(i);
      assertThat(entry.key()).isEqualTo(login.host());
      assertThat(entry.username()).isEqualTo(login.username());
      assertThat(entry.password().reveal()).isEqualTo(login.password());
      assertThat(parsed.match(login.host(), "team/app")).isPresent();
    }
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  // ---- generators ----

  private static List<Login> logins(Gen gen) {
    List<Login> logins = new ArrayList<>();
    Set<String> hosts = new HashSet<>();
    int size = gen.between(0, 5);
    for (int i = 0; i < size; i++) {
      int port = gen.between(0, 3);
      String host =
          gen.string(Gen.LOWER, 1, 8)
              + "."
              + gen.string(Gen.LOWER, 1, 8)
              + ".example.com"
              + (port == 0 ? "" : ":" + (5000 + port));
      String username = gen.filtered(() -> gen.string('!', '~', 1, 16), u -> u.indexOf(':') < 0);
      String password =
          gen.filtered(() -> gen.string(' ', '\uD7FF', 1, 24), p -> p.indexOf('\0') < 0);
      if (hosts.add(host)) {
        logins.add(new Login(host, username, password));
      }
    }
    return logins;
  }

  private static String key(Gen gen) {
    return gen.oneOf(
        () -> gen.anyString(40),
        () -> gen.string("abc.:/[]^-*?\\%@#?ABC019 ", 0, 30),
        () ->
            gen.pick(
                "https://index.docker.io/v1/",
                "docker.io/library/nginx",
                "[::1]:5000/x",
                "*.example.com",
                "registry.example.com:5000/team/app",
                "http://",
                "https://",
                ":",
                "/",
                "[",
                "]:",
                "a%zz",
                "%25"));
  }

  private static String document(Gen gen) {
    switch (gen.between(0, 4)) {
      case 0:
        return gen.anyString(80);
      case 1:
        return node(gen, 4).toString();
      case 2:
        String text = node(gen, 4).toString();
        return text.substring(0, Math.min(gen.between(0, 200), text.length()));
      case 3:
        try {
          return YAML.writeValueAsString(node(gen, 4));
        } catch (Exception e) {
          return "";
        }
      default:
        return gen.string("{}[]:,\"'\\-#&*! \n\tab01", 0, 60);
    }
  }

  private static JsonNode node(Gen gen, int depth) {
    if (depth == 0) {
      return leaf(gen);
    }
    int kind = gen.between(0, 6);
    if (kind < 3) {
      return leaf(gen);
    }
    if (kind < 6) {
      ObjectNode object = NODES.objectNode();
      int size = gen.between(0, 4);
      for (int i = 0; i < size; i++) {
        String name = gen.bool() ? gen.pick(KEYS) : gen.anyString(8);
        object.set(name, node(gen, depth - 1));
      }
      return object;
    }
    ArrayNode array = NODES.arrayNode();
    int size = gen.between(0, 3);
    for (int i = 0; i < size; i++) {
      array.add(node(gen, depth - 1));
    }
    return array;
  }

  private static JsonNode leaf(Gen gen) {
    switch (gen.between(0, 5)) {
      case 0:
        return NODES.textNode(gen.anyString(12));
      case 1:
        return NODES.textNode(b64(gen.anyString(12)));
      case 2:
        return NODES.textNode(gen.pick(KEYS));
      case 3:
        return NODES.numberNode(gen.anyInt());
      case 4:
        return NODES.booleanNode(gen.bool());
      default:
        return NODES.nullNode();
    }
  }
}
