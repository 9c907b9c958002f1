package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.Platform;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Entities gathered from the verdict's groups, its lines, then the whole text: the first value of
 * each wins.
 */
final class EntityDraft implements RuleTable.EntitySink {
  /** Clients that resolve short names through search registries rather than Docker Hub. */
  private static final Set<String> SEARCHING_CLIENTS = Set.of("podman", "cri-o");

  /** Hosts of Docker Hub's token service. */
  private static final Set<String> DOCKER_HUB_REALMS =
      Set.of("auth.docker.io", "auth.ipv6.docker.com");

  @Nullable String registry;
  boolean registryUnreadable;
  @Nullable String repository;
  boolean shortName;
  @Nullable String reference;
  @Nullable Integer status;
  @Nullable String ociCode;
  @Nullable String platform;
  @Nullable String os;
  @Nullable String arch;
  @Nullable String variant;
  @Nullable String secret;
  @Nullable String pod;
  @Nullable String namespace;

  /** The pod's service account ({@code kubectl describe pod}); for steps only, not an entity. */
  @Nullable String serviceAccount;

  @Nullable String helper;
  @Nullable String host;

  /** The port of {@link #host} when a message gives it apart ({@code … port 5000}). */
  @Nullable String port;

  @Nullable String url;
  @Nullable String realm;

  /**
   * Whether the lines being read are only near the failure, not the failure's own: a match there
   * that names another registry than the one already known is about something else (an earlier
   * error of another host), and none of its names are taken.
   */
  boolean nearby;

  /**
   * Whether the lines being read are those of a lenient rule's failure (an invalid reference): the
   * image they name is kept as written, uppercase and all, so that the steps can show it.
   */
  boolean lenientLines;

  @Override
  public void accept(Map<String, String> groups, boolean lenient, boolean pathOnly) {
    boolean asWritten = lenient || lenientLines;
    if (nearby && registry != null && namesAnotherRegistry(groups, asWritten)) {
      return;
    }
    groups.forEach((name, value) -> accept(name, value, asWritten, pathOnly));
  }

  /** Whether one match's groups name a registry other than {@link #registry}. */
  private boolean namesAnotherRegistry(Map<String, String> groups, boolean lenient) {
    String named = groups.get("registry");
    if (named == null) {
      for (String key : List.of("image", "name")) {
        String value = groups.get(key);
        ImageMention mention = value == null ? null : ImageMention.parse(value, lenient);
        if (mention != null && mention.registry() != null) {
          named = mention.registry();
          break;
        }
      }
    }
    return named != null && !sameRegistry(registry, named.strip());
  }

  /** Docker Hub answers under several names; any other registry only under its own. */
  private static boolean sameRegistry(String known, String named) {
    if (known.equalsIgnoreCase(named)) {
      return true;
    }
    return DOCKER_HUB_NAMES.contains(known.toLowerCase(Locale.ROOT))
        && DOCKER_HUB_NAMES.contains(named.toLowerCase(Locale.ROOT));
  }

  /** The names Docker Hub's registry answers under. */
  private static final Set<String> DOCKER_HUB_NAMES =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  @Override
  public boolean wantsAny(List<String> entities, boolean pathOnly) {
    for (String entity : entities) {
      if (wants(entity, pathOnly)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether {@link #accept(String, String, boolean, boolean)} of {@code entity} may still
   * change a field: each entity fills only fields that are unset.
   */
  private boolean wants(String entity, boolean pathOnly) {
    return switch (entity) {
      case "image", "name" ->
          repository == null
              || reference == null
              || !pathOnly && registry == null && !registryUnreadable;
      case "registry" -> registry == null;
      case "repository" -> repository == null;
      case "reference" -> reference == null;
      case "host" -> host == null;
      case "port" -> port == null;
      case "url" -> url == null;
      case "status" -> status == null;
      case "ociCode" -> ociCode == null;
      case "platform" -> platform == null;
      case "os" -> os == null;
      case "arch" -> arch == null;
      case "variant" -> variant == null;
      case "secret" -> secret == null;
      case "pod" -> pod == null;
      case "namespace" -> namespace == null;
      case "serviceAccount" -> serviceAccount == null;
      case "helper" -> helper == null;
      case "realm" -> realm == null;
      default -> true;
    };
  }

  private void accept(String name, String value, boolean lenient, boolean pathOnly) {
    switch (name) {
      case "image", "name" -> mention(ImageMention.parse(value, lenient), pathOnly);
      case "registry" -> {
        String candidate = value.strip();
        if (registry == null && ImageMention.isHost(candidate)) {
          registry = candidate;
        }
      }
      case "repository" -> {
        String candidate = value.replace("%2F", "/").replace("%2f", "/");
        boolean valid =
            ImageMention.isRepository(candidate)
                || lenient && ImageMention.isLenientRepository(candidate);
        if (repository == null && valid) {
          repository = candidate;
        }
      }
      case "reference" -> {
        if (reference == null && ImageMention.isReference(value)) {
          reference = value;
        }
      }
      case "host" -> {
        if (host == null && ImageMention.isHost(value)) {
          host = value;
        }
      }
      case "port" -> {
        if (port == null && value.length() <= 5) {
          port = value;
        }
      }
      case "url" -> {
        if (url == null) {
          url = value.replace(" ", "");
        }
      }
      case "status" -> {
        if (status == null) {
          int code = Integer.parseInt(value);
          if (code >= 100 && code <= 599) {
            status = code;
          }
        }
      }
      case "ociCode" -> {
        if (ociCode == null) {
          ociCode = value.toUpperCase(Locale.ROOT).replace(' ', '_');
        }
      }
      case "platform" -> {
        if (platform == null) {
          platform = platform(value);
        }
      }
      case "os" -> os = os == null ? value.toLowerCase(Locale.ROOT) : os;
      case "arch" -> arch = arch == null ? value.toLowerCase(Locale.ROOT) : arch;
      case "variant" -> variant = variant == null ? value.toLowerCase(Locale.ROOT) : variant;
      case "secret" -> secret = secret == null ? value : secret;
      case "pod" -> pod = pod == null ? value : pod;
      case "namespace" -> namespace = namespace == null ? value : namespace;
      case "serviceAccount" -> serviceAccount = serviceAccount == null ? value : serviceAccount;
      case "helper" -> helper = helper == null ? value : helper;
      case "realm" -> realm = realm == null && ImageMention.isHost(value) ? value : realm;
      default -> {
        // RuleTable admits only the names above
      }
    }
  }

  private void mention(@Nullable ImageMention mention, boolean pathOnly) {
    if (mention == null) {
      return;
    }
    if (pathOnly) {
      // Only the path: the registry is not named, so nothing says it is Docker Hub.
      if (repository == null && mention.repository() != null) {
        repository = mention.repository();
      }
      if (reference == null && mention.reference() != null && sameRepository(mention)) {
        reference = mention.reference();
      }
      return;
    }
    if (registry == null && !registryUnreadable) {
      if (mention.registry() != null) {
        registry = mention.registry();
      } else if (mention.registryUnreadable()) {
        registryUnreadable = true;
      }
    }
    if (repository == null && mention.repository() != null) {
      repository = mention.repository();
      shortName = mention.registry() == null && !mention.registryUnreadable();
    }
    if (reference == null && mention.reference() != null && sameRepository(mention)) {
      reference = mention.reference();
    }
  }

  /**
   * Whether {@code mention} names the repository already known, or none: the tag of another image
   * is not this one's ("with" from one line and ":20" from the next made {@code …/with:20}).
   */
  private boolean sameRepository(ImageMention mention) {
    String named = mention.repository();
    if (repository == null || named == null) {
      return true;
    }
    return withoutLibrary(repository).equalsIgnoreCase(withoutLibrary(named));
  }

  /** Docker Hub's official images are named with and without {@code library/}. */
  private static String withoutLibrary(String repository) {
    return repository.startsWith("library/")
        ? repository.substring("library/".length())
        : repository;
  }

  private static @Nullable String platform(String value) {
    try {
      return Platform.parse(value).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Returns the entities, normalised as the client resolves names: a Docker Hub short name gets
   * {@code docker.io} and {@code library/}. A failing host stands in for an unnamed registry unless
   * the failure was at the token service or blob storage.
   */
  Explanation.Entities entities(String client, boolean elsewhere) {
    String finalRegistry = registry;
    if (finalRegistry == null && host != null && !elsewhere && !registryUnreadable) {
      // A port given apart from the host ("port 5000") belongs to the address; 443 is implied.
      finalRegistry =
          port != null && !port.equals("443") && host.indexOf(':') < 0 ? host + ":" + port : host;
    }
    if (finalRegistry == null && realm != null && !registryUnreadable) {
      // The token realm usually lives on the registry's own host; Docker Hub's is known.
      finalRegistry =
          DOCKER_HUB_REALMS.contains(realm.toLowerCase(Locale.ROOT))
              ? ImageReference.DOCKER_HUB
              : realm;
    }
    String finalRepository = repository;
    boolean hub =
        ImageMention.isDockerHub(finalRegistry)
            || finalRegistry == null
                && !registryUnreadable
                && shortName
                && !SEARCHING_CLIENTS.contains(client);
    if (hub
        && finalRepository != null
        && ImageMention.isRepository(finalRepository)
        && finalRepository.indexOf('/') < 0) {
      finalRepository = "library/" + finalRepository;
    }
    if (finalRegistry == null && hub && finalRepository != null) {
      finalRegistry = ImageReference.DOCKER_HUB;
    }
    String finalPlatform = platform;
    if (finalPlatform == null && os != null && arch != null) {
      finalPlatform =
          platform(os + "/" + arch + (variant == null || variant.isEmpty() ? "" : "/" + variant));
    }
    return new Explanation.Entities(
        finalRegistry,
        finalRepository,
        reference,
        status,
        ociCode,
        finalPlatform,
        secret,
        pod,
        namespace);
  }
}
