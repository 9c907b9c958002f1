package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.ApiDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The public API fence of this module: public types outside {@code internal} packages are API,
 * listed in {@code api/regdoctor-diagnostics.api}. A change to the API changes that file in the
 * same commit (run the tests with {@code -Dregdoctor.api.update=true} to rewrite it), so reviewers
 * see it.
 */
class PublicApiTest {
  @Test
  void publicApiMatchesTheCheckedInDump() throws Exception {
    ApiDump dump =
        ApiDump.ofModule("regdoctor-diagnostics", "dev.regdoctor.diagnostics", PublicApiTest.class);

    assertThat(dump.lines()).isNotEmpty();
    assertThat(Files.readString(ApiDump.checkedIn("regdoctor-diagnostics"), StandardCharsets.UTF_8))
        .as("public API changed: review it, then rerun with -Dregdoctor.api.update=true")
        .isEqualTo(dump.text());
  }

  @Test
  void noPublicSignatureNamesAThirdPartyType() throws Exception {
    ApiDump dump =
        ApiDump.ofModule("regdoctor-diagnostics", "dev.regdoctor.diagnostics", PublicApiTest.class);

    assertThat(dump.naming(ApiDump.THIRD_PARTY.toArray(String[]::new))).isEmpty();
  }
}
