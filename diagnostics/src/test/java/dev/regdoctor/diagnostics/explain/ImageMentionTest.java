package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.internal.http.Redaction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How an image named in an error message is read: logins, IPv6 literals, digests. */
class ImageMentionTest {

  @Nested
  class LoginBeforeTheRegistry {
    /** Session 13 review: a login pasted before the registry was read as a Docker Hub image. */
    @Test
    void aMaskedLoginBeforeTheRegistryIsNoRepository() {
      ImageMention mention =
          ImageMention.parse(Redaction.text("bob:Hunter2Secret@registry.corp:5000/app:v1"), false);

      assertThat(mention).isEqualTo(new ImageMention("registry.corp:5000", false, "app", "v1"));
    }

    @Test
    void aLoginInPullAccessDeniedLeavesTheRegistryAndRepository() {
      ImageMention mention =
          ImageMention.parse("bob:<redacted>@registry.corp:5000/team/app", false);

      assertThat(mention)
          .isEqualTo(new ImageMention("registry.corp:5000", false, "team/app", null));
    }

    @Test
    void aDigestAfterARepositoryIsStillADigest() {
      String digest = "sha256:" + "ab".repeat(32);

      assertThat(ImageMention.parse("registry.corp:5000/app@" + digest, false))
          .isEqualTo(new ImageMention("registry.corp:5000", false, "app", digest));
      assertThat(ImageMention.parse("nginx:1.25@" + digest, false))
          .isEqualTo(new ImageMention(null, false, "nginx", digest));
    }
  }

  @Nested
  class Ipv6Registry {
    /** Session 13 review: "[fd00::10]:5000/app" gave repository "fd00" and no registry. */
    @ParameterizedTest
    @CsvSource({
      "'[fd00::10]:5000/app', app, ",
      "'[fd00::10]:5000/team/app:1.0', team/app, 1.0",
      "'\"[fd00::10]:5000/team/app:1.0\"', team/app, 1.0",
      "'[::1]:5000/app:v1', app, v1"
    })
    void anIpv6LiteralWithPortIsTheRegistry(String text, String repository, String reference) {
      ImageMention mention = ImageMention.parse(text, false);

      assertThat(mention).isNotNull();
      assertThat(mention.registry())
          .isEqualTo(text.contains("::1]") ? "[::1]:5000" : "[fd00::10]:5000");
      assertThat(mention.repository()).isEqualTo(repository);
      assertThat(mention.reference()).isEqualTo(reference);
    }

    @Test
    void anIpv6LiteralCutShortNamesNoRepository() {
      assertThat(ImageMention.parse("[fd00", false)).isNull();
    }

    @Test
    void aBracketedNameIsStillUnbracketed() {
      assertThat(ImageMention.parse("[registry.corp:5000/app:v1]", false))
          .isEqualTo(new ImageMention("registry.corp:5000", false, "app", "v1"));
    }
  }

  /** Session 15 review: Chinese prose around a reference, and words taken for short names. */
  @Nested
  class Prose {
    @Test
    void fullWidthPunctuationEndsAReference() {
      assertThat(ImageMention.parse("（harbor.example.cn/prod/gateway:3.2.1）：unauthorized", false))
          .isEqualTo(new ImageMention("harbor.example.cn", false, "prod/gateway", "3.2.1"));
      assertThat(ImageMention.parse("harbor.example.cn/prod/gateway:3.2.1，原因如下：", false))
          .isEqualTo(new ImageMention("harbor.example.cn", false, "prod/gateway", "3.2.1"));
    }

    @ParameterizedTest
    @CsvSource({"with", "from", "the", "image", "returned"})
    void aWordOfTheSentenceIsNoShortName(String word) {
      assertThat(ImageMention.parse(word, false)).isNull();
    }

    @Test
    void aShortNameThatIsNoWordStaysOne() {
      assertThat(ImageMention.parse("nginx", false))
          .isEqualTo(new ImageMention(null, false, "nginx", null));
    }

    @Test
    void anUppercaseRepositoryIsKeptWhenLenientButAPlaceholderIsNot() {
      assertThat(ImageMention.parse("docker.io/Acme/WebApp:latest", true))
          .isEqualTo(new ImageMention("docker.io", false, "Acme/WebApp", "latest"));
      assertThat(ImageMention.parse("HOST-NAME/PROJECT-ID/REPOSITORY/IMAGE", true)).isNull();
    }
  }
}
