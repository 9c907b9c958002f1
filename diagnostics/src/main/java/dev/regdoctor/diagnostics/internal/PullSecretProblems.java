package dev.regdoctor.diagnostics.internal;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Findings for what was wrong in a pull secrets file ({@code --k8s-secret}): a Secret is YAML the
 * kubelet reads, not a JSON configuration file, so its problems are the {@code K8S_PULL_SECRET_*}
 * codes that name the secret and its namespace, never {@code CONFIG_INVALID} with {@code
 * json.tool}.
 *
 * <p>A secret the kubelet ignores (type {@code Opaque}, or a pull-secret type without its key) is
 * information: a file may hold other secrets, and the kubelet never uses that one. An undecodable
 * pull secret fails every pull of a pod that lists it: an error. The keyring message that repeats
 * this ({@code kubelet}) adds nothing and is left out.
 */
final class PullSecretProblems {
  private static final String SECRET_LABEL = "secret ";
  private static final String IGNORED = "ignored by the kubelet";
  private static final String FAILS_EVERY_PULL = "the kubelet fails every pull";

  private PullSecretProblems() {}

  /**
   * Returns the finding for a problem found in a pull secret, or {@code null} when it is the
   * keyring's summary of problems already reported per secret.
   */
  static @Nullable Finding finding(
      CredentialProblem problem, Map<String, String> base, Catalogue catalogue) {
    if (!problem.source().startsWith(SECRET_LABEL)) {
      return null; // the keyring's (source kubelet): every pull fails because a secret is invalid,
      // said per secret
    }
    Map<String, String> values = new HashMap<>(base);
    putSecret(problem.source(), values);
    String message = problem.message();
    // Messages start with the JSON pointer into the file ("/2/type: …"); the evidence keeps it.
    int colon = message.startsWith("/") ? message.indexOf(": ") : -1;
    // Core's words, in the catalogue's language (the detail too: the evidence must still hold it).
    values.put("detail", catalogue.coreMessage(colon < 0 ? message : message.substring(colon + 2)));
    List<String> evidence =
        List.of(
            values.getOrDefault("secretsFile", "pull secrets")
                + ": "
                + catalogue.localized(Map.of("source", problem.source())).get("source")
                + ": "
                + catalogue.coreMessage(message));
    if (message.endsWith(IGNORED) && !message.contains("not valid base64")) {
      return catalogue.finding(
          DiagnosisCode.K8S_PULL_SECRET_WRONG_TYPE, Severity.INFO, "ignored", values, evidence);
    }
    DiagnosisCode code = DiagnosisCode.K8S_PULL_SECRET_MALFORMED;
    // An entry the kubelet skips (a key it cannot parse) leaves the rest of the secret usable.
    Severity severity = message.contains(FAILS_EVERY_PULL) ? code.severity() : Severity.WARNING;
    return catalogue.finding(code, severity, null, values, evidence);
  }

  /**
   * Puts {@code matching} (the entries of usable secrets that match the image, {@code shop/a
   * "host"}) and {@code undecodable} (the secrets, {@code shop/b}, that stop the kubelet from
   * building its keyring) when a problem names matching entries that are never tried ({@link
   * CredentialProblem#untriedMatches()}, data from core's keyring, not its words), and returns
   * whether it did.
   */
  static boolean putBlocked(List<CredentialProblem> problems, Map<String, String> values) {
    List<String> matching = new ArrayList<>();
    List<String> undecodable = new ArrayList<>();
    for (CredentialProblem problem : problems) {
      if (problem.kind() != CredentialProblem.Kind.CONFIG_INVALID) {
        continue;
      }
      if (!problem.untriedMatches().isEmpty()) {
        for (CredentialProblem.SecretEntry entry : problem.untriedMatches()) {
          matching.add(entry.namespace() + "/" + entry.secret() + " \"" + entry.key() + "\"");
        }
      } else if (problem.source().startsWith(SECRET_LABEL)
          && problem.message().contains(FAILS_EVERY_PULL)
          && !undecodable.contains(problem.source().substring(SECRET_LABEL.length()))) {
        undecodable.add(problem.source().substring(SECRET_LABEL.length()));
      }
    }
    if (matching.isEmpty() || undecodable.isEmpty()) {
      return false;
    }
    values.put("matching", String.join(", ", matching));
    values.put("undecodable", String.join(", ", undecodable));
    return true;
  }

  /**
   * Puts {@code secret} and {@code namespace} for a credential source labelled {@code secret
   * <namespace>/<name>}, so that fixes name them.
   */
  static void putSecret(String source, Map<String, String> values) {
    if (!source.startsWith(SECRET_LABEL)) {
      return;
    }
    String qualified = source.substring(SECRET_LABEL.length()).strip();
    int slash = qualified.indexOf('/');
    if (slash <= 0 || slash == qualified.length() - 1 || qualified.indexOf(' ') >= 0) {
      return;
    }
    values.put("namespace", qualified.substring(0, slash));
    values.put("secret", qualified.substring(slash + 1));
  }
}
