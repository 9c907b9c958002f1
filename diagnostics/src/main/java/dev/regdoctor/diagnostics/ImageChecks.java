package dev.regdoctor.diagnostics;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.internal.CredentialOrigin;
import dev.regdoctor.diagnostics.internal.Diagnoser;
import dev.regdoctor.internal.http.Deadline;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.RegistryClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One image's diagnosis for a {@link RegistryDoctor}: under the chosen runtime's rules when it has
 * a plan for the image, else the registry probe with this doctor's credentials; the kubelet's pull
 * with exactly the credential a pull secret gives. Every report ends with the inputs that changed
 * nothing ({@code INPUT_IGNORED}). Thread-safe: the doctor's bulk checks share it.
 */
final class ImageChecks {
  private final RegistryClient client;
  private final CredentialResolver credentials;
  private final Diagnoser diagnoser;
  private final RuntimeViews runtime;
  private final List<String> ignoredInputs;
  private final @Nullable Path nodeHostsDir;
  private final Locale locale;

  ImageChecks(
      RegistryClient client,
      CredentialResolver credentials,
      Diagnoser diagnoser,
      RuntimeViews runtime,
      List<String> ignoredInputs,
      @Nullable Path nodeHostsDir,
      Locale locale) {
    this.client = client;
    this.credentials = credentials;
    this.diagnoser = diagnoser;
    this.runtime = runtime;
    this.ignoredInputs = List.copyOf(ignoredInputs);
    this.nodeHostsDir = nodeHostsDir;
    this.locale = locale;
  }

  /** Diagnoses {@code image} as {@link RegistryDoctor#check(String)} documents. */
  Report check(String image) {
    Deadline deadline = Deadline.after(client.settings().deadline());
    if (runtime.pulls() != null) {
      var plan = runtime.pulls().plan(image, runtime.explicit());
      if (plan != null) {
        Report report = runtime.pulls().check(image, plan);
        if (ignoredInputs.isEmpty()) {
          return report;
        }
        return new Report(
            report.input(),
            report.probe(),
            withIgnoredInputs(report.findings()),
            locale,
            report.runtime().orElse(null),
            report.pullsFrom().orElse(null));
      }
    }
    return report(image, client.check(image, credentials), deadline, diagnoser);
  }

  /**
   * Diagnoses {@code image} as {@link RegistryDoctor#check(String, CredentialLookup)} documents.
   */
  Report check(String image, CredentialLookup lookup) {
    Deadline deadline = Deadline.after(client.settings().deadline());
    Diagnoser kubelet =
        diagnoser.withOrigin(new CredentialOrigin(CredentialOrigin.Kind.KUBERNETES, null, null));
    Report report = runtime.kubeletPull(image, lookup, kubelet, nodeHostsDir, locale);
    if (report != null) {
      return report;
    }
    return report(image, client.check(image, (registry, repository) -> lookup), deadline, kubelet);
  }

  /**
   * Builds a report from a probe result whose check shares {@code deadline}, the image's budget.
   * The anonymous comparison, when the diagnosis needs one, gets only what is left of it (and is
   * left out, saying so, when too little is left): one diagnosis, one deadline.
   */
  private Report report(String input, ProbeResult result, Deadline deadline, Diagnoser diagnoser) {
    List<Finding> findings =
        diagnoser.diagnose(
            result,
            diagnoser.anonymousWithin(
                deadline,
                left ->
                    result.reference() == null
                        ? null
                        : client.check(result.reference(), CredentialLookup.anonymous(), left)));
    // An invalid reference is reported as the probe kept it: without a password pasted in a URL.
    return new Report(
        result.reference() == null ? result.input() : input,
        result,
        withIgnoredInputs(findings),
        locale);
  }

  /** Returns {@code findings} followed by the inputs that changed nothing, if any. */
  private List<Finding> withIgnoredInputs(List<Finding> findings) {
    if (ignoredInputs.isEmpty()) {
      return findings;
    }
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(diagnoser.ignoredInputs(ignoredInputs));
    return all;
  }
}
