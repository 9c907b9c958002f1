package dev.regdoctor.internal.probe;

import okhttp3.Request;

/**
 * The pull test's warm-up read: before the timed sample, a short ranged GET of the first {@link
 * #BYTES} of the same layer goes through exactly the path the sample takes (request writing,
 * response head parsing, {@code BodyStream}, the read loop), in small reads. In a fresh process
 * (the CLI) the sample's GET would otherwise be the first body read straight from a socket, and C1
 * would compile that path while the sample's bytes arrive, on the same CPUs as the reader and, on
 * loopback, the registry. The warm-up's bytes are not counted and its time is outside the window,
 * which stays the same as curl's: from writing the sample's request to its last byte.
 */
final class WarmUp {
  /**
   * The warm-up read's size: {@code -Dregdoctor.pulltest.warmupBytes} (default 64 KiB; 0 turns the
   * warm-up off, e.g. to compare).
   */
  static final long BYTES = Math.max(0, Long.getLong("regdoctor.pulltest.warmupBytes", 64 * 1024));

  /**
   * The most one warm-up read asks for: {@code -Dregdoctor.pulltest.warmupReadBytes} (default 32,
   * at most 256 KiB). The timed sample reads 128 KiB at a time, about 65 reads for 8 MiB, and the
   * socket read path under it (the JDK's socket read, its lock, its temporary direct buffer and
   * copy) had been called too rarely to be compiled: C1 compiled a dozen of its methods inside the
   * window, competing for the CPU with the reader and the registry. About 1,800 reads of 32 bytes
   * take those methods past C1's threshold before the window (128-byte reads, about 450, did not),
   * and the wait for idle compiler threads that follows lets their compilation finish.
   */
  static final int READ_BYTES =
      Math.max(
          1,
          Math.min(
              BlobsCheck.LayerSample.BLOCK,
              Integer.getInteger("regdoctor.pulltest.warmupReadBytes", 32)));

  /** A timed read shorter than this many warm-up reads is not warmed up: it would add too much. */
  static final long MIN_MULTIPLE = 16;

  private WarmUp() {}

  /** Whether a timed read of {@code timedBytes} gets a warm-up read first. */
  static boolean applies(long timedBytes) {
    return applies(BYTES, timedBytes);
  }

  static boolean applies(long warmupBytes, long timedBytes) {
    return warmupBytes > 0 && timedBytes / MIN_MULTIPLE >= warmupBytes;
  }

  /** The warm-up's request: {@code sample}'s, asking for the first {@link #BYTES} only. */
  static Request request(Request.Builder sample) {
    return sample.build().newBuilder().header("Range", "bytes=0-" + (BYTES - 1)).build();
  }
}
