package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.endpoint.CertificateFiles.ClientCertificate;
import dev.regdoctor.testkit.HostTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates read from PEM files as Go's {@code tls.X509KeyPair} accepts them. */
class ClientKeysTest {
  /**
   * Test-only placeholder, not a key: a block with the SEC 1 ("EC PRIVATE KEY") armour around the
   * bytes {@code AAAA}, so the reader's refusal of a broken block can be checked. Every real key in
   * these tests is generated at run time (by {@code HeldCertificate} or {@code openssl}) and
   * written to a temporary directory; none is checked in.
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
  void anEcKeyInSec1AsOpensslWritesItIsWrappedAndOffered() throws Exception {
    Path key = dir.resolve("client.key");
    Path cert = dir.resolve("client.cert");
    // without -noout, openssl writes an EC PARAMETERS block before the key, as many guides show
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
    openssl(
        "req",
        "-x509",
        "-new",
        "-key",
        key.toString(),
        "-subj",
        "/CN=puller",
        "-days",
        "1",
        "-out",
        cert.toString());
    assertThat(Files.readString(key)).contains("BEGIN EC PARAMETERS", "BEGIN EC PRIVATE KEY");

    X509KeyManager manager =
        single(ClientKeys.keyManagers(List.of(new ClientCertificate(cert, key))));

    String alias = manager.getClientAliases("EC", null)[0];
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(manager.getPrivateKey(alias));
    signer.update(DATA);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(manager.getCertificateChain(alias)[0].getPublicKey());
    verifier.update(DATA);
    assertThat(verifier.verify(signature)).as("the key belongs to the certificate").isTrue();
  }

  @Test
  void anEcKeyWithExplicitCurveParametersIsRefusedWithTheFix() throws Exception {
    Path key = dir.resolve("explicit.key");
    openssl(
        "ecparam",
        "-name",
        "prime256v1",
        "-param_enc",
        "explicit",
        "-genkey",
        "-noout",
        "-out",
        key.toString());
    Path cert =
        Files.writeString(
            dir.resolve("client.cert"), new HeldCertificate.Builder().build().certificatePem());

    assertThatThrownBy(() -> ClientKeys.keyManagers(List.of(new ClientCertificate(cert, key))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("names no curve")
        .hasMessageContaining("-param_enc named_curve");
  }

  private static final byte[] DATA = "registry doctor".getBytes(StandardCharsets.UTF_8);

  private static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(HostTools.require("openssl", "openssl").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openssl finished").isTrue();
    assertThat(process.exitValue()).as("openssl %s: %s", args[0], output).isZero();
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
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(sec1.toString())
        .hasMessageContaining("EC PRIVATE KEY is not valid DER");
    assertThatThrownBy(
            () ->
                ClientKeys.keyManagers(
                    List.of(new ClientCertificate(dir.resolve("missing.cert"), null))))
        .hasMessageContaining("missing.cert")
        .hasMessageContaining("cannot read");
    assertThat(ClientKeys.keyManagers(List.of())).isNull();
  }
}
