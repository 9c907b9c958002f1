package dev.regdoctor.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blob route of {@link EmbeddedRegistry}: {@code GET}/{@code HEAD} of a blob found only in the
 * repositories it was pushed or mounted to, with a single byte {@code Range} as registry 2.8 serves
 * it. Thread-safe.
 */
final class RegistryBlobs {

  private static final Pattern BYTE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final RegistryStorage storage;

  RegistryBlobs(RegistryStorage storage) {
    this.storage = storage;
  }

  Reply get(HttpExchange exchange, RegistryRoute route) {
    String digest = route.reference();
    if (!ContentDigest.isValid(digest)) {
      return RegistryErrors.reply(
          400, "DIGEST_INVALID", RegistryErrors.DIGEST_INVALID, RegistryErrors.emptyObject());
    }
    Optional<byte[]> stored = storage.blob(route.name(), digest);
    if (stored.isEmpty()) {
      return RegistryErrors.reply(
          404, "BLOB_UNKNOWN", RegistryErrors.BLOB_UNKNOWN, RegistryErrors.text(digest));
    }
    byte[] content = stored.get();
    String range = exchange.getRequestHeaders().getFirst("Range");
    Matcher matcher = range == null ? null : BYTE_RANGE.matcher(range.trim());
    if (matcher == null || !matcher.matches()) {
      return blobHeaders(Reply.status(200), digest).body("application/octet-stream", content);
    }
    long total = content.length;
    long first;
    long last;
    if (matcher.group(1).isEmpty()) {
      long suffix = matcher.group(2).isEmpty() ? 0 : parseLong(matcher.group(2));
      first = Math.max(0, total - suffix);
      last = total - 1;
    } else {
      first = parseLong(matcher.group(1));
      last =
          matcher.group(2).isEmpty() ? total - 1 : Math.min(parseLong(matcher.group(2)), total - 1);
    }
    if (first < 0 || first > last || first >= total) {
      return Reply.text(416, Reply.TEXT_UTF8, "invalid range: failed to overlap\n")
          .header("Content-Range", "bytes */" + total);
    }
    byte[] slice = new byte[(int) (last - first + 1)];
    System.arraycopy(content, (int) first, slice, 0, slice.length);
    return blobHeaders(Reply.status(206), digest)
        .header("Content-Range", "bytes " + first + "-" + last + "/" + total)
        .body("application/octet-stream", slice);
  }

  private static Reply blobHeaders(Reply reply, String digest) {
    return reply
        .header("Accept-Ranges", "bytes")
        .header("Cache-Control", "max-age=31536000")
        .header("Docker-Content-Digest", digest)
        .header("Etag", "\"" + digest + "\"");
  }

  private static long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
