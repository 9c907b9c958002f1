package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

class ExchangeTest {

  /** Review 16, finding 8: OkHttp's multi-line message read "not verified:\x0a certificate". */
  @Test
  void aMessageLaidOutOnSeveralLinesIsDescribedOnOneLine() {
    SSLPeerUnverifiedException error =
        new SSLPeerUnverifiedException(
            "Hostname reg.example.test not verified:\n"
                + "    certificate: sha256/AAAA\n"
                + "    DN: CN=localhost\n"
                + "    subjectAltNames: [localhost, 127.0.0.1]");

    assertThat(Exchange.describe(error))
        .isEqualTo(
            "SSLPeerUnverifiedException: Hostname reg.example.test not verified: certificate:"
                + " sha256/AAAA DN: CN=localhost subjectAltNames: [localhost, 127.0.0.1]");
  }

  @Test
  void otherControlCharactersStayEscaped() {
    assertThat(Exchange.describe(new IllegalStateException("bell\u0007 and \u001b[31mred")))
        .isEqualTo("IllegalStateException: bell\\x07 and \\x1b[31mred");
  }
}
