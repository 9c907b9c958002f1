package dev.regdoctor.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The blob uploads of {@link EmbeddedRegistry}: {@code POST /v2/<name>/blobs/uploads/} (also {@code
 * ?mount=&from=}), then {@code PATCH}, {@code PUT <location>?digest=}, {@code GET} (status) and
 * {@code DELETE} on the upload, with the statuses and errors of registry 2.8. Thread-safe.
 */
final class RegistryUploads {

  private static final int MAX_CLOSED_UPLOADS = 10_000;

  private final RegistryStorage storage;
  private final Function<HttpExchange, String> base;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Set<String> closedUploads = closedUploadSet();

  /** An upload in progress: the repository it belongs to and the bytes received so far. */
  private static final class Upload {
    final String repository;
    final ByteArrayOutputStream content = new ByteArrayOutputStream();

    Upload(String repository) {
      this.repository = repository;
    }
  }

  /**
   * Stores finished uploads in {@code storage}; {@code base} returns the scheme and authority of
   * absolute {@code Location}s.
   */
  RegistryUploads(RegistryStorage storage, Function<HttpExchange, String> base) {
    this.storage = storage;
    this.base = base;
  }

  /** Drops the unfinished uploads. */
  void clear() {
    uploads.clear();
  }

  /** Starts an upload, or mounts the blob {@code ?mount=} from the repository {@code ?from=}. */
  Reply start(HttpExchange exchange, RegistryRoute route, Map<String, List<String>> query) {
    String mount = UrlEncodedForm.first(query, "mount");
    String from = UrlEncodedForm.first(query, "from");
    if (!mount.isEmpty()
        && ContentDigest.isValid(mount)
        && storage.mount(route.name(), mount, from)) {
      return blobCreated(exchange, route.name(), mount);
    }
    String id = UUID.randomUUID().toString();
    uploads.put(id, new Upload(route.name()));
    return uploadProgress(Reply.status(202), exchange, route.name(), id, 0);
  }

  /** Answers {@code method} on the upload {@code route} names. */
  Reply proceed(
      HttpExchange exchange, RegistryRoute route, String method, Map<String, List<String>> query)
      throws IOException {
    String id = route.reference();
    Upload upload = uploads.get(id);
    if (upload == null || !upload.repository.equals(route.name())) {
      // 2.8 knows a finished upload by the state in its location; a location it never handed
      // out fails that state check first.
      return upload == null && closedUploads.contains(id)
          ? RegistryErrors.reply(
              404,
              "BLOB_UPLOAD_UNKNOWN",
              "blob upload unknown to registry",
              RegistryErrors.emptyObject())
          : RegistryErrors.reply(
              404, "BLOB_UPLOAD_INVALID", "blob upload invalid", RegistryErrors.emptyObject());
    }
    switch (method) {
      case "DELETE" -> {
        closeUpload(id);
        return Reply.status(204);
      }
      case "GET" -> {
        return uploadProgress(Reply.status(204), exchange, route.name(), id, size(upload));
      }
      case "PATCH" -> {
        byte[] chunk = exchange.getRequestBody().readAllBytes();
        long size;
        synchronized (upload) {
          upload.content.write(chunk);
          size = upload.content.size();
        }
        return uploadProgress(Reply.status(202), exchange, route.name(), id, size);
      }
      default -> {
        return finishUpload(
            exchange, route.name(), id, upload, UrlEncodedForm.first(query, "digest"));
      }
    }
  }

  private Reply finishUpload(
      HttpExchange exchange, String name, String id, Upload upload, String digest)
      throws IOException {
    byte[] last = exchange.getRequestBody().readAllBytes();
    if (digest.isEmpty()) {
      return RegistryErrors.reply(
          400,
          "DIGEST_INVALID",
          RegistryErrors.DIGEST_INVALID,
          RegistryErrors.text("digest missing"));
    }
    if (!ContentDigest.isValid(digest)) {
      return RegistryErrors.reply(
          400,
          "DIGEST_INVALID",
          RegistryErrors.DIGEST_INVALID,
          RegistryErrors.text("digest parsing failed"));
    }
    byte[] content;
    synchronized (upload) {
      upload.content.write(last);
      content = upload.content.toByteArray();
    }
    // Registry 2.8 cancels the upload once a completion with a digest was tried.
    closeUpload(id);
    if (!ContentDigest.matches(digest, content)) {
      ObjectNode detail = RegistryErrors.object("Digest", digest);
      detail.putObject("Reason");
      return RegistryErrors.reply(400, "DIGEST_INVALID", RegistryErrors.DIGEST_INVALID, detail);
    }
    storage.putBlob(name, digest, content);
    return blobCreated(exchange, name, digest);
  }

  private void closeUpload(String id) {
    uploads.remove(id);
    closedUploads.add(id);
  }

  /** Returns a thread-safe set that forgets its oldest ids beyond {@value #MAX_CLOSED_UPLOADS}. */
  private static Set<String> closedUploadSet() {
    Map<String, Boolean> recent =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_CLOSED_UPLOADS;
          }
        };
    return Collections.newSetFromMap(Collections.synchronizedMap(recent));
  }

  private static long size(Upload upload) {
    synchronized (upload) {
      return upload.content.size();
    }
  }

  private Reply uploadProgress(
      Reply reply, HttpExchange exchange, String name, String id, long size) {
    return reply
        .header("Location", base.apply(exchange) + "/v2/" + name + "/blobs/uploads/" + id)
        .header("Range", "0-" + Math.max(0, size - 1))
        .header("Docker-Upload-UUID", id);
  }

  private Reply blobCreated(HttpExchange exchange, String name, String digest) {
    return Reply.status(201)
        .header("Location", base.apply(exchange) + "/v2/" + name + "/blobs/" + digest)
        .header("Docker-Content-Digest", digest);
  }
}
