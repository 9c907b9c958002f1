package dev.regdoctor.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialProblem;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Severity;
import dev.regdoctor.endpoint.CertificateDirectories;
import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.PingInfo;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import dev.regdoctor.reference.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 17: the advice a live diagnosis gives fits the host, the port and the credentials. */
class DiagnoserAdviceTest {
  @TempDir Path roots;

  private Diagnoser diagnoser(CredentialOrigin origin) {
    return new Diagnoser(
        Catalogue.forLocale(Locale.ENGLISH),
        new CertificateDirectories(roots.resolve("docker"), roots.resolve("containerd")),
        origin);
  }

  private static ProbeResult result(
      String image,
      @Nullable RegistryEndpoint endpoint,
      List<Step> steps,
      @Nullable Failure failure,
      @Nullable String credentialSource,
      boolean credentialsSent,
      List<CredentialProblem> problems) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      reference = null;
    }
    return new ProbeResult(
        image,
        reference,
        endpoint,
        Platform.DEFAULT,
        steps,
        failure == null ? List.of() : List.of(failure),
        endpoint == null
            ? null
            : new PingInfo(
                endpoint + "/v2/", 200, "registry/2.0", null, List.of(), List.of(), false),
        null,
        null,
        null,
        null,
        null,
        credentialSource,
        credentialsSent,
        List.of(),
        problems,
        true,
        List.of(),
        2,
        Duration.ofMillis(3),
        null);
  }

  /** A check of {@code image} at {@code endpoint} that failed with {@code kind}, anonymously. */
  private static ProbeResult failed(String image, RegistryEndpoint endpoint, FailureKind kind) {
    return result(
        image,
        endpoint,
        List.of(),
        failure(kind, StepName.TLS, kind.name()),
        null,
        false,
        List.of());
  }

  private Finding verdict(ProbeResult result) {
    return diagnoser(CredentialOrigin.DOCKER_DEFAULT).diagnose(result, () -> null).get(0);
  }

  private static Failure failure(FailureKind kind, StepName step, String summary) {
    return new Failure(kind, step, summary, List.of(), null);
  }

  private static List<String> commands(Finding finding) {
    return finding.remediation().stream().map(Remedy::command).filter(c -> c != null).toList();
  }

  @Nested
  class HostAndPort {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "localhost/app:1,             localhost,      443,  localhost,      localhost:443",
      "localhost:443/app:1,         localhost,      443,  localhost:443,  localhost:443",
      "myreg:5000/app:1,            myreg,          5000, myreg:5000,     myreg:5000",
      "'[::1]:5000/app:1',          ::1,            5000, '[::1]:5000',   '[::1]:5000'",
      "registry.example.com/a/b:1,  registry.example.com, 443, registry.example.com, registry.example.com:443",
    })
    void untrustedCertificateAdviceUsesDockersDirectoryAndTheConnectPort(
        String image, String host, int port, String certsDir, String connect) {
      Finding verdict =
          verdict(
              failed(image, new RegistryEndpoint("https", host, port), FailureKind.TLS_UNTRUSTED));

      assertThat(commands(verdict))
          .startsWith(
              "sudo mkdir -p /etc/docker/certs.d/"
                  + certsDir
                  + " && sudo cp ca.crt /etc/docker/certs.d/"
                  + certsDir
                  + "/ca.crt")
          .anyMatch(command -> command.startsWith("openssl s_client -connect " + connect + " "));
      assertThat(verdict.remediation().get(1).text())
          .contains("/etc/containerd/certs.d/" + certsDir + "/");
    }

    @Test
    void plainHttpAdviceNamesTheRegistryAsDockersInsecureListWantsIt() {
      Finding verdict =
          verdict(
              failed(
                  "registry.example.com/a/b:1",
                  new RegistryEndpoint("https", "registry.example.com", 443),
                  FailureKind.PLAIN_HTTP_REGISTRY));

      assertThat(verdict.remediation())
          .anySatisfy(
              remedy ->
                  assertThat(remedy.text())
                      .contains("\"insecure-registries\": [\"registry.example.com\"]"));
    }
  }

  @Nested
  class CredentialSource {
    private ProbeResult rejected(String source) {
      return result(
          "registry.example.com/shop/web:1.4",
          new RegistryEndpoint("https", "registry.example.com", 443),
          List.of(),
          failure(FailureKind.AUTH_INVALID, StepName.AUTH, "credentials rejected"),
          source,
          true,
          List.of());
    }

    @Test
    void credentialsFromAGivenConfigDirectoryAreFixedInThatDirectory() {
      Path dir = roots.resolve("ci-config");
      Finding verdict =
          diagnoser(new CredentialOrigin(CredentialOrigin.Kind.DOCKER_CONFIG, dir.toString(), null))
              .diagnose(rejected(dir + "/config.json auths \"registry.example.com\""), () -> null)
              .get(0);

      assertThat(verdict.summary()).contains(dir.resolve("config.json").toString());
      assertThat(commands(verdict))
          .contains(
              "docker --config "
                  + dir
                  + " logout registry.example.com && docker --config "
                  + dir
                  + " login registry.example.com")
          .noneMatch(command -> command.contains("~/.docker"));
      assertThat(verdict.remediation()).noneMatch(remedy -> remedy.text().contains("~/.docker"));
    }

    @Test
    void credentialsFromAFileNotNamedConfigJsonAreNotSentToADirectoryDockerWouldNotRead() {
      // docker --config DIR reads DIR/config.json only: "docker --config /ci login" would log in
      // to /ci/config.json, not to /ci/ci-auth.json (review item, session 14).
      Path file = roots.resolve("ci-auth.json");
      Finding verdict =
          diagnoser(
                  new CredentialOrigin(CredentialOrigin.Kind.DOCKER_CONFIG, file.toString(), null))
              .diagnose(rejected(file + " auths \"registry.example.com\""), () -> null)
              .get(0);

      assertThat(verdict.summary()).contains(file.toString());
      assertThat(commands(verdict))
          .contains(
              "mkdir -p <dir> && cp "
                  + file
                  + " <dir>/config.json && docker --config <dir> logout registry.example.com"
                  + " && docker --config <dir> login registry.example.com")
          .noneMatch(command -> command.contains("--config " + roots + " "))
          .noneMatch(command -> command.contains("~/.docker"));
    }

    @Test
    void credentialsFromAPullSecretAreFixedByReplacingTheSecret() {
      Finding verdict =
          diagnoser(new CredentialOrigin(CredentialOrigin.Kind.KUBERNETES, "secrets.yaml", null))
              .diagnose(rejected("secret shop/pull"), () -> null)
              .get(0);

      assertThat(commands(verdict))
          .anyMatch(command -> command.startsWith("kubectl create secret docker-registry"))
          .anyMatch(command -> command.equals("regdoctor k8s --offline secrets.yaml"))
          .noneMatch(command -> command.startsWith("docker"));
    }

    @Test
    void aCredentialThatCouldNotBeSentIsNotCalledMissing() {
      ProbeResult unsent =
          result(
              "registry.example.com/shop/web:1.4",
              new RegistryEndpoint("https", "registry.example.com", 443),
              List.of(
                  new Step(
                      StepName.AUTH,
                      StepStatus.FAILED,
                      Duration.ZERO,
                      "Basic challenge; no username and password")),
              failure(FailureKind.AUTH_REQUIRED, StepName.MANIFEST, "credentials required"),
              "config.json auths \"registry.example.com\"",
              false,
              List.of());

      Finding verdict =
          diagnoser(CredentialOrigin.DOCKER_DEFAULT).diagnose(unsent, () -> null).get(0);

      assertThat(verdict.summary())
          .contains("credentials were found (config.json auths \"registry.example.com\")")
          .doesNotContain("none were found");
      assertThat(verdict.remediation().get(0).text())
          .contains("Basic challenge; no username and password")
          .contains("identity token");
    }

    @Test
    void aBadValueInValidJsonGetsItsOwnFindingNamingTheKey() {
      String file = "/home/ci/.docker/config.json";
      ProbeResult bad =
          result(
              "registry.example.com/shop/web:1.4",
              new RegistryEndpoint("https", "registry.example.com", 443),
              List.of(),
              null,
              null,
              false,
              List.of(
                  new CredentialProblem(
                      CredentialProblem.Kind.CONFIG_INVALID,
                      file,
                      file + ": /auths/registry.example.com/auth: not valid base64")));

      Finding config =
          diagnoser(CredentialOrigin.DOCKER_DEFAULT).diagnose(bad, () -> null).stream()
              .filter(finding -> finding.code() == DiagnosisCode.CONFIG_INVALID)
              .findFirst()
              .orElseThrow();

      assertThat(config.summary()).contains("/auths/registry.example.com/auth", "not valid base64");
      assertThat(commands(config)).containsExactly("docker login registry.example.com");
      assertThat(config.evidence())
          .singleElement()
          .satisfies(line -> assertThat(line.indexOf(file)).isEqualTo(line.lastIndexOf(file)));
    }
  }

  @Nested
  class Loopback {
    @Test
    void plainHttpOnLoopbackIsInformationNotAWarning() {
      ProbeResult ok =
          result(
              "127.0.0.1:5000/team/app:1.0",
              new RegistryEndpoint("http", "127.0.0.1", 5000),
              List.of(
                  new Step(
                      StepName.ENDPOINT,
                      StepStatus.OK,
                      Duration.ZERO,
                      "https://127.0.0.1:5000 (loopback: plain HTTP allowed, TLS not verified)")),
              null,
              null,
              false,
              List.of());

      List<Finding> findings = diagnoser(CredentialOrigin.DOCKER_DEFAULT).diagnose(ok, () -> null);

      assertThat(findings.get(0).code()).isEqualTo(DiagnosisCode.OK);
      assertThat(findings)
          .filteredOn(finding -> finding.code() == DiagnosisCode.INSECURE_REGISTRY)
          .singleElement()
          .satisfies(finding -> assertThat(finding.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void plainHttpElsewhereStaysAWarning() {
      ProbeResult ok =
          result(
              "registry.example.com:5000/team/app:1.0",
              new RegistryEndpoint("http", "registry.example.com", 5000),
              List.of(
                  new Step(
                      StepName.ENDPOINT,
                      StepStatus.OK,
                      Duration.ZERO,
                      "https://registry.example.com:5000 (insecure: plain HTTP allowed, TLS not"
                          + " verified)")),
              null,
              null,
              false,
              List.of());

      List<Finding> findings = diagnoser(CredentialOrigin.DOCKER_DEFAULT).diagnose(ok, () -> null);

      assertThat(findings)
          .filteredOn(finding -> finding.code() == DiagnosisCode.INSECURE_REGISTRY)
          .singleElement()
          .satisfies(finding -> assertThat(finding.severity()).isEqualTo(Severity.WARNING));
    }
  }

  @Nested
  class InvalidReference {
    private Finding verdict(String input) {
      ProbeResult invalid =
          result(
              input,
              null,
              List.of(),
              failure(
                  FailureKind.INVALID_REFERENCE,
                  StepName.REFERENCE,
                  "invalid reference \"" + input + "\": something is wrong (at index 4)"),
              null,
              false,
              List.of());
      return diagnoser(CredentialOrigin.DOCKER_DEFAULT).diagnose(invalid, () -> null).get(0);
    }

    @Test
    void aUrlSchemeIsRemovedInTheFix() {
      Finding verdict = verdict("http://127.0.0.1:5000/app:1");

      assertThat(verdict.evidence()).hasSize(1);
      assertThat(verdict.remediation().get(0).text()).startsWith("Remove the http:// scheme");
      assertThat(commands(verdict)).first().isEqualTo("docker pull 127.0.0.1:5000/app:1");
      assertThat(verdict.remediation().get(1).text()).contains("--plain-http 127.0.0.1:5000");
    }

    @Test
    void upperCaseInTheRepositoryIsLoweredButTheTagIsKept() {
      Finding verdict = verdict("Team/App:V1");

      assertThat(commands(verdict)).first().isEqualTo("docker pull team/app:V1");
    }
  }
}
