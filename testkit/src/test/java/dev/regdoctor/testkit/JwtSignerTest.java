package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class JwtSignerTest {

  private final HeldCertificate key =
      new HeldCertificate.Builder().ecdsa256().commonName("test-issuer").build();
  private final JwtSigner signer = new JwtSigner(key, new ObjectMapper());

  @RepeatedTest(20)
  void signatureIsRawRConcatSThatVerifiesAsP1363() throws Exception {
    ObjectNode claims = new ObjectMapper().createObjectNode().put("sub", "alice");

    String jwt = signer.sign(claims);

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    assertThat(signature).hasSize(64);
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(key.keyPair().getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(US_ASCII));
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void headerCarriesTheSigningCertificateInX5c() throws Exception {
    String jwt = signer.sign(new ObjectMapper().createObjectNode());

    JsonNode header = TestHttp.header(jwt);
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    assertThat(header.path("alg").asText()).isEqualTo("ES256");
    byte[] der = Base64.getDecoder().decode(header.path("x5c").get(0).asText());
    X509Certificate certificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    assertThat(certificate).isEqualTo(key.certificate());
    assertThat(jwt).doesNotContain("=").doesNotContain("+").doesNotContain("/");
  }

  @Test
  void derIntegersWithSignPaddingAndShortValuesAreRightAligned() {
    byte[] r = new byte[33];
    r[1] = (byte) 0x80; // high bit set: DER adds a leading 0x00
    r[32] = 1;
    byte[] der = new byte[2 + 2 + 33 + 2 + 1];
    der[0] = 0x30;
    der[1] = (byte) (der.length - 2);
    der[2] = 0x02;
    der[3] = 33;
    System.arraycopy(r, 0, der, 4, 33);
    der[37] = 0x02;
    der[38] = 1;
    der[39] = 7;

    byte[] raw = JwtSigner.derToConcatenated(der, 32);

    assertThat(raw).hasSize(64);
    assertThat(raw[0]).isEqualTo((byte) 0x80);
    assertThat(raw[31]).isEqualTo((byte) 1);
    assertThat(raw[32]).isZero();
    assertThat(raw[63]).isEqualTo((byte) 7);
  }

  @Test
  void malformedDerIsRejected() {
    assertThatThrownBy(() -> JwtSigner.derToConcatenated(new byte[] {0x31, 0}, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SEQUENCE");
  }

  @Test
  void rsaSignerIsRejected() {
    HeldCertificate rsa = new HeldCertificate.Builder().rsa2048().build();

    assertThatThrownBy(() -> new JwtSigner(rsa, new ObjectMapper()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
  }
}
