package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The findings of problems with credential sources: a credential helper (or an embedding program's
 * {@code CredentialResolver}) that failed, CREDENTIAL_HELPER_FAILED, and a configuration file that
 * does not parse or holds a bad value, CONFIG_INVALID (a Kubernetes pull secret's own finding when
 * credentials come from pull secrets). An expired credential is evidence on the auth finding.
 */
final class CredentialProblemFindings {
  private final Catalogue catalogue;
  private final CredentialOrigin origin;

  CredentialProblemFindings(Catalogue catalogue, CredentialOrigin origin) {
    this.catalogue = catalogue;
    this.origin = origin;
  }

  /**
   * Returns the finding of {@code problem}, filled with {@code base}'s placeholder values, or null
   * when the problem is evidence on another finding.
   */
  @Nullable Finding finding(CredentialProblem problem, Map<String, String> base) {
    if (origin.kind() == CredentialOrigin.Kind.KUBERNETES
        && problem.kind() == CredentialProblem.Kind.CONFIG_INVALID) {
      return PullSecretProblems.finding(problem, base, catalogue);
    }
    Map<String, String> values = new HashMap<>(base);
    // Core's words in the catalogue's language, the detail too: the evidence must still hold it.
    values.put("detail", catalogue.coreMessage(problem.message()));
    // Messages of configuration problems already start with the file: print the path once.
    List<String> evidence =
        List.of(
            catalogue.evidence(
                problem.message().startsWith(problem.source())
                    ? problem.message()
                    : problem.source() + ": " + problem.message()));
    return switch (problem.kind()) {
      case HELPER_FAILED -> {
        String source = problem.source();
        int space = source.lastIndexOf(' ');
        values.put("helper", space >= 0 ? source.substring(space + 1) : source);
        // an embedding program's CredentialResolver: fixed in its code, not in ~/.docker
        String variant = source.startsWith(Diagnoser.RESOLVER_SOURCE) ? "resolver" : null;
        yield catalogue.finding(
            DiagnosisCode.CREDENTIAL_HELPER_FAILED,
            DiagnosisCode.CREDENTIAL_HELPER_FAILED.severity(),
            variant,
            values,
            evidence);
      }
      case CONFIG_INVALID -> {
        values.put("file", problem.source());
        String variant = null;
        String prefix = problem.source() + ": /";
        if (problem.message().startsWith(prefix)) {
          // Valid JSON with one bad value (an auth that is not base64 user:password): the fix is
          // that entry, not the file's syntax.
          String rest = problem.message().substring(prefix.length() - 1);
          int colon = rest.indexOf(": ");
          String pointer = colon < 0 ? rest : rest.substring(0, colon);
          values.put("pointer", pointer);
          values.put("reason", colon < 0 ? "" : rest.substring(colon + 2));
          String[] parts = pointer.split("/");
          if (parts.length >= 3 && parts[1].equals("auths")) {
            values.put("entry", parts[2].replace("~1", "/").replace("~0", "~"));
          }
          values.put("detail", catalogue.coreMessage(values.get("reason")));
          variant = "value";
        }
        yield catalogue.finding(
            DiagnosisCode.CONFIG_INVALID,
            DiagnosisCode.CONFIG_INVALID.severity(),
            variant,
            values,
            evidence);
      }
      case EXPIRED -> null; // shown as evidence on the auth finding
    };
  }
}
