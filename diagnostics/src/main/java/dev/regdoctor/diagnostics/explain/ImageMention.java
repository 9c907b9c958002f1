package dev.regdoctor.diagnostics.explain;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An image as an error message names it, parsed leniently: messages redact parts ({@code
 * <ACCID>.dkr.ecr…/redis}), quote invalid references, or add a scheme. Each part is kept only when
 * it is valid on its own; nothing is normalised here.
 *
 * @param registry the registry host with optional port, or {@code null} when none is named or it is
 *     unreadable
 * @param registryUnreadable whether a registry was named but could not be read (so the image is not
 *     on Docker Hub)
 * @param repository the repository path, or {@code null}
 * @param reference the tag or digest, or {@code null} when none is named
 */
record ImageMention(
    @Nullable String registry,
    boolean registryUnreadable,
    @Nullable String repository,
    @Nullable String reference) {

  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,252}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\])(?::[0-9]{1,5})?");
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern LENIENT_REPOSITORY =
      Pattern.compile(
          "[A-Za-z0-9]+(?:(?:[._]|__|-+)[A-Za-z0-9]+)*(?:/[A-Za-z0-9]+(?:(?:[._]|__|-+)[A-Za-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
  private static final int MAX_LENGTH = 512;

  /**
   * Full-width punctuation of Chinese prose: no reference holds it, so it ends one ({@code
   * 镜像：harbor.example.cn/prod/gateway:3.2.1，原因如下}) and opens none ({@code （…）}).
   */
  private static final String FULL_WIDTH_PUNCTUATION = "（）：，。、；！？【】「」《》";

  /**
   * Words of English prose that a pattern may take for a short name where a sentence goes on
   * ({@code Failed to pull image with policy "always"}); Docker Hub has no official image of any.
   */
  private static final Set<String> PROSE_WORDS =
      Set.of(
          ("a an the with from for to in on at by of as and or due because after before using via"
                  + " since while when that this is was failed error returned requires image"
                  + " reference repository manifest tag")
              .split(" "));

  /**
   * Parses {@code text}; returns {@code null} when nothing usable is in it.
   *
   * @param lenient accept uppercase repository names (as invalid-reference messages quote them)
   */
  static @Nullable ImageMention parse(String text, boolean lenient) {
    String s = text.strip();
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      return null;
    }
    if (s.charAt(0) == '[' && s.indexOf(']') < 0 && hexadecimal(s.substring(1))) {
      // An IPv6 literal cut short where a pattern stopped at its colons ("[fd00" of
      // "[fd00::10]:5000/app"): no part of it is a repository.
      return null;
    }
    s = withoutFullWidthPunctuation(s);
    s = trimPunctuation(s);
    int scheme = s.indexOf("://");
    if (scheme > 0 && scheme <= 6) {
      s = s.substring(scheme + 3);
    }
    int at = s.indexOf('@');
    if (at >= 0 && s.lastIndexOf('/', at) < 0 && s.indexOf('/', at) > at) {
      // A login before the registry, "bob:<redacted>@registry.corp:5000/app": the registry and
      // path follow it (a digest follows a repository, which a login never holds a slash before).
      s = s.substring(at + 1);
      at = s.indexOf('@');
    }
    String digest = null;
    if (at >= 0) {
      digest = s.substring(at + 1);
      s = s.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        digest = null;
      }
    }
    int lastSlash = s.lastIndexOf('/');
    // An IPv6 literal's colons are no tag: "[fd00::10]:5000" names a registry alone.
    int colon = s.indexOf(':', Math.max(lastSlash + 1, s.startsWith("[") ? s.indexOf(']') : 0));
    String tag = null;
    if (colon >= 0) {
      tag = s.substring(colon + 1);
      s = s.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        tag = null;
      }
    }
    String registry = null;
    boolean unreadable = false;
    String repository = s;
    int firstSlash = s.indexOf('/');
    if (firstSlash == 0) {
      return null;
    }
    if (firstSlash > 0) {
      String first = s.substring(0, firstSlash);
      if (first.indexOf('.') >= 0
          || first.indexOf(':') >= 0
          || first.equals("localhost")
          || first.indexOf('<') >= 0) {
        repository = s.substring(firstSlash + 1);
        if (HOST.matcher(first).matches()) {
          registry = first;
        } else {
          unreadable = true;
        }
      }
    }
    if (repository.isEmpty() || repository.indexOf(':') >= 0 || repository.contains("//")) {
      return null;
    }
    if (!(lenient ? LENIENT_REPOSITORY : REPOSITORY).matcher(repository).matches()
        || lenient && placeholder(repository)) {
      repository = null;
    }
    String reference = digest != null ? digest : tag;
    if (registry == null && repository == null && reference == null) {
      return null;
    }
    if (registry == null
        && !unreadable
        && reference == null
        && repository != null
        && PROSE_WORDS.contains(repository.toLowerCase(Locale.ROOT))) {
      // A word of the sentence around, not an image: "… pull image with policy …".
      return null;
    }
    return new ImageMention(registry, unreadable, repository, reference);
  }

  /**
   * Returns whether a component of {@code repository} is written in capitals alone, as a
   * placeholder of usage text is ({@code docker push HOST-NAME/PROJECT-ID/REPOSITORY/IMAGE}).
   */
  private static boolean placeholder(String repository) {
    for (String component : repository.split("/", -1)) {
      boolean letters = false;
      boolean lowercase = false;
      for (int i = 0; i < component.length(); i++) {
        char c = component.charAt(i);
        letters |= Character.isLetter(c);
        lowercase |= Character.isLowerCase(c);
      }
      if (letters && !lowercase && component.length() > 1) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code repository} is valid as a lowercase repository path. */
  static boolean isRepository(String repository) {
    return REPOSITORY.matcher(repository).matches();
  }

  /** Returns whether {@code repository} is a path of letters, digits and separators in any case. */
  static boolean isLenientRepository(String repository) {
    return LENIENT_REPOSITORY.matcher(repository).matches();
  }

  /** Returns whether {@code host} is a host name or IP literal with optional port. */
  static boolean isHost(String host) {
    return HOST.matcher(host).matches();
  }

  /** Returns whether {@code reference} is a tag or a digest. */
  static boolean isReference(String reference) {
    return TAG.matcher(reference).matches() || DIGEST.matcher(reference).matches();
  }

  /** Returns whether {@code registry} is a name of Docker Hub. */
  static boolean isDockerHub(@Nullable String registry) {
    if (registry == null) {
      return false;
    }
    return switch (registry.toLowerCase(Locale.ROOT)) {
      case "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" ->
          true;
      default -> false;
    };
  }

  /**
   * Returns {@code s} from its first character that is no full-width punctuation up to the next one
   * that is.
   */
  private static String withoutFullWidthPunctuation(String s) {
    int start = 0;
    while (start < s.length() && FULL_WIDTH_PUNCTUATION.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    int end = start;
    while (end < s.length() && FULL_WIDTH_PUNCTUATION.indexOf(s.charAt(end)) < 0) {
      end++;
    }
    return s.substring(start, end);
  }

  private static String trimPunctuation(String s) {
    int end = s.length();
    while (end > 0 && ".,;:!?)]}'\"".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    int start = 0;
    while (start < end && "('\"[{".indexOf(s.charAt(start)) >= 0 && !ipv6LiteralAt(s, start)) {
      start++;
    }
    if (start < end && s.charAt(start) == '[' && s.indexOf(']', start) >= end) {
      // "[fd00::10]" alone: the bracket that closes the literal is no punctuation.
      end = s.indexOf(']', start) + 1;
    }
    return s.substring(start, end);
  }

  /**
   * Returns whether {@code s} holds an IPv6 literal's opening bracket at {@code at}: hexadecimal
   * digits, colons and dots up to a {@code ]} ({@code [fd00::10]:5000/app}), with a colon.
   */
  private static boolean ipv6LiteralAt(String s, int at) {
    if (s.charAt(at) != '[') {
      return false;
    }
    boolean colon = false;
    for (int i = at + 1; i < s.length() && i - at <= 46; i++) {
      char c = s.charAt(i);
      if (c == ']') {
        return colon && i - at > 2;
      }
      if (c == ':') {
        colon = true;
      } else if (Character.digit(c, 16) < 0 && c != '.') {
        return false;
      }
    }
    return false;
  }

  private static boolean hexadecimal(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
