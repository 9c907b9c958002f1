package dev.regdoctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.internal.http.Exchange;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Judges a manifest {@code GET} body when the headers do not vouch for it (no {@code
 * Docker-Content-Digest}, no manifest media type): is it an image manifest or index at all? A
 * server that answers every path with 200 (a catch-all web server, a portal, an endless stream)
 * must never pass for a registry that has the image.
 */
final class ManifestBodies {
  private ManifestBodies() {}

  /** Whether {@code mediaType} (parameters ignored) is one of the manifest types we ask for. */
  static boolean isManifestType(@Nullable String mediaType) {
    return mediaType != null
        && ManifestMediaTypes.ACCEPTED.contains(ManifestMediaTypes.withoutParameters(mediaType));
  }

  /** Why {@code answer}'s body is not an image manifest or index; {@code null} if it is one. */
  static @Nullable String problem(Exchange.Answer answer, long capBytes) {
    if (answer.truncated()) {
      return "the body is larger than "
          + (capBytes / (1024 * 1024))
          + " MiB (or never ends); no registry serves a manifest that size";
    }
    byte[] body = answer.body();
    if (body.length == 0) {
      return "the body is empty";
    }
    JsonNode root;
    try {
      root = ErrorBodies.json().readTree(body);
    } catch (IOException e) {
      return "the body is not JSON";
    }
    if (root == null || !root.isObject()) {
      return "the body is JSON but not an object";
    }
    JsonNode version = root.get("schemaVersion");
    if (version == null || !version.isInt()) {
      return "the JSON has no numeric schemaVersion, which every image manifest has";
    }
    boolean index = root.path("manifests").isArray();
    boolean manifest = root.path("config").isObject() && root.path("layers").isArray();
    boolean schema1 = version.intValue() == 1 && root.path("fsLayers").isArray();
    if (!index && !manifest && !schema1) {
      return "the JSON has schemaVersion "
          + version.intValue()
          + " but neither manifests (an index) nor config and layers (a manifest)";
    }
    return null;
  }
}
