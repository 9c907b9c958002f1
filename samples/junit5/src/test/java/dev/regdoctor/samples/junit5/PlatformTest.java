package dev.regdoctor.samples.junit5;

import dev.regdoctor.junit5.RequiresRegistry;
import org.junit.jupiter.api.Test;

/**
 * Requirements per test method and per platform: a test for arm64 nodes runs only when the image
 * index has an arm64 manifest; a test may require several images.
 */
class PlatformTest {

  @Test
  @RequiresRegistry(value = "${registry.host}/shop/web:1.4", platform = "linux/arm64")
  void runsOnArm64Nodes() {}

  @Test
  @RequiresRegistry("${registry.host}/shop/web:1.4")
  @RequiresRegistry("${registry.host}/shop/sidecar:2.0")
  void runsWithItsSidecarOnAmd64Nodes() {}
}
