package dev.regdoctor.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

class ImageReferencePropertiesTest {

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final String HEX = "0123456789abcdef";

  /** Every character the grammar uses anywhere; anything else makes a reference invalid. */
  private static final String ALPHABET = LOWER + UPPER + DIGITS + "._-/:@[]+=";

  @Property
  void canonicalRoundTrips(@ForAll("references") String text) {
    ImageReference reference = ImageReference.parse(text);

    assertThat(ImageReference.parse(reference.canonical())).isEqualTo(reference);
  }

  @Property
  void familiarParsesToTheSameReference(@ForAll("references") String text) {
    ImageReference reference = ImageReference.parse(text);

    assertThat(ImageReference.parse(reference.familiar()))
        .isEqualTo(ImageReference.parse(reference.canonical()));
  }

  @Property
  void canonicalIsIdempotent(@ForAll("references") String text) {
    String canonical = ImageReference.parse(text).canonical();

    assertThat(ImageReference.parse(canonical).canonical()).isEqualTo(canonical);
  }

  @Property
  void partsRebuildTheSameReference(@ForAll("references") String text) {
    ImageReference reference = ImageReference.parse(text);

    assertThat(
            ImageReference.of(
                reference.registry(), reference.repository(), reference.tag(), reference.digest()))
        .isEqualTo(reference);
  }

  @Property
  void characterOutsideTheAlphabetIsRejectedWhereItIs(
      @ForAll("references") String text,
      @ForAll("foreignCharacters") char foreign,
      @ForAll("fractions") double where) {
    int index = (int) Math.round(where * text.length());
    String input = text.substring(0, index) + foreign + text.substring(index);

    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class,
            e -> {
              assertThat(e.input()).isEqualTo(input);
              if (Character.toLowerCase(foreign) == foreign) {
                assertThat(e.position()).isEqualTo(index);
              } else {
                // An uppercase letter such as 'É' makes a first component a registry, whose
                // stricter grammar may already fail earlier (an '_' is fine in a path only).
                assertThat(e.position()).isBetween(0, index);
              }
            });
  }

  @Property
  void arbitraryStringsOnlyEverFailWithInvalidReference(@ForAll String text) {
    checkParsesOrRejects(text);
  }

  @Property
  void stringsOfGrammarCharactersOnlyEverFailWithInvalidReference(
      @ForAll("grammarNoise") String text) {
    checkParsesOrRejects(text);
  }

  @Property
  void mutatedReferencesOnlyEverFailWithInvalidReference(
      @ForAll("references") String text,
      @ForAll("fractions") double where,
      @ForAll("grammarCharacters") char replacement) {
    int index = Math.min((int) (where * text.length()), text.length() - 1);
    checkParsesOrRejects(text.substring(0, index) + text.substring(index + 1));
    checkParsesOrRejects(text.substring(0, index) + replacement + text.substring(index + 1));
    checkParsesOrRejects(text.substring(0, index) + replacement + text.substring(index));
  }

  @Property
  void uppercaseInRepositoryIsRejected(
      @ForAll("explicitRegistries") String registry,
      @ForAll("repositoriesWithLetters") String repository,
      @ForAll("fractions") double where) {
    List<Integer> letters = indexesOfLetters(repository);
    int letter = letters.get(Math.min((int) (where * letters.size()), letters.size() - 1));
    String upper =
        repository.substring(0, letter)
            + Character.toUpperCase(repository.charAt(letter))
            + repository.substring(letter + 1);
    String input = registry + "/" + upper + ":1";

    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("repository name must be lowercase");
              assertThat(e.position()).isEqualTo(registry.length() + 1 + letter);
            });
  }

  private static void checkParsesOrRejects(String text) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(text);
    } catch (InvalidReferenceException e) {
      assertThat(e.input()).isEqualTo(text);
      assertThat(e.position()).isBetween(-1, Math.max(text.length() - 1, -1));
      assertThat(e.getMessage()).startsWith("invalid reference \"");
      return;
    }
    assertThat(ImageReference.parse(reference.canonical())).isEqualTo(reference);
  }

  private static List<Integer> indexesOfLetters(String text) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        indexes.add(i);
      }
    }
    return indexes;
  }

  // Generators. Each produces text the grammar accepts; references() combines them.

  @Provide
  Arbitrary<String> references() {
    Arbitrary<@Nullable String> registry = registries().injectNull(0.35);
    Arbitrary<@Nullable String> tag = tags().injectNull(0.3);
    Arbitrary<@Nullable String> digest = digests().injectNull(0.6);
    return Combinators.combine(registry, repositories(), tag, digest)
        .as(Parts::new)
        .filter(Parts::meansWhatItSays)
        .map(Parts::text);
  }

  /** Generated parts of a reference, before they are joined into text. */
  private record Parts(
      @Nullable String registry, String repository, @Nullable String tag, @Nullable String digest) {

    /**
     * Returns whether the joined text reads as these parts. Without a registry, a first component
     * with a dot (or {@code localhost}) would be read as a registry, and a bare 64-hex name as an
     * image ID.
     */
    boolean meansWhatItSays() {
      if (registry != null) {
        return true;
      }
      int slash = repository.indexOf('/');
      if (slash < 0) {
        return tag != null || digest != null || !ReferenceGrammar.isImageId(repository);
      }
      String first = repository.substring(0, slash);
      return !first.contains(".") && !first.equals("localhost");
    }

    String text() {
      StringBuilder text = new StringBuilder();
      if (registry != null) {
        text.append(registry).append('/');
      }
      text.append(repository);
      if (tag != null) {
        text.append(':').append(tag);
      }
      if (digest != null) {
        text.append('@').append(digest);
      }
      return text.toString();
    }
  }

  @Provide
  Arbitrary<String> repositories() {
    return pathComponents().list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
  }

  @Provide
  Arbitrary<String> repositoriesWithLetters() {
    return repositories().filter(repository -> !indexesOfLetters(repository).isEmpty());
  }

  private Arbitrary<String> pathComponents() {
    Arbitrary<String> run =
        Arbitraries.strings().withChars(LOWER + DIGITS).ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--", "---");
    Arbitrary<String> tail =
        Combinators.combine(separator, run)
            .as(String::concat)
            .list()
            .ofMaxSize(3)
            .map(parts -> String.join("", parts));
    return Combinators.combine(run, tail).as(String::concat);
  }

  private Arbitrary<String> hostLabels() {
    String chars = LOWER + UPPER + DIGITS;
    Arbitrary<String> edge = Arbitraries.strings().withChars(chars).ofLength(1);
    Arbitrary<String> middle = Arbitraries.strings().withChars(chars + "-").ofMaxLength(6);
    Arbitrary<String> longLabel =
        Combinators.combine(edge, middle, edge).as((a, m, b) -> a + m + b);
    return Arbitraries.oneOf(edge, longLabel);
  }

  private Arbitrary<String> hosts() {
    Arbitrary<String> dotted =
        hostLabels().list().ofMinSize(2).ofMaxSize(4).map(labels -> String.join(".", labels));
    Arbitrary<String> ipv4 =
        Arbitraries.integers()
            .between(0, 255)
            .list()
            .ofSize(4)
            .map(octets -> String.join(".", octets.stream().map(String::valueOf).toList()));
    // A component with an uppercase letter is a registry even without a dot.
    Arbitrary<String> uppercase = hostLabels().map(label -> "R" + label);
    return Arbitraries.oneOf(dotted, ipv4, uppercase, Arbitraries.just("localhost"), ipv6());
  }

  private Arbitrary<String> ipv6() {
    Arbitrary<String> group =
        Arbitraries.strings().withChars(HEX + "ABCDEF").ofMinLength(1).ofMaxLength(4);
    Arbitrary<String> full = group.list().ofSize(8).map(groups -> String.join(":", groups));
    Arbitrary<String> elided =
        Arbitraries.integers()
            .between(0, 7)
            .flatMap(
                before ->
                    Combinators.combine(
                            group.list().ofSize(before), group.list().ofMaxSize(7 - before))
                        .as(
                            (head, tail) ->
                                String.join(":", head) + "::" + String.join(":", tail)));
    return Arbitraries.oneOf(full, elided).map(address -> "[" + address + "]");
  }

  @Provide
  Arbitrary<String> registries() {
    Arbitrary<@Nullable Integer> port = Arbitraries.integers().between(1, 65_535).injectNull(0.5);
    return Combinators.combine(hosts(), port).as((host, p) -> p == null ? host : host + ":" + p);
  }

  /** Registries that are never Docker Hub, so the repository is exactly what follows them. */
  @Provide
  Arbitrary<String> explicitRegistries() {
    return registries().filter(r -> !r.equals("index.docker.io") && !r.equals("docker.io"));
  }

  @Provide
  Arbitrary<String> tags() {
    Arbitrary<String> first =
        Arbitraries.strings().withChars(LOWER + UPPER + DIGITS + "_").ofLength(1);
    Arbitrary<String> rest =
        Arbitraries.strings().withChars(LOWER + UPPER + DIGITS + "_.-").ofMaxLength(127);
    return Combinators.combine(first, rest).as(String::concat);
  }

  @Provide
  Arbitrary<String> digests() {
    Arbitrary<String> sha256 =
        Arbitraries.strings().withChars(HEX).ofLength(64).map(hex -> "sha256:" + hex);
    Arbitrary<String> sha512 =
        Arbitraries.strings().withChars(HEX).ofLength(128).map(hex -> "sha512:" + hex);
    Arbitrary<String> algorithmPart =
        Arbitraries.strings().withChars(LOWER + DIGITS).ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> algorithm =
        Combinators.combine(
                algorithmPart,
                Combinators.combine(Arbitraries.of("+", ".", "_", "-"), algorithmPart)
                    .as(String::concat)
                    .list()
                    .ofMaxSize(2))
            .as((head, tail) -> head + String.join("", tail))
            .filter(a -> !a.equals("sha256") && !a.equals("sha512"));
    Arbitrary<String> encoded =
        Arbitraries.strings()
            .withChars(LOWER + UPPER + DIGITS + "=_-")
            .ofMinLength(32)
            .ofMaxLength(80);
    Arbitrary<String> other = Combinators.combine(algorithm, encoded).as((a, e) -> a + ":" + e);
    return Arbitraries.oneOf(sha256, sha512, other);
  }

  @Provide
  Arbitrary<Character> foreignCharacters() {
    Arbitrary<Character> common =
        Arbitraries.of(
            ' ', '\t', '\n', '\u0000', '%', '!', '#', '*', ',', '\\', '"', '\u00e9', '\u00c9',
            '\u20ac', '\u00a0', '\ud83d');
    Arbitrary<Character> any = Arbitraries.chars().filter(c -> ALPHABET.indexOf(c) < 0);
    return Arbitraries.oneOf(common, any);
  }

  @Provide
  Arbitrary<Character> grammarCharacters() {
    return Arbitraries.of('a', 'Z', '0', 'f', '.', '_', '-', '/', ':', '@', '[', ']', '+', '=');
  }

  @Provide
  Arbitrary<String> grammarNoise() {
    return Arbitraries.strings().withChars("abfZ09._-/:@[]+=% ").ofMaxLength(40);
  }

  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.doubles().between(0, 1);
  }
}
