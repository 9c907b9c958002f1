package dev.regdoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SeedingFormatsTest {

  @Test
  void layerIsDeterministicGzipOfItsTar() throws IOException {
    LayerArchive first = LayerArchive.of("seed", "layer-0.bin", 1000);
    LayerArchive again = LayerArchive.of("seed", "layer-0.bin", 1000);
    LayerArchive other = LayerArchive.of("other", "layer-0.bin", 1000);

    assertThat(first.gzip()).isEqualTo(again.gzip());
    assertThat(first.tar()).isNotEqualTo(other.tar());
    assertThat(first.tar()).hasSize(512 + 1024 + 1024);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(first.gzip()))) {
      assertThat(in.readAllBytes()).isEqualTo(first.tar());
    }
    assertThat(LayerArchive.digest(new byte[0]))
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  @Timeout(30)
  void systemTarListsTheLayerFile(@TempDir Path directory) throws Exception {
    Path tar = Path.of("/usr/bin/tar");
    assumeTrue(Files.isExecutable(tar), "tar not installed");
    Path file = directory.resolve("layer.tar.gz");
    Files.write(file, LayerArchive.of("seed", "layer-3.bin", 700).gzip());

    Process process =
        new ProcessBuilder(tar.toString(), "-tvzf", file.toString())
            .redirectErrorStream(true)
            .start();
    String listing = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(listing).isZero();
    assertThat(listing).contains("layer-3.bin").contains(" 700 ");
  }

  @Test
  void platformParsesAndPrintsOsArchitectureVariant() {
    assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(Platform.LINUX_ARM64);
    assertThat(Platform.parse("linux/amd64")).isEqualTo(Platform.of("linux", "amd64"));
    assertThat(Platform.LINUX_ARM_V7).hasToString("linux/arm/v7");
    assertThatThrownBy(() -> Platform.parse("linux")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Platform.parse("linux//v7"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void challengeParsesQuotedParametersWithCommas() {
    Challenge challenge =
        Challenge.parse(
            "Bearer realm=\"http://127.0.0.1:1/token\",service=\"test-registry\","
                + "scope=\"repository:team/app:pull,push\",error=\"insufficient_scope\"");

    assertThat(challenge).isNotNull();
    assertThat(challenge.scheme()).isEqualTo("bearer");
    assertThat(challenge.parameters())
        .containsEntry("realm", "http://127.0.0.1:1/token")
        .containsEntry("service", "test-registry")
        .containsEntry("scope", "repository:team/app:pull,push")
        .containsEntry("error", "insufficient_scope");
    assertThat(Challenge.parse("Basic realm=\"x\\\"y\"").parameters())
        .containsEntry("realm", "x\"y");
    assertThat(Challenge.parse(null)).isNull();
  }
}
