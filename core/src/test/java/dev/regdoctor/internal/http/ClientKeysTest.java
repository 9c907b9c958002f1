package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.endpoint.CertificateFiles.ClientCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates read from PEM files as Go's {@code tls.X509KeyPair} accepts them. */
class ClientKeysTest {
  /**
   * Test-only placeholder, not a key: a block with the SEC 1 ("EC PRIVATE KEY") armour around the
   * bytes {@code AAAA}, so the reader's refusal of that format can be checked. Every real key in
   * these tests is generated at run time by {@code HeldCertificate} and written to a temporary
   * directory; none is checked in.
   */
  private static final String NOT_A_KEY_SEC1_SHAPED =
      "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";

  @TempDir Path dir;

  private static X509KeyManager single(KeyManager[] managers) {
    assertThat(managers).isNotNull().hasSize(1);
    return (X509KeyManager) managers[0];
  }

  @Test
  void anRsaKeyInPkcs1IsWrappedAndOffered() throws Exception {
    HeldCertificate held = new HeldCertificate.Builder().rsa2048().commonName("puller").build();
    Path cert = Files.writeString(dir.resolve("client.cert"), held.certificatePem());
    Path key = Files.writeString(dir.resolve("client.key"), held.privateKeyPkcs1Pem());

    X509KeyManager manager =
        single(ClientKeys.keyManagers(List.of(new ClientCertificate(cert, key))));

    String alias = manager.getClientAliases("RSA", null)[0];
    assertThat(manager.getPrivateKey(alias).getEncoded())
        .isEqualTo(held.keyPair().getPrivate().getEncoded());
    assertThat(manager.getCertificateChain(alias)[0]).isEqualTo(held.certificate());
  }

  @Test
  void oneFileMayHoldTheCertificateAndAPkcs8Key() throws Exception {
    HeldCertificate held = new HeldCertificate.Builder().commonName("puller").build();
    Path combined =
        Files.writeString(
            dir.resolve("client.pem"), held.certificatePem() + held.privateKeyPkcs8Pem());

    X509KeyManager manager =
        single(ClientKeys.keyManagers(List.of(new ClientCertificate(combined, null))));

    assertThat(manager.getClientAliases("EC", null)).hasSize(1);
  }

  @Test
  void unusableFilesAreNamedWithWhatToDo() throws Exception {
    HeldCertificate held = new HeldCertificate.Builder().build();
    Path cert = Files.writeString(dir.resolve("client.cert"), held.certificatePem());
    Path sec1 = Files.writeString(dir.resolve("test-only-not-a-key.key"), NOT_A_KEY_SEC1_SHAPED);

    assertThatThrownBy(() -> ClientKeys.keyManagers(List.of(new ClientCertificate(cert, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(cert.toString())
        .hasMessageContaining("no PRIVATE KEY block");
    assertThatThrownBy(() -> ClientKeys.keyManagers(List.of(new ClientCertificate(cert, sec1))))
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + sec1);
    assertThatThrownBy(
            () ->
                ClientKeys.keyManagers(
                    List.of(new ClientCertificate(dir.resolve("missing.cert"), null))))
        .hasMessageContaining("missing.cert")
        .hasMessageContaining("cannot read");
    assertThat(ClientKeys.keyManagers(List.of())).isNull();
  }
}
