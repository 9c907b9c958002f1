package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.endpoint.ContainerRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 15, finding 6: an ambiguous short name under podman with search registries configured. The
 * advice names the configured registries' full names (or an alias), never docker.io, which is not
 * in the list; the report does not call the image {@code docker.io/…}. No traffic: podman refuses
 * before contacting anything.
 */
class ShortNameAdviceTest {
  @TempDir Path dir;

  private Report check(String conf, String image, Locale locale) throws Exception {
    Path file = Files.writeString(dir.resolve("registries.conf"), conf);
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .runtime(ContainerRuntime.PODMAN)
            .registriesConf(file)
            .hostsDir(dir.resolve("certs.d"))
            .locale(locale)
            .build()) {
      return doctor.check(image);
    }
  }

  @Test
  void ambiguousShortNameSuggestsTheSearchRegistriesNotDockerHub() throws Exception {
    Report report =
        check(
            "short-name-mode = \"enforcing\"\n"
                + "unqualified-search-registries = [\"127.0.0.1:5000\", \"127.0.0.1:5001\"]\n",
            "team/app:1.0",
            Locale.ENGLISH);

    assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.INVALID_REFERENCE);
    assertThat(report.reference()).isEmpty();
    assertThat(report.verdict().remediation())
        .extracting(Remedy::text)
        .allSatisfy(text -> assertThat(text).doesNotContain("docker.io"))
        .anySatisfy(
            text ->
                assertThat(text)
                    .contains("127.0.0.1:5000/team/app:1.0, 127.0.0.1:5001/team/app:1.0"))
        .anySatisfy(
            text -> assertThat(text).contains("\"team/app\" = \"127.0.0.1:5000/team/app\""));
    assertThat(report.toString()).doesNotContain("docker.io/team/app");
  }

  @Test
  void chineseStepsAreTheSameSteps() throws Exception {
    String conf =
        "short-name-mode = \"enforcing\"\n"
            + "unqualified-search-registries = [\"127.0.0.1:5000\", \"127.0.0.1:5001\"]\n";
    Report en = check(conf, "team/app:1.0", Locale.ENGLISH);
    Report zh = check(conf, "team/app:1.0", Locale.SIMPLIFIED_CHINESE);

    assertThat(zh.verdict().remediation()).hasSameSizeAs(en.verdict().remediation());
    assertThat(zh.verdict().remediation().get(0).text()).contains("127.0.0.1:5001/team/app:1.0");
  }

  @Test
  void withoutSearchRegistriesTheAdviceStillOffersASearchList() throws Exception {
    Report report = check("unqualified-search-registries = []\n", "team/app:1.0", Locale.ENGLISH);

    assertThat(report.verdict().remediation())
        .extracting(Remedy::text)
        .anySatisfy(text -> assertThat(text).contains("unqualified-search-registries"));
  }
}
