package dev.regdoctor.credentials;

import static dev.regdoctor.credentials.TestTokens.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DockerCredentialResolverTest {

  static final String FILE = "/root/.docker/config.json";
  static final Clock NOW = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  HelperScripts scripts;

  @BeforeEach
  void setUp() {
    scripts = new HelperScripts(dir);
  }

  private DockerCredentialResolver resolver(String json) {
    return DockerCredentialResolver.of(DockerConfig.parse(json, FILE), scripts.environment())
        .withClock(NOW);
  }

  private static String auths(String... keysAndUsers) {
    StringBuilder json = new StringBuilder("{\"auths\": {");
    for (int i = 0; i < keysAndUsers.length; i += 2) {
      if (i > 0) {
        json.append(", ");
      }
      json.append('"')
          .append(keysAndUsers[i])
          .append("\": {\"auth\": \"")
          .append(b64(keysAndUsers[i + 1] + ":pw"))
          .append("\"}");
    }
    return json.append("}}").toString();
  }

  private static String found(CredentialLookup lookup) {
    return lookup.found().map(TestTokens::describe).orElse("none");
  }

  @Nested
  class Auths {

    static Stream<Arguments> matches() {
      return Stream.of(
          arguments(
              "exact host",
              "registry.example.com",
              auths("registry.example.com", "a"),
              "basic a:pw",
              "config.json auths \"registry.example.com\""),
          arguments(
              "exact host and port",
              "registry.example.com:5000",
              auths("registry.example.com:5000", "a"),
              "basic a:pw",
              "config.json auths \"registry.example.com:5000\""),
          arguments(
              "https scheme stripped",
              "registry.example.com",
              auths("https://registry.example.com", "a"),
              "basic a:pw",
              "config.json auths \"https://registry.example.com\""),
          arguments(
              "http scheme stripped too",
              "registry.example.com",
              auths("http://registry.example.com", "a"),
              "basic a:pw",
              "config.json auths \"http://registry.example.com\""),
          arguments(
              "v1 path stripped",
              "registry.example.com",
              auths("https://registry.example.com/v1/", "a"),
              "basic a:pw",
              "config.json auths \"https://registry.example.com/v1/\""),
          arguments(
              "v2 path stripped",
              "registry.example.com",
              auths("https://registry.example.com/v2/", "a"),
              "basic a:pw",
              "config.json auths \"https://registry.example.com/v2/\""),
          arguments(
              "schemeless path stripped",
              "registry.example.com",
              auths("registry.example.com/team", "a"),
              "basic a:pw",
              "config.json auths \"registry.example.com/team\""),
          arguments(
              "exact key beats legacy key",
              "registry.example.com",
              auths("https://registry.example.com", "legacy", "registry.example.com", "exact"),
              "basic exact:pw",
              "config.json auths \"registry.example.com\""),
          arguments(
              "Docker Hub legacy key",
              "docker.io",
              auths("https://index.docker.io/v1/", "hub"),
              "basic hub:pw",
              "config.json auths \"https://index.docker.io/v1/\""),
          arguments(
              "index.docker.io registry uses the Hub key",
              "index.docker.io",
              auths("https://index.docker.io/v1/", "hub"),
              "basic hub:pw",
              "config.json auths \"https://index.docker.io/v1/\""),
          arguments(
              "Hub under docker.io is not used",
              "docker.io",
              auths("docker.io", "x"),
              "none",
              null),
          arguments(
              "Hub under index.docker.io is not used",
              "docker.io",
              auths("index.docker.io", "x"),
              "none",
              null),
          arguments(
              "Hub without trailing slash is not used",
              "docker.io",
              auths("https://index.docker.io/v1", "x"),
              "none",
              null),
          arguments(
              "other port is not used",
              "registry.example.com",
              auths("registry.example.com:443", "x"),
              "none",
              null),
          arguments(
              "other case is not used",
              "registry.example.com",
              auths("Registry.Example.com", "x"),
              "none",
              null),
          arguments(
              "subdomain is not used",
              "registry.example.com",
              auths("eu.registry.example.com", "x"),
              "none",
              null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matches")
    void matchesAsDockerDoes(
        String name, String registry, String json, String expected, String source) {
      CredentialLookup lookup = resolver(json).lookup(registry, "team/app");

      assertThat(found(lookup)).isEqualTo(expected);
      assertThat(lookup.source()).isEqualTo(source);
      assertThat(lookup.consulted()).containsExactly(FILE + " auths");
    }

    static Stream<Arguments> nearMisses() {
      return Stream.of(
          arguments(
              "registry.example.com",
              auths("registry.example.com:5000", "x"),
              "config.json auths has \"registry.example.com:5000\" (port differs (5000 vs none);"
                  + " docker needs the exact host:port)"),
          arguments(
              "registry.example.com:5000",
              auths("registry.example.com", "x"),
              "config.json auths has \"registry.example.com\" (port differs (none vs 5000);"
                  + " docker needs the exact host:port)"),
          arguments(
              "registry.example.com",
              auths("https://registry.example.com:443/v2/", "x"),
              "config.json auths has \"https://registry.example.com:443/v2/\" (port differs (443"
                  + " vs none); docker needs the exact host:port)"),
          arguments(
              "registry.example.com",
              auths("REGISTRY.example.com", "x"),
              "config.json auths has \"REGISTRY.example.com\" (letter case differs; docker"
                  + " compares keys case-sensitively)"),
          arguments(
              "registry.example.com",
              auths("eu.registry.example.com", "x"),
              "config.json auths has \"eu.registry.example.com\" (a subdomain of"
                  + " registry.example.com; docker needs the exact host)"),
          arguments(
              "eu.registry.example.com",
              auths("registry.example.com", "x"),
              "config.json auths has \"registry.example.com\" (a parent domain of"
                  + " eu.registry.example.com; docker needs the exact host)"),
          arguments(
              "docker.io",
              auths("docker.io", "x"),
              "config.json auths has \"docker.io\" (Docker Hub credentials are looked up only"
                  + " under \"https://index.docker.io/v1/\")"),
          arguments(
              "docker.io",
              auths("registry-1.docker.io", "x"),
              "config.json auths has \"registry-1.docker.io\" (Docker Hub credentials are looked"
                  + " up only under \"https://index.docker.io/v1/\")"),
          arguments(
              "docker.io",
              auths("https://index.docker.io/v2/", "x"),
              "config.json auths has \"https://index.docker.io/v2/\" (Docker Hub credentials are"
                  + " looked up only under \"https://index.docker.io/v1/\")"),
          arguments(
              "registry.example.com",
              auths("registry.example.com", "a", "http://registry.example.com", "b"),
              "config.json auths has \"http://registry.example.com\" (also names this registry;"
                  + " docker uses \"registry.example.com\")"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("nearMisses")
    void reportsNearMiss(String registry, String json, String nearMiss) {
      CredentialLookup lookup = resolver(json).lookup(registry, "team/app");

      assertThat(lookup.nearMisses()).containsExactly(nearMiss);
    }

    @Test
    void unrelatedEntriesAreNotNearMisses() {
      CredentialLookup lookup =
          resolver(auths("other.example.org", "x", "gcr.io", "y"))
              .lookup("registry.example.com", "app");

      assertThat(lookup.hasCredential()).isFalse();
      assertThat(lookup.nearMisses()).isEmpty();
    }

    @Test
    void entryWithoutCredentialsIsReported() {
      CredentialLookup lookup =
          resolver("{\"auths\": {\"registry.example.com\": {}}}")
              .lookup("registry.example.com", "a");

      assertThat(lookup.hasCredential()).isFalse();
      assertThat(lookup.nearMisses())
          .containsExactly(
              "config.json auths has \"registry.example.com\" but it holds no credentials (no auth,"
                  + " password or token)");
    }

    @Test
    void configProblemsArePassedOn() {
      DockerConfig config = DockerConfig.parse("\uFEFF" + auths("registry.example.com", "a"), FILE);

      CredentialLookup lookup =
          DockerCredentialResolver.of(config, Map.of()).lookup("registry.example.com", "a");

      assertThat(found(lookup)).isEqualTo("basic a:pw");
      assertThat(lookup.problems())
          .extracting(CredentialProblem::kind)
          .containsExactly(CredentialProblem.Kind.CONFIG_INVALID);
    }
  }

  @Nested
  class Order {

    @Test
    void explicitCredentialComesFirst() {
      CredentialLookup lookup =
          resolver(auths("registry.example.com", "file"))
              .withExplicit(Credential.of("cli", "pw"))
              .lookup("registry.example.com", "app");

      assertThat(found(lookup)).isEqualTo("basic cli:pw");
      assertThat(lookup.source()).isEqualTo("explicit");
      assertThat(lookup.consulted()).containsExactly("explicit");
    }

    @Test
    void credHelperForTheHostBeatsCredsStoreAndAuths() {
      scripts.credentials("ecr-login", "AWS", "ecr-token");
      scripts.credentials("desktop", "desk", "desk-pw");

      CredentialLookup lookup =
          resolver(
                  "{\"credsStore\": \"desktop\", \"credHelpers\": {"
                      + "\"123456789012.dkr.ecr.us-east-1.amazonaws.com\": \"ecr-login\"}, "
                      + auths("123456789012.dkr.ecr.us-east-1.amazonaws.com", "file").substring(1))
              .lookup("123456789012.dkr.ecr.us-east-1.amazonaws.com", "team/app");

      assertThat(found(lookup)).isEqualTo("basic AWS:ecr-token");
      assertThat(lookup.source()).isEqualTo("credHelper ecr-login");
      assertThat(lookup.consulted()).containsExactly("credHelper ecr-login");
      assertThat(scripts.stdinOf("ecr-login"))
          .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com");
      assertThat(scripts.stdinOf("desktop")).isNull();
    }

    @Test
    void credsStoreServesOtherHosts() {
      scripts.credentials("desktop", "desk", "desk-pw");

      CredentialLookup lookup =
          resolver("{\"credsStore\": \"desktop\"," + " \"credHelpers\": {\"gcr.io\": \"gcloud\"}}")
              .lookup("registry.example.com", "app");

      assertThat(found(lookup)).isEqualTo("basic desk:desk-pw");
      assertThat(lookup.source()).isEqualTo("credsStore desktop");
    }

    @Test
    void dockerHubHelperGetsTheLegacyServerUrl() {
      scripts.credentials("desktop", "hubuser", "hub-pw");

      CredentialLookup lookup =
          resolver("{\"credsStore\": \"desktop\"}").lookup("docker.io", "library/nginx");

      assertThat(found(lookup)).isEqualTo("basic hubuser:hub-pw");
      assertThat(scripts.stdinOf("desktop")).isEqualTo("https://index.docker.io/v1/");
    }

    @Test
    void credHelpersKeyedDockerIoIsANearMissForHub() {
      scripts.notFound("desktop");

      CredentialLookup lookup =
          resolver(
                  "{\"credsStore\": \"desktop\","
                      + " \"credHelpers\": {\"docker.io\": \"hubhelper\"}}")
              .lookup("docker.io", "library/nginx");

      assertThat(lookup.source()).isNull();
      assertThat(lookup.consulted()).containsExactly("credsStore desktop");
      assertThat(lookup.nearMisses())
          .containsExactly(
              "config.json credHelpers has \"docker.io\" (Docker Hub credentials are looked up only"
                  + " under \"https://index.docker.io/v1/\")");
    }

    @Test
    void emptyCredHelperSkipsCredsStoreAndUsesAuths() {
      scripts.credentials("desktop", "desk", "desk-pw");

      CredentialLookup lookup =
          resolver(
                  "{\"credsStore\": \"desktop\","
                      + " \"credHelpers\": {\"registry.example.com\": \"\"}, "
                      + auths("registry.example.com", "file").substring(1))
              .lookup("registry.example.com", "app");

      assertThat(found(lookup)).isEqualTo("basic file:pw");
      assertThat(scripts.stdinOf("desktop")).isNull();
    }

    @Test
    void credHelpersKeyWithSchemeIsANearMiss() {
      CredentialLookup lookup =
          resolver("{\"credHelpers\": {\"https://registry.example.com\": \"x\"}}")
              .lookup("registry.example.com", "app");

      assertThat(lookup.nearMisses())
          .containsExactly(
              "config.json credHelpers has"
                  + " \"https://registry.example.com\" (this section needs the key exactly"
                  + " \"registry.example.com\" (no scheme or path))");
    }

    @Test
    void helperWithNothingShadowsAuthsAsInDocker() {
      scripts.notFound("desktop");

      CredentialLookup lookup =
          resolver(
                  "{\"credsStore\": \"desktop\", "
                      + auths("registry.example.com", "file").substring(1))
              .lookup("registry.example.com", "app");

      assertThat(lookup.hasCredential()).isFalse();
      assertThat(lookup.consulted()).containsExactly("credsStore desktop");
      assertThat(lookup.problems()).isEmpty();
      assertThat(lookup.nearMisses())
          .containsExactly(
              "config.json auths has \"registry.example.com\" (not used: docker asks credsStore"
                  + " desktop for this registry instead)");
    }

    @Test
    void failingHelperIsAProblemNotAnException() {
      scripts.script("ecr-login", "cat >/dev/null\necho 'no AWS credentials' >&2\nexit 1");

      CredentialLookup lookup =
          resolver(
                  "{\"credHelpers\": {\"123456789012.dkr.ecr.us-east-1.amazonaws.com\":"
                      + " \"ecr-login\"}}")
              .lookup("123456789012.dkr.ecr.us-east-1.amazonaws.com", "app");

      assertThat(lookup.hasCredential()).isFalse();
      assertThat(lookup.problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.kind()).isEqualTo(CredentialProblem.Kind.HELPER_FAILED);
                assertThat(problem.source()).isEqualTo("credHelper ecr-login");
                assertThat(problem.message())
                    .contains("exited with status 1", "it mentions no AWS credentials");
              });
    }

    @Test
    void missingHelperIsAProblem() {
      CredentialLookup lookup =
          resolver("{\"credHelpers\": {\"gcr.io\": \"gcloud-missing\"}}")
              .lookup("gcr.io", "project/app");

      assertThat(lookup.problems())
          .singleElement()
          .satisfies(
              problem ->
                  assertThat(problem.message())
                      .contains("docker-credential-gcloud-missing not found in PATH"));
    }

    @Test
    void helperTimeoutApplies() {
      scripts.script("slow", "exec sleep 30");

      long start = System.nanoTime();
      CredentialLookup lookup =
          resolver("{\"credsStore\": \"slow\"}")
              .withHelperTimeout(Duration.ofMillis(300))
              .lookup("registry.example.com", "app");

      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
      assertThat(lookup.problems())
          .singleElement()
          .satisfies(p -> assertThat(p.message()).contains("did not answer within 300 ms"));
    }

    @Test
    void authConfigVariableComesBeforeHelpersByExactKey() {
      scripts.credentials("desktop", "desk", "desk-pw");
      DockerConfig file = DockerConfig.parse("{\"credsStore\": \"desktop\"}", FILE);
      DockerConfig variable =
          DockerConfig.parseAuthConfigVariable(
              auths("registry.example.com", "env", "https://other.example.com", "env2"));
      DockerCredentialResolver resolver =
          DockerCredentialResolver.of(file.withAuthConfigVariable(variable), scripts.environment());

      CredentialLookup exact = resolver.lookup("registry.example.com", "app");

      assertThat(found(exact)).isEqualTo("basic env:pw");
      assertThat(exact.source()).isEqualTo("DOCKER_AUTH_CONFIG auths \"registry.example.com\"");
      assertThat(exact.consulted()).containsExactly("DOCKER_AUTH_CONFIG auths");
      assertThat(scripts.stdinOf("desktop")).isNull();

      CredentialLookup legacyKey = resolver.lookup("other.example.com", "app");

      assertThat(found(legacyKey)).isEqualTo("basic desk:desk-pw");
      assertThat(legacyKey.consulted())
          .containsExactly("DOCKER_AUTH_CONFIG auths", "credsStore desktop");
      assertThat(legacyKey.nearMisses())
          .containsExactly(
              "DOCKER_AUTH_CONFIG auths has"
                  + " \"https://other.example.com\" (this section needs the key exactly"
                  + " \"other.example.com\" (no scheme or path))");
    }

    @Test
    void fromEnvironmentReadsHomeConfig() throws Exception {
      Path home = dir.resolve("home");
      Files.createDirectories(home.resolve(".docker"));
      Files.writeString(home.resolve(".docker/config.json"), auths("registry.example.com", "h"));

      CredentialLookup lookup =
          DockerCredentialResolver.fromEnvironment(Map.of(), home)
              .lookup("registry.example.com", "app");

      assertThat(found(lookup)).isEqualTo("basic h:pw");
      assertThat(lookup.consulted())
          .containsExactly(home.resolve(".docker/config.json") + " auths");
    }

    @Test
    void fromEnvironmentWithoutFilesIsAnonymous() {
      CredentialLookup lookup =
          DockerCredentialResolver.fromEnvironment(Map.of(), dir)
              .lookup("registry.example.com", "app");

      assertThat(lookup.hasCredential()).isFalse();
      assertThat(lookup.consulted()).containsExactly(dir.resolve(".docker/config.json") + " auths");
    }

    @Test
    void helperTimeoutMustBePositive() {
      assertThatThrownBy(() -> resolver("{}").withHelperTimeout(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("helperTimeout must be positive but was PT-0.001S");
    }
  }

  @Nested
  class Expiry {

    @Test
    void expiredJwtPasswordIsReportedButStillReturned() {
      String token = TestTokens.jwt(Instant.parse("2026-01-02T03:04:05Z"));
      String json =
          "{\"auths\": {\"registry.example.com\": {\"username\": \"00000000-0000-0000"
              + "-0000-000000000000\", \"password\": \""
              + token
              + "\"}}}";

      CredentialLookup lookup = resolver(json).lookup("registry.example.com", "app");

      assertThat(lookup.hasCredential()).isTrue();
      assertThat(lookup.problems())
          .containsExactly(
              new CredentialProblem(
                  CredentialProblem.Kind.EXPIRED,
                  "config.json auths \"registry.example.com\"",
                  "token expired at 2026-01-02T03:04:05Z"));
    }

    @Test
    void validJwtIsNotAProblem() {
      String token = TestTokens.jwt(Instant.parse("2026-06-01T00:00:00Z"));
      String json =
          "{\"auths\": {\"registry.example.com\": {\"identitytoken\": \"" + token + "\"}}}";

      assertThat(resolver(json).lookup("registry.example.com", "app").problems()).isEmpty();
    }

    @Test
    void expiredTokenFromHelperIsReported() {
      scripts.credentials("acr", "<token>", TestTokens.jwt(Instant.parse("2026-02-01T00:00:00Z")));

      CredentialLookup lookup =
          resolver("{\"credsStore\": \"acr\"}").lookup("registry.example.com", "app");

      assertThat(lookup.problems())
          .extracting(CredentialProblem::kind, CredentialProblem::source)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  CredentialProblem.Kind.EXPIRED, "credsStore acr"));
    }

    @Test
    void explicitExpiredCredentialIsReported() {
      Credential credential =
          new Credential.RegistryToken(
              Secret.of(TestTokens.jwt(Instant.parse("2020-01-01T00:00:00Z"))));

      CredentialLookup lookup =
          resolver("{}").withExplicit(credential).lookup("r.example.com", "a");

      assertThat(lookup.problems())
          .extracting(CredentialProblem::message)
          .containsExactly("token expired at 2020-01-01T00:00:00Z");
    }
  }

  @Test
  void lookupListsAreImmutable() {
    CredentialLookup lookup =
        resolver(auths("registry.example.com", "a")).lookup("registry.example.com", "a");

    assertThatThrownBy(() -> lookup.consulted().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(List.copyOf(lookup.nearMisses())).isEmpty();
  }
}
