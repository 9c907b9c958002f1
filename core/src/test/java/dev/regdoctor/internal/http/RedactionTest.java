package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

  @Nested
  class Urls {
    @Test
    void userInfoIsRemoved() {
      assertThat(Redaction.url("https://alice:s3cret@registry.example.com/v2/"))
          .isEqualTo("https://registry.example.com/v2/");
    }

    @Test
    void userNameAloneIsRemoved() {
      assertThat(Redaction.url("https://alice@registry.example.com/v2/"))
          .isEqualTo("https://registry.example.com/v2/");
    }

    @Test
    void presignedS3QueryIsRedacted() {
      String url =
          "https://bucket.s3.amazonaws.com/docker/registry/v2/blobs/sha256/ab/data"
              + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
              + "&X-Amz-Credential=AKIAEXAMPLE%2F20261125%2Fus-east-1%2Fs3%2Faws4_request"
              + "&X-Amz-Date=20261125T100000Z&X-Amz-Expires=1200&X-Amz-SignedHeaders=host"
              + "&X-Amz-Signature=0123456789abcdef";

      String redacted = Redaction.url(url);

      assertThat(redacted)
          .startsWith("https://bucket.s3.amazonaws.com/docker/registry/v2/blobs/sha256/ab/data?")
          .contains("X-Amz-Credential=REDACTED", "X-Amz-Signature=REDACTED", "X-Amz-Date=REDACTED")
          .doesNotContain("AKIAEXAMPLE", "0123456789abcdef");
    }

    @Test
    void tokenQueryValuesAreRedacted() {
      String redacted =
          Redaction.url("https://cdn.example.com/blob?token=eyJhbGciOi&access_token=abc&sig=xyz");

      assertThat(redacted)
          .isEqualTo(
              "https://cdn.example.com/blob?token=REDACTED&access_token=REDACTED&sig=REDACTED");
    }

    @Test
    void tokenRequestParametersAreKept() {
      String url =
          "https://auth.docker.io/token?service=registry.docker.io&scope=repository:library/nginx:pull"
              + "&scope=repository:library/alpine:pull&account=alice&client_id=regdoctor";

      HttpUrl redacted = HttpUrl.get(Redaction.url(url));

      assertThat(redacted.queryParameter("service")).isEqualTo("registry.docker.io");
      assertThat(redacted.queryParameterValues("scope"))
          .containsExactly("repository:library/nginx:pull", "repository:library/alpine:pull");
      assertThat(redacted.queryParameter("account")).isEqualTo("alice");
      assertThat(redacted.queryParameter("client_id")).isEqualTo("regdoctor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"n", "last", "ns", "digest", "mount", "from", "SERVICE", "Scope"})
    void harmlessParametersAreKept(String name) {
      HttpUrl redacted =
          HttpUrl.get(Redaction.url("https://registry.example.com/v2/x?" + name + "=value"));

      assertThat(redacted.queryParameter(name)).isEqualTo("value");
    }

    @Test
    void valuelessParameterStaysValueless() {
      assertThat(Redaction.url("https://registry.example.com/v2/?flag&token=t"))
          .isEqualTo("https://registry.example.com/v2/?flag&token=REDACTED");
    }

    @Test
    void urlWithoutQueryOrUserInfoIsUnchanged() {
      assertThat(Redaction.url("https://registry.example.com:5000/v2/team/app/manifests/1.0"))
          .isEqualTo("https://registry.example.com:5000/v2/team/app/manifests/1.0");
    }

    @Test
    void textThatIsNotAUrlIsKept() {
      assertThat(Redaction.url("not a url at all")).isEqualTo("not a url at all");
    }

    @Test
    void httpUrlOverloadRedactsToo() {
      assertThat(Redaction.url(HttpUrl.get("http://u:p@127.0.0.1:5000/token?scope=s&password=p")))
          .isEqualTo("http://127.0.0.1:5000/token?scope=s&password=REDACTED");
    }
  }

  @Nested
  class Scrub {
    @Test
    void everyOccurrenceOfEverySecretIsReplaced() {
      assertThat(Redaction.scrub("pw=hunter2 again hunter2 and tok3n", List.of("hunter2", "tok3n")))
          .isEqualTo("pw=<redacted> again <redacted> and <redacted>");
    }

    @Test
    void secretsShorterThanThreeCharactersAreLeftAlone() {
      // Replacing "a" everywhere would destroy the text and reveal the secret by its absence.
      assertThat(Redaction.scrub("a cat", List.of("a", ""))).isEqualTo("a cat");
    }
  }

  @SeededProperty(cases = 1000)
  void redactedUrlsNeverContainQuerySecretsOrUserInfo(long seed) {
    Gen gen = new Gen(seed);
    String secret = gen.filtered(() -> gen.anyString(30), s -> !s.isEmpty());
    String name =
        gen.filtered(
            () -> gen.string(Gen.LOWER + Gen.UPPER + Gen.DIGITS + "-_", 1, 20),
            n ->
                !List.of(
                        "service",
                        "scope",
                        "account",
                        "n",
                        "last",
                        "ns",
                        "digest",
                        "client_id",
                        "mount",
                        "from")
                    .contains(n.toLowerCase(java.util.Locale.ROOT)));
    HttpUrl url =
        new HttpUrl.Builder()
            .scheme("https")
            .host("registry.example.com")
            .username("user-" + secret)
            .password(secret)
            .addPathSegments("v2/blobs")
            .addQueryParameter("service", "registry.example.com")
            .addQueryParameter(name, secret)
            .build();

    String redacted = Redaction.url(url);

    assertThat(HttpUrl.get(redacted).username()).isEmpty();
    assertThat(HttpUrl.get(redacted).password()).isEmpty();
    assertThat(HttpUrl.get(redacted).queryParameter(name)).isEqualTo(Redaction.REDACTED);
    assertThat(HttpUrl.get(redacted).queryParameter("service")).isEqualTo("registry.example.com");
  }
}
