package dev.regdoctor.credentials;

import static dev.regdoctor.credentials.KubernetesSecretsTest.dockerConfigJson;
import static dev.regdoctor.credentials.TestTokens.b64;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesCredentialResolverTest {

  static PullSecret secret(String name, String... keysAndUsers) {
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
    json.append("}}");
    return KubernetesSecrets.parse(dockerConfigJson(name, json.toString()), name + ".yaml").get(0);
  }

  private static String found(CredentialLookup lookup) {
    return lookup.found().map(TestTokens::describe).orElse("none");
  }

  @Test
  void firstSecretWinsForTheSameKey() {
    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(
                    secret("first", "registry.example.com", "one"),
                    secret("second", "registry.example.com", "two")))
            .lookup("registry.example.com", "team/app");

    assertThat(found(lookup)).isEqualTo("basic one:pw");
    assertThat(lookup.source()).isEqualTo("secret shop/first");
    assertThat(lookup.consulted())
        .containsExactly(
            "secret shop/first",
            "secret shop/second",
            "secret shop/first \"registry.example.com\" (used first)",
            "secret shop/second \"registry.example.com\" (also tried by the kubelet if the first"
                + " candidate fails)");
  }

  @Test
  void morePreciseKeyInALaterSecretWins() {
    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(
                    secret("host", "registry.example.com", "host"),
                    secret("team", "registry.example.com/team", "team")))
            .lookup("registry.example.com", "team/app");

    assertThat(found(lookup)).isEqualTo("basic team:pw");
    assertThat(lookup.source()).isEqualTo("secret shop/team");
  }

  @Test
  void dockerHubFallsBackToIndexKey() {
    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(secret("hub", "https://index.docker.io/v1/", "hub")))
            .lookup("docker.io", "library/nginx");

    assertThat(found(lookup)).isEqualTo("basic hub:pw");
  }

  @Test
  void invalidSecretFailsEveryPull() {
    PullSecret broken =
        KubernetesSecrets.parse(
                dockerConfigJson("broken", "{\"auths\": {\"x.example.com\": {\"auth\": \"!\"}}}"),
                "b.yaml")
            .get(0);

    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(secret("good", "registry.example.com", "good"), broken))
            .lookup("registry.example.com", "app");

    assertThat(lookup.hasCredential()).isFalse();
    assertThat(lookup.problems())
        .extracting(CredentialProblem::source)
        .containsExactly("secret shop/broken", "kubelet");
  }

  /** Review 15, finding 8: matching secrets beside an undecodable one are named, not hidden. */
  @Test
  void invalidSecretNamesTheMatchingEntriesItBlocks() {
    PullSecret broken =
        KubernetesSecrets.parse(
                dockerConfigJson("broken", "{\"auths\": {\"x.example.com\": {\"auth\": \"!\"}}}"),
                "b.yaml")
            .get(0);

    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(
                    secret("good", "registry.example.com", "good"),
                    broken,
                    secret("other", "elsewhere.example.com", "other")))
            .lookup("registry.example.com", "app");

    assertThat(lookup.hasCredential()).isFalse();
    assertThat(lookup.problems())
        .filteredOn(problem -> problem.source().equals("kubelet"))
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem.message())
                    .endsWith(
                        "even the entries that match: secret shop/good \"registry.example.com\"")
                    .doesNotContain("other"));
    assertThat(lookup.consulted())
        .contains(
            "secret shop/good \"registry.example.com\" (matches, but is never tried: the keyring"
                + " cannot be built)");
  }

  /** The entries an invalid secret blocks are data, so that no caller parses the message. */
  @Test
  void invalidSecretGivesTheBlockedMatchingEntriesAsData() {
    PullSecret broken =
        KubernetesSecrets.parse(
                dockerConfigJson("broken", "{\"auths\": {\"x.example.com\": {\"auth\": \"!\"}}}"),
                "b.yaml")
            .get(0);

    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(
                    secret("good", "registry.example.com", "good"),
                    broken,
                    secret("second", "registry.example.com/app", "second"),
                    secret("other", "elsewhere.example.com", "other")))
            .lookup("registry.example.com", "app");

    assertThat(lookup.problems())
        .filteredOn(problem -> !problem.untriedMatches().isEmpty())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem.untriedMatches())
                    .containsExactly(
                        new CredentialProblem.SecretEntry(
                            "shop", "second", "registry.example.com/app"),
                        new CredentialProblem.SecretEntry("shop", "good", "registry.example.com")));
    assertThat(broken.problems()).allSatisfy(p -> assertThat(p.untriedMatches()).isEmpty());
  }

  @Test
  void invalidSecretWithNothingMatchingNamesNoEntry() {
    PullSecret broken =
        KubernetesSecrets.parse(
                dockerConfigJson("broken", "{\"auths\": {\"x.example.com\": {\"auth\": \"!\"}}}"),
                "b.yaml")
            .get(0);

    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(secret("other", "elsewhere.example.com", "o"), broken))
            .lookup("registry.example.com", "app");

    assertThat(lookup.problems())
        .filteredOn(problem -> problem.source().equals("kubelet"))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).doesNotContain("match"));
  }

  @Test
  void ignoredSecretIsConsultedButUnused() {
    PullSecret opaque =
        KubernetesSecrets.parse(
                KubernetesSecretsTest.secretYaml(
                    "opaque",
                    "Opaque",
                    ".dockerconfigjson",
                    "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + b64("o:p") + "\"}}}"),
                "o.yaml")
            .get(0);

    CredentialLookup lookup =
        KubernetesCredentialResolver.of(List.of(opaque)).lookup("registry.example.com", "app");

    assertThat(lookup.hasCredential()).isFalse();
    assertThat(lookup.consulted()).containsExactly("secret shop/opaque");
    assertThat(lookup.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).endsWith("ignored by the kubelet"));
  }

  @Test
  void nearMissesExplainWhyNothingMatched() {
    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(
                    secret(
                        "s",
                        "registry.example.com:5000",
                        "port",
                        "registry.example.com/other",
                        "path",
                        "*.registry.example.com",
                        "wild",
                        "registry-1.docker.io",
                        "hub",
                        "unrelated.example.org",
                        "x")))
            .lookup("registry.example.com", "team/app");

    assertThat(lookup.hasCredential()).isFalse();
    assertThat(lookup.nearMisses())
        .containsExactly(
            "secret shop/s has \"registry.example.com:5000\" (port differs (5000 vs none))",
            "secret shop/s has \"registry.example.com/other\" (path \"/other\" is not a prefix of"
                + " \"/team/app\")",
            "secret shop/s has \"*.registry.example.com\" (a wildcard matches exactly one DNS"
                + " label: \"*.registry.example.com\" has 4 labels, \"registry.example.com\" has"
                + " 3)");
  }

  @Test
  void hubLookalikeKeyIsANearMissForHubImages() {
    CredentialLookup lookup =
        KubernetesCredentialResolver.of(List.of(secret("s", "registry-1.docker.io", "hub")))
            .lookup("docker.io", "library/nginx");

    assertThat(lookup.nearMisses())
        .containsExactly(
            "secret shop/s has \"registry-1.docker.io\" (registry-1.docker.io never matches Docker"
                + " Hub images; use https://index.docker.io/v1/ or docker.io)");
  }

  @Test
  void entryWithoutPasswordIsSkippedForTheNextCandidate() {
    PullSecret tokenOnly =
        KubernetesSecrets.parse(
                dockerConfigJson(
                    "token", "{\"auths\": {\"registry.example.com\": {\"identitytoken\": \"t\"}}}"),
                "t.yaml")
            .get(0);

    CredentialLookup lookup =
        KubernetesCredentialResolver.of(
                List.of(tokenOnly, secret("basic", "registry.example.com", "basic")))
            .lookup("registry.example.com", "app");

    assertThat(found(lookup)).isEqualTo("basic basic:pw");
    assertThat(lookup.consulted())
        .contains(
            "secret shop/token \"registry.example.com\" (matches, but holds no user name and"
                + " password)");
  }

  @Test
  void expiredJwtPasswordIsReported() {
    String token = TestTokens.jwt(Instant.parse("2026-01-02T03:04:05Z"));
    PullSecret acr =
        KubernetesSecrets.parse(
                dockerConfigJson(
                    "acr",
                    "{\"auths\": {\"registry.example.com\": {\"username\":"
                        + " \"00000000-0000-0000-0000-000000000000\", \"password\": \""
                        + token
                        + "\"}}}"),
                "a.yaml")
            .get(0);

    CredentialLookup lookup =
        KubernetesCredentialResolver.of(List.of(acr))
            .withClock(Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC))
            .lookup("registry.example.com", "app");

    assertThat(lookup.hasCredential()).isTrue();
    assertThat(lookup.problems())
        .containsExactly(
            new CredentialProblem(
                CredentialProblem.Kind.EXPIRED,
                "secret shop/acr",
                "token expired at 2026-01-02T03:04:05Z"));
  }

  @Test
  void noSecretsIsAnonymous() {
    CredentialLookup lookup =
        KubernetesCredentialResolver.of(new ArrayList<>()).lookup("registry.example.com", "app");

    assertThat(lookup).isEqualTo(CredentialLookup.anonymous());
  }
}
