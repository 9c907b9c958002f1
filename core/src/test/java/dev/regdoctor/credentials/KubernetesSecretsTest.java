package dev.regdoctor.credentials;

import static dev.regdoctor.credentials.TestTokens.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubernetesSecretsTest {

  static String secretYaml(String name, String type, String key, String json) {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: "
        + name
        + "\n  namespace: shop\n"
        + "type: "
        + type
        + "\ndata:\n  "
        + key
        + ": "
        + b64(json)
        + "\n";
  }

  static String dockerConfigJson(String name, String json) {
    return secretYaml(name, PullSecret.TYPE_DOCKER_CONFIG_JSON, ".dockerconfigjson", json);
  }

  static String describe(PullSecret.Entry entry) {
    return entry.key()
        + " -> "
        + entry.kubeletKey()
        + " = "
        + entry.credential().map(TestTokens::describe).orElse("none");
  }

  @Nested
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  class GeneratedByKubectl {

    @TempDir Path work;

    @Test
    void parsesDockerRegistrySecretAndMatchesImage() throws Exception {
      String yaml =
          Kubectl.run(
              work,
              "create",
              "secret",
              "docker-registry",
              "my-registry-secret",
              "--docker-server=registry.example.com",
              "--docker-username=u",
              "--docker-password=p",
              "--dry-run=client",
              "-o",
              "yaml",
              "-n",
              "shop");

      List<PullSecret> secrets = KubernetesSecrets.parse(yaml, "secret.yaml");

      assertThat(secrets)
          .singleElement()
          .satisfies(
              secret -> {
                assertThat(secret.label()).isEqualTo("secret shop/my-registry-secret");
                assertThat(secret.type()).isEqualTo(PullSecret.TYPE_DOCKER_CONFIG_JSON);
                assertThat(secret.status()).isEqualTo(PullSecret.Status.USABLE);
                assertThat(secret.problems()).isEmpty();
                assertThat(secret.entries())
                    .extracting(KubernetesSecretsTest::describe)
                    .containsExactly("registry.example.com -> registry.example.com = basic u:p");
                assertThat(secret.match("registry.example.com", "team/app")).isPresent();
                assertThat(secret.match("registry.example.com:5000", "team/app")).isEmpty();
                assertThat(secret.match("docker.io", "library/nginx")).isEmpty();
              });
    }

    @Test
    void dockerHubSecretMatchesThroughIndexFallback() throws Exception {
      String json =
          Kubectl.run(
              work,
              "create",
              "secret",
              "docker-registry",
              "hub",
              "--docker-server=https://index.docker.io/v1/",
              "--docker-username=hubuser",
              "--docker-password=hubpass",
              "--docker-email=hubuser@example.com",
              "--dry-run=client",
              "-o",
              "json");

      List<PullSecret> secrets = KubernetesSecrets.parse(json, "hub.json");
      CredentialLookup lookup =
          KubernetesCredentialResolver.of(secrets).lookup("docker.io", "library/nginx");

      assertThat(secrets)
          .singleElement()
          .satisfies(
              secret -> {
                assertThat(secret.label()).isEqualTo("secret default/hub");
                assertThat(secret.entries())
                    .extracting(KubernetesSecretsTest::describe)
                    .containsExactly(
                        "https://index.docker.io/v1/ -> index.docker.io = basic hubuser:hubpass");
              });
      assertThat(lookup.source()).isEqualTo("secret default/hub");
      assertThat(TestTokens.describe(lookup.found().orElseThrow()))
          .isEqualTo("basic hubuser:hubpass");
    }

    @Test
    void opaqueSecretWithDockerConfigIsIgnored() throws Exception {
      Path file = work.resolve("config.json");
      Files.writeString(
          file, "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("u:p") + "\"}}}\n");
      String yaml =
          Kubectl.run(
              work,
              "create",
              "secret",
              "generic",
              "opaque-secret",
              "--from-file=.dockerconfigjson=" + file,
              "--dry-run=client",
              "-o",
              "yaml",
              "-n",
              "shop");

      PullSecret secret = KubernetesSecrets.parse(yaml, "s.yaml").get(0);

      assertThat(secret.status()).isEqualTo(PullSecret.Status.IGNORED);
      assertThat(secret.type()).isEqualTo("Opaque");
      assertThat(secret.problems())
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.message())
                      .startsWith(
                          "/type: type is Opaque, but the kubelet reads only type"
                              + " kubernetes.io/dockerconfigjson")
                      .endsWith("ignored by the kubelet"));
    }

    @Test
    void typeAndKeyMismatchIsIgnored() throws Exception {
      Path file = work.resolve("config.json");
      Files.writeString(
          file, "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("u:p") + "\"}}}\n");
      String yaml =
          Kubectl.run(
              work,
              "create",
              "secret",
              "generic",
              "mismatch",
              "--type=kubernetes.io/dockerconfigjson",
              "--from-file=.dockercfg=" + file,
              "--dry-run=client",
              "-o",
              "yaml");

      PullSecret secret = KubernetesSecrets.parse(yaml, "s.yaml").get(0);

      assertThat(secret.status()).isEqualTo(PullSecret.Status.IGNORED);
      assertThat(secret.problems())
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.message())
                      .isEqualTo(
                          "/data/.dockerconfigjson: missing: type kubernetes.io/dockerconfigjson"
                              + " needs key .dockerconfigjson; ignored by the kubelet"));
    }
  }

  @Nested
  class Documents {

    @Test
    void readsMultiDocumentYamlListsAndSkipsOtherKinds() {
      String yaml =
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\n"
              + dockerConfigJson(
                  "one", "{\"auths\":{\"a.example.com\":{\"auth\":\"" + b64("a:1") + "\"}}}")
              + "---\n"
              + "apiVersion: v1\nkind: List\nitems:\n"
              + "- apiVersion: v1\n  kind: Secret\n  metadata: {name: two}\n"
              + "  type: kubernetes.io/dockerconfigjson\n"
              + "  stringData:\n    .dockerconfigjson: '{\"auths\":{\"b.example.com\":"
              + "{\"username\":\"b\",\"password\":\"2\"}}}'\n"
              + "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: cm}\n";

      List<PullSecret> secrets = KubernetesSecrets.parse(yaml, "all.yaml");

      assertThat(secrets)
          .extracting(PullSecret::label, PullSecret::source)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("secret shop/one", "all.yaml (document 2)"),
              org.assertj.core.groups.Tuple.tuple("secret default/two", "all.yaml (document 3)"));
      assertThat(secrets.get(1).entries())
          .extracting(KubernetesSecretsTest::describe)
          .containsExactly("b.example.com -> b.example.com = basic b:2");
    }

    @Test
    void readsSecretListJson() {
      String json =
          "{\"kind\": \"SecretList\", \"items\": [{\"kind\": \"Secret\", \"metadata\":"
              + " {\"name\": \"x\", \"namespace\": \"ns\"}, \"type\": \"kubernetes.io/dockercfg\","
              + " \"data\": {\".dockercfg\": \""
              + b64(
                  "{\"registry.example.com\": {\"auth\": \""
                      + b64("u:p")
                      + "\", \"email\": \"e@example.com\"}}")
              + "\"}}]}";

      List<PullSecret> secrets = KubernetesSecrets.parse(json, "list.json");

      assertThat(secrets)
          .singleElement()
          .satisfies(
              secret -> {
                assertThat(secret.status()).isEqualTo(PullSecret.Status.USABLE);
                assertThat(secret.entries())
                    .extracting(KubernetesSecretsTest::describe)
                    .containsExactly("registry.example.com -> registry.example.com = basic u:p");
              });
    }

    @Test
    void stringDataOverridesData() {
      String yaml =
          dockerConfigJson("s", "{\"auths\":{\"old.example.com\":{}}}")
              + "stringData:\n  .dockerconfigjson: '{\"auths\":{\"new.example.com\":"
              + "{\"auth\":\""
              + b64("n:1")
              + "\"}}}'\n";

      PullSecret secret = KubernetesSecrets.parse(yaml, "s.yaml").get(0);

      assertThat(secret.entries())
          .extracting(PullSecret.Entry::key)
          .containsExactly("new.example.com");
    }

    @Test
    void unpaddedAuthIsAcceptedAsByTheKubelet() {
      String unpadded = b64("user:pass1").replace("=", "");
      PullSecret secret =
          KubernetesSecrets.parse(
                  dockerConfigJson(
                      "s", "{\"auths\":{\"r.example.com\":{\"auth\":\"" + unpadded + "\"}}}"),
                  "s.yaml")
              .get(0);

      assertThat(secret.entries())
          .extracting(KubernetesSecretsTest::describe)
          .containsExactly("r.example.com -> r.example.com = basic user:pass1");
    }

    /** Issue 17: an auth value as base64 prints it (wrapped, newline at the end) is decoded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kubeletAuthValues")
    void authIsDecodedByteForByteAsTheKubeletDoes(String name, String auth, String expected) {
      PullSecret secret =
          KubernetesSecrets.parse(
                  dockerConfigJson(
                      "s",
                      "{\"auths\":{\"r.example.com\":{\"auth\":"
                          + com.fasterxml.jackson.databind.node.TextNode.valueOf(auth)
                          + "}}}"),
                  "s.yaml")
              .get(0);

      if (expected == null) {
        assertThat(secret.status()).isEqualTo(PullSecret.Status.INVALID);
      } else {
        assertThat(secret.entries())
            .extracting(KubernetesSecretsTest::describe)
            .containsExactly("r.example.com -> r.example.com = basic " + expected);
      }
    }

    static Stream<Arguments> kubeletAuthValues() {
      String padded = b64("admin:password"); // ends with "="
      String unpadded = b64("user:pass"); // a multiple of 4, no padding
      return Stream.of(
          arguments("padded, trailing newline", padded + "\n", "admin:password"),
          arguments("padded, CRLF", padded + "\r\n", "admin:password"),
          arguments("unpadded, trailing newline", unpadded + "\n", "user:pass"),
          arguments(
              "wrapped mid-value",
              padded.substring(0, 8) + "\n" + padded.substring(8) + "\n",
              "admin:password"),
          arguments("padded, trailing blank (TrimSpace)", padded + " ", null),
          arguments("blank inside", padded.substring(0, 8) + " " + padded.substring(8), null),
          arguments("padding dropped", padded.replace("=", ""), "admin:password"),
          arguments("padding dropped, newline", padded.replace("=", "") + "\n", "admin:password"));
    }

    /**
     * A seeded generator: any user:password, base64-encoded with or without padding and wrapped at
     * any column with LF or CRLF, decodes to the same credential (Go's decoders skip CR and LF).
     */
    @ParameterizedTest
    @MethodSource("wrappedAuthSeeds")
    void wrappedAuthValuesDecodeToTheSameCredential(long seed) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      String user = "u" + Long.toString(random.nextLong(1, Long.MAX_VALUE), 36);
      String password =
          "p" + Long.toString(random.nextLong(1, Long.MAX_VALUE), 36).repeat(random.nextInt(1, 4));
      String encoded = b64(user + ":" + password);
      if (random.nextBoolean()) {
        encoded = encoded.replace("=", "");
      }
      StringBuilder wrapped = new StringBuilder();
      int width = random.nextInt(4, 77);
      String newline = random.nextBoolean() ? "\n" : "\r\n";
      for (int i = 0; i < encoded.length(); i += width) {
        wrapped.append(encoded, i, Math.min(encoded.length(), i + width)).append(newline);
      }

      AuthField.UserPassword decoded =
          AuthField.decodeKubelet(wrapped.toString(), "s.yaml", "/auth");

      assertThat(decoded.username()).isEqualTo(user);
      assertThat(decoded.password()).isEqualTo(password);
    }

    static java.util.stream.LongStream wrappedAuthSeeds() {
      return java.util.stream.LongStream.range(0, 200).map(i -> 0x17_0000L + i);
    }

    @Test
    void entryToStringNeverShowsThePassword() {
      PullSecret secret =
          KubernetesSecrets.parse(
                  dockerConfigJson(
                      "s",
                      "{\"auths\":{\"r.example.com\":{\"auth\":\"" + b64("u:hunter2") + "\"}}}"),
                  "s")
              .get(0);

      assertThat(secret.toString()).doesNotContain("hunter2", b64("u:hunter2"));
    }

    @Test
    void yamlSyntaxErrorGivesPositionNotContent() {
      String yaml = "kind: Secret\ndata:\n  .dockerconfigjson: [sekrit-value\n";

      assertThatThrownBy(() -> KubernetesSecrets.parse(yaml, "broken.yaml"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.source()).isEqualTo("broken.yaml");
                assertThat(e.reason()).startsWith("invalid YAML at line");
              })
          .hasMessageNotContaining("sekrit");
    }

    @Test
    void jsonSyntaxErrorGivesPosition() {
      assertThatThrownBy(() -> KubernetesSecrets.parse("{\"kind\": \"Secret\",", "s.json"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("s.json: invalid JSON at line 1");
    }
  }

  @Nested
  class Problems {

    static Stream<Arguments> brokenSecrets() {
      return Stream.of(
          arguments(
              "data not base64",
              "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: shop}\n"
                  + "type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: '%%%'\n",
              PullSecret.Status.IGNORED,
              "/data/.dockerconfigjson: not valid base64 (the API server rejects this manifest)"),
          arguments(
              "config not JSON",
              dockerConfigJson("s", "{\"auths\": {"),
              PullSecret.Status.INVALID,
              "/data/.dockerconfigjson: invalid JSON at line 1, column 12: unexpected end of input;"
                  + " the kubelet fails every pull of a pod that lists this secret"),
          arguments(
              "content after the JSON value",
              dockerConfigJson("s", "{\"auths\": {}} {}"),
              PullSecret.Status.INVALID,
              "/data/.dockerconfigjson: invalid JSON at line 1, column 15: content after the JSON"
                  + " value; the kubelet fails every pull of a pod that lists this secret"),
          arguments(
              "auth not base64",
              dockerConfigJson("s", "{\"auths\": {\"r.example.com\": {\"auth\": \"***\"}}}"),
              PullSecret.Status.INVALID,
              "/data/.dockerconfigjson/auths/r.example.com/auth: not valid base64; the kubelet"
                  + " fails every pull of a pod that lists this secret"),
          arguments(
              "auth without colon",
              dockerConfigJson(
                  "s", "{\"auths\": {\"r.example.com\": {\"auth\": \"" + b64("x") + "\"}}}"),
              PullSecret.Status.INVALID,
              "/data/.dockerconfigjson/auths/r.example.com/auth: decoded value has no ':' between"
                  + " user name and password; the kubelet fails every pull of a pod that lists"
                  + " this secret"),
          arguments(
              "username of the wrong type",
              dockerConfigJson("s", "{\"auths\": {\"r.example.com\": {\"username\": 1}}}"),
              PullSecret.Status.INVALID,
              "/data/.dockerconfigjson/auths/r.example.com/username: expected a string but found a"
                  + " number; the kubelet fails every pull of a pod that lists this secret"),
          arguments(
              "dockercfg type without its key",
              secretYaml("s", PullSecret.TYPE_DOCKERCFG, ".dockerconfigjson", "{}"),
              PullSecret.Status.IGNORED,
              "/data/.dockercfg: missing: type kubernetes.io/dockercfg needs key .dockercfg;"
                  + " ignored by the kubelet"),
          arguments(
              "empty dockerconfigjson",
              "kind: Secret\nmetadata: {name: s, namespace: shop}\n"
                  + "type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ''\n",
              PullSecret.Status.IGNORED,
              "/data/.dockerconfigjson: empty: type kubernetes.io/dockerconfigjson needs key"
                  + " .dockerconfigjson; ignored by the kubelet"),
          arguments(
              "not a pull secret",
              "kind: Secret\nmetadata: {name: s, namespace: shop}\ntype: kubernetes.io/tls\n",
              PullSecret.Status.IGNORED,
              "/type: not an image pull secret (type kubernetes.io/tls); ignored by the kubelet"),
          arguments(
              "identity token only",
              dockerConfigJson("s", "{\"auths\": {\"r.example.com\": {\"identitytoken\": \"t\"}}}"),
              PullSecret.Status.USABLE,
              "/data/.dockerconfigjson/auths/r.example.com: has only an identitytoken or"
                  + " registrytoken, which the kubelet ignores; it pulls anonymously with this"
                  + " entry"),
          arguments(
              "unparsable key",
              dockerConfigJson(
                  "s", "{\"auths\": {\"r.example.com:abc\": {\"auth\": \"" + b64("u:p") + "\"}}}"),
              PullSecret.Status.USABLE,
              "/data/.dockerconfigjson/auths/r.example.com:abc: the kubelet cannot parse this key"
                  + " as a URL and skips it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSecrets")
    void reportsProblemWithPointer(
        String name, String yaml, PullSecret.Status status, String message) {
      PullSecret secret = KubernetesSecrets.parse(yaml, "s.yaml").get(0);

      assertThat(secret.status()).isEqualTo(status);
      assertThat(secret.problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.kind()).isEqualTo(CredentialProblem.Kind.CONFIG_INVALID);
                assertThat(problem.source()).isEqualTo(secret.label());
                assertThat(problem.message()).isEqualTo(message);
              });
    }

    @Test
    void invalidSecretHasNoEntries() {
      PullSecret secret =
          KubernetesSecrets.parse(
                  dockerConfigJson(
                      "s",
                      "{\"auths\": {\"a.example.com\": {\"auth\": \""
                          + b64("a:1")
                          + "\"},"
                          + " \"b.example.com\": {\"auth\": \"!\"}}}"),
                  "s.yaml")
              .get(0);

      assertThat(secret.status()).isEqualTo(PullSecret.Status.INVALID);
      assertThat(secret.entries()).isEmpty();
      assertThat(secret.match("a.example.com", "app")).isEmpty();
    }

    @Test
    void missingNameIsAProblem() {
      PullSecret secret = KubernetesSecrets.parse("kind: Secret\ntype: Opaque\n", "s").get(0);

      assertThat(secret.label()).isEqualTo("secret default/");
      assertThat(secret.problems())
          .extracting(CredentialProblem::message)
          .contains("/metadata/name: missing");
    }
  }
}
