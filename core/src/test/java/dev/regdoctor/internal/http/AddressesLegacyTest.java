package dev.regdoctor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesLegacyTest {
  @ParameterizedTest
  @CsvSource({
    "127.1, true",
    "2130706433, true",
    "0x7f.1, true",
    "0177.0.0.1, true",
    "10.1, true",
    "167772161, true",
    "8.8.8.8, false",
    "134744072, false",
    "auth.example.com, false",
    "1.2.3.4.5, false",
    "256.1, false",
    "99999999999, false"
  })
  void legacyNumericHostsCountForThePrivateRealmRule(String host, boolean privateOrLocal) {
    assertThat(Addresses.isPrivateOrLocalLiteral(host)).isEqualTo(privateOrLocal);
  }
}
