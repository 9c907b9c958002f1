package dev.regdoctor.reference;

import dev.regdoctor.internal.http.Redaction;

/**
 * Checks the parts of an image reference against the distribution reference grammar.
 *
 * <p>Every check looks at {@code input[start, end)} and reports the first offending character by
 * its index in the whole {@code input}, so callers can point at it. Checks run left to right and
 * test characters before lengths and ranges, so a bad character is reported before a wrong length
 * and no bad character to its left goes unreported.
 *
 * @see <a href="https://github.com/distribution/reference/blob/main/regexp.go">distribution
 *     reference grammar</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">OCI
 *     digest grammar</a>
 */
final class ReferenceGrammar {

  /** Longest name (registry, {@code /}, repository) after Docker Hub normalisation. */
  static final int NAME_MAX_LENGTH = 255;

  /** Longest tag. */
  static final int TAG_MAX_LENGTH = 128;

  /** Fewest characters after the {@code :} of a digest whose algorithm we do not know. */
  static final int ENCODED_MIN_LENGTH = 32;

  private static final int PORT_MAX = 65_535;
  private static final int IPV6_GROUPS = 8;
  private static final int IPV6_GROUP_MAX_DIGITS = 4;

  private ReferenceGrammar() {}

  /**
   * Returns whether the first path component of a name is a registry rather than a Docker Hub
   * namespace: it contains {@code .} or {@code :}, is {@code localhost}, or has an uppercase letter
   * (namespaces are lowercase, so such a component can only be a host).
   */
  static boolean isRegistryComponent(String input, int start, int end) {
    if (input.startsWith("localhost", start) && end - start == "localhost".length()) {
      return true;
    }
    for (int i = start; i < end; i++) {
      char c = input.charAt(i);
      if (c == '.' || c == ':' || Character.toLowerCase(c) != c) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code input} is exactly 64 lowercase hex digits, like an image ID. */
  static boolean isImageId(String input) {
    if (input.length() != 64) {
      return false;
    }
    for (int i = 0; i < input.length(); i++) {
      if (!isLowerHex(input.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a registry: a host name ({@code registry.example.com}, {@code localhost}, {@code
   * 127.0.0.1}) or a bracketed IPv6 address ({@code [::1]}), optionally followed by {@code :port}.
   */
  static void checkRegistry(String input, int start, int end) {
    if (start == end) {
      throw fail(input, start, "registry is empty");
    }
    int hostEnd;
    if (input.charAt(start) == '[') {
      hostEnd = checkIpv6Literal(input, start, end);
    } else {
      hostEnd = checkHostName(input, start, end);
    }
    if (hostEnd < end) {
      // Only a port may follow the host, and both host checks stop at the first ':' or the end.
      if (input.charAt(hostEnd) != ':') {
        throw fail(input, hostEnd, "a registry host may only be followed by ':' and a port");
      }
      checkPort(input, hostEnd + 1, end);
    }
  }

  /** Checks a host name and returns the index just after it (the port colon or {@code end}). */
  private static int checkHostName(String input, int start, int end) {
    int labelStart = start;
    int i = start;
    for (; i < end; i++) {
      char c = input.charAt(i);
      if (c == ':') {
        break;
      }
      if (c == '.') {
        checkLabelEnd(input, labelStart, i);
        labelStart = i + 1;
      } else if (c == '-') {
        if (i == labelStart) {
          throw fail(input, i, "a registry host name label must not start with '-'");
        }
      } else if (!isAsciiLetterOrDigit(c)) {
        throw fail(input, i, notAllowed(input, i, "a registry host name"));
      }
    }
    if (labelStart == i) {
      if (i == start) {
        throw fail(input, i, "registry host name is empty");
      }
      throw fail(input, i - 1, "a registry host name must not end with '.'");
    }
    checkLabelEnd(input, labelStart, i);
    return i;
  }

  private static void checkLabelEnd(String input, int labelStart, int labelEnd) {
    if (labelStart == labelEnd) {
      throw fail(input, labelEnd, "a registry host name has an empty label ('..' or leading '.')");
    }
    if (input.charAt(labelEnd - 1) == '-') {
      throw fail(input, labelEnd - 1, "a registry host name label must not end with '-'");
    }
  }

  /**
   * Checks {@code [address]} and returns the index just after {@code ]}. Zones ({@code %eth0}) are
   * rejected: the grammar has no room for them and a zone means nothing to another machine.
   */
  private static int checkIpv6Literal(String input, int start, int end) {
    int i = start + 1;
    for (; i < end; i++) {
      char c = input.charAt(i);
      if (c == ']') {
        break;
      }
      if (c == '%') {
        throw fail(input, i, "IPv6 zone identifiers ('%') are not allowed in a registry");
      }
      if (c != ':' && !isHex(c)) {
        throw fail(input, i, notAllowed(input, i, "an IPv6 address"));
      }
    }
    if (i == end) {
      throw fail(input, start, "IPv6 address has no closing ']'");
    }
    if (i == start + 1) {
      throw fail(input, i, "IPv6 address is empty");
    }
    if (!isIpv6Address(input, start + 1, i)) {
      throw fail(input, start + 1, "malformed IPv6 address");
    }
    return i + 1;
  }

  /** Returns whether {@code input[start, end)} (hex digits and colons only) is an IPv6 address. */
  private static boolean isIpv6Address(String input, int start, int end) {
    String address = input.substring(start, end);
    int elision = address.indexOf("::");
    if (elision >= 0 && address.indexOf("::", elision + 1) >= 0) {
      return false;
    }
    if (elision < 0) {
      return countGroups(address) == IPV6_GROUPS;
    }
    int before = countGroups(address.substring(0, elision));
    int after = countGroups(address.substring(elision + 2));
    return before >= 0 && after >= 0 && before + after < IPV6_GROUPS;
  }

  /** Counts colon-separated groups of 1 to 4 hex digits; -1 if malformed, 0 if empty. */
  private static int countGroups(String groups) {
    if (groups.isEmpty()) {
      return 0;
    }
    int count = 0;
    int digits = 0;
    for (int i = 0; i < groups.length(); i++) {
      if (groups.charAt(i) == ':') {
        if (digits == 0) {
          return -1;
        }
        count++;
        digits = 0;
      } else if (++digits > IPV6_GROUP_MAX_DIGITS) {
        return -1;
      }
    }
    return digits == 0 ? -1 : count + 1;
  }

  private static void checkPort(String input, int start, int end) {
    if (start == end) {
      throw fail(input, start - 1, "':' after the registry host must be followed by a port");
    }
    long port = 0;
    for (int i = start; i < end; i++) {
      char c = input.charAt(i);
      if (c < '0' || c > '9') {
        throw fail(input, i, notAllowed(input, i, "a registry port"));
      }
      port = Math.min(port * 10 + (c - '0'), PORT_MAX + 1L);
    }
    if (port < 1 || port > PORT_MAX) {
      throw fail(input, start, "registry port must be between 1 and 65535");
    }
  }

  /**
   * Checks a repository path: lowercase components {@code [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*}
   * separated by single slashes.
   */
  static void checkRepository(String input, int start, int end) {
    if (start == end) {
      throw fail(input, start, "repository name is empty");
    }
    int componentStart = start;
    for (int i = start; i <= end; i++) {
      if (i == end || input.charAt(i) == '/') {
        if (i == componentStart) {
          throw emptyComponent(input, start, i, end);
        }
        checkPathComponent(input, componentStart, i);
        componentStart = i + 1;
      }
    }
  }

  private static InvalidReferenceException emptyComponent(
      String input, int start, int slash, int end) {
    if (slash == end) {
      return fail(input, slash - 1, "repository name must not end with '/'");
    }
    if (slash > start || (start > 0 && input.charAt(start - 1) == '/')) {
      return fail(input, slash, "repository name has an empty path component ('//')");
    }
    return fail(input, slash, "repository name must not start with '/'");
  }

  private static void checkPathComponent(String input, int start, int end) {
    int i = start;
    while (true) {
      // A run of letters and digits is required at the start and after every separator.
      if (i == end) {
        throw fail(input, end - 1, "a repository path component must end with a letter or digit");
      }
      if (!isLowerAlphanumeric(input.charAt(i))) {
        throw badPathChar(input, start, i);
      }
      while (i < end && isLowerAlphanumeric(input.charAt(i))) {
        i++;
      }
      if (i == end) {
        return;
      }
      char c = input.charAt(i);
      if (c == '.') {
        i++;
      } else if (c == '_') {
        i++;
        if (i < end && input.charAt(i) == '_') {
          i++;
        }
      } else if (c == '-') {
        while (i < end && input.charAt(i) == '-') {
          i++;
        }
      } else {
        throw badPathChar(input, start, i);
      }
    }
  }

  private static InvalidReferenceException badPathChar(String input, int start, int i) {
    char c = input.charAt(i);
    if (c >= 'A' && c <= 'Z') {
      return fail(input, i, "repository name must be lowercase");
    }
    if (isSeparator(c)) {
      if (i == start) {
        return fail(
            input, i, "a repository path component must start with a lowercase letter or digit");
      }
      char previous = input.charAt(i - 1);
      if (c == '_' && previous == '_') {
        return fail(input, i, "a repository name allows at most two '_' in a row");
      }
      return fail(input, i, "'" + c + "' must not follow '" + previous + "' in a repository name");
    }
    return fail(input, i, notAllowed(input, i, "a repository name"));
  }

  /** Checks a tag: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}. */
  static void checkTag(String input, int start, int end) {
    if (start == end) {
      throw fail(input, Math.max(start - 1, 0), "':' must be followed by a tag");
    }
    char first = input.charAt(start);
    if (first == '.' || first == '-') {
      throw fail(input, start, "a tag must start with a letter, digit or '_'");
    }
    for (int i = start; i < end; i++) {
      if (!isTagChar(input.charAt(i))) {
        throw fail(input, i, notAllowed(input, i, "a tag"));
      }
      if (i - start == TAG_MAX_LENGTH) {
        throw fail(input, i, "a tag must be at most 128 characters but has " + (end - start));
      }
    }
  }

  /**
   * Checks a digest {@code algorithm:encoded}: algorithm components {@code [a-z0-9]+} joined by one
   * of {@code [+._-]}; encoded {@code [a-zA-Z0-9=_-]+}, at least 32 characters. {@code sha256}
   * needs exactly 64 and {@code sha512} exactly 128 lowercase hex digits.
   */
  static void checkDigest(String input, int start, int end) {
    if (start == end) {
      throw fail(input, Math.max(start - 1, 0), "'@' must be followed by a digest");
    }
    int colon = checkAlgorithm(input, start, end);
    int encodedStart = colon + 1;
    if (encodedStart == end) {
      throw fail(input, colon, "a digest needs an encoded value after 'algorithm:'");
    }
    String algorithm = input.substring(start, colon);
    int hexLength = "sha256".equals(algorithm) ? 64 : "sha512".equals(algorithm) ? 128 : -1;
    for (int i = encodedStart; i < end; i++) {
      char c = input.charAt(i);
      if (!isEncodedChar(c)) {
        throw fail(input, i, notAllowed(input, i, "a digest"));
      }
      if (hexLength > 0 && !isLowerHex(c)) {
        String rule = isHex(c) ? " must be lowercase hex" : " must be hex";
        throw fail(input, i, "a " + algorithm + " digest" + rule);
      }
      if (hexLength > 0 && i - encodedStart == hexLength) {
        throw fail(input, i, wrongHexLength(algorithm, hexLength, end - encodedStart));
      }
    }
    int length = end - encodedStart;
    if (hexLength > 0 && length != hexLength) {
      throw fail(input, encodedStart, wrongHexLength(algorithm, hexLength, length));
    }
    if (length < ENCODED_MIN_LENGTH) {
      throw fail(
          input,
          encodedStart,
          "a digest needs at least 32 characters after 'algorithm:' but has " + length);
    }
  }

  private static String wrongHexLength(String algorithm, int expected, int actual) {
    return "a " + algorithm + " digest must have " + expected + " hex digits but has " + actual;
  }

  /** Checks the algorithm and returns the index of the {@code :} after it. */
  private static int checkAlgorithm(String input, int start, int end) {
    boolean afterSeparator = true;
    for (int i = start; i < end; i++) {
      char c = input.charAt(i);
      if (c == ':') {
        if (i == start) {
          throw fail(input, i, "a digest needs an algorithm before ':'");
        }
        if (afterSeparator) {
          throw fail(
              input, i - 1, "a digest algorithm must not end with '" + input.charAt(i - 1) + "'");
        }
        return i;
      }
      if (c == '+' || c == '.' || c == '_' || c == '-') {
        if (afterSeparator) {
          throw fail(input, i, "a digest algorithm must have a letter or digit before '" + c + "'");
        }
        afterSeparator = true;
      } else if (isLowerAlphanumeric(c)) {
        afterSeparator = false;
      } else if (c >= 'A' && c <= 'Z') {
        throw fail(input, i, "a digest algorithm must be lowercase");
      } else {
        throw fail(input, i, notAllowed(input, i, "a digest algorithm"));
      }
    }
    throw fail(input, start, "a digest must have the form algorithm:encoded (no ':' found)");
  }

  /** Describes the character at {@code index} for a reason, without quoting anything else. */
  static String notAllowed(String input, int index, String where) {
    int codePoint = input.codePointAt(index);
    if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
      return "whitespace is not allowed in " + where;
    }
    String unicode = String.format("U+%04X", codePoint);
    if (Character.isISOControl(codePoint)) {
      return "control character " + unicode + " is not allowed in " + where;
    }
    if (codePoint < 0x80) {
      return "character '" + (char) codePoint + "' is not allowed in " + where;
    }
    return "character '"
        + new String(Character.toChars(codePoint))
        + "' ("
        + unicode
        + ") is not allowed in "
        + where;
  }

  /**
   * Returns the index where the user info of {@code input} starts when it holds a non-empty
   * password, as a pasted URL does ({@code https://user:password@host/app}, {@code
   * user:password@host/app}), or -1. Without a scheme the user info must be followed by a path, so
   * that a digest ({@code app@sha256:…}) is never taken for it.
   */
  static int passwordUserInfo(String input) {
    int authorityStart = 0;
    int scheme = input.indexOf("://");
    if (scheme > 0 && isScheme(input, scheme)) {
      authorityStart = scheme + 3;
    }
    int authorityEnd = authorityStart;
    while (authorityEnd < input.length() && "/?#".indexOf(input.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    if (authorityStart == 0 && authorityEnd == input.length()) {
      return -1;
    }
    int at = input.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return -1;
    }
    int colon = input.indexOf(':', authorityStart);
    // An empty password ("user:@host") hides nothing.
    return colon >= 0 && colon < at - 1 ? authorityStart : -1;
  }

  private static boolean isScheme(String input, int end) {
    char first = input.charAt(0);
    if (!isAsciiLetterOrDigit(first) || first >= '0' && first <= '9') {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = input.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '+' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code input} with the password of its user info ({@link #passwordUserInfo}) replaced
   * by the redactor's {@link Redaction#MASK}; the user name and everything else stay, so indexes up
   * to the password are unchanged. Input without such user info is returned as is.
   */
  static String withoutPassword(String input) {
    int userInfo = passwordUserInfo(input);
    if (userInfo < 0) {
      return input;
    }
    int authorityEnd = userInfo;
    while (authorityEnd < input.length() && "/?#".indexOf(input.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = input.lastIndexOf('@', authorityEnd - 1);
    int colon = input.indexOf(':', userInfo);
    // The one mask, a compile-time constant: inlined, so this package loads nothing of the HTTP
    // transport.
    return input.substring(0, colon + 1) + Redaction.MASK + input.substring(at);
  }

  static InvalidReferenceException fail(String input, int position, String reason) {
    return new InvalidReferenceException(input, position, reason);
  }

  static boolean isWhitespace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean isSeparator(char c) {
    return c == '.' || c == '_' || c == '-';
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
  }

  private static boolean isTagChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
  }

  private static boolean isEncodedChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '=' || c == '_' || c == '-';
  }

  private static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  private static boolean isHex(char c) {
    return isLowerHex(c) || (c >= 'A' && c <= 'F');
  }
}
