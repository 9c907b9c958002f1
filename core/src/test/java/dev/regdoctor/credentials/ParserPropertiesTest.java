package dev.regdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

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

  @Property(tries = 400)
  void dockerConfigParseThrowsOnlyConfigException(@ForAll("documents") String text) {
    parseQuietly(() -> DockerConfig.parse(text, "p"));
    parseQuietly(() -> DockerConfig.parseLegacy(text, "p"));
    parseQuietly(() -> DockerConfig.parseAuthConfigVariable(text));
  }

  @Property(tries = 400)
  void kubernetesParseThrowsOnlyConfigException(@ForAll("documents") String text) {
    parseQuietly(() -> KubernetesSecrets.parse(text, "p"));
  }

  @Property(tries = 300)
  void secretParseHandlesArbitraryEmbeddedConfigs(@ForAll("jsonNodes") JsonNode config) {
    String secret =
        "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},"
            + "\"type\":\"kubernetes.io/dockerconfigjson\",\"data\":{\".dockerconfigjson\":\""
            + Base64.getEncoder().encodeToString(config.toString().getBytes(StandardCharsets.UTF_8))
            + "\"}}";
    parseQuietly(() -> KubernetesSecrets.parse(secret, "p"));
  }

  @Property(tries = 500)
  void kubeletMatchingNeverThrows(@ForAll("keys") String key, @ForAll("keys") String image) {
    KubernetesSecrets.kubeletMatches(key, image);
    KubeletKeyring.nearMiss(KubeletKeyring.normalizeKey(key), image);
    DockerKeys.nearMiss(key, image, true);
    DockerKeys.convertToHostname(key);
  }

  @Property(tries = 500)
  void globNeverThrows(@ForAll("keys") String pattern, @ForAll("keys") String name) {
    GoGlob.matches(pattern, name);
  }

  @Property(tries = 300)
  void tokenExpiryNeverThrows(@ForAll String value) {
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

  @Property(tries = 200)
  void dockerConfigRoundTripsEntries(@ForAll("logins") List<Login> logins) throws Exception {
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

  @Property(tries = 200)
  void kubernetesSecretRoundTripsEntries(
      @ForAll("logins") List<Login> logins, @ForAll boolean asYaml) throws Exception {
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

  @Provide
  Arbitrary<List<Login>> logins() {
    Arbitrary<String> label =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> host =
        Combinators.combine(label, label, Arbitraries.integers().between(0, 3))
            .as(
                (a, b, port) ->
                    a + "." + b + ".example.com" + (port == 0 ? "" : ":" + (5000 + port)));
    Arbitrary<String> username =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .ofMinLength(1)
            .ofMaxLength(16)
            .filter(u -> u.indexOf(':') < 0);
    Arbitrary<String> password =
        Arbitraries.strings()
            .withCharRange(' ', '\uD7FF')
            .ofMinLength(1)
            .ofMaxLength(24)
            .filter(p -> p.indexOf('\0') < 0);
    return Combinators.combine(host, username, password)
        .as(Login::new)
        .list()
        .ofMaxSize(5)
        .uniqueElements(Login::host);
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("abc.:/[]^-*?\\%@#?ABC019 ").ofMaxLength(30),
        Arbitraries.of(
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

  @Provide
  Arbitrary<String> documents() {
    Arbitrary<String> fromTrees = jsonNodes().map(JsonNode::toString);
    Arbitrary<String> truncated =
        Combinators.combine(fromTrees, Arbitraries.integers().between(0, 200))
            .as((text, cut) -> text.substring(0, Math.min(cut, text.length())));
    Arbitrary<String> yaml =
        jsonNodes()
            .map(
                node -> {
                  try {
                    return YAML.writeValueAsString(node);
                  } catch (Exception e) {
                    return "";
                  }
                });
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        fromTrees,
        truncated,
        yaml,
        Arbitraries.strings().withChars("{}[]:,\"'\\-#&*! \n\tab01").ofMaxLength(60));
  }

  @Provide
  Arbitrary<JsonNode> jsonNodes() {
    return node(4);
  }

  private Arbitrary<JsonNode> node(int depth) {
    Arbitrary<JsonNode> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
            Arbitraries.strings().ofMaxLength(12).map(s -> NODES.textNode(b64(s))),
            Arbitraries.of(KEYS).map(NODES::textNode),
            Arbitraries.integers().map(NODES::numberNode),
            Arbitraries.of(true, false).map(NODES::booleanNode),
            Arbitraries.just(NODES.nullNode()));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<String> memberName =
        Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().ofMaxLength(8));
    Arbitrary<JsonNode> object =
        Arbitraries.maps(memberName, node(depth - 1))
            .ofMaxSize(4)
            .map(
                members -> {
                  ObjectNode objectNode = NODES.objectNode();
                  members.forEach(objectNode::set);
                  return objectNode;
                });
    Arbitrary<JsonNode> array =
        node(depth - 1)
            .list()
            .ofMaxSize(3)
            .map(
                elements -> {
                  ArrayNode arrayNode = NODES.arrayNode();
                  elements.forEach(arrayNode::add);
                  return arrayNode;
                });
    return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(3, object), Tuple.of(1, array));
  }
}
