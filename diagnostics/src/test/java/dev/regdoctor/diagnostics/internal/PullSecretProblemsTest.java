package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.credentials.CredentialProblem.SecretEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The secrets that an undecodable one blocks come from core as data ({@link
 * CredentialProblem#untriedMatches()}), not from the words of core's English message: rewording
 * that message must not change the AUTH_REQUIRED keyringBlocked finding.
 */
class PullSecretProblemsTest {
  private static final CredentialProblem UNDECODABLE =
      new CredentialProblem(
          CredentialProblem.Kind.CONFIG_INVALID,
          "secret shop/broken",
          "/data/.dockerconfigjson: not valid base64; the kubelet fails every pull of a pod that"
              + " lists this secret");

  @Test
  void blockedMatchesAreReadFromTheDataWhateverTheMessageSays() {
    CredentialProblem keyring =
        new CredentialProblem(
            CredentialProblem.Kind.CONFIG_INVALID,
            "kubelet",
            "a message worded in any other way",
            List.of(
                new SecretEntry("shop", "good", "registry.example.com"),
                new SecretEntry("shop", "second", "registry.example.com/app")));
    Map<String, String> values = new HashMap<>();

    boolean blocked = PullSecretProblems.putBlocked(List.of(UNDECODABLE, keyring), values);

    assertThat(blocked).isTrue();
    assertThat(values)
        .containsEntry(
            "matching",
            "shop/good \"registry.example.com\", shop/second \"registry.example.com/app\"")
        .containsEntry("undecodable", "shop/broken");
  }

  @Test
  void theMessageWordsAloneNameNoBlockedSecret() {
    CredentialProblem keyring =
        new CredentialProblem(
            CredentialProblem.Kind.CONFIG_INVALID,
            "kubelet",
            "cannot build the pull keyring because a secret is invalid; every pull of this pod"
                + " fails before any credential is tried, even the entries that match: secret"
                + " shop/good \"registry.example.com\"");
    Map<String, String> values = new HashMap<>();

    assertThat(PullSecretProblems.putBlocked(List.of(UNDECODABLE, keyring), values)).isFalse();
    assertThat(values).isEmpty();
  }

  @Test
  void anUndecodableSecretListedTwiceIsNamedOnce() {
    CredentialProblem keyring =
        new CredentialProblem(
            CredentialProblem.Kind.CONFIG_INVALID,
            "kubelet",
            "keyring",
            List.of(new SecretEntry("shop", "good", "registry.example.com")));
    Map<String, String> values = new HashMap<>();

    PullSecretProblems.putBlocked(List.of(UNDECODABLE, UNDECODABLE, keyring), values);

    assertThat(values).containsEntry("undecodable", "shop/broken");
  }
}
