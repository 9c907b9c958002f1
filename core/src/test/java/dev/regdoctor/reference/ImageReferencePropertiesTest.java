package dev.regdoctor.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Properties of the reference grammar; each runs 1,000 seeded cases. */
class ImageReferencePropertiesTest {

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final String HEX = "0123456789abcdef";

  /** Every character the grammar uses anywhere; anything else makes a reference invalid. */
  private static final String ALPHABET = LOWER + UPPER + DIGITS + "._-/:@[]+=";

  @SeededProperty(cases = 1000)
  void canonicalRoundTrips(long seed) {
    String text = references(new Gen(seed));
    ImageReference reference = ImageReference.parse(text);

    assertThat(ImageReference.parse(reference.canonical())).isEqualTo(reference);
  }

  @SeededProperty(cases = 1000)
  void familiarParsesToTheSameReference(long seed) {
    String text = references(new Gen(seed));
    ImageReference reference = ImageReference.parse(text);

    assertThat(ImageReference.parse(reference.familiar()))
        .isEqualTo(ImageReference.parse(reference.canonical()));
  }

  @SeededProperty(cases = 1000)
  void canonicalIsIdempotent(long seed) {
    String text = references(new Gen(seed));
    String canonical = ImageReference.parse(text).canonical();

    assertThat(ImageReference.parse(canonical).canonical()).isEqualTo(canonical);
  }

  @SeededProperty(cases = 1000)
  void partsRebuildTheSameReference(long seed) {
    String text = references(new Gen(seed));
    ImageReference reference = ImageReference.parse(text);

    assertThat(
            ImageReference.of(
                reference.registry(), reference.repository(), reference.tag(), reference.digest()))
        .isEqualTo(reference);
  }

  @SeededProperty(cases = 1000)
  void characterOutsideTheAlphabetIsRejectedWhereItIs(long seed) {
    Gen gen = new Gen(seed);
    String text = references(gen);
    char foreign = foreignCharacter(gen);
    double where = gen.fraction();
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

  @SeededProperty(cases = 1000)
  void arbitraryStringsOnlyEverFailWithInvalidReference(long seed) {
    String text = new Gen(seed).anyString(255);
    checkParsesOrRejects(text);
  }

  @SeededProperty(cases = 1000)
  void stringsOfGrammarCharactersOnlyEverFailWithInvalidReference(long seed) {
    String text = new Gen(seed).string("abfZ09._-/:@[]+=% ", 0, 40);
    checkParsesOrRejects(text);
  }

  @SeededProperty(cases = 1000)
  void mutatedReferencesOnlyEverFailWithInvalidReference(long seed) {
    Gen gen = new Gen(seed);
    String text = references(gen);
    double where = gen.fraction();
    char replacement =
        gen.pick('a', 'Z', '0', 'f', '.', '_', '-', '/', ':', '@', '[', ']', '+', '=');
    int index = Math.min((int) (where * text.length()), text.length() - 1);
    checkParsesOrRejects(text.substring(0, index) + text.substring(index + 1));
    checkParsesOrRejects(text.substring(0, index) + replacement + text.substring(index + 1));
    checkParsesOrRejects(text.substring(0, index) + replacement + text.substring(index));
  }

  @SeededProperty(cases = 1000)
  void uppercaseInRepositoryIsRejected(long seed) {
    Gen gen = new Gen(seed);
    String registry =
        gen.filtered(
            () -> registries(gen), r -> !r.equals("index.docker.io") && !r.equals("docker.io"));
    String repository = gen.filtered(() -> repositories(gen), r -> !indexesOfLetters(r).isEmpty());
    double where = gen.fraction();
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
      // As given, but a password in user info never reaches the exception.
      assertThat(e.input()).isEqualTo(ReferenceGrammar.withoutPassword(text));
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

  static String references(Gen gen) {
    return gen.filtered(
            () ->
                new Parts(
                    gen.orNull(0.35, () -> registries(gen)),
                    repositories(gen),
                    gen.orNull(0.3, () -> tags(gen)),
                    gen.orNull(0.6, () -> digests(gen))),
            Parts::meansWhatItSays)
        .text();
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

  static String repositories(Gen gen) {
    return String.join("/", gen.list(1, 4, () -> pathComponent(gen)));
  }

  private static String pathComponent(Gen gen) {
    StringBuilder component = new StringBuilder(gen.string(LOWER + DIGITS, 1, 6));
    int separators = gen.between(0, 3);
    for (int i = 0; i < separators; i++) {
      component
          .append(gen.pick(".", "_", "__", "-", "--", "---"))
          .append(gen.string(LOWER + DIGITS, 1, 6));
    }
    return component.toString();
  }

  private static String hostLabel(Gen gen) {
    String chars = LOWER + UPPER + DIGITS;
    String edge = gen.string(chars, 1, 1);
    return gen.bool() ? edge : edge + gen.string(chars + "-", 0, 6) + gen.string(chars, 1, 1);
  }

  private static String host(Gen gen) {
    switch (gen.between(0, 4)) {
      case 0:
        return String.join(".", gen.list(2, 4, () -> hostLabel(gen)));
      case 1:
        return String.join(".", gen.list(4, 4, () -> String.valueOf(gen.between(0, 255))));
      case 2:
        // A component with an uppercase letter is a registry even without a dot.
        return "R" + hostLabel(gen);
      case 3:
        return "localhost";
      default:
        return ipv6(gen);
    }
  }

  private static String ipv6(Gen gen) {
    Supplier<String> group = () -> gen.string(HEX + "ABCDEF", 1, 4);
    String address;
    if (gen.bool()) {
      address = String.join(":", gen.list(8, 8, group));
    } else {
      int before = gen.between(0, 7);
      address =
          String.join(":", gen.list(before, before, group))
              + "::"
              + String.join(":", gen.list(0, 7 - before, group));
    }
    return "[" + address + "]";
  }

  static String registries(Gen gen) {
    String host = host(gen);
    return gen.bool() ? host : host + ":" + gen.between(1, 65_535);
  }

  static String tags(Gen gen) {
    return gen.string(LOWER + UPPER + DIGITS + "_", 1, 1)
        + gen.string(LOWER + UPPER + DIGITS + "_.-", 0, 127);
  }

  static String digests(Gen gen) {
    switch (gen.between(0, 2)) {
      case 0:
        return "sha256:" + gen.string(HEX, 64, 64);
      case 1:
        return "sha512:" + gen.string(HEX, 128, 128);
      default:
        String algorithm =
            gen.filtered(
                () -> {
                  StringBuilder a = new StringBuilder(gen.string(LOWER + DIGITS, 1, 6));
                  int more = gen.between(0, 2);
                  for (int i = 0; i < more; i++) {
                    a.append(gen.pick("+", ".", "_", "-")).append(gen.string(LOWER + DIGITS, 1, 6));
                  }
                  return a.toString();
                },
                a -> !a.equals("sha256") && !a.equals("sha512"));
        return algorithm + ":" + gen.string(LOWER + UPPER + DIGITS + "=_-", 32, 80);
    }
  }

  private static char foreignCharacter(Gen gen) {
    if (gen.bool()) {
      return gen.pick(
          ' ', '\t', '\n', '\u0000', '%', '!', '#', '*', ',', '\\', '"', '\u00e9', '\u00c9',
          '\u20ac', '\u00a0', '\ud83d');
    }
    return gen.filtered(gen::anyChar, c -> ALPHABET.indexOf(c) < 0);
  }
}
