package dev.regdoctor.credentials;

import static dev.regdoctor.credentials.TestTokens.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerConfigTest {

  /** Renders what a config holds, secrets included (fake values only). */
  static String summary(DockerConfig config) {
    String auths =
        config.auths().stream()
            .map(e -> e.key() + "=" + e.credential().map(TestTokens::describe).orElse("none"))
            .collect(Collectors.joining(", "));
    return "auths["
        + auths
        + "] credsStore="
        + config.credsStore()
        + " credHelpers="
        + config.credHelpers();
  }

  @Nested
  class RealWorldShapes {

    static Stream<Arguments> shapes() {
      return Stream.of(
          arguments(
              "Docker Desktop with credsStore desktop",
              "{\n  \"auths\": {\n    \"https://index.docker.io/v1/\": {},\n"
                  + "    \"registry.example.com\": {}\n  },\n  \"credsStore\": \"desktop\",\n"
                  + "  \"currentContext\": \"desktop-linux\",\n"
                  + "  \"plugins\": {\"-x-cli-hints\": {\"enabled\": \"true\"}},\n"
                  + "  \"features\": {\"hooks\": \"true\"}\n}",
              "auths[https://index.docker.io/v1/=none, registry.example.com=none]"
                  + " credsStore=desktop credHelpers={}"),
          arguments(
              "credHelpers for ECR and gcloud",
              "{\"credHelpers\": {\"123456789012.dkr.ecr.us-east-1.amazonaws.com\": \"ecr-login\","
                  + " \"gcr.io\": \"gcloud\"}}",
              "auths[] credsStore=null credHelpers={123456789012.dkr.ecr.us-east-1.amazonaws.com"
                  + "=ecr-login, gcr.io=gcloud}"),
          arguments(
              "auth only",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("user:pass") + "\"}}}",
              "auths[registry.example.com=basic user:pass] credsStore=null credHelpers={}"),
          arguments(
              "auth whose password contains colons",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("user:pa:ss:") + "\"}}}",
              "auths[registry.example.com=basic user:pa:ss:] credsStore=null credHelpers={}"),
          arguments(
              "auth with email, as old docker login wrote it",
              "{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \""
                  + b64("user:pass")
                  + "\", \"email\": \"user@example.com\"}}}",
              "auths[https://index.docker.io/v1/=basic user:pass] credsStore=null credHelpers={}"),
          arguments(
              "username and password fields",
              "{\"auths\": {\"registry.example.com\": {\"username\": \"u\", \"password\": \"p\"}}}",
              "auths[registry.example.com=basic u:p] credsStore=null credHelpers={}"),
          arguments(
              "auth wins over username and password",
              "{\"auths\": {\"registry.example.com\": {\"username\": \"x\", \"password\": \"y\","
                  + " \"auth\": \""
                  + b64("user:pass")
                  + "\"}}}",
              "auths[registry.example.com=basic user:pass] credsStore=null credHelpers={}"),
          arguments(
              "empty auth falls back to username and password",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"\", \"username\": \"u\","
                  + " \"password\": \"p\"}}}",
              "auths[registry.example.com=basic u:p] credsStore=null credHelpers={}"),
          arguments(
              "identitytoken",
              "{\"auths\": {\"registry.example.com\": {\"username\": \"u\","
                  + " \"identitytoken\": \"refresh-1\"}}}",
              "auths[registry.example.com=identity u:refresh-1] credsStore=null credHelpers={}"),
          arguments(
              "identitytoken with auth, as docker login stores an OAuth login",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \""
                  + b64("u:p")
                  + "\", \"identitytoken\": \"refresh-1\"}}}",
              "auths[registry.example.com=identity u:refresh-1] credsStore=null credHelpers={}"),
          arguments(
              "registrytoken",
              "{\"auths\": {\"registry.example.com\": {\"registrytoken\": \"bearer-1\"}}}",
              "auths[registry.example.com=bearer bearer-1] credsStore=null credHelpers={}"),
          arguments(
              "unknown keys are ignored",
              "{\"experimental\": \"enabled\", \"stackOrchestrator\": \"swarm\", \"somethingNew\":"
                  + " {\"nested\": [1, 2, {\"x\": null}]}, \"HttpHeaders\": {\"User-Agent\":"
                  + " \"x\"}, \"detachKeys\": \"ctrl-e,e\", \"aliases\": {\"builder\": \"buildx\"},"
                  + " \"pruneFilters\": [\"label=x\"], \"proxies\": {\"default\": {\"httpProxy\":"
                  + " \"http://proxy.example.com:3128\"}}, \"auths\": {\"registry.example.com\":"
                  + " {\"auth\": \""
                  + b64("u:p")
                  + "\", \"serveraddress\": \"registry.example.com\", \"futureField\": 7}}}",
              "auths[registry.example.com=basic u:p] credsStore=null credHelpers={}"),
          arguments("empty file", "", "auths[] credsStore=null credHelpers={}"),
          arguments("blank file", " \n\t\n", "auths[] credsStore=null credHelpers={}"),
          arguments("empty object", "{}", "auths[] credsStore=null credHelpers={}"),
          arguments("null document", "null", "auths[] credsStore=null credHelpers={}"),
          arguments(
              "null auths and entry",
              "{\"auths\": {\"registry.example.com\": null}, \"credHelpers\": null}",
              "auths[registry.example.com=none] credsStore=null credHelpers={}"),
          arguments(
              "empty credsStore means none",
              "{\"credsStore\": \"\"}",
              "auths[] credsStore=null credHelpers={}"),
          arguments(
              "every key form docker accepts",
              "{\"auths\": {\"registry.example.com:5000\": {\"auth\": \""
                  + b64("a:1")
                  + "\"},"
                  + " \"https://a.example.com\": {\"auth\": \""
                  + b64("b:2")
                  + "\"},"
                  + " \"http://b.example.com\": {\"auth\": \""
                  + b64("c:3")
                  + "\"},"
                  + " \"https://c.example.com/v1/\": {\"auth\": \""
                  + b64("d:4")
                  + "\"},"
                  + " \"https://d.example.com/v2/\": {\"auth\": \""
                  + b64("e:5")
                  + "\"}}}",
              "auths[registry.example.com:5000=basic a:1, https://a.example.com=basic b:2,"
                  + " http://b.example.com=basic c:3, https://c.example.com/v1/=basic d:4,"
                  + " https://d.example.com/v2/=basic e:5] credsStore=null credHelpers={}"),
          arguments(
              "member names match case-insensitively, as in Go",
              "{\"Auths\": {\"registry.example.com\": {\"AUTH\": \""
                  + b64("u:p")
                  + "\"}},"
                  + " \"CREDSSTORE\": \"pass\"}",
              "auths[registry.example.com=basic u:p] credsStore=pass credHelpers={}"),
          arguments(
              "auths appearing twice merge, as Go reuses the map",
              "{\"auths\": {\"a.example.com\": {\"auth\": \""
                  + b64("a:1")
                  + "\"}},"
                  + " \"Auths\": {\"b.example.com\": {\"auth\": \""
                  + b64("b:2")
                  + "\"}}}",
              "auths[a.example.com=basic a:1, b.example.com=basic b:2] credsStore=null"
                  + " credHelpers={}"),
          arguments(
              "content after the first value is ignored, as by Go's decoder",
              "{\"credsStore\": \"desktop\"} trailing garbage",
              "auths[] credsStore=desktop credHelpers={}"),
          arguments(
              "auth with a line break, which Go's base64 skips",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"dXNl\\ncjpwYXNz\"}}}",
              "auths[registry.example.com=basic user:pass] credsStore=null credHelpers={}"),
          arguments(
              "trailing NULs trimmed from the password",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \""
                  + b64("u:p\u0000\u0000")
                  + "\"}}}",
              "auths[registry.example.com=basic u:p] credsStore=null credHelpers={}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void parsesShape(String shape, String json, String expected) {
      DockerConfig config = DockerConfig.parse(json, "/home/u/.docker/config.json");

      assertThat(summary(config)).isEqualTo(expected);
      assertThat(config.problems()).isEmpty();
      assertThat(config.auths())
          .allSatisfy(entry -> assertThat(entry.source()).isEqualTo("/home/u/.docker/config.json"));
    }

    @Test
    void byteOrderMarkIsSkippedButReported() {
      String json =
          "\uFEFF{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("u:p") + "\"}}}";

      DockerConfig config = DockerConfig.parse(json, "config.json");

      assertThat(summary(config)).startsWith("auths[registry.example.com=basic u:p]");
      assertThat(config.problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.kind()).isEqualTo(CredentialProblem.Kind.CONFIG_INVALID);
                assertThat(problem.message())
                    .contains("byte order mark", "docker CLI cannot parse it");
              });
    }

    @Test
    void entryToStringRedactsSecrets() {
      DockerConfig config =
          DockerConfig.parse(
              "{\"auths\": {\"registry.example.com\":"
                  + " {\"auth\": \""
                  + b64("u:hunter2")
                  + "\", \"identitytoken\": \"tok-secret\"}}}",
              "c");

      assertThat(config.toString())
          .doesNotContain("hunter2", "tok-secret", b64("u:hunter2"))
          .contains("<redacted>");
    }

    @Test
    void userNameWithoutPasswordHoldsNoCredential() {
      DockerConfig config =
          DockerConfig.parse("{\"auths\": {\"r.example.com\": {\"username\": \"u\"}}}", "c");

      assertThat(config.auths().get(0).credential()).isEmpty();
    }
  }

  @Nested
  class Errors {

    static Stream<Arguments> invalidDocuments() {
      return Stream.of(
          arguments("truncated JSON", "{\"auths\": {", "", "invalid JSON at line 1, column 12"),
          arguments(
              "error on line three",
              "{\n  \"auths\": {\n    \"registry.example.com\" {}\n  }\n}",
              "",
              "invalid JSON at line 3, column 28: unexpected character '{'"),
          arguments(
              "bare word",
              "{\"auths\": {\"r.example.com\": {\"auth\": sekrit}}}",
              "",
              "invalid JSON at line 1, column 38: unrecognized token"),
          arguments("top-level array", "[]", "", "expected an object but found an array"),
          arguments("top-level string", "\"x\"", "", "expected an object but found a string"),
          arguments(
              "auth not base64",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"not base64!\"}}}",
              "/auths/registry.example.com/auth",
              "not valid base64"),
          arguments(
              "auth without padding, which Go rejects",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"dXNlcjpwYXN\"}}}",
              "/auths/registry.example.com/auth",
              "not valid base64"),
          arguments(
              "auth without colon",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("userpass") + "\"}}}",
              "/auths/registry.example.com/auth",
              "decoded value has no ':' between user name and password"),
          arguments(
              "auth with empty user name",
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64(":pass") + "\"}}}",
              "/auths/registry.example.com/auth",
              "decoded value has an empty user name"),
          arguments(
              "auth under a URL key, pointer escaped",
              "{\"auths\": {\"https://registry.example.com/v1/\": {\"auth\": \"%%%%\"}}}",
              "/auths/https:~1~1registry.example.com~1v1~1/auth",
              "not valid base64"),
          arguments(
              "auths is an array",
              "{\"auths\": []}",
              "/auths",
              "expected an object but found an array"),
          arguments(
              "entry is a string",
              "{\"auths\": {\"registry.example.com\": \"u:p\"}}",
              "/auths/registry.example.com",
              "expected an object but found a string"),
          arguments(
              "username is a number",
              "{\"auths\": {\"registry.example.com\": {\"username\": 42}}}",
              "/auths/registry.example.com/username",
              "expected a string but found a number"),
          arguments(
              "credsStore is a number",
              "{\"credsStore\": 1}",
              "/credsStore",
              "expected a string but found a number"),
          arguments(
              "credHelpers value is a boolean",
              "{\"credHelpers\": {\"gcr.io\": true}}",
              "/credHelpers/gcr.io",
              "expected a string but found a boolean"),
          arguments(
              "proxy setting of the wrong type",
              "{\"proxies\": {\"default\": {\"httpProxy\": 3128}}}",
              "/proxies/default/httpProxy",
              "expected a string but found a number"),
          arguments(
              "psFormat of the wrong type",
              "{\"psFormat\": {}}",
              "/psFormat",
              "expected a string but found an object"),
          arguments(
              "type error wins over a later bad auth, as in Go",
              "{\"auths\": {\"a.example.com\": {\"auth\": \"!!\"}}, \"credsStore\": []}",
              "/credsStore",
              "expected a string but found an array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void rejectsDocument(String name, String json, String pointer, String reason) {
      assertThatThrownBy(() -> DockerConfig.parse(json, "/home/u/.docker/config.json"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.source()).isEqualTo("/home/u/.docker/config.json");
                assertThat(e.pointer()).isEqualTo(pointer);
                assertThat(e.reason()).startsWith(reason);
                assertThat(e.getMessage())
                    .isEqualTo(
                        pointer.isEmpty()
                            ? e.source() + ": " + e.reason()
                            : e.source() + ": " + pointer + ": " + e.reason());
                assertThat(e.getCause()).isNull();
              });
    }

    @Test
    void messageNeverQuotesTheOffendingValue() {
      String json =
          "{\"auths\": {\"r.example.com\": {\"auth\": \"c2VjcmV0LXZhbHVl-\"}},"
              + " \"x\": sekrit-token}";

      assertThatThrownBy(() -> DockerConfig.parse(json, "c"))
          .hasMessageNotContaining("sekrit")
          .hasMessageNotContaining("c2VjcmV0LXZhbHVl");
      assertThatThrownBy(
              () ->
                  DockerConfig.parse(
                      "{\"auths\": {\"r.example.com\": {\"auth\": \"c2VjcmV0LXZhbHVl-\"}}}", "c"))
          .hasMessageNotContaining("c2VjcmV0LXZhbHVl");
    }
  }

  @Nested
  class Legacy {

    @Test
    void parsesFlatDockercfg() {
      DockerConfig config =
          DockerConfig.parseLegacy(
              "{\"https://index.docker.io/v1/\": {\"auth\":"
                  + " \""
                  + b64("u:p")
                  + "\", \"email\": \"u@example.com\"}}",
              "/home/u/.dockercfg");

      assertThat(summary(config))
          .isEqualTo("auths[https://index.docker.io/v1/=basic u:p] credsStore=null credHelpers={}");
    }

    @Test
    void rejectsTrailingContentAsJsonUnmarshalDoes() {
      assertThatThrownBy(() -> DockerConfig.parseLegacy("{} {}", "/home/u/.dockercfg"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("content after the JSON value");
    }

    @Test
    void rejectsBadAuthWithPointer() {
      assertThatThrownBy(
              () ->
                  DockerConfig.parseLegacy(
                      "{\"registry.example.com\": {\"auth\": \"" + b64("nocolon") + "\"}}", "l"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> assertThat(e.pointer()).isEqualTo("/registry.example.com/auth"));
    }
  }

  @Nested
  class AuthConfigVariable {

    @Test
    void parsesAuthsWithAuthOnly() {
      DockerConfig config =
          DockerConfig.parseAuthConfigVariable(
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("u:p") + "\"}}}");

      assertThat(config.source()).isEqualTo("DOCKER_AUTH_CONFIG");
      assertThat(config.auths())
          .singleElement()
          .satisfies(
              entry -> {
                assertThat(entry.isFromAuthConfigVariable()).isTrue();
                assertThat(TestTokens.describe(entry.credential().orElseThrow()))
                    .isEqualTo("basic u:p");
              });
    }

    static Stream<Arguments> rejected() {
      return Stream.of(
          arguments(
              "unknown top-level field",
              "{\"auths\": {}, \"credsStore\": \"desktop\"}",
              "/credsStore",
              "unknown field"),
          arguments(
              "unknown entry field",
              "{\"auths\": {\"r.example.com\": {\"auth\": \""
                  + b64("u:p")
                  + "\", \"username\": \"u\"}}}",
              "/auths/r.example.com/username",
              "unknown field"),
          arguments(
              "missing auth",
              "{\"auths\": {\"r.example.com\": {}}}",
              "/auths/r.example.com",
              "missing key \"auth\""),
          arguments(
              "two objects",
              "{\"auths\": {}} {\"auths\": {}}",
              "",
              "does not support more than one JSON object"),
          arguments(
              "bad auth",
              "{\"auths\": {\"r.example.com\": {\"auth\": \"" + b64("x") + "\"}}}",
              "/auths/r.example.com/auth",
              "decoded value has no ':'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWhatDockerRejects(String name, String value, String pointer, String reason) {
      assertThatThrownBy(() -> DockerConfig.parseAuthConfigVariable(value))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.source()).isEqualTo("DOCKER_AUTH_CONFIG");
                assertThat(e.pointer()).isEqualTo(pointer);
                assertThat(e.reason()).startsWith(reason);
              });
    }
  }

  @Nested
  class OnDisk {

    @TempDir Path home;

    private Path write(Path file, String text) throws IOException {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    }

    @Test
    void readsDirectoryAsConfigJsonInside() throws IOException {
      Path dir = home.resolve("cfg");
      write(dir.resolve("config.json"), "{\"credsStore\": \"pass\"}");

      DockerConfig config = DockerConfig.read(dir);

      assertThat(config.source()).isEqualTo(dir.resolve("config.json").toString());
      assertThat(config.credsStore()).isEqualTo("pass");
    }

    @Test
    void utf16FileIsRejected() throws IOException {
      Path file = home.resolve("config.json");
      Files.write(file, "\uFEFF{}".getBytes(StandardCharsets.UTF_16LE));

      assertThatThrownBy(() -> DockerConfig.read(file))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("UTF-16");
    }

    @Test
    void missingFileNamesThePath() {
      Path file = home.resolve("nope.json");

      assertThatThrownBy(() -> DockerConfig.read(file))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.source()).isEqualTo(file.toString());
                assertThat(e.reason()).isEqualTo("file does not exist");
              });
    }

    @Test
    void locationsFollowDockerConfigThenLegacyThenPodman() {
      Map<String, String> env =
          Map.of(
              "DOCKER_CONFIG", "/etc/cfg",
              "REGISTRY_AUTH_FILE", "/run/auth.json",
              "XDG_RUNTIME_DIR", "/run/user/1000");

      assertThat(DockerConfig.locations(env, Path.of("/home/u")))
          .containsExactly(
              Path.of("/etc/cfg/config.json"),
              Path.of("/home/u/.dockercfg"),
              Path.of("/run/auth.json"),
              Path.of("/run/user/1000/containers/auth.json"));
      assertThat(DockerConfig.locations(Map.of(), Path.of("/home/u")))
          .containsExactly(Path.of("/home/u/.docker/config.json"), Path.of("/home/u/.dockercfg"));
    }

    @Test
    void fromEnvironmentPrefersDockerConfigDirectory() throws IOException {
      write(home.resolve(".docker/config.json"), "{\"credsStore\": \"home\"}");
      Path custom = write(home.resolve("custom/config.json"), "{\"credsStore\": \"custom\"}");

      DockerConfig config =
          DockerConfig.fromEnvironment(Map.of("DOCKER_CONFIG", custom.getParent().toString()), home)
              .orElseThrow();

      assertThat(config.credsStore()).isEqualTo("custom");
      assertThat(config.source()).isEqualTo(custom.toString());
    }

    @Test
    void fromEnvironmentIsEmptyWithoutFilesOrVariable() {
      assertThat(DockerConfig.fromEnvironment(Map.of(), home)).isEmpty();
    }

    @Test
    void fromEnvironmentFallsBackToLegacyDockercfgWithProblem() throws IOException {
      write(
          home.resolve(".dockercfg"),
          "{\"https://index.docker.io/v1/\": {\"auth\": \"" + b64("u:p") + "\"}}");

      DockerConfig config = DockerConfig.fromEnvironment(Map.of(), home).orElseThrow();

      assertThat(config.auths()).hasSize(1);
      assertThat(config.problems())
          .singleElement()
          .satisfies(p -> assertThat(p.message()).contains("before 23.0"));
    }

    @Test
    void fromEnvironmentFallsBackToPodmanAuthFile() throws IOException {
      Path runtime = home.resolve("run");
      Path auth =
          write(
              runtime.resolve("containers/auth.json"),
              "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("u:p") + "\"}}}");

      DockerConfig config =
          DockerConfig.fromEnvironment(Map.of("XDG_RUNTIME_DIR", runtime.toString()), home)
              .orElseThrow();

      assertThat(config.source()).isEqualTo(auth.toString());
      assertThat(config.auth("registry.example.com")).isPresent();
    }

    @Test
    void fromEnvironmentTurnsBrokenFileIntoProblem() throws IOException {
      Path file = write(home.resolve(".docker/config.json"), "{\"auths\": ");

      DockerConfig config = DockerConfig.fromEnvironment(Map.of(), home).orElseThrow();

      assertThat(config.auths()).isEmpty();
      assertThat(config.source()).isEqualTo(file.toString());
      assertThat(config.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.kind()).isEqualTo(CredentialProblem.Kind.CONFIG_INVALID);
                assertThat(p.message())
                    .contains("invalid JSON at line 1", "docker ignores the file");
              });
    }

    @Test
    void fromEnvironmentPutsAuthConfigVariableFirst() throws IOException {
      write(
          home.resolve(".docker/config.json"),
          "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("file:1") + "\"}}}");
      String variable =
          "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("env:2") + "\"}}}";

      DockerConfig config =
          DockerConfig.fromEnvironment(Map.of("DOCKER_AUTH_CONFIG", variable), home).orElseThrow();

      assertThat(config.auths())
          .extracting(DockerConfig.AuthEntry::source)
          .containsExactly("DOCKER_AUTH_CONFIG", home.resolve(".docker/config.json").toString());
      assertThat(
              TestTokens.describe(
                  config.auth("registry.example.com").orElseThrow().credential().orElseThrow()))
          .isEqualTo("basic env:2");
    }

    @Test
    void fromEnvironmentReportsUnusableVariable() {
      DockerConfig config =
          DockerConfig.fromEnvironment(
                  Map.of("DOCKER_AUTH_CONFIG", "{\"credsStore\": \"x\"}"), home)
              .orElseThrow();

      assertThat(config.source()).isEqualTo("DOCKER_AUTH_CONFIG");
      assertThat(config.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.source()).isEqualTo("DOCKER_AUTH_CONFIG");
                assertThat(p.message()).contains("unknown field", "ignores the variable");
              });
    }
  }
}
