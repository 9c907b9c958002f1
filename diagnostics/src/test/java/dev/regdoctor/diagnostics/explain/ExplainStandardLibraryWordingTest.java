package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transport, TLS and status wordings of the HTTP stacks that tools around registries are
 * written with (Node, Python requests/urllib3/ssl, Java, .NET, Rust reqwest/rustls, Go, curl, wget,
 * openssl), wrapped by no client at all: whatever tool relays them, the cause is in these words.
 * The texts follow each library's message format, with example hosts (session 7, issue 13; the real
 * messages behind the rules are in the corpus).
 */
class ExplainStandardLibraryWordingTest {
  private static final ErrorExplainer EXPLAINER = ErrorExplainer.create(Locale.ENGLISH);

  @ParameterizedTest(name = "{0} from: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DNS_FAILURE            | Error: getaddrinfo EAI_AGAIN registry.example.com
          CONNECTION_RESET       | Error: socket hang up
          NETWORK_UNREACHABLE    | Error: connect EHOSTUNREACH 192.0.2.1:443
          NETWORK_UNREACHABLE    | Error: connect ENETUNREACH 192.0.2.1:443
          CONNECT_TIMEOUT        | Error: connect ETIMEDOUT 192.0.2.1:443
          TLS_UNTRUSTED          | code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
          TLS_EXPIRED            | Error: certificate has expired
          TLS_EXPIRED            | code: 'CERT_HAS_EXPIRED'
          TLS_HOSTNAME_MISMATCH  | Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: registry.example.com. is not in the cert's altnames: DNS:other.example.com
          TLS_EXPIRED            | ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1007)
          TLS_HOSTNAME_MISMATCH  | ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'registry.example.com'. (_ssl.c:1006)
          TLS_UNTRUSTED          | ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1129)
          CONNECTION_RESET       | requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))
          CONNECT_TIMEOUT        | urllib.error.URLError: <urlopen error [Errno 110] Connection timed out>
          TLS_EXPIRED            | javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed
          CONNECT_TIMEOUT        | System.Net.Http.HttpRequestException: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond. (registry.example.com:443)
          TLS_UNTRUSTED          | System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot
          TLS_HOSTNAME_MISMATCH  | System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch
          TLS_EXPIRED            | error sending request for url (https://registry.example.com/v2/): error trying to connect: invalid peer certificate: Expired
          TLS_HOSTNAME_MISMATCH  | error sending request for url (https://registry.example.com/v2/): error trying to connect: invalid peer certificate: NotValidForName
          CONNECTION_RESET       | error sending request for url (https://registry.example.com/v2/): connection closed before message completed
          CONNECTION_RESET       | curl: (52) Empty reply from server
          PROXY_FAILURE          | curl: (5) Could not resolve proxy: proxy.example.invalid
          TLS_HOSTNAME_MISMATCH  | ERROR: certificate common name ‘a.example.com’ doesn't match requested host name ‘registry.example.com’.
          TLS_UNTRUSTED          | ERROR: The certificate of ‘registry.example.com’ is not trusted.
          RATE_LIMITED           | AxiosError: Request failed with status code 429
          RATE_LIMITED           | System.Net.Http.HttpRequestException: Response status code does not indicate success: 429 (Too Many Requests).
          MANIFEST_NOT_FOUND     | requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://registry.example.com/v2/library/nginx/manifests/9.9.9
          """)
  void theLibrarysWordsDecide(DiagnosisCode expected, String text) {
    assertThat(EXPLAINER.explain(text).verdict().code()).isEqualTo(expected);
  }
}
