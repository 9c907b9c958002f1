package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.probe.Challenge;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChallengeParserTest {

  private static Challenge only(String header) {
    List<Challenge> challenges = ChallengeParser.parse(header);
    assertThat(challenges).hasSize(1);
    return challenges.get(0);
  }

  @Nested
  class RealRegistries {
    static Stream<Arguments> challenges() {
      return Stream.of(
          Arguments.of(
              "Docker Hub",
              "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"",
              "Bearer",
              Map.of(
                  "realm", "https://auth.docker.io/token",
                  "service", "registry.docker.io",
                  "scope", "repository:library/nginx:pull")),
          Arguments.of(
              "GHCR",
              "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:user/image:pull\"",
              "Bearer",
              Map.of(
                  "realm",
                  "https://ghcr.io/token",
                  "service",
                  "ghcr.io",
                  "scope",
                  "repository:user/image:pull")),
          Arguments.of(
              "Quay",
              "Bearer realm=\"https://quay.io/v2/auth\",service=\"quay.io\"",
              "Bearer",
              Map.of("realm", "https://quay.io/v2/auth", "service", "quay.io")),
          Arguments.of(
              "ECR",
              "Basic realm=\"https://123.dkr.ecr.us-east-1.amazonaws.com/\",service=\"ecr.amazonaws.com\"",
              "Basic",
              Map.of(
                  "realm",
                  "https://123.dkr.ecr.us-east-1.amazonaws.com/",
                  "service",
                  "ecr.amazonaws.com")),
          Arguments.of(
              "Harbor",
              "Bearer realm=\"https://harbor.example.com/service/token\",service=\"harbor-registry\"",
              "Bearer",
              Map.of(
                  "realm",
                  "https://harbor.example.com/service/token",
                  "service",
                  "harbor-registry")),
          Arguments.of(
              "distribution after a token without the grant",
              "Bearer realm=\"http://127.0.0.1:5001/token\",service=\"test-registry\",scope=\"repository:team/app:pull\",error=\"insufficient_scope\"",
              "Bearer",
              Map.of(
                  "realm", "http://127.0.0.1:5001/token",
                  "service", "test-registry",
                  "scope", "repository:team/app:pull",
                  "error", "insufficient_scope")),
          Arguments.of(
              "distribution htpasswd",
              "Basic realm=\"Registry Realm\"",
              "Basic",
              Map.of("realm", "Registry Realm")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("challenges")
    void parsesTheChallengeRegistriesSend(
        String registry, String header, String scheme, Map<String, String> parameters) {
      Challenge challenge = only(header);

      assertThat(challenge.scheme()).isEqualTo(scheme);
      assertThat(challenge.parameters()).containsExactlyInAnyOrderEntriesOf(parameters);
    }

    @Test
    void keepsParameterOrder() {
      Challenge challenge = only("Bearer realm=\"r\",service=\"s\",scope=\"x\"");

      assertThat(challenge.parameters().keySet()).containsExactly("realm", "service", "scope");
    }

    @Test
    void dockerHubAccessorsAnswer() {
      Challenge challenge =
          only(
              "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");

      assertThat(challenge.isBearer()).isTrue();
      assertThat(challenge.isBasic()).isFalse();
      assertThat(challenge.realm()).hasValue("https://auth.docker.io/token");
      assertThat(challenge.service()).hasValue("registry.docker.io");
      assertThat(challenge.scope()).hasValue("repository:library/nginx:pull");
      assertThat(challenge.error()).isEmpty();
    }
  }

  @Nested
  class Grammar {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "bearer realm=\"r\"",
          "BEARER realm=\"r\"",
          "Bearer REALM=\"r\"",
          "bEaReR Realm=\"r\""
        })
    void schemeAndParameterNamesAreCaseInsensitive(String header) {
      Challenge challenge = only(header);

      assertThat(challenge.isBearer()).isTrue();
      assertThat(challenge.realm()).hasValue("r");
      assertThat(challenge.parameter("ReAlM")).hasValue("r");
    }

    @Test
    void schemeKeepsTheCaseItWasSentIn() {
      assertThat(only("BEARER realm=\"r\"").scheme()).isEqualTo("BEARER");
    }

    @Test
    void escapedQuotesAndBackslashesAreUnescaped() {
      Challenge challenge = only("Basic realm=\"say \\\"hi\\\" \\\\ \\x\"");

      assertThat(challenge.realm()).hasValue("say \"hi\" \\ x");
    }

    @Test
    void quotedScopeKeepsCommasAndSpaces() {
      Challenge challenge =
          only(
              "Bearer realm=\"https://auth.example.com/token\",scope=\"repository:a:pull,push repository:b:pull\",service=\"s\"");

      assertThat(challenge.scope()).hasValue("repository:a:pull,push repository:b:pull");
      assertThat(challenge.service()).hasValue("s");
    }

    @Test
    void unquotedRealmUrlIsAccepted() {
      Challenge challenge =
          only("Bearer realm=https://auth.example.com/token?x=1,service=registry.example.com");

      assertThat(challenge.realm()).hasValue("https://auth.example.com/token?x=1");
      assertThat(challenge.service()).hasValue("registry.example.com");
    }

    @Test
    void emptyQuotedValueIsAnEmptyString() {
      Challenge challenge = only("Bearer realm=\"\",service=\"s\"");

      assertThat(challenge.realm()).hasValue("");
      assertThat(challenge.service()).hasValue("s");
    }

    @Test
    void spacesAroundEqualsAndCommasAreAllowed() {
      Challenge challenge = only("Bearer   realm = \"r\" ,  service= \"s\"");

      assertThat(challenge.parameters())
          .containsExactly(Map.entry("realm", "r"), Map.entry("service", "s"));
    }

    @Test
    void emptyListElementsAreSkipped() {
      // RFC 7230 section 7: a recipient must accept empty list elements.
      List<Challenge> challenges =
          ChallengeParser.parse(", Bearer realm=\"r\",, service=\"s\" ,, Basic realm=\"b\",");

      assertThat(challenges).extracting(Challenge::scheme).containsExactly("Bearer", "Basic");
      assertThat(challenges.get(0).parameters())
          .containsExactly(Map.entry("realm", "r"), Map.entry("service", "s"));
    }

    @Test
    void schemeAloneHasNoParameters() {
      Challenge challenge = only("Negotiate");

      assertThat(challenge.scheme()).isEqualTo("Negotiate");
      assertThat(challenge.parameters()).isEmpty();
    }
  }

  @Nested
  class SeveralChallenges {
    @Test
    void commaJoinedBearerAndBasicOnOneLine() {
      List<Challenge> challenges =
          ChallengeParser.parse(
              "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\", Basic realm=\"x\"");

      assertThat(challenges).hasSize(2);
      assertThat(challenges.get(0).isBearer()).isTrue();
      assertThat(challenges.get(0).parameters())
          .containsExactly(
              Map.entry("realm", "https://auth.example.com/token"),
              Map.entry("service", "registry.example.com"));
      assertThat(challenges.get(1).isBasic()).isTrue();
      assertThat(challenges.get(1).realm()).hasValue("x");
    }

    @Test
    void severalHeaderValuesAreParsedInOrder() {
      List<Challenge> challenges =
          ChallengeParser.parseAll(
              List.of(
                  "Negotiate",
                  "Basic realm=\"corp\"",
                  "Bearer realm=\"https://auth.example.com/token\""));

      assertThat(challenges)
          .extracting(Challenge::scheme)
          .containsExactly("Negotiate", "Basic", "Bearer");
    }

    @Test
    void negotiateToken68FollowedByBasic() {
      List<Challenge> challenges =
          ChallengeParser.parse("Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXag==, Basic realm=\"corp\"");

      assertThat(challenges).hasSize(2);
      assertThat(challenges.get(0).scheme()).isEqualTo("Negotiate");
      assertThat(challenges.get(0).parameters())
          .containsExactly(Map.entry("token68", "YIIBhgYGKwYBBQUCoIIBejCCAXag=="));
      assertThat(challenges.get(1).isBasic()).isTrue();
      assertThat(challenges.get(1).realm()).hasValue("corp");
    }

    @Test
    void token68WithoutPaddingIsRecognised() {
      assertThat(only("Negotiate abc.def~ghi").parameters())
          .containsExactly(Map.entry("token68", "abc.def~ghi"));
    }

    @Test
    void schemeWithoutParametersFollowedByAnother() {
      List<Challenge> challenges = ChallengeParser.parse("Negotiate, NTLM, Basic realm=\"corp\"");

      assertThat(challenges)
          .extracting(Challenge::scheme)
          .containsExactly("Negotiate", "NTLM", "Basic");
      assertThat(challenges.get(0).parameters()).isEmpty();
    }
  }

  @Nested
  class Malformed {
    static Stream<Arguments> malformed() {
      return Stream.of(
          Arguments.of("", "empty"),
          Arguments.of("   ", "empty"),
          Arguments.of(" , ,", "empty"),
          Arguments.of(
              "Bearer realm=\"https://auth.example.com/token", "unterminated quoted string"),
          Arguments.of("Bearer realm=\"ends with a backslash\\", "unterminated quoted string"),
          Arguments.of("Bearer realm \"https://auth.example.com/token\"", "expected '='"),
          Arguments.of("Bearer realm=\"r\" service=\"s\"", "expected ','"),
          Arguments.of("Bearer realm=\"r\",realm=\"again\"", "repeated"),
          Arguments.of("Bearer realm=\"r\",REALM=\"again\"", "repeated"),
          Arguments.of("=\"x\"", "expected an auth scheme"),
          Arguments.of("\"Bearer\" realm=\"r\"", "expected an auth scheme"),
          Arguments.of("Bearer \"r\"", "expected a parameter name"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedValueThrowsNamingTheProblem(String header, String reason) {
      assertThatThrownBy(() -> ChallengeParser.parse(header))
          .isInstanceOf(MalformedChallengeException.class)
          .satisfies(
              error -> assertThat(((MalformedChallengeException) error).reason()).contains(reason))
          .satisfies(
              error ->
                  assertThat(((MalformedChallengeException) error).header()).isEqualTo(header));
    }

    @Test
    void messageQuotesALongHeaderAbbreviated() {
      String header = "Bearer realm=\"" + "x".repeat(500);

      assertThatThrownBy(() -> ChallengeParser.parse(header))
          .isInstanceOf(MalformedChallengeException.class)
          .hasMessageContaining("x".repeat(150) + "…")
          .hasMessageNotContaining("x".repeat(300));
    }
  }

  // ---- properties -----------------------------------------------------------------------------

  @SeededProperty(cases = 1000)
  void arbitraryTextParsesOrThrowsOnlyMalformedChallenge(long seed) {
    String header = headerLike(new Gen(seed));
    try {
      List<Challenge> challenges = ChallengeParser.parse(header);
      assertThat(challenges).isNotEmpty();
      assertThat(challenges).allSatisfy(challenge -> assertThat(challenge.scheme()).isNotEmpty());
    } catch (MalformedChallengeException e) {
      assertThat(e.reason()).isNotBlank();
    }
  }

  @SeededProperty(cases = 1000)
  void anyUnicodeStringParsesOrThrowsOnlyMalformedChallenge(long seed) {
    String header = new Gen(seed).anyString(255);
    try {
      ChallengeParser.parse(header);
    } catch (MalformedChallengeException e) {
      assertThat(e.getMessage()).startsWith("malformed WWW-Authenticate");
    }
  }

  @SeededProperty(cases = 1000)
  void toStringParsesBackToAnEqualChallenge(long seed) {
    Challenge challenge = challenge(new Gen(seed));
    assertThat(ChallengeParser.parse(challenge.headerValue())).containsExactly(challenge);
  }

  @SeededProperty(cases = 1000)
  void severalChallengesJoinedWithCommasParseBackInOrder(long seed) {
    Gen gen = new Gen(seed);
    List<Challenge> challenges = gen.list(1, 4, () -> challenge(gen));
    String header = String.join(", ", challenges.stream().map(Challenge::toString).toList());

    assertThat(ChallengeParser.parse(header)).containsExactlyElementsOf(challenges);
  }

  private static String headerLike(Gen gen) {
    // Mostly the characters that matter to the grammar, so the parser's branches are reached.
    return gen.string("BearicsRLM =,\"\\/:?.-_~+tklmnop0123456789\t\u00e9\u0000\u007f", 0, 80);
  }

  private static Challenge challenge(Gen gen) {
    String scheme = gen.string(TOKEN_CHARS, 1, 12);
    Map<String, String> parameters = new LinkedHashMap<>();
    int size = gen.between(0, 5);
    for (int i = 0; i < size; i++) {
      parameters.put(gen.string(LOWER_TOKEN_CHARS, 1, 10), parameterValue(gen));
    }
    return new Challenge(scheme, parameters);
  }

  private static String parameterValue(Gen gen) {
    switch (gen.between(0, 2)) {
      case 0:
        return gen.anyString(30);
      case 1:
        return gen.string("abc, =\"\\/:;", 0, 20);
      default:
        return gen.pick(
            "https://auth.docker.io/token", "repository:a:pull,push repository:b:pull", "");
    }
  }

  private static final String LOWER_TOKEN_CHARS =
      "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";
  private static final String TOKEN_CHARS = LOWER_TOKEN_CHARS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
}
