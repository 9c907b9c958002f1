package dev.regdoctor.credentials;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of looking up credentials for one registry: the credential found (if any), which
 * source it came from, every source consulted, near misses (entries that users often mistake for a
 * match, such as {@code registry.example.com:5000} for {@code registry.example.com}) and problems
 * with sources. Never holds secret material outside the {@link Credential}.
 *
 * @param credential the credential to use, or {@code null} for anonymous access
 * @param source a description of where the credential came from, e.g. {@code config.json auths
 *     "registry.example.com"}, or {@code null} when none was found
 * @param consulted the sources looked at, in order
 * @param nearMisses human-readable near misses, e.g. {@code config.json auths has
 *     "registry.example.com:5000" (port differs)}
 * @param problems problems with the sources consulted
 */
public record CredentialLookup(
    @Nullable Credential credential,
    @Nullable String source,
    List<String> consulted,
    List<String> nearMisses,
    List<CredentialProblem> problems) {

  /** Validates and copies the lists. */
  public CredentialLookup {
    consulted = List.copyOf(consulted);
    nearMisses = List.copyOf(nearMisses);
    problems = List.copyOf(problems);
    if (credential != null && source == null) {
      throw new IllegalArgumentException("source required when a credential is present");
    }
  }

  /** Returns a lookup that found nothing and consulted nothing: anonymous access. */
  public static CredentialLookup anonymous() {
    return new CredentialLookup(null, null, List.of(), List.of(), List.of());
  }

  /** Returns a lookup holding {@code credential} from {@code source}. */
  public static CredentialLookup found(Credential credential, String source) {
    requireNonNull(credential, "credential");
    return new CredentialLookup(credential, source, List.of(source), List.of(), List.of());
  }

  /** Returns the credential when one was found. */
  public Optional<Credential> found() {
    return Optional.ofNullable(credential);
  }

  /** Returns whether a credential was found. */
  public boolean hasCredential() {
    return credential != null;
  }
}
