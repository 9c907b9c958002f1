package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.testkit.ApiDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public API fence of this module: public types outside {@code internal} packages are API,
 * listed in {@code api/regdoctor-diagnostics.api}. A change to the API changes that file in the
 * same commit (run the tests with {@code -Dregdoctor.api.update=true} to rewrite it), so reviewers
 * see it.
 */
class PublicApiTest {
  private static final Path DUMP = Path.of("api", "regdoctor-diagnostics.api");

  private static ApiDump current() throws Exception {
    Path classes = Path.of("target", "classes");
    return ApiDump.of(
        classes,
        "dev.regdoctor.diagnostics",
        ApiDump.loaderFor(classes, PublicApiTest.class.getClassLoader()));
  }

  @Test
  void publicApiMatchesTheCheckedInDump() throws Exception {
    ApiDump dump = current();
    if (Boolean.getBoolean("regdoctor.api.update")) {
      Files.createDirectories(DUMP.getParent());
      dump.write(DUMP);
    }
    assertThat(dump.lines()).isNotEmpty();
    assertThat(Files.readString(DUMP, StandardCharsets.UTF_8))
        .as("public API changed: review it, then rerun with -Dregdoctor.api.update=true")
        .isEqualTo(dump.text());
  }

  @Test
  void noPublicSignatureNamesAThirdPartyType() throws Exception {
    assertThat(
            current().naming("okhttp3.", "com.fasterxml.", "io.github.resilience4j.", "picocli."))
        .isEmpty();
  }
}
