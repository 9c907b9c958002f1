package dev.regdoctor.endpoint;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one runtime would do to pull one image with the configuration on this machine: the endpoints
 * it tries in order (mirrors, then the upstream), or why it refuses before any traffic.
 *
 * @param runtime the runtime whose rules made this plan
 * @param image the image as that runtime resolves it, e.g. {@code docker.io/library/nginx:latest}
 * @param sources the endpoints in the order the runtime tries them; empty when {@code refusal} is
 *     set
 * @param refusal why the runtime refuses the pull without contacting anything (a blocked registry,
 *     a short name that does not resolve), or {@code null}
 * @param notes secret-free remarks on how the configuration applies, e.g. that daemon.json mirrors
 *     apply to Docker Hub only
 * @param configFiles the configuration files read, in the order they apply
 */
public record PullPlan(
    ContainerRuntime runtime,
    String image,
    List<PullSource> sources,
    @Nullable String refusal,
    List<String> notes,
    List<String> configFiles) {

  /** Validates and copies. */
  public PullPlan {
    requireNonNull(runtime, "runtime");
    requireNonNull(image, "image");
    sources = List.copyOf(sources);
    notes = List.copyOf(notes);
    configFiles = List.copyOf(configFiles);
  }

  /** Returns the upstream source, unless the runtime refuses the pull. */
  public Optional<PullSource> upstream() {
    return sources.stream().filter(s -> s.role() == PullSource.Role.UPSTREAM).findFirst();
  }

  /** Returns the mirrors in order. */
  public List<PullSource> mirrors() {
    return sources.stream().filter(s -> s.role() == PullSource.Role.MIRROR).toList();
  }
}
