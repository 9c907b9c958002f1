package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.endpoint.RegistryEndpoint;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.PingInfo;
import dev.regdoctor.probe.ProbeResult;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.Step;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.probe.TagsInfo;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.Platform;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A runtime's report on an image a mirror served is about the image asked for: only the result's
 * reference changes, every other component is the mirror's.
 */
class ProbeResultEditsTest {
  private static final ImageReference ASKED = ImageReference.parse("nginx:1.25");
  private static final ImageReference MIRRORED =
      ImageReference.parse("mirror.example.invalid:5000/library/nginx:1.25");

  /** A result with a value other than the default in as many components as a test can fill. */
  private static ProbeResult mirrored() {
    RegistryEndpoint endpoint = new RegistryEndpoint("https", "mirror.example.invalid", 5000);
    return new ProbeResult(
        "nginx:1.25",
        MIRRORED,
        endpoint,
        Platform.DEFAULT,
        List.of(new Step(StepName.PING, StepStatus.OK, Duration.ofMillis(4), "200")),
        List.of(
            new Failure(
                FailureKind.MANIFEST_NOT_FOUND, StepName.MANIFEST, "no 1.25", List.of(), null)),
        new PingInfo(endpoint + "/v2/", 200, "registry/2.0", null, List.of(), List.of(), false),
        null,
        null,
        new TagsInfo(200, 2, List.of("1.24", "1.26"), List.of()),
        new RateLimit(100, 9, Duration.ofHours(6), "203.0.113.7", null),
        null,
        "~/.docker/config.json",
        true,
        List.of("near miss"),
        List.of(),
        false,
        List.of("fell back to plain HTTP"),
        3,
        Duration.ofMillis(42),
        null);
  }

  @Test
  void withReferenceChangesOnlyTheReference() throws Exception {
    ProbeResult mirrored = mirrored();

    ProbeResult asked = ProbeResultEdits.withReference(mirrored, ASKED);

    assertThat(asked.reference()).isEqualTo(ASKED);
    for (RecordComponent component : ProbeResult.class.getRecordComponents()) {
      if (!component.getName().equals("reference")) {
        assertThat(component.getAccessor().invoke(asked))
            .as(component.getName())
            .isEqualTo(component.getAccessor().invoke(mirrored));
      }
    }
  }

  @Test
  void withTheReferenceItHasReturnsTheSameResult() {
    ProbeResult mirrored = mirrored();

    assertThat(ProbeResultEdits.withReference(mirrored, MIRRORED)).isSameAs(mirrored);
  }
}
