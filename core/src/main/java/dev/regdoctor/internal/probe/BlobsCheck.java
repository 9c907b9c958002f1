package dev.regdoctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.internal.http.BodyStream;
import dev.regdoctor.internal.http.Digests;
import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.internal.http.PullTrace;
import dev.regdoctor.probe.BlobsInfo;
import dev.regdoctor.probe.Failure;
import dev.regdoctor.probe.FailureKind;
import dev.regdoctor.probe.ManifestInfo;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The pull test ({@code blobs} step): GET the platform's image manifest (unless the platform step
 * already read it), HEAD the config and every layer (redirects to object storage or a CDN are
 * followed without {@code Authorization}), then download a bounded sample of the largest layer to
 * measure throughput, verifying its digest when the whole layer was read.
 */
final class BlobsCheck {
  private static final String MANIFEST_ACCEPT =
      ManifestMediaTypes.OCI_MANIFEST + ", " + ManifestMediaTypes.DOCKER_MANIFEST;

  private final CheckState c;
  private final long start = System.nanoTime();
  private final Set<String> redirectHosts = new LinkedHashSet<>();

  BlobsCheck(CheckState c) {
    this.c = c;
  }

  private record Blob(String digest, long size, boolean foreign) {}

  void run() {
    ManifestInfo info = c.manifest;
    String reference =
        info == null
            ? null
            : info.isIndex()
                ? info.platformDigest()
                : info.digest() != null ? info.digest() : c.image.manifestReference();
    if (reference == null) {
      c.step(
          StepName.BLOBS,
          StepStatus.SKIPPED,
          Duration.ZERO,
          "the platform's manifest is unknown (platform check off)");
      return;
    }
    Exchange exchange = c.exchange(c.verifyTls);
    Exchange.Answer manifest =
        !info.isIndex() && c.imageManifest != null
            ? c.imageManifest
            : manifest(exchange, reference);
    if (manifest == null) {
      return;
    }
    String manifestDigest =
        manifest.header("Docker-Content-Digest") != null
            ? manifest.header("Docker-Content-Digest")
            : Digests.sha256(manifest.body());
    Blob config;
    List<Blob> layers = new ArrayList<>();
    try {
      JsonNode root = ErrorBodies.json().readTree(manifest.body());
      JsonNode configNode = root == null ? null : root.get("config");
      if (configNode == null || !configNode.path("digest").isTextual()) {
        c.step(
            StepName.BLOBS,
            StepStatus.SKIPPED,
            CheckState.elapsedSince(start),
            "manifest has no config (schema 1 or not an image)");
        c.notes.add("pull test skipped: the manifest names no config blob");
        return;
      }
      config = blob(configNode);
      for (JsonNode layer : root.path("layers")) {
        layers.add(blob(layer));
      }
    } catch (IOException e) {
      blobFailure(
          "the manifest " + reference + " is not valid JSON", manifest.evidence(), "bad manifest");
      return;
    }
    List<Blob> all = new ArrayList<>();
    all.add(config);
    all.addAll(layers);
    List<String> foreign = new ArrayList<>();
    for (Blob blob : all) {
      if (blob.foreign()) {
        foreign.add(blob.digest());
        continue;
      }
      if (!head(exchange, blob)) {
        return;
      }
    }
    Blob largest = null;
    for (Blob layer : layers) {
      if (!layer.foreign() && (largest == null || layer.size() > largest.size())) {
        largest = layer;
      }
    }
    long sampled = 0;
    long warmupBytes = 0;
    Duration sampleElapsed = Duration.ZERO;
    boolean verified = false;
    if (largest != null && largest.size() > 0) {
      long limit = c.settings.pullSampleBytes();
      boolean whole = largest.size() <= limit;
      // identity: the bytes on the wire are the layer's (OkHttp would otherwise ask for gzip)
      Request.Builder request =
          new Request.Builder()
              .url(apiUrl("blobs/" + largest.digest()))
              .header("Accept-Encoding", "identity")
              .get();
      if (!whole) {
        request.header("Range", "bytes=0-" + (limit - 1));
      }
      long timedBytes = whole ? largest.size() : limit;
      if (WarmUp.applies(timedBytes)) {
        // One short ranged GET of the same layer through the same path (request writing, response
        // head parsing, BodyStream, the read loop): in a fresh process the timed request then runs
        // code that has run before. Its bytes are not in the figure and its time is outside the
        // window; its connection is retired like the sample's, so the sample connects anew.
        LayerSample warm = new LayerSample(false, WarmUp.BYTES, null, WarmUp.READ_BYTES);
        Exchange.Outcome warmed =
            exchange.send(WarmUp.request(request), c.authorization, WarmUp.BYTES, warm);
        if (served(warmed, largest) == null) {
          return;
        }
        warmupBytes = warm.bytes;
      }
      // the compiler threads finish what start-up queued before the sample is timed
      long settledNanos = 0;
      if (CompilerSettle.MAX_MILLIS > 0) {
        CompilerSettle.warmRequestWriter(request.build());
        settledNanos = CompilerSettle.await(CompilerSettle.MAX_MILLIS * 1_000_000);
      }
      LayerSample sample =
          new LayerSample(
              whole && largest.digest().startsWith("sha256:"), timedBytes, PullTrace.start());
      Exchange.Outcome got = exchange.send(request.build(), c.authorization, timedBytes, sample);
      if (sample.trace != null) {
        System.err.printf(
            Locale.ROOT,
            "pull-test trace: waited %.3f ms for the JIT compiler threads to go idle%n",
            settledNanos / 1e6);
        sample.trace.report(sample.startNanos, sample.endNanos, sample.bytes, System.err);
      }
      // Timed like curl's time_total - time_pretransfer: request to last byte at the host that
      // served it, without connection set-up or redirect hops, and without our hashing.
      sampleElapsed = sample.elapsed();
      Exchange.Answer answer = served(got, largest);
      if (answer == null) {
        return;
      }
      sampled = sample.bytes;
      if (whole && answer.status() == 200 && !sample.truncated) {
        if (sampled != largest.size()) {
          blobFailure(
              "layer "
                  + largest.digest()
                  + " has "
                  + sampled
                  + " bytes but the manifest declares "
                  + largest.size(),
              answer.evidence(),
              "size mismatch");
          return;
        }
        if (largest.digest().startsWith("sha256:")) {
          String actual = sample.digest();
          if (!actual.equals(largest.digest())) {
            blobFailure(
                "layer " + largest.digest() + " is corrupt: its content hashes to " + actual,
                answer.evidence(),
                "digest mismatch");
            return;
          }
          verified = true;
        }
      }
    }
    long total = 0;
    for (Blob blob : all) {
      total += Math.max(0, blob.size());
    }
    c.blobs =
        new BlobsInfo(
            manifestDigest,
            config.digest(),
            layers.size(),
            total,
            largest == null ? null : largest.digest(),
            largest == null ? 0 : largest.size(),
            sampled,
            sampleElapsed,
            verified,
            List.copyOf(redirectHosts),
            foreign);
    String detail =
        layers.size()
            + " layers, "
            + mebibytes(total)
            + (sampled > 0
                ? String.format(
                    Locale.ROOT,
                    ", %.1f MiB/s over %s",
                    c.blobs.bytesPerSecond() / (1024 * 1024),
                    mebibytes(sampled))
                : "")
            + (warmupBytes > 0
                ? " (after a warm-up read of " + kibibytes(warmupBytes) + ", not counted)"
                : "");
    c.step(StepName.BLOBS, StepStatus.OK, CheckState.elapsedSince(start), detail);
  }

  /**
   * Returns the 200 answer to a GET of the image manifest {@code reference}, else records the fault
   * or the status as the step's failure and returns {@code null}.
   */
  private Exchange.@Nullable Answer manifest(Exchange exchange, String reference) {
    Exchange.Outcome outcome =
        exchange.send(
            new Request.Builder()
                .url(apiUrl("manifests/" + reference))
                .header("Accept", MANIFEST_ACCEPT)
                .get()
                .build(),
            c.authorization,
            Exchange.MANIFEST_BODY_BYTES);
    if (outcome instanceof Exchange.Fault fault) {
      fail(TransportFailures.transportFailure(fault, StepName.BLOBS), fault.kind().name());
      return null;
    }
    Exchange.Answer manifest = (Exchange.Answer) outcome;
    if (rateLimited(manifest)) {
      return null;
    }
    if (manifest.status() != 200) {
      blobFailure(
          "GET of the manifest " + reference + " answered " + manifest.status(),
          manifest.evidence(),
          String.valueOf(manifest.status()));
      return null;
    }
    return manifest;
  }

  /**
   * Reads the sample in 256 KiB blocks into reused arrays and times it from the request to the last
   * byte. A whole layer is hashed to verify its digest, but off the timed path: full blocks wait
   * (up to 16 MiB) and are hashed after the last byte, so the figure is the link's, not SHA-256's
   * (about 55 MiB/s on a JVM limited to C1, which lacks the SHA intrinsics). Only a longer whole
   * read hashes its oldest waiting block inside the read loop. A partial sample cannot be verified
   * and is not hashed.
   */
  static final class LayerSample implements Exchange.BodyConsumer {
    static final int BLOCK = 256 * 1024;
    static final int MAX_WAITING = 64;
    private final java.security.@Nullable MessageDigest sha256;
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private byte @Nullable [] partial;
    private int partialLength;
    long bytes;
    long startNanos = -1;
    long endNanos = -1;
    boolean truncated;
    final @Nullable PullTrace trace;
    private final int readBytes;

    LayerSample(boolean verify, long expectedBytes, @Nullable PullTrace trace) {
      this(verify, expectedBytes, trace, BLOCK);
    }

    /** A sample whose every read asks for at most {@code readBytes} (1 to {@link #BLOCK}). */
    LayerSample(boolean verify, long expectedBytes, @Nullable PullTrace trace, int readBytes) {
      if (readBytes < 1 || readBytes > BLOCK) {
        throw new IllegalArgumentException(
            "readBytes must be 1 to " + BLOCK + " but was " + readBytes);
      }
      this.readBytes = readBytes;
      this.trace = trace;
      // The blocks the read will fill are allocated (and zeroed) before the request is written:
      // inside the timed window an allocation costs the zeroing and can start a collection, which
      // stops the reader and, with the launcher's small young generation, copies the blocks that
      // wait to be hashed.
      long blocks = verify ? Math.min(MAX_WAITING + 1, expectedBytes / BLOCK + 1) : 1;
      for (long i = 0; i < blocks; i++) {
        spare.push(new byte[BLOCK]);
      }
      try {
        sha256 = verify ? java.security.MessageDigest.getInstance("SHA-256") : null;
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every Java platform", e);
      }
    }

    @Override
    public void consume(BodyStream body, long maxBytes) throws IOException {
      // a retried request starts the sample again
      bytes = 0;
      while (!waiting.isEmpty()) {
        spare.push(waiting.poll());
      }
      if (sha256 != null) {
        sha256.reset();
      }
      startNanos = body.requestStartNanos() >= 0 ? body.requestStartNanos() : System.nanoTime();
      if (trace != null) {
        trace.body(body.responseHeadersNanos());
      }
      byte[] block = null;
      int filled = 0;
      while (bytes < maxBytes) {
        if (block == null) {
          block = spare.isEmpty() ? new byte[BLOCK] : spare.pop();
          filled = 0;
        }
        int read =
            body.read(
                block,
                filled,
                (int) Math.min(Math.min(BLOCK - filled, readBytes), maxBytes - bytes));
        if (trace != null) {
          trace.read(System.nanoTime(), read);
        }
        if (read < 0) {
          break;
        }
        bytes += read;
        filled += read;
        if (filled == BLOCK) {
          block = keep(block);
          filled = 0;
        }
      }
      endNanos = System.nanoTime();
      if (trace != null) {
        trace.end();
      }
      partial = block;
      partialLength = filled;
      truncated = body.hasMore();
    }

    /** Returns how many read blocks are allocated and waiting to be filled. */
    int spareBlocks() {
      return spare.size();
    }

    /** Keeps a full block for hashing; returns the block to fill next, or {@code null}. */
    private byte @Nullable [] keep(byte[] block) {
      if (sha256 == null) {
        return block; // nothing to verify: fill the same array again
      }
      waiting.add(block);
      if (waiting.size() > MAX_WAITING) {
        byte[] oldest = waiting.poll();
        sha256.update(oldest);
        spare.push(oldest);
      }
      return null;
    }

    /** Returns the time from the request to the last byte read. */
    Duration elapsed() {
      return startNanos < 0 || endNanos < startNanos
          ? Duration.ZERO
          : Duration.ofNanos(endNanos - startNanos);
    }

    /** Returns the SHA-256 digest of everything read, hashing what still waits. */
    String digest() {
      if (sha256 == null) {
        throw new IllegalStateException("the sample was not read to be verified");
      }
      for (byte[] block : waiting) {
        sha256.update(block);
      }
      waiting.clear();
      if (partial != null) {
        sha256.update(partial, 0, partialLength);
        partial = null;
      }
      return "sha256:" + java.util.HexFormat.of().formatHex(sha256.digest());
    }
  }

  /**
   * Returns the answer to a GET of {@code layer} when it is a 200 or 206, else records the fault or
   * the status as the step's failure and returns {@code null}.
   */
  private Exchange.@Nullable Answer served(Exchange.Outcome got, Blob layer) {
    if (got instanceof Exchange.Fault fault) {
      fail(faultFailure(fault, layer), fault.kind().name());
      return null;
    }
    Exchange.Answer answer = (Exchange.Answer) got;
    noteRedirect(answer);
    if (rateLimited(answer)) {
      return null;
    }
    if (answer.status() != 200 && answer.status() != 206) {
      blobFailure(
          "GET of layer " + layer.digest() + " answered " + answer.status(),
          answer.evidence(),
          String.valueOf(answer.status()));
      return null;
    }
    return answer;
  }

  private boolean head(Exchange exchange, Blob blob) {
    Exchange.Outcome outcome =
        exchange.send(
            new Request.Builder().url(apiUrl("blobs/" + blob.digest())).head().build(),
            c.authorization,
            0);
    if (outcome instanceof Exchange.Fault fault) {
      fail(faultFailure(fault, blob), fault.kind().name());
      return false;
    }
    Exchange.Answer answer = (Exchange.Answer) outcome;
    noteRedirect(answer);
    if (rateLimited(answer)) {
      return false;
    }
    if (answer.status() == 200) {
      String length = answer.header("Content-Length");
      if (length != null
          && blob.size() >= 0
          && !length.trim().equals(String.valueOf(blob.size()))) {
        blobFailure(
            "blob "
                + blob.digest()
                + " is "
                + length.trim()
                + " bytes at the registry but the manifest declares "
                + blob.size(),
            answer.evidence(),
            "size mismatch");
        return false;
      }
      return true;
    }
    List<String> evidence = new ArrayList<>(answer.evidence());
    String what =
        switch (answer.status()) {
          case 404 -> "blob " + blob.digest() + " is missing (BLOB_UNKNOWN)";
          case 401, 403 ->
              "blob "
                  + blob.digest()
                  + " is refused ("
                  + answer.status()
                  + ") although the manifest was served";
          default -> "HEAD of blob " + blob.digest() + " answered " + answer.status();
        };
    if (elsewhere(answer.url())) {
      what += " at redirect target " + TransportFailures.endpointText(answer.url());
    }
    blobFailure(what, evidence, String.valueOf(answer.status()));
    return false;
  }

  /** A fault at a redirect target is a blob failure naming that host; others keep their kind. */
  private Failure faultFailure(Exchange.Fault fault, Blob blob) {
    String host = TransportFailures.endpointText(fault.url());
    if (elsewhere(fault.url())) {
      return new Failure(
          FailureKind.BLOB_FAILURE,
          StepName.BLOBS,
          "blob "
              + blob.digest()
              + " redirects to "
              + host
              + ", which fails: "
              + TransportFailures.transportSummary(
                  fault, TransportFailures.endpointText(fault.url())),
          fault.evidence(),
          fault.cause());
    }
    return TransportFailures.transportFailure(fault, StepName.BLOBS);
  }

  private void noteRedirect(Exchange.Answer answer) {
    if (elsewhere(answer.url())) {
      redirectHosts.add(TransportFailures.endpointText(answer.url()));
    }
  }

  /** Whether {@code url} is another origin than the registry: a redirect target. */
  private boolean elsewhere(HttpUrl url) {
    return c.endpoint != null
        && !(url.host().equalsIgnoreCase(c.endpoint.host()) && url.port() == c.endpoint.port());
  }

  /**
   * Records a 429 (its request is the answer's evidence) as RATE_LIMITED with the answer's
   * rate-limit headers (when the window resets), as the manifest does; returns whether the answer
   * was a 429. A registry or CDN that throttles blob downloads is not a missing or broken blob.
   */
  private boolean rateLimited(Exchange.Answer answer) {
    if (answer.status() != 429) {
      return false;
    }
    RateLimit limits = RateLimits.parse(answer.headers(), c.settings.clock());
    if (limits != null) {
      c.rateLimit = limits;
    }
    String retry =
        limits != null && limits.retryAfter() != null
            ? "; retry after " + limits.retryAfter().getSeconds() + " s"
            : "";
    List<String> evidence = PingAnswers.withHeaders(answer.evidence(), answer);
    fail(
        new Failure(
            FailureKind.RATE_LIMITED,
            StepName.BLOBS,
            TransportFailures.endpointText(answer.url())
                + " is rate limiting requests (429)"
                + retry,
            evidence,
            null),
        "429");
    return true;
  }

  private void blobFailure(String summary, List<String> evidence, String detail) {
    fail(new Failure(FailureKind.BLOB_FAILURE, StepName.BLOBS, summary, evidence, null), detail);
  }

  private void fail(Failure failure, String detail) {
    c.step(StepName.BLOBS, StepStatus.FAILED, CheckState.elapsedSince(start), detail);
    c.failures.add(failure);
  }

  private HttpUrl apiUrl(String rest) {
    return c.api(rest);
  }

  private static Blob blob(JsonNode node) throws IOException {
    JsonNode digest = node.get("digest");
    if (digest == null || !digest.isTextual() || !digest.asText().contains(":")) {
      throw new IOException("descriptor without digest");
    }
    JsonNode urls = node.get("urls");
    return new Blob(
        digest.asText(),
        node.path("size").asLong(-1),
        urls != null && urls.isArray() && urls.size() > 0);
  }

  static String kibibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
