package dev.regdoctor.diagnostics.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the doctor was told to take credentials from. A fix must fit it: a wrong password passed
 * with {@code --username} is fixed by passing the right one, not by {@code docker login}; one in
 * {@code --docker-config DIR} is fixed in that directory, not in {@code ~/.docker}; one in a pull
 * secret is fixed by replacing the secret.
 *
 * @param kind the kind of source
 * @param location the configuration file or directory, or the secrets file; {@code null} when none
 * @param user the user name given explicitly, or {@code null}
 */
public record CredentialOrigin(Kind kind, @Nullable String location, @Nullable String user) {
  /** The one file name that {@code docker --config DIR} reads in its directory. */
  private static final String CONFIG_JSON = "config.json";

  /** The kinds of credential source, each with its own catalogue variant. */
  public enum Kind {
    /** The local Docker configuration, found as the docker CLI finds it. */
    DOCKER_DEFAULT(null),
    /** A docker {@code config.json} (or its directory) given explicitly. */
    DOCKER_CONFIG("dockerConfig"),
    /** A user name and password given explicitly. */
    EXPLICIT("explicit"),
    /** Kubernetes pull secrets, matched as the kubelet does. */
    KUBERNETES("kubernetes"),
    /** A resolver supplied by the embedding program. */
    CUSTOM(null);

    private final @Nullable String variant;

    Kind(@Nullable String variant) {
      this.variant = variant;
    }
  }

  /** The default: the local Docker configuration. */
  public static final CredentialOrigin DOCKER_DEFAULT =
      new CredentialOrigin(Kind.DOCKER_DEFAULT, null, null);

  /** Validates. */
  public CredentialOrigin {
    requireNonNull(kind, "kind");
  }

  /** Returns the catalogue variant of the auth findings for this origin, or {@code null}. */
  public @Nullable String variant() {
    return kind.variant;
  }

  /**
   * Puts {@code configFile} and {@code configDir} (a docker configuration given explicitly), {@code
   * secretsFile} (pull secrets) and {@code user} (explicit credentials) into {@code values}.
   */
  public void putInto(Map<String, String> values) {
    if (user != null) {
      values.put("user", user);
    }
    if (location == null) {
      return;
    }
    switch (kind) {
      case DOCKER_CONFIG -> {
        Path path = Path.of(location);
        boolean file = Files.isRegularFile(path) || location.endsWith(".json");
        Path dir = file ? path.toAbsolutePath().getParent() : path;
        values.put("configFile", (file ? path : path.resolve("config.json")).toString());
        // docker --config DIR reads and writes DIR/config.json only: a file named otherwise has no
        // directory that docker would use for it.
        if (dir != null && (!file || CONFIG_JSON.equals(String.valueOf(path.getFileName())))) {
          values.put("configDir", dir.toString());
        }
      }
      case KUBERNETES -> values.put("secretsFile", location);
      default -> {
        // nothing more to say
      }
    }
  }
}
