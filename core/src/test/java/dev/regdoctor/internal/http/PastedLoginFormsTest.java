package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session 13 review: secrets pasted in forms the redaction did not know (a quoted or attached login
 * password, a login before a registry, a private key's body, GitLab and Docker Hub tokens, a padded
 * environment, Maven's settings), and the words of an error it garbled.
 */
class PastedLoginFormsTest {
  private static final String SECRET = "Hunter2Secret";

  private static String masked(String text) {
    String redacted = Redaction.text(text);
    assertThat(Redaction.text(redacted)).as("idempotent: %s", redacted).isEqualTo(redacted);
    return redacted;
  }

  @Nested
  class LoginPassword {
    static Stream<Arguments> forms() {
      return Stream.of(
          Arguments.of("docker login -u bob -p 'Hunter2Secret' r.test", "-p '<redacted>' r.test"),
          Arguments.of(
              "docker login -u bob -p \"Hunter2Secret\" r.test", "-p \"<redacted>\" r.test"),
          Arguments.of("podman login --password 'Hunter2Secret' r.test", "--password '<redacted>'"),
          Arguments.of(
              "docker login --password \"Hunter2Secret\" r.test", "--password \"<redacted>\""),
          Arguments.of("docker login -u bob -p=Hunter2Secret r.test", "-p=<redacted> r.test"),
          Arguments.of("docker login -u bob -pHunter2Secret r.test", "-p<redacted> r.test"),
          Arguments.of(
              "echo -n Hunter2Secret | docker login -u bob --password-stdin r.test",
              "echo -n <redacted> | docker login"),
          Arguments.of(
              "printf '%s' 'Hunter2Secret' | docker login -u bob --password-stdin r.test",
              "printf '%s' '<redacted>' | docker login"),
          Arguments.of(
              "printf \"%s\\n\" Hunter2Secret | docker login -u bob --password-stdin r.test",
              "printf \"%s\\n\" <redacted> | docker login"),
          Arguments.of(
              "docker login -u bob --password-stdin r.test <<< 'Hunter2Secret'",
              "--password-stdin r.test <<< '<redacted>'"),
          Arguments.of(
              "docker login -u bob --password-stdin r.test <<<\"Hunter2Secret\"",
              "--password-stdin r.test <<<\"<redacted>\""),
          Arguments.of(
              "msg=\"docker login -u bob -p \\\"Hunter2Secret\\\" r.test\"",
              "-p \\\"<redacted>\\\" r.test"),
          Arguments.of(
              "echo 'Hunter2 Secret' | docker login -u bob --password-stdin r.test",
              "echo '<redacted>' | docker login"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void aQuotedOrAttachedPasswordIsMasked(String text, String expected) {
      String redacted = masked(text);

      assertThat(redacted).doesNotContain("Hunter2").contains(expected);
    }

    @Test
    void aPasswordQuotedOnABatchLineIsMasked() {
      String line =
          "docker login -u bob -p \"Hunter2Secret\" registry.corp:5000: Error response from daemon:"
              + " Get \"https://registry.corp:5000/v2/\": unauthorized: incorrect username or password";

      assertThat(masked(line))
          .startsWith("docker login -u bob -p \"<redacted>\" registry.corp:5000: Error response");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "echo \"$PASS\" | docker login registry.corp:5000 --password-stdin",
          "echo \"\" | docker login -u bob --password-stdin registry.corp:5000",
          "docker login -u bob --password-stdin r.test <<< \"$REGISTRY_PASSWORD\"",
          "docker login -u \"$USER\" -p \"$PASSWORD\" r.test",
          "skopeo inspect --creds \"${SKOPUSER}\":\"${SKOPPASS}\" docker://r.test/app",
          "$ docker login -u \"\" -p \"\" registry.corp:5000",
          "docker login -u bob --password-stdin r.test",
          "docker run -p 8080:80 nginx"
        })
    void shellVariablesAndEmptyValuesStay(String text) {
      assertThat(masked(text)).isEqualTo(text);
    }

    @SeededProperty(cases = 500)
    void aLoginPasswordNeverSurvivesHoweverItIsQuoted(long seed) {
      Gen gen = new Gen(seed);
      String secret =
          "Zq" + gen.string(Gen.LOWER + Gen.UPPER + Gen.DIGITS + "-_.!%@:", 3, 24) + "9";
      String quote = gen.pick("", "'", "\"", "\\\"");
      String value = quote + secret + quote;
      String login = gen.pick("docker login", "podman login", "nerdctl login", "crane auth login");
      String text =
          gen.pick("", "$ ", "+ ")
              + gen.oneOf(
                  () ->
                      login
                          + gen.pick(" -u bob", "", " r.test")
                          + gen.pick(" -p ", " -p=", " -p", " --password ", " --password=")
                          + value
                          + gen.pick(" r.test", "", "\n401 Unauthorized"),
                  () ->
                      gen.pick("echo ", "echo -n ", "printf '%s' ", "printf \"%s\\n\" ", "printf ")
                          + value
                          + " | "
                          + login
                          + " -u bob --password-stdin r.test",
                  () ->
                      login + " -u bob --password-stdin r.test " + gen.pick("<<< ", "<<<") + value);

      String redacted = masked(text);

      assertThat(redacted).as(text).doesNotContain(secret).contains(Redaction.MASK);
    }
  }

  @Nested
  class LoginBeforeARegistry {
    @Test
    void thePasswordOfALoginBeforeARegistryIsMasked() {
      assertThat(masked("$ docker pull bob:Hunter2Secret@registry.corp:5000/app:v1"))
          .isEqualTo("$ docker pull bob:<redacted>@registry.corp:5000/app:v1");
      assertThat(
              masked(
                  "Error response from daemon: pull access denied for"
                      + " bob:Hunter2Secret@registry.corp:5000/app, repository does not exist"))
          .contains("pull access denied for bob:<redacted>@registry.corp:5000/app,");
      assertThat(masked("pull \"bob:Hunter2Secret@[fd00::10]:5000/app\""))
          .isEqualTo("pull \"bob:<redacted>@[fd00::10]:5000/app\"");
      assertThat(masked("pull bob:Hunter2Secret@localhost/app"))
          .isEqualTo("pull bob:<redacted>@localhost/app");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "docker pull nginx:1.25@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1",
          "registry.corp:5000/app@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1",
          "--docker-email=bob@corp.com",
          "git clone git@github.com:org/repo.git",
          "Successfully assigned shop/web-0 to node-1@zone"
        })
    void digestsAndAddressesStay(String text) {
      assertThat(masked(text)).isEqualTo(text);
    }
  }

  /**
   * Test-only stand-ins for a private key's body, not keys: the first bytes every PKCS#8 (and
   * PKCS#1 RSA) key starts with, then a marker that no decoder accepts. Nothing here was generated
   * by a key tool, and no real key may ever be pasted into these tests.
   */
  private static final String FAKE_PKCS8_KEY_BODY =
      "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCHunter2PrivKey";

  private static final String FAKE_RSA_KEY_BODY = "MIIEowIBAAKCAQEAHunter2";

  @Nested
  class OtherSecrets {
    @Test
    void theBodyOfAPrivateKeyIsMasked() {
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + FAKE_PKCS8_KEY_BODY
              // a second body line: base64 of the words "second line", not key material
              + "\nc2Vjb25kIGxpbmU=\n-----END PRIVATE KEY-----\n";

      assertThat(masked("key.pem:\n" + pem))
          .isEqualTo(
              "key.pem:\n-----BEGIN PRIVATE KEY-----\n<redacted>\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void theBodyOfAPrivateKeyInAJsonKeyIsMasked() {
      String json =
          "{\"type\": \"service_account\",\"private_key_id\": \"abc123\",\"private_key\": "
              + "\"-----BEGIN PRIVATE KEY-----\\n"
              + FAKE_PKCS8_KEY_BODY
              + "\\n"
              + "-----END PRIVATE KEY-----\\n\",\"client_email\": \"sa@proj.iam.gserviceaccount.com\"}";

      String redacted = masked(json);

      assertThat(redacted)
          .doesNotContain("MIIEvQ", "Hunter2PrivKey")
          .contains("\"client_email\": \"sa@proj.iam.gserviceaccount.com\"");
    }

    @Test
    void aRsaKeyCutShortIsMaskedToItsEnd() {
      assertThat(masked("-----BEGIN RSA PRIVATE KEY-----\n" + FAKE_RSA_KEY_BODY + "\nAbCd"))
          .isEqualTo("-----BEGIN RSA PRIVATE KEY-----\n<redacted>");
    }

    @Test
    void aCertificateStays() {
      String pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgI\n-----END CERTIFICATE-----";

      assertThat(masked(pem)).isEqualTo(pem);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "glpat-Hunter2Glpat",
          "glpat-xR4nd0mT0k3nV4lu3zz",
          "gldt-Hunter2Deploy",
          "dckr_pat_2b3e36beeb386dfdaacb9b46004ccb7c",
          "dckr_oat_Hunter2OrgToken"
        })
    void gitLabAndDockerHubTokensStandingAloneAreMasked(String token) {
      assertThat(masked("logging in with " + token + " failed"))
          .isEqualTo("logging in with <redacted> failed");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "unauthorized: token 8f3a9c2b7d1e4f60a5b3c9d8e7f6a1b2 is expired",
          "denied: invalid token gAAAAABk3x9Zq7-Hunter2_Fernet0Token",
          "the token\tAbCdEf0123456789xyz was revoked"
        })
    void anOpaqueTokenNamedInProseIsMasked(String text) {
      assertThat(masked(text))
          .contains("<redacted>")
          .doesNotContainPattern("[0-9a-f]{12}|Hunter2|AbCdEf");
    }

    @Test
    void aRegistryErrorCodeAfterInvalidUsernamePasswordStays() {
      String text =
          "unable to retrieve auth token: invalid username/password: unauthorized: Please login to"
              + " the Red Hat Registry using your Customer Portal credentials.";

      assertThat(masked(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "failed to fetch anonymous token: unexpected status: 401 Unauthorized",
          "fetching token for registry-1.docker.io failed",
          "the token service auth.docker.io answered 503",
          "requesting bearer token https://auth.example.com/token?scope=repository:a/b:pull",
          "invalid token audience registry.example.com",
          "token 2026-12-05T10:00:00Z expired"
        })
    void proseAboutTokensWithoutATokenValueStays(String text) {
      assertThat(masked(text)).isEqualTo(text);
    }

    @Test
    void paddedEnvironmentLinesOfKubectlDescribeAreMasked() {
      String text =
          "    Environment:\n"
              + "      DB_PASSWORD:       Hunter2DbPass\n"
              + "      API_KEY:           sk_live_Hunter2ApiKey\n"
              + "      STRIPE_KEY:                    sk_live_Hunter2Stripe\n"
              + "      AUTH_TOKEN:                    Hunter2Token\n"
              + "      LOG_LEVEL:         info\n"
              + "    Mounts:\n";

      assertThat(masked(text))
          .isEqualTo(
              "    Environment:\n"
                  + "      DB_PASSWORD:       <redacted>\n"
                  + "      API_KEY:           <redacted>\n"
                  + "      STRIPE_KEY:                    <redacted>\n"
                  + "      AUTH_TOKEN:                    <redacted>\n"
                  + "      LOG_LEVEL:         info\n"
                  + "    Mounts:\n");
    }

    @Test
    void aKeyNamedKeyAloneStays() {
      String selector = "      - key: kubernetes.io/arch\n        operator: In\n";

      assertThat(masked(selector)).isEqualTo(selector);
    }

    @Test
    void mavenPasswordsAreMasked() {
      assertThat(
              masked(
                  "<server><id>corp</id><username>bob</username><password>Hunter2Secret</password>"
                      + "<passphrase>Hunter2Phrase</passphrase></server>"))
          .isEqualTo(
              "<server><id>corp</id><username>bob</username><password><redacted></password>"
                  + "<passphrase><redacted></passphrase></server>");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "<password>${env.REGISTRY_PASSWORD}</password>",
          "put your <password> and <passphrase> in ~/.m2/settings.xml"
        })
    void mavenPropertiesAndUsagePlaceholdersStay(String text) {
      assertThat(masked(text)).doesNotContain("<password><redacted>").contains("<password>");
    }
  }

  @Nested
  class ErrorWords {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "Error: getting username and password: reading password: inappropriate ioctl for device",
          "Error: getting username and password: reading username: EOF",
          "Error: reading username: EOF",
          "error: password: too short for this registry",
          "Password: Error: getting username and password: reading password: inappropriate ioctl"
              + " for device"
        })
    void theWordsOfAnErrorAfterPasswordStay(String text) {
      assertThat(masked(text)).isEqualTo(text);
    }

    @Test
    void aRedactedQueryValueKeepsThePunctuationAfterIt() {
      assertThat(
              masked(
                  "GET https://registry.corp:5000/v2/app/manifests/v1?token=abcd1234secret:"
                      + " UNAUTHORIZED: authentication required"))
          .isEqualTo(
              "GET https://registry.corp:5000/v2/app/manifests/v1?token=REDACTED:"
                  + " UNAUTHORIZED: authentication required");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "password: hunter2",
          "  password: letmein\n",
          "Error: invalid password: hunter2 rejected",
          "the client secret: Hunter2Secret was rejected",
          "login failed, password: Hunter2Secret"
        })
    void aPasswordAfterAKeyIsStillMasked(String text) {
      assertThat(masked(text))
          .contains(Redaction.MASK)
          .doesNotContain("hunter2", "letmein", SECRET);
    }
  }
}
