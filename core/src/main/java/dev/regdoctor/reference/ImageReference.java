package dev.regdoctor.reference;

import static dev.regdoctor.reference.ReferenceGrammar.fail;
import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * An image: registry, repository, and a tag and/or a digest, normalised as {@code docker pull}
 * normalises it.
 *
 * <p>Values are always valid and normalised: Docker Hub is {@code docker.io} (never {@code
 * index.docker.io}) and its single-component repositories carry {@code library/}, so {@code nginx},
 * {@code docker.io/nginx} and {@code index.docker.io/library/nginx:latest} are equal. The registry
 * keeps the case it was given ({@code Registry.Example.com} stays so), as Docker keeps it. A
 * reference may hold both a tag and a digest ({@code app:1.0@sha256:…}); the digest is what is
 * pulled.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param registry the registry host with optional port, such as {@code docker.io}, {@code
 *     localhost:5000} or {@code [::1]:5000}
 * @param repository the repository path, such as {@code library/nginx} or {@code team/app}
 * @param tag the tag, such as {@code latest}, or {@code null} when only a digest is given
 * @param digest the digest, such as {@code sha256:…}, or {@code null} when only a tag is given
 * @see <a href="https://github.com/distribution/reference">distribution/reference</a>, the grammar
 *     implemented here
 */
public record ImageReference(
    String registry, String repository, @Nullable String tag, @Nullable String digest) {

  /** The registry name of Docker Hub in normalised references. */
  public static final String DOCKER_HUB = "docker.io";

  /** The host that serves the Docker Hub registry API ({@code /v2/}). */
  public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";

  /** The token endpoint named in Docker Hub's {@code WWW-Authenticate} challenge. */
  public static final String DOCKER_HUB_AUTH_REALM = "https://auth.docker.io/token";

  /** The {@code service} parameter Docker Hub's token endpoint expects. */
  public static final String DOCKER_HUB_SERVICE = "registry.docker.io";

  /** The key under which the Docker CLI stores Docker Hub credentials in {@code config.json}. */
  public static final String DOCKER_HUB_CREDENTIAL_KEY = "https://index.docker.io/v1/";

  /** The legacy Docker Hub name, normalised to {@link #DOCKER_HUB}. */
  private static final String LEGACY_DOCKER_HUB = "index.docker.io";

  /** The namespace of Docker Hub's official images. */
  private static final String OFFICIAL_NAMESPACE = "library/";

  private static final String DEFAULT_TAG = "latest";

  /**
   * Validates and normalises the parts: {@code index.docker.io} becomes {@code docker.io}, and a
   * single-component Docker Hub repository gets {@code library/}.
   *
   * @throws NullPointerException if {@code registry} or {@code repository} is null
   * @throws InvalidReferenceException if both {@code tag} and {@code digest} are null, if a part
   *     breaks the grammar, if the name (registry, {@code /}, repository) is longer than 255
   *     characters, or if {@code registry} would read as a Docker Hub namespace (it needs a {@code
   *     .} or {@code :}, an uppercase letter, or to be {@code localhost})
   */
  public ImageReference {
    requireNonNull(registry, "registry");
    requireNonNull(repository, "repository");
    if (LEGACY_DOCKER_HUB.equals(registry)) {
      registry = DOCKER_HUB;
    }
    if (DOCKER_HUB.equals(registry) && !repository.isEmpty() && repository.indexOf('/') < 0) {
      repository = OFFICIAL_NAMESPACE + repository;
    }
    checkParts(registry, repository, tag, digest);
  }

  /**
   * Parses {@code text} as {@code docker pull} does: {@code nginx} means {@code
   * docker.io/library/nginx:latest}, {@code localhost:5000/app} means registry {@code
   * localhost:5000}, and {@code registry.example.com/team/app@sha256:…} keeps only the digest.
   *
   * <p>The first path component is the registry only if it contains {@code .} or {@code :}, is
   * {@code localhost}, or has an uppercase letter; otherwise the registry is Docker Hub. So {@code
   * localhost:5000} alone is the Docker Hub image {@code library/localhost} with tag {@code 5000}.
   * The tag {@code latest} is added only when there is neither a tag nor a digest. Surrounding
   * whitespace is rejected, not trimmed, and a bare 64-digit hex string (an image ID) is rejected.
   *
   * @param text the reference, such as {@code nginx:1.27} or {@code [::1]:5000/app@sha256:…}
   * @return the normalised reference
   * @throws NullPointerException if {@code text} is null
   * @throws InvalidReferenceException if {@code text} is not a valid reference; its {@link
   *     InvalidReferenceException#position()} points at the first offending character
   */
  public static ImageReference parse(String text) {
    requireNonNull(text, "text");
    int length = text.length();
    if (length == 0) {
      throw fail(text, -1, "reference is empty");
    }
    if (ReferenceGrammar.isWhitespace(text.charAt(0))) {
      throw fail(text, 0, "reference must not start with whitespace (it is not trimmed)");
    }
    if (ReferenceGrammar.isWhitespace(text.charAt(length - 1))) {
      throw fail(text, length - 1, "reference must not end with whitespace (it is not trimmed)");
    }
    int userInfo = ReferenceGrammar.passwordUserInfo(text);
    if (userInfo >= 0) {
      // A pasted URL with a login: name the mistake, and never echo the password.
      throw fail(
          text,
          userInfo,
          "credentials (user:password@) do not belong in an image reference; log in to the"
              + " registry instead");
    }
    if (ReferenceGrammar.isImageId(text)) {
      throw fail(text, 0, "cannot specify 64-byte hexadecimal strings (that is an image ID)");
    }

    // Neither the name nor the tag may contain '@', and the tag is whatever follows the first ':'
    // after the last '/': earlier colons belong to the registry port.
    int at = text.indexOf('@');
    int nameAndTagEnd = at < 0 ? length : at;
    int lastSlash = text.lastIndexOf('/', nameAndTagEnd - 1);
    int colon = text.indexOf(':', lastSlash + 1);
    if (colon >= nameAndTagEnd) {
      colon = -1;
    }
    int nameEnd = colon < 0 ? nameAndTagEnd : colon;
    int firstSlash = text.indexOf('/');
    if (firstSlash >= nameEnd) {
      firstSlash = -1;
    }

    String registry = DOCKER_HUB;
    int repositoryStart = 0;
    if (firstSlash >= 0 && ReferenceGrammar.isRegistryComponent(text, 0, firstSlash)) {
      ReferenceGrammar.checkRegistry(text, 0, firstSlash);
      registry = text.substring(0, firstSlash);
      repositoryStart = firstSlash + 1;
      if (repositoryStart == nameEnd) {
        throw fail(
            text, firstSlash, "'/' after the registry must be followed by a repository name");
      }
    }
    ReferenceGrammar.checkRepository(text, repositoryStart, nameEnd);
    String tag = null;
    if (colon >= 0) {
      ReferenceGrammar.checkTag(text, colon + 1, nameAndTagEnd);
      tag = text.substring(colon + 1, nameAndTagEnd);
    }
    String digest = null;
    if (at >= 0) {
      ReferenceGrammar.checkDigest(text, at + 1, length);
      digest = text.substring(at + 1);
    }

    if (LEGACY_DOCKER_HUB.equals(registry)) {
      registry = DOCKER_HUB;
    }
    String repository = text.substring(repositoryStart, nameEnd);
    if (DOCKER_HUB.equals(registry) && repository.indexOf('/') < 0) {
      repository = OFFICIAL_NAMESPACE + repository;
    }
    checkNameLength(text, nameEnd, registry + "/" + repository);
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /**
   * Returns the reference with these parts, normalised as the constructor describes.
   *
   * @param registry the registry with optional port, such as {@code docker.io} or {@code
   *     localhost:5000}
   * @param repository the repository path, such as {@code library/nginx}
   * @param tag the tag, or {@code null} if {@code digest} is given
   * @param digest the digest {@code algorithm:encoded}, or {@code null} if {@code tag} is given
   * @throws NullPointerException if {@code registry} or {@code repository} is null
   * @throws InvalidReferenceException if the parts do not form a valid reference
   */
  public static ImageReference of(
      String registry, String repository, @Nullable String tag, @Nullable String digest) {
    return new ImageReference(registry, repository, tag, digest);
  }

  /** Returns the name without tag or digest, such as {@code docker.io/library/nginx}. */
  public String name() {
    return registry + "/" + repository;
  }

  /**
   * Returns the full normalised form, such as {@code docker.io/library/nginx:latest}, {@code
   * localhost:5000/app:1@sha256:…} or {@code quay.io/team/app@sha256:…}. Parsing it gives back an
   * equal reference.
   */
  public String canonical() {
    return withSuffix(name());
  }

  /**
   * Returns the short form the Docker CLI prints: {@code nginx:latest}, {@code user/app:1}, {@code
   * registry.example.com/a/b:1}. Docker Hub's name and its {@code library/} namespace are dropped.
   * Unlike Docker, {@code docker.io/} is kept when the first path component would otherwise read as
   * a registry (as in {@code docker.io/example.com/app:1}), so parsing the result always gives back
   * an equal reference.
   */
  public String familiar() {
    if (!isDockerHub()) {
      return canonical();
    }
    String path = repository;
    if (path.startsWith(OFFICIAL_NAMESPACE) && path.indexOf('/', OFFICIAL_NAMESPACE.length()) < 0) {
      return withSuffix(path.substring(OFFICIAL_NAMESPACE.length()));
    }
    if (ReferenceGrammar.isRegistryComponent(path, 0, path.indexOf('/'))) {
      return canonical();
    }
    return withSuffix(path);
  }

  /** Returns {@link #canonical()}. */
  @Override
  public String toString() {
    return canonical();
  }

  /** Returns whether the registry is Docker Hub ({@code docker.io}). */
  public boolean isDockerHub() {
    return DOCKER_HUB.equals(registry);
  }

  /**
   * Returns the host and optional port to send registry API requests to: {@code
   * registry-1.docker.io} for Docker Hub, else the registry as given, such as {@code
   * localhost:5000}.
   */
  public String apiHost() {
    return isDockerHub() ? DOCKER_HUB_API_HOST : registry;
  }

  /**
   * Returns the key the Docker CLI uses for this registry's credentials: {@code
   * https://index.docker.io/v1/} for Docker Hub, else the registry as given.
   */
  public String credentialKey() {
    return isDockerHub() ? DOCKER_HUB_CREDENTIAL_KEY : registry;
  }

  /**
   * Returns what goes into {@code /v2/<name>/manifests/<reference>}: the digest if there is one,
   * else the tag.
   */
  public String manifestReference() {
    return digest != null ? digest : requireNonNull(tag, "tag");
  }

  /**
   * Returns the registry host without port, and without brackets for IPv6: {@code localhost} for
   * {@code localhost:5000}, {@code ::1} for {@code [::1]:5000}.
   */
  public String host() {
    if (registry.startsWith("[")) {
      return registry.substring(1, registry.indexOf(']'));
    }
    int colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }

  /** Returns the registry port if one is given ({@code 5000} for {@code localhost:5000}). */
  public OptionalInt port() {
    int hostEnd = registry.startsWith("[") ? registry.indexOf(']') : 0;
    int colon = registry.indexOf(':', hostEnd);
    return colon < 0
        ? OptionalInt.empty()
        : OptionalInt.of(Integer.parseInt(registry.substring(colon + 1)));
  }

  /**
   * Returns this reference with {@code tag} in place of the current tag; a digest is kept.
   *
   * @throws InvalidReferenceException if {@code tag} is not a valid tag
   */
  public ImageReference withTag(String tag) {
    requireNonNull(tag, "tag");
    return new ImageReference(registry, repository, tag, digest);
  }

  /**
   * Returns this reference with {@code digest} in place of the current digest; a tag is kept.
   *
   * @throws InvalidReferenceException if {@code digest} is not a valid digest
   */
  public ImageReference withDigest(String digest) {
    requireNonNull(digest, "digest");
    return new ImageReference(registry, repository, tag, digest);
  }

  private String withSuffix(String name) {
    StringBuilder text = new StringBuilder(name);
    if (tag != null) {
      text.append(':').append(tag);
    }
    if (digest != null) {
      text.append('@').append(digest);
    }
    return text.toString();
  }

  /**
   * Checks that {@code registry} is a registry host as an image reference writes it: a host name
   * ({@code registry.example.com}, {@code localhost}), an IPv4 address or a bracketed IPv6 address
   * ({@code [::1]}), optionally followed by {@code :port} with a port from 1 to 65535, e.g. {@code
   * registry.example.com:5000} or {@code [fd00::1]:5000}. Unlike a reference's first component, a
   * single label without {@code .} or {@code :} ({@code myregistry}) is accepted.
   *
   * @throws NullPointerException if {@code registry} is null
   * @throws InvalidReferenceException if it is not such a registry; its {@link
   *     InvalidReferenceException#reason()} says why and its {@link
   *     InvalidReferenceException#position()} points into {@code registry}
   */
  public static void checkRegistry(String registry) {
    requireNonNull(registry, "registry");
    ReferenceGrammar.checkRegistry(registry, 0, registry.length());
  }

  /**
   * Checks parts given directly. Errors point into the parts joined as {@code
   * registry/repository[:tag][@digest]}, which is also the exception's input.
   */
  private static void checkParts(
      String registry, String repository, @Nullable String tag, @Nullable String digest) {
    StringBuilder joined = new StringBuilder(registry).append('/').append(repository);
    int repositoryEnd = joined.length();
    if (tag != null) {
      joined.append(':').append(tag);
    }
    int tagEnd = joined.length();
    if (digest != null) {
      joined.append('@').append(digest);
    }
    String text = joined.toString();

    if (tag == null && digest == null) {
      throw fail(text, -1, "a tag or a digest is required");
    }
    ReferenceGrammar.checkRegistry(text, 0, registry.length());
    if (!ReferenceGrammar.isRegistryComponent(text, 0, registry.length())) {
      throw fail(
          text,
          0,
          "a registry needs a '.' or ':', an uppercase letter, or to be 'localhost';"
              + " otherwise it reads as a Docker Hub namespace");
    }
    ReferenceGrammar.checkRepository(text, registry.length() + 1, repositoryEnd);
    if (tag != null) {
      ReferenceGrammar.checkTag(text, repositoryEnd + 1, tagEnd);
    }
    if (digest != null) {
      ReferenceGrammar.checkDigest(text, tagEnd + 1, text.length());
    }
    checkNameLength(text, repositoryEnd, text.substring(0, repositoryEnd));
  }

  /**
   * Checks that the normalised {@code name} fits the limit. {@code nameEnd} is where the name ends
   * in {@code text}, which may be shorter than {@code name} when {@code docker.io/library/} was
   * implied; the reported position is the first character of {@code text} beyond the limit.
   */
  private static void checkNameLength(String text, int nameEnd, String name) {
    if (name.length() <= ReferenceGrammar.NAME_MAX_LENGTH) {
      return;
    }
    int implied = name.length() - nameEnd;
    String reason =
        "name must be at most 255 characters including the registry but has " + name.length();
    if (implied > 0) {
      reason += " after Docker Hub normalisation";
    }
    int position = Math.max(0, Math.min(ReferenceGrammar.NAME_MAX_LENGTH - implied, nameEnd - 1));
    throw fail(text, position, reason);
  }
}
