package dev.regdoctor.samples.junit5;

import static dev.regdoctor.junit5.RegistryAssertions.assertReachable;
import static dev.regdoctor.junit5.RegistryAssertions.assertRegistryUp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import org.junit.jupiter.api.Test;

/**
 * The three assertions differ in what they need: {@code assertRegistryUp} only a registry at the
 * host, {@code assertReachable} also access to the repository (the tag may be missing, as before a
 * release pushes it), {@code assertPullable} the image itself. Each fails with the full diagnosis.
 */
@RequiresShopWeb
class ReleaseTest {

  @Test
  void registryAnswers(Report web) {
    assertRegistryUp(web.registry().orElseThrow());
  }

  @Test
  void nextReleaseCanBePushedNextToTheCurrentOne(Report web, RegistryDoctor doctor) {
    Report next = assertReachable(web.registry().orElseThrow() + "/shop/web:1.5", doctor);

    assertThat(next.verdict().code()).isEqualTo(DiagnosisCode.MANIFEST_NOT_FOUND);
  }
}
