package dev.regdoctor.samples.junit5;

import static dev.regdoctor.junit5.RegistryAssertions.assertPullable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import org.junit.jupiter.api.Test;

/**
 * Tests that deploy the shop's web image. If it cannot be pulled, the whole class is skipped before
 * any test runs, with Registry Doctor's diagnosis as the reason ({@code CONNECTION_REFUSED}, {@code
 * AUTH_REQUIRED}, {@code MANIFEST_NOT_FOUND} ... with evidence and what to do), instead of every
 * test timing out. The image is diagnosed once for the whole run.
 */
@RequiresShopWeb
class DeploymentTest {

  @Test
  void deploysTheImagePinnedByDigest(Report web) {
    // The report of the required image is injected: pin what was checked.
    String pinned =
        web.registry().orElseThrow()
            + "/"
            + web.repository().orElseThrow()
            + "@"
            + web.digest().orElseThrow();

    assertThat(pinned).matches(".+/shop/web@sha256:[0-9a-f]{64}");
  }

  @Test
  void sidecarComesFromTheSameRegistry(Report web, RegistryDoctor doctor) {
    // The injected doctor carries the run's settings (timeout, credentials, insecure registries).
    assertPullable(web.registry().orElseThrow() + "/shop/sidecar:2.0", doctor);
  }
}
