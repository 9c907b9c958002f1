package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the credentials the kubelet would use for an image given a pod's {@code imagePullSecrets}
 * (kubernetes {@code pkg/credentialprovider/secrets/secrets.go} and {@code keyring.go}).
 *
 * <p>As in the kubelet, the entries of all {@link PullSecret.Status#USABLE} secrets form one
 * keyring: keys are sorted in reverse byte order (longer paths of the same host first), every
 * matching key contributes its credentials in secret order, and Docker Hub images fall back to
 * {@code index.docker.io} keys when nothing matched. The kubelet tries the candidates in that order
 * until a pull succeeds; this resolver returns the first candidate that holds a user name and
 * password (source {@code secret <namespace>/<name>}) and lists the others under {@code consulted}.
 * If any secret is {@link PullSecret.Status#INVALID} the kubelet cannot build the keyring and every
 * pull fails, so the lookup returns no credential and says why (source {@code kubelet}), naming the
 * entries of usable secrets that match the image but are never tried ({@code …, even the entries
 * that match: secret shop/pull "registry.example.com"}); {@link CredentialProblem#untriedMatches()}
 * holds the same entries as data.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KubernetesCredentialResolver implements CredentialResolver {

  private final List<PullSecret> secrets;
  private final Clock clock;

  private KubernetesCredentialResolver(List<PullSecret> secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  /** Returns a resolver over a pod's pull secrets, in the order the pod lists them. */
  public static KubernetesCredentialResolver of(List<PullSecret> secrets) {
    requireNonNull(secrets, "secrets");
    return new KubernetesCredentialResolver(List.copyOf(secrets), Clock.systemUTC());
  }

  /** Returns a copy that judges token expiry against {@code clock}. */
  public KubernetesCredentialResolver withClock(Clock clock) {
    requireNonNull(clock, "clock");
    return new KubernetesCredentialResolver(secrets, clock);
  }

  /** Returns the secrets, in order. */
  public List<PullSecret> secrets() {
    return secrets;
  }

  /** A candidate in the keyring. */
  private record Candidate(PullSecret secret, PullSecret.Entry entry) {}

  @Override
  public CredentialLookup lookup(String registry, String repository) {
    requireNonNull(registry, "registry");
    requireNonNull(repository, "repository");
    String image = KubernetesSecrets.imageName(registry, repository);
    List<String> consulted = new ArrayList<>();
    List<String> nearMisses = new ArrayList<>();
    List<CredentialProblem> problems = new ArrayList<>();
    boolean invalid = false;
    List<KubeletKeyring.Keyed<Candidate>> keyring = new ArrayList<>();
    for (PullSecret secret : secrets) {
      consulted.add(secret.label());
      problems.addAll(secret.problems());
      if (secret.status() == PullSecret.Status.INVALID) {
        invalid = true;
      }
      if (secret.status() != PullSecret.Status.USABLE) {
        continue;
      }
      for (PullSecret.Entry entry : secret.entries()) {
        if (entry.kubeletKey() != null) {
          keyring.add(new KubeletKeyring.Keyed<>(entry.kubeletKey(), new Candidate(secret, entry)));
        }
      }
    }
    List<Candidate> candidates = KubeletKeyring.lookup(keyring, image);
    if (invalid) {
      // The usable secrets that match are named: they are not what is missing, and "create a
      // secret" would send the user after one they have.
      List<String> blocked = new ArrayList<>();
      List<CredentialProblem.SecretEntry> untried = new ArrayList<>();
      for (Candidate candidate : candidates) {
        if (candidate.entry().credential().isPresent()) {
          String entry = candidate.secret().label() + " " + quote(candidate.entry().key());
          blocked.add(entry);
          untried.add(
              new CredentialProblem.SecretEntry(
                  candidate.secret().namespace(),
                  candidate.secret().name(),
                  candidate.entry().key()));
          consulted.add(entry + " (matches, but is never tried: the keyring cannot be built)");
        }
      }
      problems.add(
          new CredentialProblem(
              CredentialProblem.Kind.CONFIG_INVALID,
              "kubelet",
              "cannot build the pull keyring because a secret is invalid; every pull of this pod"
                  + " fails before any credential is tried"
                  + (blocked.isEmpty()
                      ? ""
                      : ", even the entries that match: " + String.join(", ", blocked)),
              untried));
      return new CredentialLookup(null, null, consulted, nearMisses, problems);
    }
    Candidate chosen =
        candidates.stream()
            .filter(candidate -> candidate.entry().credential().isPresent())
            .findFirst()
            .orElse(null);
    for (Candidate candidate : candidates) {
      if (candidate == chosen) {
        consulted.add(
            candidate.secret().label() + " " + quote(candidate.entry().key()) + " (used first)");
      } else {
        consulted.add(
            candidate.secret().label()
                + " "
                + quote(candidate.entry().key())
                + (candidate.entry().credential().isPresent()
                    ? " (also tried by the kubelet if the first candidate fails)"
                    : " (matches, but holds no user name and password)"));
      }
    }
    for (KubeletKeyring.Keyed<Candidate> keyed : keyring) {
      Candidate candidate = keyed.value();
      if (candidates.contains(candidate)) {
        continue;
      }
      String reason = KubeletKeyring.nearMiss(candidate.entry().kubeletKey(), image);
      if (reason != null) {
        nearMisses.add(
            candidate.secret().label()
                + " has "
                + quote(candidate.entry().key())
                + " ("
                + reason
                + ")");
      }
    }
    for (PullSecret secret : secrets) {
      for (PullSecret.Entry entry : secret.entries()) {
        if (entry.kubeletKey() == null) {
          nearMisses.add(
              secret.label()
                  + " has "
                  + quote(entry.key())
                  + " ("
                  + KubeletKeyring.nearMiss(null, image)
                  + ")");
        }
      }
    }
    if (chosen == null) {
      return new CredentialLookup(null, null, consulted, nearMisses, problems);
    }
    Credential credential = chosen.entry().credential().orElseThrow();
    String source = chosen.secret().label();
    TokenExpiry.check(credential, source, clock).ifPresent(problems::add);
    return new CredentialLookup(credential, source, consulted, nearMisses, problems);
  }

  private static String quote(@Nullable String key) {
    return "\"" + key + "\"";
  }
}
