package dev.regdoctor.internal.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okio.Buffer;

/**
 * Waits, for a bounded time, until the JVM's JIT compiler threads are idle, so that the pull test's
 * timed sample does not share the CPU with the compilation of code that ran just before it. In a
 * fresh process (the CLI) the compiler threads are still working through the start-up's queue when
 * the sample is requested; on the shared 2-core machine they took 7-12 ms of CPU inside a 15-30 ms
 * window, next to the reader and the registry. A compiler thread counts as idle when its CPU time
 * (Linux {@code /proc/self/task/<tid>/schedstat}) did not move over {@link #QUIET} consecutive
 * polls a millisecond apart. Elsewhere (no {@code /proc}) it returns at once.
 */
final class CompilerSettle {
  static final int QUIET = 2;

  /**
   * The longest wait, in milliseconds: {@code -Dregdoctor.pulltest.settleMillis} (default 200; 0
   * turns the wait off, e.g. to compare).
   */
  static final long MAX_MILLIS = Math.max(0, Long.getLong("regdoctor.pulltest.settleMillis", 200));

  private static final Path TASKS = Path.of("/proc/self/task");

  /**
   * Rounds of {@link #warmRequestWriter}: a dozen UTF-8 writes each, past C1's 200 calls, and one
   * take and recycle of an okio segment each. 32 rounds left okio's segment pool (C1 checks a
   * method's count only every 128 calls) to be compiled while the sample's request was written.
   */
  static final int WARM_ROUNDS = 160;

  private CompilerSettle() {}

  /**
   * Formats the head of {@code request} into a scratch buffer {@link #WARM_ROUNDS} times, the way
   * OkHttp's HTTP/1 writer does, and discards it; nothing is sent. In the CLI the JIT otherwise
   * reaches its threshold for okio's UTF-8 writer (about 900 bytes of bytecode, milliseconds of C1
   * time) exactly while the sample's request is written, so that compilation ran inside the timed
   * window; warmed here, it compiles during {@link #await}.
   */
  static void warmRequestWriter(Request request) {
    Buffer scratch = new Buffer();
    String line = request.method() + " " + request.url().encodedPath() + " HTTP/1.1";
    for (int round = 0; round < WARM_ROUNDS; round++) {
      scratch.writeUtf8(line).writeUtf8("\r\n");
      scratch.writeUtf8("Host").writeUtf8(": ").writeUtf8(request.url().host()).writeUtf8("\r\n");
      for (int i = 0; i < request.headers().size(); i++) {
        scratch
            .writeUtf8(request.headers().name(i))
            .writeUtf8(": ")
            .writeUtf8(request.headers().value(i))
            .writeUtf8("\r\n");
      }
      scratch.writeUtf8("\r\n");
      scratch.clear();
    }
  }

  /**
   * Waits at most {@code maxNanos} for the compiler threads to go idle; returns the nanoseconds
   * waited.
   */
  static long await(long maxNanos) {
    long start = System.nanoTime();
    List<Path> compilers = compilerThreads();
    if (compilers.isEmpty()) {
      return System.nanoTime() - start;
    }
    long last = cpu(compilers);
    int quiet = 0;
    while (quiet < QUIET && System.nanoTime() - start < maxNanos) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long now = cpu(compilers);
      // a thread on a CPU right now may not have been charged its time yet: ask its state too
      quiet = now == last && !running(compilers) ? quiet + 1 : 0;
      last = now;
    }
    return System.nanoTime() - start;
  }

  /** The {@code schedstat} files of the threads HotSpot names "C1/C2 CompilerThread…". */
  static List<Path> compilerThreads() {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII);
          if (name.contains("CompilerThre")) {
            found.add(task.resolve("schedstat"));
          }
        } catch (IOException e) {
          // the thread ended
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of(); // not Linux, or /proc not mounted
    }
    return found;
  }

  /** Whether any of the threads is running or runnable ({@code R} in its {@code stat}). */
  static boolean running(List<Path> schedstats) {
    for (Path file : schedstats) {
      try {
        String stat = Files.readString(file.resolveSibling("stat"), StandardCharsets.US_ASCII);
        int end = stat.lastIndexOf(')');
        if (end >= 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'R') {
          return true;
        }
      } catch (IOException e) {
        // the thread ended
      }
    }
    return false;
  }

  /** The summed CPU nanoseconds of {@code schedstat} files; a vanished thread counts as 0. */
  static long cpu(List<Path> schedstats) {
    long sum = 0;
    for (Path file : schedstats) {
      try {
        byte[] text = Files.readAllBytes(file);
        long value = 0;
        for (int i = 0; i < text.length && text[i] >= '0' && text[i] <= '9'; i++) {
          value = value * 10 + (text[i] - '0');
        }
        sum += value;
      } catch (IOException e) {
        // the thread ended: its time no longer moves
      }
    }
    return sum;
  }
}
