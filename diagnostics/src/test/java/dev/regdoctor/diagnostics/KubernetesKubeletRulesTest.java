package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialLookup;
import dev.regdoctor.credentials.CredentialResolver;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 15, finding 5: the Kubernetes live check judged a loopback registry by Docker's rules
 * (HTTPS first), so an HTTPS-only registry on 127.0.0.1 was OK although the kubelet's containerd
 * speaks plain HTTP to loopback registries by default and fails.
 */
@Timeout(30)
class KubernetesKubeletRulesTest {
  private static final String DIGEST =
      "sha256:0000000000000000000000000000000000000000000000000000000000000000";

  @TempDir Path dir;
  private MockWebServer server;
  private RegistryDoctor doctor;
  private String image;

  @BeforeEach
  void start() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate certificate =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(ca)
            .ecdsa256()
            .build();
    server = new MockWebServer();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(certificate, ca.certificate())
            .build()
            .sslSocketFactory());
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return new MockResponse.Builder()
                .code(200)
                .addHeader("Docker-Distribution-API-Version", "registry/2.0")
                .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .addHeader("Docker-Content-Digest", DIGEST)
                .body("{}")
                .build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    Path caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, ca.certificatePem());
    image = "127.0.0.1:" + server.getPort() + "/team/app:1.0";
    doctor =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .caFile(caFile)
            .hostsDir(dir.resolve("no-hosts-dir"))
            .timeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(2))
            .locale(Locale.ENGLISH)
            .build();
  }

  @AfterEach
  void stop() {
    doctor.close();
    server.close();
  }

  @Test
  void httpsOnlyLoopbackRegistryFailsForTheKubeletAsForContainerd() {
    Report kubelet = doctor.check(image, CredentialLookup.anonymous());

    assertThat(kubelet.ok()).isFalse();
    assertThat(kubelet.runtime()).hasValue("containerd");
    assertThat(kubelet.toText(false))
        .contains("http://127.0.0.1:" + server.getPort())
        .doesNotContain("docker pull")
        .doesNotContain("daemon.json");
  }
}
