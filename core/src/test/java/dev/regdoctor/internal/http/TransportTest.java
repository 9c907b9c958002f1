package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.probe.ProbeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportTest {
  @Test
  void plainHttpRequestsBuildNoTlsClient() {
    try (Transport transport = new Transport(ProbeSettings.defaults(), HostResolver.SYSTEM)) {
      OkHttpClient plain = transport.client(true, false, 5000);

      assertThat(transport.client(false, false, 5000)).isSameAs(plain);
      assertThat(plain.connectionSpecs()).containsExactly(ConnectionSpec.CLEARTEXT);
      assertThat(transport.tlsStarted()).isFalse();
    }
  }

  @Test
  void theFirstHttpsRequestBuildsBothTlsClientsOnceSharingThePool() {
    try (Transport transport = new Transport(ProbeSettings.defaults(), HostResolver.SYSTEM)) {
      OkHttpClient plain = transport.client(true, false, 443);
      OkHttpClient verifying = transport.client(true, true, 443);
      OkHttpClient unverified = transport.client(false, true, 443);

      assertThat(transport.tlsStarted()).isTrue();
      assertThat(verifying).isNotSameAs(unverified);
      assertThat(transport.client(true, true, 443)).isSameAs(verifying);
      assertThat(verifying.connectionPool()).isSameAs(plain.connectionPool());
      assertThat(unverified.dispatcher()).isSameAs(plain.dispatcher());
      assertThat(verifying.x509TrustManager()).isInstanceOf(Transport.RecordingTrustManager.class);
    }
  }

  /** Review 16, finding 7: a bad CA file fails where it is given, not in a later build(). */
  @Test
  void aCaFileThatIsNotPemIsRejectedWhenItIsAdded(@TempDir Path temp) throws Exception {
    Path notPem = Files.writeString(temp.resolve("ca.pem"), "not a certificate");
    ProbeSettings.Builder builder = ProbeSettings.builder();

    assertThatThrownBy(() -> builder.caCertificate(notPem))
        .isInstanceOf(dev.regdoctor.probe.InvalidSettingException.class)
        .hasMessage("caCertificate: '" + notPem + "' is not a PEM certificate file");
  }

  @Test
  void aCaFileThatDoesNotExistIsRejectedWhenItIsAdded(@TempDir Path temp) {
    Path missing = temp.resolve("missing.pem");
    ProbeSettings.Builder builder = ProbeSettings.builder();

    assertThatThrownBy(() -> builder.caCertificate(missing))
        .isInstanceOf(dev.regdoctor.probe.InvalidSettingException.class)
        .hasMessage("caCertificate: '" + missing + "' cannot be read (NoSuchFileException)");
  }
}
