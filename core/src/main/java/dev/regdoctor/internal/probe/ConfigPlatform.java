package dev.regdoctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The platform of a single-platform image: {@code GET} of its config blob (small, size-capped),
 * whose {@code os}, {@code architecture} and {@code variant} say what it was built for. containerd
 * and {@code docker pull --platform} refuse an image whose config names another platform, so a
 * mismatch is {@code PLATFORM_MISMATCH}; a config that cannot be read leaves the platform
 * unverified (a note, no failure).
 */
final class ConfigPlatform {
  private final CheckState c;

  ConfigPlatform(CheckState c) {
    this.c = c;
  }

  void check(
      Exchange exchange,
      Exchange.@Nullable Authorization authorization,
      Exchange.Answer manifest,
      long start) {
    String configDigest;
    try {
      JsonNode root = ErrorBodies.json().readTree(manifest.body());
      JsonNode config = root == null ? null : root.get("config");
      configDigest =
          config != null && config.path("digest").isTextual()
              ? config.get("digest").asText()
              : null;
    } catch (IOException e) {
      configDigest = null;
    }
    if (configDigest == null || !configDigest.contains(":")) {
      unverified(start, "the manifest names no config blob (schema 1 or not an image)");
      return;
    }
    Exchange.Outcome outcome =
        exchange.send(
            new Request.Builder().url(c.api("blobs/" + configDigest)).get().build(),
            authorization,
            Exchange.MANIFEST_BODY_BYTES);
    if (outcome instanceof Exchange.Fault fault) {
      unverified(start, "GET of the config blob failed: " + fault.kind().name());
      return;
    }
    Exchange.Answer answer = (Exchange.Answer) outcome;
    if (answer.status() != 200) {
      unverified(start, "GET of the config blob " + configDigest + " answered " + answer.status());
      return;
    }
    if (answer.truncated()) {
      unverified(start, "the config blob is larger than 4 MiB");
      return;
    }
    String os;
    String architecture;
    String variant;
    try {
      JsonNode root = ErrorBodies.json().readTree(answer.body());
      os = root == null ? "" : root.path("os").asText("");
      architecture = root == null ? "" : root.path("architecture").asText("");
      variant = root != null && root.hasNonNull("variant") ? root.get("variant").asText() : null;
    } catch (IOException e) {
      unverified(start, "the config blob is not JSON");
      return;
    }
    if (os.isEmpty() || architecture.isEmpty()) {
      unverified(start, "the image config names no os and architecture");
      return;
    }
    String actual =
        os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    c.manifest = PlatformCheck.withPlatforms(c.manifest, List.of(actual), null);
    if (c.settings.platform().matches(os, architecture, variant)) {
      c.step(
          StepName.PLATFORM,
          StepStatus.OK,
          CheckState.elapsedSince(start),
          c.settings.platform() + " (image config: " + actual + ")");
      return;
    }
    c.step(
        StepName.PLATFORM,
        StepStatus.FAILED,
        CheckState.elapsedSince(start),
        "no " + c.settings.platform() + " (image config: " + actual + ")");
    List<String> evidence = new ArrayList<>(answer.evidence());
    evidence.add(
        "image config: os "
            + os
            + ", architecture "
            + architecture
            + (variant == null || variant.isEmpty() ? "" : ", variant " + variant));
    c.failures.add(
        new Failure(
            FailureKind.PLATFORM_MISMATCH,
            StepName.PLATFORM,
            c.image.familiar()
                + " was found but does not match the requested platform: wanted "
                + c.settings.platform()
                + ", actual "
                + actual
                + " (a single-platform image)",
            evidence,
            null));
  }

  private void unverified(long start, String reason) {
    c.step(
        StepName.PLATFORM,
        StepStatus.SKIPPED,
        CheckState.elapsedSince(start),
        c.settings.platform() + " not verified: " + reason);
    c.notes.add("the platform " + c.settings.platform() + " was not verified: " + reason);
  }
}
