package dev.regdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kubelet's key matching, case by case (kubernetes pkg/credentialprovider/keyring.go). */
class KubeletMatchTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # key                                | image                               | matches
          *.example.com                        | a.example.com/app                   | true
          *.example.com                        | a.b.example.com/app                 | false
          *.example.com                        | example.com/app                     | false
          *.*.example.com                      | a.b.example.com/app                 | true
          *.example.com:5000                   | a.example.com:5000/app              | true
          example.com                          | example.com/app                     | true
          registry.example.com                 | registry.example.com/team/app       | true
          registry.example.com:5000            | registry.example.com:5000/app       | true
          registry.example.com:5000            | registry.example.com/app            | false
          registry.example.com                 | registry.example.com:5000/app       | false
          registry.example.com:                | registry.example.com/app            | true
          registry.example.com:abc             | registry.example.com/app            | false
          registry.example.com/team            | registry.example.com/team/app       | true
          registry.example.com/team            | registry.example.com/teamx/app      | true
          registry.example.com/team/           | registry.example.com/teamx/app      | false
          registry.example.com/team            | registry.example.com/other/app      | false
          registry.example.com/team/app        | registry.example.com/team/app       | true
          registry.example.com/team/app/extra  | registry.example.com/team/app       | false
          https://registry.example.com         | registry.example.com/app            | true
          http://registry.example.com          | registry.example.com/app            | true
          https://registry.example.com/v1/     | registry.example.com/app            | true
          https://registry.example.com/v2/     | registry.example.com/app            | true
          registry.example.com/v2/team         | registry.example.com/team/app       | true
          registry.example.com/v1              | registry.example.com/app            | false
          user:pass@registry.example.com       | registry.example.com/app            | true
          Registry.Example.com                 | registry.example.com/app            | false
          registr[xy].example.com              | registry.example.com/app            | true
          registr[^y].example.com              | registry.example.com/app            | false
          registr[].example.com                | registry.example.com/app            | false
          reg?stry.example.com                 | registry.example.com/app            | false
          *                                    | localhost/app                       | true
          *                                    | registry.example.com/app            | false
          10.0.0.1:5000                        | 10.0.0.1:5000/app                   | true
          [fd00::1]:5000                       | [fd00::1]:5000/app                  | true
          docker.io                            | docker.io/library/nginx             | true
          index.docker.io                      | docker.io/library/nginx             | true
          https://index.docker.io/v1/          | docker.io/library/nginx             | true
          https://index.docker.io/v1/          | docker.io/team/app                  | true
          https://index.docker.io/v1/          | registry.example.com/app            | false
          https://index.docker.io/v1/          | localhost/app                       | true
          https://index.docker.io/v1/          | localhost:5000/app                  | false
          registry-1.docker.io                 | docker.io/library/nginx             | false
          *.docker.io                          | docker.io/library/nginx             | false
          """)
  void matchesLikeTheKubelet(String key, String image, boolean expected) {
    assertThat(KubernetesSecrets.kubeletMatches(key, image)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          https://index.docker.io/v1/          | index.docker.io
          index.docker.io/v1/                  | index.docker.io
          registry.example.com/                | registry.example.com
          registry.example.com/v2/team         | registry.example.com/team
          http://registry.example.com:5000/v1/x | registry.example.com:5000/x
          registry.example.com/v1              | registry.example.com/v1
          HTTPS://registry.example.com         | HTTPS://registry.example.com
          registry.example.com:abc             | null
          reg istry.example.com                | null
          registry.example.com/%zz             | null
          """)
  void normalisesKeysAsAddDoes(String key, String expected) {
    assertThat(KubeletKeyring.normalizeKey(key)).isEqualTo(expected);
  }

  @Nested
  class Keyring {

    private List<String> lookup(String image, String... keys) {
      List<KubeletKeyring.Keyed<String>> entries = new java.util.ArrayList<>();
      for (int i = 0; i < keys.length; i++) {
        String normalized = KubeletKeyring.normalizeKey(keys[i]);
        entries.add(new KubeletKeyring.Keyed<>(normalized, keys[i] + "#" + i));
      }
      return KubeletKeyring.lookup(entries, image);
    }

    @Test
    void longerPathOfTheSameHostComesFirst() {
      assertThat(lookup("quay.io/coreos/etcd", "quay.io", "quay.io/coreos"))
          .containsExactly("quay.io/coreos#1", "quay.io#0");
    }

    @Test
    void keysAreInReverseByteOrderNotByLength() {
      // "a.example.com" sorts after "*.example.com", so it is tried first.
      assertThat(lookup("a.example.com/app", "*.example.com", "a.example.com"))
          .containsExactly("a.example.com#1", "*.example.com#0");
    }

    @Test
    void equalKeysKeepInsertionOrder() {
      assertThat(
              lookup(
                  "registry.example.com/app",
                  "https://registry.example.com",
                  "registry.example.com",
                  "registry.example.com/v1/"))
          .containsExactly(
              "https://registry.example.com#0",
              "registry.example.com#1",
              "registry.example.com/v1/#2");
    }

    @Test
    void hubFallbackOnlyWhenNothingElseMatches() {
      assertThat(lookup("docker.io/library/nginx", "https://index.docker.io/v1/", "docker.io"))
          .containsExactly("docker.io#1");
      assertThat(
              lookup(
                  "docker.io/library/nginx", "https://index.docker.io/v1/", "registry.example.com"))
          .containsExactly("https://index.docker.io/v1/#0");
    }

    @Test
    void nothingMatchesNothing() {
      assertThat(lookup("registry.example.com/app", "other.example.com")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
registry.example.com:5000  | registry.example.com/app        | port differs (5000 vs none)
registry.example.com/team  | registry.example.com/other/app  | path "/team" is not a prefix of "/other/app"
Registry.example.com       | registry.example.com/app        | letter case differs; the kubelet compares host names case-sensitively
*.example.com              | example.com/app                 | a wildcard matches exactly one DNS label: "*.example.com" has 3 labels, "example.com" has 2
*.example.com              | a.b.example.com/app             | a wildcard matches exactly one DNS label: "*.example.com" has 3 labels, "a.b.example.com" has 4
example.com                | registry.example.com/app        | a parent domain of registry.example.com; the kubelet needs the same number of labels
eu.registry.example.com    | registry.example.com/app        | a subdomain of registry.example.com
registry-1.docker.io       | docker.io/library/nginx         | registry-1.docker.io never matches Docker Hub images; use https://index.docker.io/v1/ or docker.io
""")
  void explainsNearMisses(String normalizedKey, String image, String reason) {
    assertThat(KubeletKeyring.nearMiss(normalizedKey, image)).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
registry.exmaple.com       | registry.example.com/app   | host differs from registry.example.com by 2 characters, a likely typo; the kubelet needs the exact host
registry.exampel.com:5000  | registry.example.com/app   | host differs from registry.example.com by 2 characters, a likely typo; the kubelet needs the exact host
registry.example.com       | registry.exmple.com/app    | host differs from registry.exmple.com by 1 character, a likely typo; the kubelet needs the exact host
""")
  void aHostWithinTwoEditsOfTheImagesIsALikelyTypo(
      String normalizedKey, String image, String reason) {
    assertThat(KubeletKeyring.nearMiss(normalizedKey, image)).isEqualTo(reason);
  }

  @Test
  void hostsThreeEditsApartOrShortHostsThatDifferMostlyAreNoTypo() {
    assertThat(KubeletKeyring.nearMiss("registry.exmpale.org", "registry.example.com/app"))
        .isNull();
    assertThat(KubeletKeyring.nearMiss("ab", "cd/app")).isNull();
  }

  @Test
  void unrelatedKeysAreNoNearMiss() {
    assertThat(KubeletKeyring.nearMiss("other.example.org", "registry.example.com/app")).isNull();
    assertThat(KubeletKeyring.nearMiss("*.example.org", "a.b.example.com/app")).isNull();
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          *         | anything     | true
          *         | a/b          | false
          a*c       | abbbc        | true
          a*c       | abbb         | false
          ?         | x            | true
          ?         | /            | false
          ??        | x            | false
          [a-c]x    | bx           | true
          [^a-c]x   | bx           | false
          [\\]]     | ]            | true
          \\*       | *            | true
          \\*       | x            | false
          [         | [            | false
          a\\       | a            | false
          [a-]      | a            | false
          *[        | x            | false
          """)
  void globMatchesAsGoFilepathMatch(String pattern, String name, boolean expected) {
    assertThat(GoGlob.matches(pattern, name)).isEqualTo(expected);
  }
}
