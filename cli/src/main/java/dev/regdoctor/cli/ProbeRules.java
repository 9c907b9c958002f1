package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.explain.Explanation;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.endpoint.ContainerRuntime;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Whose pull rules {@code explain --probe} follows: those {@code --runtime} names, else those of
 * the client that printed the text (containers/image for skopeo, Podman, Buildah and CRI-O;
 * containerd for ctr, nerdctl, crictl and the kubelet; dockerd for docker), else Docker's. A probe
 * under Docker's rules reaches a loopback registry over plain HTTP, which skopeo refuses: it must
 * not call skopeo's failure transient (review 16, finding 3).
 */
record ProbeRules(ContainerRuntime runtime, Source source, String client) {

  /** Why these rules: named by {@code --runtime}, the text's client, or the default. */
  enum Source {
    OPTION,
    CLIENT,
    DEFAULT
  }

  /** Chooses the rules for {@code explanation}: {@code chosen} (from --runtime) wins. */
  static ProbeRules of(Explanation explanation, @Nullable ContainerRuntime chosen) {
    String client = explanation.client();
    if (chosen != null) {
      return new ProbeRules(chosen, Source.OPTION, client);
    }
    ContainerRuntime detected = runtimeOf(client);
    return detected == null
        ? new ProbeRules(ContainerRuntime.DOCKER, Source.DEFAULT, client)
        : new ProbeRules(detected, Source.CLIENT, client);
  }

  /** Returns the runtime whose rules {@code client} follows, or null for a client of no runtime. */
  static @Nullable ContainerRuntime runtimeOf(String client) {
    try {
      return ContainerRuntime.parse(client);
    } catch (IllegalArgumentException e) {
      return null; // crane, curl, helm, a wrapper or no client at all
    }
  }

  /**
   * Applies the detected rules to {@code builder}, which {@code --runtime} has already set up:
   * containerd's or Podman's for their clients' text (with RUNTIME_MISMATCH where the others
   * disagree). Docker's rules are the doctor's default and are left as such, as for {@code
   * diagnose} without {@code --runtime}.
   */
  dev.regdoctor.diagnostics.RegistryDoctor.Builder applyTo(
      dev.regdoctor.diagnostics.RegistryDoctor.Builder builder) {
    return source == Source.CLIENT && runtime != ContainerRuntime.DOCKER
        ? builder.runtime(runtime)
        : builder;
  }

  /**
   * Returns the sentence that says which rules the probe followed, in {@code catalogue}'s language.
   */
  String sentence(Catalogue catalogue) {
    return Catalogue.fill(
        catalogue.label("explain.probeRules." + source.name().toLowerCase(java.util.Locale.ROOT)),
        Map.of(
            "runtime",
            runtime.label(),
            "who",
            catalogue.label("explain.probeRules.who." + runtime.label()),
            "client",
            client));
  }
}
