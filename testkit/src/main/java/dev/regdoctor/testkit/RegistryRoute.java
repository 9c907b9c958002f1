package dev.regdoctor.testkit;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request path matched against the distribution v2 routes, with the patterns of registry 2.8: a
 * path that matches none (a bad name, tag or digest syntax) is a plain-text 404 there.
 *
 * @param kind which endpoint
 * @param name the repository, empty for {@link Kind#BASE} and {@link Kind#CATALOG}
 * @param reference the tag or digest, blob digest or upload id; empty where there is none
 */
record RegistryRoute(RegistryRoute.Kind kind, String name, String reference) {

  /** The endpoints of the distribution API this registry serves. */
  enum Kind {
    /** {@code /v2/} */
    BASE,
    /** {@code /v2/_catalog} */
    CATALOG,
    /** {@code /v2/<name>/manifests/<reference>} */
    MANIFEST,
    /** {@code /v2/<name>/blobs/<digest>} */
    BLOB,
    /** {@code /v2/<name>/blobs/uploads/} */
    UPLOADS,
    /** {@code /v2/<name>/blobs/uploads/<id>} */
    UPLOAD,
    /** {@code /v2/<name>/tags/list} */
    TAGS
  }

  /** Distribution's limit on repository names; longer ones match a route but are refused. */
  static final int MAX_NAME_LENGTH = 255;

  // References are short; the caps keep the digest pattern's repetition (which the JDK matches
  // recursively) far from stack limits on hostile paths.
  private static final int MAX_REFERENCE_LENGTH = 1024;
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile(ContentDigest.SYNTAX);
  private static final Pattern UPLOAD_ID = Pattern.compile("[a-zA-Z0-9-_.=]+");

  /**
   * Returns the route of the raw request {@code path}, or empty for none. Routes are tried in
   * registry 2.8's order: base, catalog, tags, manifest, blob, upload start, upload.
   */
  static Optional<RegistryRoute> match(String path) {
    if (path.equals("/v2/")) {
      return Optional.of(new RegistryRoute(Kind.BASE, "", ""));
    }
    if (path.equals("/v2/_catalog")) {
      return Optional.of(new RegistryRoute(Kind.CATALOG, "", ""));
    }
    if (!path.startsWith("/v2/")) {
      return Optional.empty();
    }
    String rest = path.substring(4);
    if (rest.endsWith("/tags/list")) {
      return named(Kind.TAGS, rest.substring(0, rest.length() - "/tags/list".length()), "");
    }
    Optional<RegistryRoute> route = split(rest, "/manifests/", Kind.MANIFEST);
    if (route.isPresent()) {
      return route;
    }
    route = split(rest, "/blobs/", Kind.BLOB);
    if (route.isPresent()) {
      return route;
    }
    if (rest.endsWith("/blobs/uploads/")) {
      return named(Kind.UPLOADS, rest.substring(0, rest.length() - "/blobs/uploads/".length()), "");
    }
    return split(rest, "/blobs/uploads/", Kind.UPLOAD);
  }

  /** Matches {@code NAME + separator + REFERENCE}; the reference never holds a slash. */
  private static Optional<RegistryRoute> split(String rest, String separator, Kind kind) {
    int at = rest.lastIndexOf(separator);
    if (at < 0) {
      return Optional.empty();
    }
    String reference = rest.substring(at + separator.length());
    boolean valid =
        reference.length() <= MAX_REFERENCE_LENGTH
            && switch (kind) {
              case MANIFEST ->
                  TAG.matcher(reference).matches() || DIGEST.matcher(reference).matches();
              case BLOB -> DIGEST.matcher(reference).matches();
              case UPLOAD -> UPLOAD_ID.matcher(reference).matches();
              default -> false;
            };
    return valid ? named(kind, rest.substring(0, at), reference) : Optional.empty();
  }

  private static Optional<RegistryRoute> named(Kind kind, String name, String reference) {
    return isName(name) ? Optional.of(new RegistryRoute(kind, name, reference)) : Optional.empty();
  }

  /**
   * Returns whether {@code name} has the syntax of distribution's {@code NameRegexp}, whatever its
   * length: components of lower-case letters and digits joined by {@code .}, {@code _}, {@code __}
   * or dashes, separated by {@code /}. Scans in linear time, where the JDK's regex engine would
   * recurse once per separator.
   */
  static boolean isName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    boolean afterAlphanumeric = false;
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        afterAlphanumeric = true;
        i++;
        continue;
      }
      if (!afterAlphanumeric) {
        return false;
      }
      int end = i + 1;
      if (c == '_' && end < name.length() && name.charAt(end) == '_') {
        end++;
      } else if (c == '-') {
        while (end < name.length() && name.charAt(end) == '-') {
          end++;
        }
      } else if (c != '.' && c != '_' && c != '/') {
        return false;
      }
      if (end == name.length()) {
        return false;
      }
      afterAlphanumeric = false;
      i = end;
    }
    return afterAlphanumeric;
  }

  /** Returns whether {@link #reference()} has digest syntax rather than tag syntax. */
  boolean isDigestReference() {
    return reference.indexOf(':') >= 0;
  }

  /**
   * Returns the methods the endpoint routes in registry 2.8, for {@code Allow} on 405 answers;
   * empty for the base endpoint, which takes every method.
   */
  List<String> methods() {
    return switch (kind) {
      case BASE -> List.of();
      case CATALOG, TAGS -> List.of("GET");
      case MANIFEST -> List.of("DELETE", "GET", "HEAD", "PUT");
      case BLOB -> List.of("DELETE", "GET", "HEAD");
      case UPLOADS -> List.of("POST");
      case UPLOAD -> List.of("DELETE", "GET", "PATCH", "PUT");
    };
  }
}
