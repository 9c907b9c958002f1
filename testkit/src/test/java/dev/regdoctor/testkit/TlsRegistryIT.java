package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsRegistryIT {

  private final HeldCertificate ca =
      new HeldCertificate.Builder()
          .certificateAuthority(0)
          .commonName("regdoctor test CA")
          .ecdsa256()
          .build();
  private final HeldCertificate serverCertificate =
      new HeldCertificate.Builder()
          .commonName("127.0.0.1")
          .addSubjectAlternativeName("127.0.0.1")
          .addSubjectAlternativeName("localhost")
          .signedBy(ca)
          .ecdsa256()
          .build();
  private RegistryProcess registry;
  private SeededImage image;

  @BeforeAll
  void start() {
    RegistryBinary.require();
    registry = RegistryProcess.builder().tls(serverCertificate).start();
    image =
        ImageSeeder.to(registry.baseUrl())
            .withTrustedCertificate(ca.certificate())
            .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 1024);
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private OkHttpClient trusting(HeldCertificate root) {
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build();
    return TestHttp.client()
        .newBuilder()
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .build();
  }

  @Test
  void registryWithTestCaTrustedAnswersOverHttps() throws IOException {
    assertThat(registry.baseUrl()).isEqualTo("https://127.0.0.1:" + registry.port());
    assertThat(registry.isTls()).isTrue();
    OkHttpClient client = trusting(ca);
    try (Response response =
        client.newCall(new Request.Builder().url(registry.baseUrl() + "/v2/").build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.handshake().peerCertificates().get(0))
          .isEqualTo(serverCertificate.certificate());
    }
    try (Response response =
        client
            .newCall(
                new Request.Builder()
                    .url(registry.baseUrl() + "/v2/team/app/manifests/1.0")
                    .head()
                    .header("Accept", TestHttp.MANIFEST_ACCEPT)
                    .build())
            .execute()) {
      assertThat(response.header("Docker-Content-Digest")).isEqualTo(image.digest());
    }
  }

  @Test
  void untrustedCaFailsTheHandshake() {
    HeldCertificate otherCa =
        new HeldCertificate.Builder().certificateAuthority(0).ecdsa256().build();

    Throwable failure =
        catchThrowable(
            () ->
                trusting(otherCa)
                    .newCall(new Request.Builder().url(registry.baseUrl() + "/v2/").build())
                    .execute()
                    .close());

    assertThat(failure).isInstanceOf(SSLHandshakeException.class);
    assertThat(failure.getMessage()).contains("PKIX path building failed");
  }

  @Test
  void wrongHostCertificateStillStartsAndFailsHostnameVerification() throws IOException {
    HeldCertificate wrongHost =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("registry.example.com")
            .signedBy(ca)
            .ecdsa256()
            .build();
    try (RegistryProcess wrong = RegistryProcess.builder().tls(wrongHost).start()) {
      Throwable failure =
          catchThrowable(
              () ->
                  trusting(ca)
                      .newCall(new Request.Builder().url(wrong.baseUrl() + "/v2/").build())
                      .execute()
                      .close());

      assertThat(failure).isInstanceOf(SSLPeerUnverifiedException.class);
      assertThat(failure.getMessage()).contains("Hostname 127.0.0.1 not verified");
    }
  }

  @Test
  void expiredCertificateStillStarts() {
    long now = System.currentTimeMillis();
    HeldCertificate expired =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .validityInterval(
                now - Duration.ofDays(30).toMillis(), now - Duration.ofDays(1).toMillis())
            .signedBy(ca)
            .ecdsa256()
            .build();
    try (RegistryProcess stale = RegistryProcess.builder().tls(expired).start()) {
      Throwable failure =
          catchThrowable(
              () ->
                  trusting(ca)
                      .newCall(new Request.Builder().url(stale.baseUrl() + "/v2/").build())
                      .execute()
                      .close());

      assertThat(failure).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void skopeoVerifiesTheRegistryWithTheCaInCertDir(@TempDir Path home) throws Exception {
    Path certs = Files.createDirectories(home.resolve("certs"));
    Files.writeString(certs.resolve("ca.crt"), ca.certificatePem());
    String reference = "docker://" + registry.hostPort() + "/team/app:1.0";

    Skopeo.Result trusted =
        Skopeo.run(home, "inspect", "--cert-dir", certs.toString(), "--no-creds", reference);
    Skopeo.Result untrusted = Skopeo.run(home, "inspect", "--no-creds", reference);

    assertThat(trusted.exitCode()).as(trusted.stderr()).isZero();
    assertThat(TestHttp.json(trusted.stdout()).path("Digest").asText()).isEqualTo(image.digest());
    assertThat(untrusted.exitCode()).isNotZero();
    assertThat(untrusted.stderr()).contains("x509: certificate signed by unknown authority");
  }
}
