package dev.regdoctor.diagnostics;

import dev.regdoctor.credentials.ConfigException;
import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.internal.Catalogue;
import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.diagnostics.internal.RuntimeChecks;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.endpoint.RuntimeProfile;
import dev.regdoctor.probe.ProbeSettings;
import dev.regdoctor.probe.RegistryClient;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A doctor's view of the container runtime: checks under its rules ({@code checks}) and the pulls
 * it would make ({@code pulls}), or why there are none ({@code problem}: a system configuration
 * file that cannot be read when no runtime was named, so the doctor diagnoses without runtime
 * views). {@code explicit}: a runtime or one of its configuration files was named.
 */
record RuntimeViews(
    @Nullable RuntimeChecks checks,
    @Nullable RuntimePulls pulls,
    @Nullable ConfigException problem,
    boolean explicit) {

  /**
   * Reads the runtime's configuration named in {@code settings} and builds the views.
   *
   * @throws ConfigException if a file the user named (a runtime's, or daemon.json) cannot be read
   */
  static RuntimeViews read(
      DoctorSettings settings,
      ProbeSettings probe,
      RegistryClient client,
      CredentialResolver credentials,
      Catalogue catalogue,
      Diagnoser diagnoser,
      Locale locale) {
    boolean explicit = settings.explicitRuntime();
    RuntimeProfile profile;
    try {
      profile = settings.runtimeProfile(client);
    } catch (ConfigException e) {
      if (explicit || settings.daemonJsonFile != null) {
        throw e;
      }
      return new RuntimeViews(null, null, e, false);
    }
    RuntimeChecks checks = new RuntimeChecks(probe, credentials, profile, catalogue, diagnoser);
    return new RuntimeViews(
        checks, new RuntimePulls(checks, catalogue, locale, explicit), null, explicit);
  }

  /**
   * Returns the report of the pull the kubelet would make through containerd with exactly {@code
   * credentials}, reading {@code hosts.toml} files only from {@code nodeHostsDir}; null when there
   * are no runtime views or containerd's plan does not apply to {@code image}.
   */
  @Nullable Report kubeletPull(
      String image,
      CredentialLookup credentials,
      Diagnoser kubelet,
      @Nullable Path nodeHostsDir,
      Locale locale) {
    if (checks == null) {
      return null;
    }
    RuntimePulls containerd =
        new RuntimePulls(
            checks.as(
                ContainerRuntime.CONTAINERD,
                (registry, repository) -> credentials,
                kubelet,
                nodeHostsDir),
            Catalogue.forLocale(locale),
            locale,
            false);
    var plan = containerd.plan(image, true);
    return plan == null ? null : containerd.check(image, plan);
  }

  /** Releases the checks' clients. */
  void close() {
    if (checks != null) {
      checks.close();
    }
  }
}
