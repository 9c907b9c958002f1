package dev.regdoctor.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest routes of {@link EmbeddedRegistry}: {@code GET}/{@code HEAD} with {@code Accept}
 * handled as registry 2.8 does, {@code If-None-Match} and the rate limit, and {@code PUT}, which
 * checks that referenced blobs and child manifests are in the repository. Thread-safe.
 */
final class RegistryManifests {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRegistry.class);

  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
  private static final String OCI_MANIFEST = ManifestFormat.OCI.manifestMediaType();
  private static final String OCI_INDEX = ManifestFormat.OCI.indexMediaType();
  private static final String DOCKER_MANIFEST = ManifestFormat.DOCKER.manifestMediaType();
  private static final String DOCKER_LIST = ManifestFormat.DOCKER.indexMediaType();
  private static final Set<String> INDEX_TYPES = Set.of(OCI_INDEX, DOCKER_LIST);
  private static final Set<String> MANIFEST_TYPES =
      Set.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST);

  /** Layers fetched from elsewhere, whose presence a registry does not check on manifest push. */
  private static final Set<String> FOREIGN_LAYER_TYPES =
      Set.of(
          "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

  private final RegistryStorage storage;
  private final @Nullable RateLimit rateLimit;
  private final Function<HttpExchange, String> base;

  /**
   * Serves the manifests of {@code storage} under {@code rateLimit} (or none); {@code base} returns
   * the scheme and authority of absolute {@code Location}s.
   */
  RegistryManifests(
      RegistryStorage storage, @Nullable RateLimit rateLimit, Function<HttpExchange, String> base) {
    this.storage = storage;
    this.rateLimit = rateLimit;
    this.base = base;
  }

  /** Answers a manifest GET or HEAD, applying the rate limit around it. */
  Reply read(HttpExchange exchange, RegistryRoute route, String method) {
    RateLimit limit = rateLimit;
    if (limit == null) {
      return manifest(exchange, route);
    }
    if (limit.isExhausted()) {
      return limit.tooManyRequests();
    }
    Reply reply = manifest(exchange, route);
    boolean pull = method.equals("GET") && reply.status() == 200;
    return limit.addHeaders(reply, pull ? limit.consume() : limit.remaining());
  }

  private Reply manifest(HttpExchange exchange, RegistryRoute route) {
    String name = route.name();
    boolean byTag = !route.isDigestReference();
    String digest;
    if (byTag) {
      Optional<String> tagged = storage.tag(name, route.reference());
      if (tagged.isEmpty()) {
        return manifestUnknown(RegistryErrors.object("Tag", route.reference()));
      }
      digest = tagged.get();
    } else {
      digest = route.reference();
      if (!ContentDigest.isValid(digest)) {
        // 2.8 reads an unparsable digest as a tag and fails on the storage path it makes of it.
        return RegistryErrors.reply(500, "UNKNOWN", "unknown error", RegistryErrors.emptyObject());
      }
    }
    if (etagMatches(exchange, digest)) {
      return Reply.status(304);
    }
    Optional<RegistryStorage.Manifest> stored = storage.manifest(name, digest);
    if (stored.isEmpty()) {
      return manifestUnknown(revision(name, digest));
    }
    RegistryStorage.Manifest manifest = stored.get();
    Set<String> accepted = acceptedTypes(exchange);
    if (manifest.mediaType().equals(OCI_MANIFEST) && !accepted.contains(OCI_MANIFEST)) {
      return RegistryErrors.reply(
          404,
          "MANIFEST_UNKNOWN",
          "OCI manifest found, but accept header does not support OCI manifests",
          null);
    }
    if (manifest.mediaType().equals(OCI_INDEX) && !accepted.contains(OCI_INDEX)) {
      return RegistryErrors.reply(
          404,
          "MANIFEST_UNKNOWN",
          "OCI index found, but accept header does not support OCI indexes",
          null);
    }
    if (byTag && manifest.mediaType().equals(DOCKER_LIST) && !accepted.contains(DOCKER_LIST)) {
      // Old clients get the default platform's image instead of the list.
      Optional<String> child = linuxAmd64Entry(manifest);
      if (child.isEmpty()) {
        return manifestUnknown(null);
      }
      Optional<RegistryStorage.Manifest> image = storage.manifest(name, child.get());
      if (image.isEmpty()) {
        return manifestUnknown(revision(name, child.get()));
      }
      manifest = image.get();
    }
    return Reply.status(200)
        .body(manifest.mediaType(), manifest.content())
        .header("Docker-Content-Digest", manifest.digest())
        .header("Etag", "\"" + manifest.digest() + "\"");
  }

  Reply put(HttpExchange exchange, RegistryRoute route) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_MANIFEST_BYTES + 1);
    String mediaType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (body.length > MAX_MANIFEST_BYTES || !MANIFEST_TYPES.contains(mediaType)) {
      return manifestInvalid();
    }
    JsonNode json;
    try {
      json = RegistryErrors.JSON.readTree(body);
    } catch (IOException e) {
      return manifestInvalid();
    }
    if (json == null
        || !json.isObject()
        || json.path("schemaVersion").asInt(0) != 2
        || !json.path("mediaType").asText(mediaType).equals(mediaType)) {
      return manifestInvalid();
    }
    String digest = LayerArchive.digest(body);
    if (route.isDigestReference() && !route.reference().equals(digest)) {
      return RegistryErrors.reply(400, "DIGEST_INVALID", RegistryErrors.DIGEST_INVALID, null);
    }
    List<String> references = new ArrayList<>();
    if (!collectReferences(json, mediaType, references)) {
      return manifestInvalid();
    }
    List<ObjectNode> missing = new ArrayList<>();
    for (String reference : references) {
      boolean present =
          INDEX_TYPES.contains(mediaType)
              ? storage.manifest(route.name(), reference).isPresent()
              : storage.blob(route.name(), reference).isPresent();
      if (!present) {
        missing.add(
            RegistryErrors.error(
                "MANIFEST_BLOB_UNKNOWN",
                RegistryErrors.BLOB_UNKNOWN,
                RegistryErrors.text(reference)));
      }
    }
    if (!missing.isEmpty()) {
      return RegistryErrors.reply(400, missing.toArray(new ObjectNode[0]));
    }
    String tag = route.isDigestReference() ? null : route.reference();
    storage.putManifest(route.name(), tag, new RegistryStorage.Manifest(digest, mediaType, body));
    return Reply.status(201)
        .header("Location", base.apply(exchange) + "/v2/" + route.name() + "/manifests/" + digest)
        .header("Docker-Content-Digest", digest);
  }

  /**
   * Adds the digests a manifest needs to be present: child manifests of an index, otherwise the
   * config and the layers that are not foreign. Returns false when a descriptor is malformed.
   */
  private static boolean collectReferences(JsonNode json, String mediaType, List<String> out) {
    List<JsonNode> descriptors = new ArrayList<>();
    if (INDEX_TYPES.contains(mediaType)) {
      json.path("manifests").forEach(descriptors::add);
    } else {
      if (!json.path("config").isObject()) {
        return false;
      }
      descriptors.add(json.path("config"));
      json.path("layers").forEach(descriptors::add);
    }
    for (JsonNode descriptor : descriptors) {
      String digest = descriptor.path("digest").asText("");
      if (!ContentDigest.isValid(digest)) {
        return false;
      }
      if (!FOREIGN_LAYER_TYPES.contains(descriptor.path("mediaType").asText(""))) {
        out.add(digest);
      }
    }
    return true;
  }

  private static Optional<String> linuxAmd64Entry(RegistryStorage.Manifest list) {
    try {
      for (JsonNode entry : RegistryErrors.JSON.readTree(list.content()).path("manifests")) {
        JsonNode platform = entry.path("platform");
        if (platform.path("architecture").asText("").equals("amd64")
            && platform.path("os").asText("").equals("linux")) {
          return Optional.of(entry.path("digest").asText(""));
        }
      }
    } catch (IOException e) {
      log.debug("stored manifest list {} is unreadable", list.digest(), e);
    }
    return Optional.empty();
  }

  private static Reply manifestUnknown(@Nullable JsonNode detail) {
    return RegistryErrors.reply(404, "MANIFEST_UNKNOWN", RegistryErrors.MANIFEST_UNKNOWN, detail);
  }

  private static Reply manifestInvalid() {
    return RegistryErrors.reply(
        400, "MANIFEST_INVALID", "manifest invalid", RegistryErrors.emptyObject());
  }

  private static ObjectNode revision(String name, String digest) {
    return RegistryErrors.object("Name", name).put("Revision", digest);
  }

  private static boolean etagMatches(HttpExchange exchange, String digest) {
    for (String value : exchange.getRequestHeaders().getOrDefault("If-None-Match", List.of())) {
      if (value.equals(digest) || value.equals("\"" + digest + "\"")) {
        return true;
      }
    }
    return false;
  }

  /** Returns the media types named in all {@code Accept} headers, lower case, without params. */
  private static Set<String> acceptedTypes(HttpExchange exchange) {
    Set<String> types = new LinkedHashSet<>();
    for (String header : exchange.getRequestHeaders().getOrDefault("Accept", List.of())) {
      for (String entry : header.split(",")) {
        String type = mediaType(entry);
        if (!type.isEmpty()) {
          types.add(type);
        }
      }
    }
    return types;
  }

  /** Returns {@code type/subtype} of a media type header value, lower case; empty for none. */
  private static String mediaType(@Nullable String value) {
    if (value == null) {
      return "";
    }
    int semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
