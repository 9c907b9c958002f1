package dev.regdoctor.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {

  /** SHA-256 of the empty string. */
  static final String HEX64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** SHA-512 of the empty string. */
  static final String HEX128 =
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
          + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

  static final String SHA256 = "sha256:" + HEX64;
  static final String SHA512 = "sha512:" + HEX128;

  /** A digest whose algorithm is not registered; valid because it has 32+ encoded characters. */
  static final String OTHER_DIGEST = "sha3-256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564";

  static void assertInvalid(String input, String reasonFragment, int position) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class,
            e -> {
              assertThat(e.input()).isEqualTo(input);
              assertThat(e.reason()).contains(reasonFragment);
              assertThat(e.position()).isEqualTo(position);
            });
  }

  @Nested
  class Parsing {

    static Stream<Arguments> validReferences() {
      String repo234 = "a".repeat(234);
      String repo237 = "a".repeat(237);
      String tag128 = "t".repeat(128);
      return Stream.of(
          // Docker Hub short names and their spellings.
          valid(
              "nginx",
              "docker.io",
              "library/nginx",
              "latest",
              null,
              "docker.io/library/nginx:latest",
              "nginx:latest"),
          valid(
              "nginx:1.27",
              "docker.io",
              "library/nginx",
              "1.27",
              null,
              "docker.io/library/nginx:1.27",
              "nginx:1.27"),
          valid(
              "library/nginx",
              "docker.io",
              "library/nginx",
              "latest",
              null,
              "docker.io/library/nginx:latest",
              "nginx:latest"),
          valid(
              "docker.io/nginx",
              "docker.io",
              "library/nginx",
              "latest",
              null,
              "docker.io/library/nginx:latest",
              "nginx:latest"),
          valid(
              "docker.io/library/nginx:latest",
              "docker.io",
              "library/nginx",
              "latest",
              null,
              "docker.io/library/nginx:latest",
              "nginx:latest"),
          valid(
              "index.docker.io/library/nginx",
              "docker.io",
              "library/nginx",
              "latest",
              null,
              "docker.io/library/nginx:latest",
              "nginx:latest"),
          valid(
              "index.docker.io/nginx",
              "docker.io",
              "library/nginx",
              "latest",
              null,
              "docker.io/library/nginx:latest",
              "nginx:latest"),
          valid(
              "user/app:1",
              "docker.io",
              "user/app",
              "1",
              null,
              "docker.io/user/app:1",
              "user/app:1"),
          valid(
              "a/b/c/d/e",
              "docker.io",
              "a/b/c/d/e",
              "latest",
              null,
              "docker.io/a/b/c/d/e:latest",
              "a/b/c/d/e:latest"),
          valid(
              "docker.io/library/a/b:1",
              "docker.io",
              "library/a/b",
              "1",
              null,
              "docker.io/library/a/b:1",
              "library/a/b:1"),
          // The API host is a different registry name and is not normalised.
          valid(
              "registry-1.docker.io/library/nginx",
              "registry-1.docker.io",
              "library/nginx",
              "latest",
              null,
              "registry-1.docker.io/library/nginx:latest",
              "registry-1.docker.io/library/nginx:latest"),
          valid(
              "registry-1.docker.io/nginx",
              "registry-1.docker.io",
              "nginx",
              "latest",
              null,
              "registry-1.docker.io/nginx:latest",
              "registry-1.docker.io/nginx:latest"),
          // Docker compares registry names case-sensitively.
          valid(
              "Docker.io/nginx",
              "Docker.io",
              "nginx",
              "latest",
              null,
              "Docker.io/nginx:latest",
              "Docker.io/nginx:latest"),
          // localhost, ports and IP addresses.
          valid(
              "localhost/app",
              "localhost",
              "app",
              "latest",
              null,
              "localhost/app:latest",
              "localhost/app:latest"),
          valid(
              "localhost:5000/app:1.0",
              "localhost:5000",
              "app",
              "1.0",
              null,
              "localhost:5000/app:1.0",
              "localhost:5000/app:1.0"),
          valid(
              "localhost:65535/app",
              "localhost:65535",
              "app",
              "latest",
              null,
              "localhost:65535/app:latest",
              "localhost:65535/app:latest"),
          // Without a slash there is no registry: this is library/localhost with tag 5000.
          valid(
              "localhost:5000",
              "docker.io",
              "library/localhost",
              "5000",
              null,
              "docker.io/library/localhost:5000",
              "localhost:5000"),
          valid(
              "LOCALHOST:5000/app",
              "LOCALHOST:5000",
              "app",
              "latest",
              null,
              "LOCALHOST:5000/app:latest",
              "LOCALHOST:5000/app:latest"),
          valid(
              "Registry.Example.com/app",
              "Registry.Example.com",
              "app",
              "latest",
              null,
              "Registry.Example.com/app:latest",
              "Registry.Example.com/app:latest"),
          valid(
              "UPPER/app", "UPPER", "app", "latest", null, "UPPER/app:latest", "UPPER/app:latest"),
          valid(
              "my-registry:5000/app",
              "my-registry:5000",
              "app",
              "latest",
              null,
              "my-registry:5000/app:latest",
              "my-registry:5000/app:latest"),
          valid(
              "1.2.3.4/app",
              "1.2.3.4",
              "app",
              "latest",
              null,
              "1.2.3.4/app:latest",
              "1.2.3.4/app:latest"),
          valid(
              "xn--bcher-kva.example/app",
              "xn--bcher-kva.example",
              "app",
              "latest",
              null,
              "xn--bcher-kva.example/app:latest",
              "xn--bcher-kva.example/app:latest"),
          valid("a.b/c", "a.b", "c", "latest", null, "a.b/c:latest", "a.b/c:latest"),
          valid(
              "[::1]:5000/app",
              "[::1]:5000",
              "app",
              "latest",
              null,
              "[::1]:5000/app:latest",
              "[::1]:5000/app:latest"),
          valid(
              "[::1]/app", "[::1]", "app", "latest", null, "[::1]/app:latest", "[::1]/app:latest"),
          valid(
              "[fe80::1]:5000/app",
              "[fe80::1]:5000",
              "app",
              "latest",
              null,
              "[fe80::1]:5000/app:latest",
              "[fe80::1]:5000/app:latest"),
          valid(
              "[2001:DB8:0:0:0:0:0:1]:443/team/app:v2",
              "[2001:DB8:0:0:0:0:0:1]:443",
              "team/app",
              "v2",
              null,
              "[2001:DB8:0:0:0:0:0:1]:443/team/app:v2",
              "[2001:DB8:0:0:0:0:0:1]:443/team/app:v2"),
          valid(
              "example.com:443/a/b/c/d:tag",
              "example.com:443",
              "a/b/c/d",
              "tag",
              null,
              "example.com:443/a/b/c/d:tag",
              "example.com:443/a/b/c/d:tag"),
          valid(
              "registry.example.com/a/b:1",
              "registry.example.com",
              "a/b",
              "1",
              null,
              "registry.example.com/a/b:1",
              "registry.example.com/a/b:1"),
          // Digests: with a digest there is no default tag, and a tag is kept beside it.
          valid(
              "127.0.0.1:5000/team/app@" + SHA256,
              "127.0.0.1:5000",
              "team/app",
              null,
              SHA256,
              "127.0.0.1:5000/team/app@" + SHA256,
              "127.0.0.1:5000/team/app@" + SHA256),
          valid(
              "app:tag@" + SHA256,
              "docker.io",
              "library/app",
              "tag",
              SHA256,
              "docker.io/library/app:tag@" + SHA256,
              "app:tag@" + SHA256),
          valid(
              "nginx@" + SHA256,
              "docker.io",
              "library/nginx",
              null,
              SHA256,
              "docker.io/library/nginx@" + SHA256,
              "nginx@" + SHA256),
          valid(
              "quay.io/team/app@" + SHA512,
              "quay.io",
              "team/app",
              null,
              SHA512,
              "quay.io/team/app@" + SHA512,
              "quay.io/team/app@" + SHA512),
          valid(
              "ghcr.io/o/r@" + OTHER_DIGEST,
              "ghcr.io",
              "o/r",
              null,
              OTHER_DIGEST,
              "ghcr.io/o/r@" + OTHER_DIGEST,
              "ghcr.io/o/r@" + OTHER_DIGEST),
          // Path component separators.
          valid(
              "a__b",
              "docker.io",
              "library/a__b",
              "latest",
              null,
              "docker.io/library/a__b:latest",
              "a__b:latest"),
          valid(
              "a---b",
              "docker.io",
              "library/a---b",
              "latest",
              null,
              "docker.io/library/a---b:latest",
              "a---b:latest"),
          valid(
              "a.b_c-d",
              "docker.io",
              "library/a.b_c-d",
              "latest",
              null,
              "docker.io/library/a.b_c-d:latest",
              "a.b_c-d:latest"),
          valid("0:0", "docker.io", "library/0", "0", null, "docker.io/library/0:0", "0:0"),
          // Tags.
          valid(
              "app:_x",
              "docker.io",
              "library/app",
              "_x",
              null,
              "docker.io/library/app:_x",
              "app:_x"),
          valid(
              "app:V1.2.3-rc_1",
              "docker.io",
              "library/app",
              "V1.2.3-rc_1",
              null,
              "docker.io/library/app:V1.2.3-rc_1",
              "app:V1.2.3-rc_1"),
          valid(
              "app:" + tag128,
              "docker.io",
              "library/app",
              tag128,
              null,
              "docker.io/library/app:" + tag128,
              "app:" + tag128),
          // A 64-hex name is fine once it has a tag; only the bare form looks like an image ID.
          valid(
              HEX64 + ":latest",
              "docker.io",
              "library/" + HEX64,
              "latest",
              null,
              "docker.io/library/" + HEX64 + ":latest",
              HEX64 + ":latest"),
          // Docker Hub repositories whose first component looks like a registry keep docker.io/.
          valid(
              "docker.io/example.com/app:1",
              "docker.io",
              "example.com/app",
              "1",
              null,
              "docker.io/example.com/app:1",
              "docker.io/example.com/app:1"),
          valid(
              "docker.io/localhost/app",
              "docker.io",
              "localhost/app",
              "latest",
              null,
              "docker.io/localhost/app:latest",
              "docker.io/localhost/app:latest"),
          // Name length limits: 255 characters including the (implied) registry.
          valid(
              "registry.example.com/" + repo234,
              "registry.example.com",
              repo234,
              "latest",
              null,
              "registry.example.com/" + repo234 + ":latest",
              "registry.example.com/" + repo234 + ":latest"),
          valid(
              repo237,
              "docker.io",
              "library/" + repo237,
              "latest",
              null,
              "docker.io/library/" + repo237 + ":latest",
              repo237 + ":latest"));
    }

    static Arguments valid(
        String input,
        String registry,
        String repository,
        @Nullable String tag,
        @Nullable String digest,
        String canonical,
        String familiar) {
      return arguments(input, registry, repository, tag, digest, canonical, familiar);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validReferences")
    void parsesValidReference(
        String input,
        String registry,
        String repository,
        @Nullable String tag,
        @Nullable String digest,
        String canonical,
        String familiar) {
      ImageReference reference = ImageReference.parse(input);

      assertThat(reference.registry()).isEqualTo(registry);
      assertThat(reference.repository()).isEqualTo(repository);
      assertThat(reference.tag()).isEqualTo(tag);
      assertThat(reference.digest()).isEqualTo(digest);
      assertThat(reference.canonical()).isEqualTo(canonical);
      assertThat(reference.familiar()).isEqualTo(familiar);
      assertThat(ImageReference.parse(canonical)).isEqualTo(reference);
      assertThat(ImageReference.parse(familiar)).isEqualTo(reference);
    }

    static Stream<Arguments> invalidReferences() {
      String hex63 = HEX64.substring(1);
      return Stream.of(
          // Empty input and whitespace, which is never trimmed.
          arguments("", "reference is empty", -1),
          arguments(" nginx", "must not start with whitespace", 0),
          arguments("\tnginx", "must not start with whitespace", 0),
          arguments("nginx ", "must not end with whitespace", 5),
          arguments("nginx\n", "must not end with whitespace", 5),
          arguments("ngi nx", "whitespace is not allowed in a repository name", 3),
          arguments("nginx:1\u00a0", "must not end with whitespace", 7),
          arguments("nginx\u0000", "control character U+0000", 5),
          // Case: uppercase makes a first component a registry, and is never allowed after it.
          arguments("Nginx", "repository name must be lowercase", 0),
          arguments("Foo/Bar:1", "repository name must be lowercase", 4),
          arguments("LOCALHOST:5000", "repository name must be lowercase", 0),
          arguments("example.com/Team/app", "repository name must be lowercase", 12),
          arguments("a.b/C", "repository name must be lowercase", 4),
          // Slashes.
          arguments("/nginx", "must not start with '/'", 0),
          arguments("nginx/", "must not end with '/'", 5),
          arguments("localhost/", "must be followed by a repository name", 9),
          arguments("localhost/:1", "must be followed by a repository name", 9),
          arguments(":1", "repository name is empty", 0),
          arguments("app/:1", "must not end with '/'", 3),
          arguments("a//b", "empty path component", 2),
          arguments("localhost//app", "empty path component", 10),
          // Path component separators.
          arguments("a_-b", "'-' must not follow '_'", 2),
          arguments("a___b", "at most two '_' in a row", 3),
          arguments("a..b", "'.' must not follow '.'", 2),
          arguments("-a", "must start with a lowercase letter or digit", 0),
          arguments("team/.a", "must start with a lowercase letter or digit", 5),
          arguments("a-", "must end with a letter or digit", 1),
          arguments("[fe80::1%eth0]", "character '[' is not allowed in a repository name", 0),
          // Tags.
          arguments("nginx:", "':' must be followed by a tag", 5),
          arguments("nginx:@" + SHA256, "':' must be followed by a tag", 5),
          arguments("app:.tag", "a tag must start with a letter, digit or '_'", 4),
          arguments("app:-tag", "a tag must start with a letter, digit or '_'", 4),
          arguments("app:" + "t".repeat(129), "at most 128 characters but has 129", 132),
          arguments("app:ta!g", "character '!' is not allowed in a tag", 6),
          arguments("nginx:1.0:2", "character ':' is not allowed in a tag", 9),
          arguments("nginx:lat\u20acst", "character '\u20ac' (U+20AC) is not allowed in a tag", 9),
          // Digests.
          arguments("nginx@", "'@' must be followed by a digest", 5),
          arguments("app@sha256:" + hex63, "must have 64 hex digits but has 63", 11),
          arguments("app@sha256:" + HEX64 + "0", "must have 64 hex digits but has 65", 75),
          arguments("app@sha256:" + HEX64.toUpperCase(), "sha256 digest must be lowercase hex", 11),
          arguments("app@sha256:" + "g".repeat(64), "sha256 digest must be hex", 11),
          arguments("app@sha512:" + HEX64, "must have 128 hex digits but has 64", 11),
          arguments("app@md5:" + "a".repeat(31), "at least 32 characters", 8),
          arguments("app@SHA256:" + HEX64, "digest algorithm must be lowercase", 4),
          arguments("app@:" + HEX64, "needs an algorithm before ':'", 4),
          arguments("app@sha256", "must have the form algorithm:encoded", 4),
          arguments("app@sha256+:" + HEX64, "must not end with '+'", 10),
          arguments("app@" + SHA256 + "@x", "character '@' is not allowed in a digest", 75),
          arguments("app@sha256:" + HEX64.substring(0, 60) + "!abc", "character '!'", 71),
          // Bare image IDs.
          arguments(HEX64, "cannot specify 64-byte hexadecimal strings", 0),
          // Registries.
          arguments("[fe80::1%eth0]:5000/app", "IPv6 zone identifiers", 8),
          arguments("[::1/app", "no closing ']'", 0),
          arguments("[]:5000/app", "IPv6 address is empty", 1),
          arguments("[::g]:5000/app", "character 'g' is not allowed in an IPv6 address", 3),
          arguments("[1:2:3:4:5:6:7:8:9]/app", "malformed IPv6 address", 1),
          arguments("[1::2::3]/app", "malformed IPv6 address", 1),
          arguments("[::1]x:5000/app", "may only be followed by ':' and a port", 5),
          arguments("localhost:/app", "must be followed by a port", 9),
          arguments("localhost:99999/app", "between 1 and 65535", 10),
          arguments("localhost:0/app", "between 1 and 65535", 10),
          arguments("localhost:50a0/app", "character 'a' is not allowed in a registry port", 12),
          arguments(":5000/app", "registry host name is empty", 0),
          arguments("-bad.example.com/app", "must not start with '-'", 0),
          arguments("bad-.example.com/app", "must not end with '-'", 3),
          arguments("bad..example.com/app", "empty label", 4),
          arguments("example.com./app", "must not end with '.'", 11),
          arguments("exa_mple.com/app", "character '_' is not allowed in a registry host name", 3),
          // Name length: 255 characters including the registry, after normalisation.
          arguments("registry.example.com/" + "a".repeat(235), "at most 255 characters", 255),
          arguments("a".repeat(238), "but has 256 after Docker Hub normalisation", 237),
          arguments("index.docker.io/" + "a/".repeat(121) + "abcd", "but has 256", 261));
    }

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @MethodSource("invalidReferences")
    void rejectsInvalidReference(String input, String reasonFragment, int position) {
      assertInvalid(input, reasonFragment, position);
    }

    @Test
    void defaultsTagToLatestOnlyWithoutDigest() {
      assertThat(ImageReference.parse("app").tag()).isEqualTo("latest");
      assertThat(ImageReference.parse("app@" + SHA256).tag()).isNull();
    }

    @Test
    void rejectsNullText() {
      assertThatNullPointerException()
          .isThrownBy(() -> ImageReference.parse(null))
          .withMessage("text");
    }
  }

  @Nested
  class Construction {

    @Test
    void ofBuildsTheSameValueAsParse() {
      assertThat(ImageReference.of("docker.io", "library/nginx", "latest", null))
          .isEqualTo(ImageReference.parse("nginx"));
      assertThat(ImageReference.of("localhost:5000", "app", null, SHA256))
          .isEqualTo(ImageReference.parse("localhost:5000/app@" + SHA256));
    }

    @Test
    void normalisesDockerHubNames() {
      ImageReference reference = ImageReference.of("index.docker.io", "nginx", "1", null);

      assertThat(reference.registry()).isEqualTo("docker.io");
      assertThat(reference.repository()).isEqualTo("library/nginx");
      assertThat(new ImageReference("docker.io", "nginx", "1", null)).isEqualTo(reference);
    }

    @Test
    void requiresTagOrDigest() {
      assertThatThrownBy(() -> ImageReference.of("docker.io", "library/nginx", null, null))
          .isInstanceOfSatisfying(
              InvalidReferenceException.class,
              e -> {
                assertThat(e.reason()).isEqualTo("a tag or a digest is required");
                assertThat(e.position()).isEqualTo(-1);
              });
    }

    @Test
    void rejectsRegistryThatWouldReadAsNamespace() {
      assertThatThrownBy(() -> ImageReference.of("myhost", "app", "1", null))
          .isInstanceOfSatisfying(
              InvalidReferenceException.class,
              e -> {
                assertThat(e.input()).isEqualTo("myhost/app:1");
                assertThat(e.reason()).contains("reads as a Docker Hub namespace");
                assertThat(e.position()).isZero();
              });
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        nullValues = "null",
        textBlock =
            """
            docker.io     | Library/nginx | 1     | null          | must be lowercase          | 10
            docker.io     | ""            | 1     | null          | repository name is empty   | 10
            docker.io     | /nginx        | 1     | null          | empty path component       | 10
            localhost     | app           | bad!  | null          | character '!'              | 17
            localhost     | app           | ""    | null          | ':' must be followed       | 13
            localhost     | app           | null  | sha256:abc    | must have 64 hex digits    | 21
            localhost     | app           | 1     | ""            | '@' must be followed       | 15
            bad_host.io   | app           | 1     | null          | character '_'              | 3
            localhost:0   | app           | 1     | null          | between 1 and 65535        | 10
            ""            | app           | 1     | null          | registry is empty          | 0
            """)
    void rejectsInvalidParts(
        String registry,
        String repository,
        @Nullable String tag,
        @Nullable String digest,
        String reasonFragment,
        int position) {
      assertThatThrownBy(() -> ImageReference.of(registry, repository, tag, digest))
          .isInstanceOfSatisfying(
              InvalidReferenceException.class,
              e -> {
                assertThat(e.reason()).contains(reasonFragment);
                assertThat(e.position()).isEqualTo(position);
              });
    }

    @Test
    void rejectsNullParts() {
      assertThatNullPointerException()
          .isThrownBy(() -> ImageReference.of(null, "app", "1", null))
          .withMessage("registry");
      assertThatNullPointerException()
          .isThrownBy(() -> ImageReference.of("localhost", null, "1", null))
          .withMessage("repository");
    }

    @Test
    void withTagKeepsDigest() {
      ImageReference reference = ImageReference.parse("localhost/app@" + SHA256).withTag("1.0");

      assertThat(reference.canonical()).isEqualTo("localhost/app:1.0@" + SHA256);
      assertThat(reference.manifestReference()).isEqualTo(SHA256);
    }

    @Test
    void withDigestKeepsTag() {
      ImageReference reference = ImageReference.parse("nginx:1.27").withDigest(SHA256);

      assertThat(reference.tag()).isEqualTo("1.27");
      assertThat(reference.digest()).isEqualTo(SHA256);
    }

    @Test
    void withTagAndWithDigestValidate() {
      ImageReference reference = ImageReference.parse("nginx");

      assertThatThrownBy(() -> reference.withTag(".bad"))
          .isInstanceOf(InvalidReferenceException.class)
          .hasMessageContaining("a tag must start with");
      assertThatThrownBy(() -> reference.withDigest("sha256:" + HEX64.toUpperCase()))
          .isInstanceOf(InvalidReferenceException.class)
          .hasMessageContaining("lowercase hex");
    }
  }

  @Nested
  class Accessors {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        nullValues = "null",
        textBlock =
            """
            nginx                          | docker.io              | null
            localhost/app                  | localhost              | null
            localhost:5000/app             | localhost              | 5000
            registry.example.com:443/a/b   | registry.example.com   | 443
            [::1]/app                      | ::1                    | null
            [::1]:5000/app                 | ::1                    | 5000
            [fe80::1:2]:443/app            | fe80::1:2              | 443
            127.0.0.1:05000/app            | 127.0.0.1              | 5000
            """)
    void splitsRegistryIntoHostAndPort(String input, String host, @Nullable Integer port) {
      ImageReference reference = ImageReference.parse(input);

      assertThat(reference.host()).isEqualTo(host);
      assertThat(reference.port())
          .isEqualTo(port == null ? OptionalInt.empty() : OptionalInt.of(port));
    }

    @Test
    void namesDockerHubThreeWays() {
      ImageReference reference = ImageReference.parse("nginx");

      assertThat(reference.isDockerHub()).isTrue();
      assertThat(reference.name()).isEqualTo("docker.io/library/nginx");
      assertThat(reference.apiHost()).isEqualTo("registry-1.docker.io");
      assertThat(reference.credentialKey()).isEqualTo("https://index.docker.io/v1/");
    }

    @Test
    void usesOtherRegistriesAsGiven() {
      ImageReference reference = ImageReference.parse("localhost:5000/app");

      assertThat(reference.isDockerHub()).isFalse();
      assertThat(reference.apiHost()).isEqualTo("localhost:5000");
      assertThat(reference.credentialKey()).isEqualTo("localhost:5000");
    }

    @Test
    void treatsRegistryOneAsAnOrdinaryRegistry() {
      ImageReference reference = ImageReference.parse("registry-1.docker.io/library/nginx");

      assertThat(reference.isDockerHub()).isFalse();
      assertThat(reference.apiHost()).isEqualTo("registry-1.docker.io");
      assertThat(reference.credentialKey()).isEqualTo("registry-1.docker.io");
    }

    @Test
    void exposesDockerHubConstants() {
      assertThat(ImageReference.DOCKER_HUB).isEqualTo("docker.io");
      assertThat(ImageReference.DOCKER_HUB_API_HOST).isEqualTo("registry-1.docker.io");
      assertThat(ImageReference.DOCKER_HUB_AUTH_REALM).isEqualTo("https://auth.docker.io/token");
      assertThat(ImageReference.DOCKER_HUB_SERVICE).isEqualTo("registry.docker.io");
      assertThat(ImageReference.DOCKER_HUB_CREDENTIAL_KEY).isEqualTo("https://index.docker.io/v1/");
    }

    @Test
    void manifestReferencePrefersDigest() {
      assertThat(ImageReference.parse("app:1@" + SHA256).manifestReference()).isEqualTo(SHA256);
      assertThat(ImageReference.parse("app:1").manifestReference()).isEqualTo("1");
      assertThat(ImageReference.parse("app").manifestReference()).isEqualTo("latest");
    }

    @Test
    void toStringIsCanonical() {
      ImageReference reference = ImageReference.parse("user/app:1@" + SHA256);

      assertThat(reference).hasToString("docker.io/user/app:1@" + SHA256);
      assertThat(reference.toString()).isEqualTo(reference.canonical());
    }
  }

  @Nested
  class Errors {

    @Test
    void messageQuotesInputReasonAndIndex() {
      assertThatThrownBy(() -> ImageReference.parse("Foo/Bar:1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "invalid reference \"Foo/Bar:1\": repository name must be lowercase (at index 4)");
    }

    @Test
    void messageOmitsIndexWhenNoCharacterIsAtFault() {
      assertThatThrownBy(() -> ImageReference.parse(""))
          .hasMessage("invalid reference \"\": reference is empty");
    }

    @Test
    void messageEscapesControlCharactersButInputKeepsThem() {
      assertThatThrownBy(() -> ImageReference.parse("a\nb\"c"))
          .isInstanceOfSatisfying(
              InvalidReferenceException.class,
              e -> {
                assertThat(e.getMessage()).startsWith("invalid reference \"a\\u000Ab\\\"c\": ");
                assertThat(e.input()).isEqualTo("a\nb\"c");
              });
    }

    @ParameterizedTest
    @CsvSource({
      "https://alice:CanaryRef2@127.0.0.1:5055/team/app:1.0, https://alice:<redacted>@127.0.0.1:5055/team/app:1.0, 8",
      "docker://alice:CanaryRef2@registry.example.com/app, docker://alice:<redacted>@registry.example.com/app, 9",
      "alice:CanaryRef2@127.0.0.1:5055/team/app:1.0, alice:<redacted>@127.0.0.1:5055/team/app:1.0, 0",
      "https://alice:CanaryRef2@registry.example.com, https://alice:<redacted>@registry.example.com, 8"
    })
    void passwordPastedInUrlIsNamedAndNeverEchoed(String input, String shown, int position) {
      assertThatThrownBy(() -> ImageReference.parse(input))
          .isInstanceOfSatisfying(
              InvalidReferenceException.class,
              e -> {
                assertThat(e.reason()).contains("credentials").doesNotContain("CanaryRef2");
                assertThat(e.input()).isEqualTo(shown);
                assertThat(e.position()).isEqualTo(position);
                assertThat(e.getMessage()).contains(shown).doesNotContain("CanaryRef2");
                assertThat(e.toString()).doesNotContain("CanaryRef2");
              });
    }

    @Test
    void partsWithPasswordNeverEchoIt() {
      assertThatThrownBy(
              () -> ImageReference.of("alice:CanaryRef2@registry.example.com", "app", "1", null))
          .isInstanceOfSatisfying(
              InvalidReferenceException.class,
              e -> {
                assertThat(e.getMessage()).doesNotContain("CanaryRef2");
                assertThat(e.input()).isEqualTo("alice:<redacted>@registry.example.com/app:1");
              });
    }

    @Test
    void digestAndUserWithoutPasswordAreNotTakenForCredentials() {
      assertThat(ImageReference.parse("app@" + SHA256).digest()).isEqualTo(SHA256);
      assertThat(ImageReference.parse("localhost:5000/app@" + SHA256).digest()).isEqualTo(SHA256);
      assertThatThrownBy(() -> ImageReference.parse("https://alice@registry.example.com/app"))
          .isInstanceOfSatisfying(
              InvalidReferenceException.class,
              e -> assertThat(e.input()).isEqualTo("https://alice@registry.example.com/app"));
    }

    @Test
    void messageShortensVeryLongInput() {
      String input = "a".repeat(5000) + "!";

      assertThatThrownBy(() -> ImageReference.parse(input))
          .isInstanceOfSatisfying(
              InvalidReferenceException.class,
              e -> {
                assertThat(e.getMessage()).hasSizeLessThan(1200).contains("(5001 characters)");
                assertThat(e.input()).isEqualTo(input);
              });
    }
  }
}
