package dev.regdoctor.internal.http;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The context that shows a {@code key: value} in pasted text is not a secret although its key names
 * one: a Kubernetes object's kind before its name, the Docker Engine's error about a header, a file
 * path ending in a secret-sounding name, the repository and tag of an image reference. {@link
 * PastedSecrets#keyValues} asks these before it masks. Each reads back a bounded number of
 * characters, so the scan stays linear.
 */
final class KeyContexts {
  private KeyContexts() {}

  /**
   * Returns whether a {@code secret:} value is the Kubernetes kind before an object's quoted name,
   * as API errors print it ({@code failed to create secret: Secret "regcred" is invalid}, {@code
   * secrets "regcred" not found}, or with its quotes escaped inside a JSON log line): the name is
   * the evidence, not a secret.
   */
  static boolean kubernetesObject(String key, String value, String text, int valueEnd) {
    return key.toLowerCase(Locale.ROOT).endsWith("secret")
        && (value.equals("Secret") || value.equals("secrets"))
        && (text.startsWith(" \"", valueEnd) || text.startsWith(" \\\"", valueEnd));
  }

  /**
   * Returns whether an {@code X-Registry-Auth:} key is the Docker Engine's own error about that
   * header ({@code Bad parameters and missing X-Registry-Auth: invalid character 'e' …}): what
   * follows is the JSON decoder's complaint, not the header. A credential pasted there is still
   * masked by the base64 and JWT passes that run after this one.
   */
  static boolean missingHeaderError(String key, String text, int keyStart) {
    String missing = "missing ";
    return key.toLowerCase(Locale.ROOT).startsWith("x-registry-")
        && keyStart >= missing.length()
        && text.regionMatches(true, keyStart - missing.length(), missing, 0, missing.length());
  }

  /**
   * Returns whether the key at {@code keyStart} ends a file path: a {@code /} before it, and the
   * word it ends ({@code A-Z a-z 0-9 _ . - / ~}, at most 4096 characters back) starts with {@code
   * /}, {@code ~/}, {@code ./} or {@code ../}. A key inside a word such as {@code user/password} is
   * still a key. Reads back only over path characters, which no separator is: linear overall.
   */
  static boolean filePath(String text, int keyStart) {
    if (keyStart == 0 || text.charAt(keyStart - 1) != '/') {
      return false;
    }
    int start = keyStart - 1;
    while (start > 0
        && keyStart - start < PastedSecrets.MAX_VALUE
        && pathChar(text.charAt(start - 1))) {
      start--;
    }
    return text.startsWith("/", start)
        || text.startsWith("~/", start)
        || text.startsWith("./", start)
        || text.startsWith("../", start);
  }

  private static boolean pathChar(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || "_.-/~".indexOf(c) >= 0);
  }

  /**
   * Returns where the dotted path that a key at {@code start} ends begins ({@code .auths.x.} before
   * {@code password}), or {@code start} when no {@code .} comes right before it. Reads back at most
   * 256 characters over key characters and dots, none of which a separator is: linear overall.
   */
  static int dottedPathStart(String text, int start) {
    if (start == 0 || text.charAt(start - 1) != '.') {
      return start;
    }
    int begin = start;
    while (begin > 0 && start - begin < 256 && keyOrDot(text.charAt(begin - 1))) {
      begin--;
    }
    return begin;
  }

  private static boolean keyOrDot(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || "_.-".indexOf(c) >= 0);
  }

  /**
   * Returns whether a colon key at {@code [keyStart, keyEnd)} is the last name of an image's
   * repository and {@code value} its tag, as pull errors print them ({@code myorg/secret:1.0},
   * {@code docker.io/team/password:latest}, {@code docker://r.test/secret:v2@sha256:…}): a {@code
   * /} right before the key, a lowercase repository path whose names follow the reference grammar,
   * a value that is a tag (an optional digest after it, and a {@code :} or {@code )} ending the
   * sentence), and a whole tag that reads as a version ({@link #VERSION_TAG}), with only a digest
   * after an {@code @}. So {@code user/secret:S3cret}, {@code harbor.local/team/password:Hunter2}
   * and {@code admin/password:1qaz@WSX} stay secrets, and {@code secret: value} never gets here.
   * Reads back at most 256 characters.
   */
  static boolean imageTag(String text, int keyStart, int keyEnd, String value) {
    if (keyStart == 0 || text.charAt(keyStart - 1) != '/') {
      return false;
    }
    int tagEnd = value.length();
    while (tagEnd > 0 && ":)]".indexOf(value.charAt(tagEnd - 1)) >= 0) {
      tagEnd--;
    }
    String tag = value.substring(0, tagEnd);
    int at = tag.indexOf('@');
    if (at >= 0) {
      // After an "@" only a digest: "admin/password:1qaz@WSX" is a password.
      if (!DIGEST.matcher(tag.substring(at + 1)).matches()) {
        return false;
      }
      tag = tag.substring(0, at);
    }
    if (!TAG.matcher(tag).matches()
        || !REPOSITORY_NAME.matcher(text.substring(keyStart, keyEnd)).matches()) {
      return false;
    }
    int pathEnd = keyStart - 1;
    int pathStart = pathEnd;
    while (pathStart > 0
        && pathEnd - pathStart < 256
        && referenceCharacter(text.charAt(pathStart - 1))) {
      pathStart--;
    }
    String path = text.substring(pathStart, pathEnd);
    int scheme = path.lastIndexOf("://");
    if (scheme >= 0) {
      path = path.substring(scheme + 3);
    }
    String[] names = path.split("/", -1);
    boolean host =
        names.length > 1
            && (names[0].indexOf('.') >= 0
                || names[0].indexOf(':') >= 0
                || names[0].equals("localhost"));
    if (host && !HOST.matcher(names[0]).matches()) {
      return false;
    }
    for (int i = host ? 1 : 0; i < names.length; i++) {
      if (!REPOSITORY_NAME.matcher(names[i]).matches()) {
        return false;
      }
    }
    return VERSION_TAG.matcher(tag).matches();
  }

  /** A tag, as the reference grammar allows it. */
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  /**
   * A tag that reads as a version, whole: {@code 1.0}, {@code v2}, {@code 3-alpine}, {@code
   * 1.21.0-alpine3.18}, {@code latest}; not {@code 1Passw0rd} or {@code v9Xk2pLm}.
   */
  private static final Pattern VERSION_TAG =
      Pattern.compile("v?[0-9]+(?:\\.[0-9]+)*(?:[-_.+][a-z0-9]+)*|latest");

  /** A digest after a tag's {@code @}. */
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  /** One name of a repository path, as the reference grammar allows it. */
  private static final Pattern REPOSITORY_NAME =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

  /** A registry host and optional port, first in a reference. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]+)?");

  private static boolean referenceCharacter(char c) {
    return c < 0x80 && (Character.isLetterOrDigit(c) || "._-/:".indexOf(c) >= 0);
  }
}
