package dev.regdoctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ManifestInfo;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Reads the image index and checks that it has a manifest for the requested platform; for a
 * single-platform image and a requested platform, reads the image config's {@code os}, {@code
 * architecture} and {@code variant} instead, as {@code docker pull --platform} and containerd do.
 */
final class PlatformCheck {
  private final CheckState c;

  PlatformCheck(CheckState c) {
    this.c = c;
  }

  void checkPlatform(
      Exchange exchange,
      Exchange.@Nullable Authorization authorization,
      Exchange.Answer head,
      HttpUrl url) {
    ManifestInfo info = c.manifest;
    if (!info.isIndex() && !c.settings.platformRequested()) {
      // The default platform is not a request: the extra requests would be spent on every image.
      c.step(StepName.PLATFORM, StepStatus.SKIPPED, Duration.ZERO, "single-platform manifest");
      return;
    }
    if (!c.settings.checkPlatform()) {
      c.step(StepName.PLATFORM, StepStatus.SKIPPED, Duration.ZERO, "platform check off");
      return;
    }
    long start = System.nanoTime();
    Exchange.Answer body = manifestBody(exchange, authorization, head, url, start);
    if (body == null) {
      return;
    }
    if (!info.isIndex()) {
      c.imageManifest = body; // the pull test's manifest too: read once
      new ConfigPlatform(c).check(exchange, authorization, body, start);
      return;
    }
    List<String> platforms = new ArrayList<>();
    String match = null;
    try {
      JsonNode root = ErrorBodies.json().readTree(body.body());
      JsonNode manifests = root == null ? null : root.get("manifests");
      if (manifests != null && manifests.isArray()) {
        for (JsonNode entry : manifests) {
          JsonNode platform = entry.get("platform");
          if (platform == null || !platform.isObject()) {
            continue;
          }
          String os = platform.path("os").asText("");
          String arch = platform.path("architecture").asText("");
          String variant = platform.hasNonNull("variant") ? platform.get("variant").asText() : null;
          if (os.equals("unknown") || os.isEmpty()) {
            continue; // attestation manifests
          }
          platforms.add(
              os + "/" + arch + (variant == null || variant.isEmpty() ? "" : "/" + variant));
          if (match == null && c.settings.platform().matches(os, arch, variant)) {
            match = entry.path("digest").asText(null);
          }
        }
      }
    } catch (IOException e) {
      c.step(
          StepName.PLATFORM,
          StepStatus.FAILED,
          CheckState.elapsedSince(start),
          "index is not JSON");
      c.notes.add("the image index is not valid JSON; platform not checked");
      return;
    }
    c.manifest = withPlatforms(info, platforms, match);
    if (match != null) {
      c.step(
          StepName.PLATFORM,
          StepStatus.OK,
          CheckState.elapsedSince(start),
          c.settings.platform() + " among " + platforms.size() + " platforms");
      return;
    }
    c.step(
        StepName.PLATFORM,
        StepStatus.FAILED,
        CheckState.elapsedSince(start),
        "no " + c.settings.platform());
    List<String> evidence = new ArrayList<>(body.evidence());
    evidence.add(
        "index platforms: " + (platforms.isEmpty() ? "none" : String.join(", ", platforms)));
    c.failures.add(
        new Failure(
            FailureKind.PLATFORM_MISMATCH,
            StepName.PLATFORM,
            "no matching manifest for "
                + c.settings.platform()
                + " in "
                + c.image.familiar()
                + "; it has "
                + (platforms.isEmpty() ? "no platforms" : String.join(", ", platforms)),
            evidence,
            null));
  }

  /**
   * Returns the manifest's body: the answer itself when it was a GET, else a GET by digest. Records
   * the step's failure and returns {@code null} when it cannot be read.
   */
  private Exchange.@Nullable Answer manifestBody(
      Exchange exchange,
      Exchange.@Nullable Authorization authorization,
      Exchange.Answer head,
      HttpUrl url,
      long start) {
    ManifestInfo info = c.manifest;
    String what = info.isIndex() ? "index" : "manifest";
    Exchange.Answer body = head;
    if (head.method().equals("HEAD")) {
      HttpUrl byDigest = info.digest() == null ? url : c.api("manifests/" + info.digest());
      Exchange.Outcome outcome =
          exchange.send(
              ManifestCheck.manifestRequest(byDigest, "GET"),
              authorization,
              Exchange.MANIFEST_BODY_BYTES);
      if (outcome instanceof Exchange.Fault fault) {
        c.transportFault(StepName.PLATFORM, fault, start);
        return null;
      }
      body = (Exchange.Answer) outcome;
      if (body.status() != 200) {
        c.step(
            StepName.PLATFORM,
            StepStatus.FAILED,
            CheckState.elapsedSince(start),
            String.valueOf(body.status()));
        c.notes.add(
            "GET of the "
                + what
                + " answered "
                + body.status()
                + " after HEAD answered 200; platform not checked");
        return null;
      }
    }
    if (body.truncated()) {
      c.step(
          StepName.PLATFORM,
          StepStatus.FAILED,
          CheckState.elapsedSince(start),
          what + " larger than 4 MiB");
      c.notes.add("the image " + what + " is larger than 4 MiB; platform not checked");
      return null;
    }
    return body;
  }

  /** Returns {@code info} with the platforms the check found and the one it chose (or none). */
  static ManifestInfo withPlatforms(
      ManifestInfo info, List<String> platforms, @Nullable String match) {
    return new ManifestInfo(
        info.url(),
        info.method(),
        info.status(),
        info.digest(),
        info.mediaType(),
        info.size(),
        info.errors(),
        platforms,
        match);
  }
}
