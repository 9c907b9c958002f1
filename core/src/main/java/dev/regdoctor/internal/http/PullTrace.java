package dev.regdoctor.internal.http;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A debug aid for the pull test's timed window, on with {@code -Dregdoctor.pulltest.trace=true}
 * (for the launcher: {@code REGDOCTOR_JAVA_OPTS=-Dregdoctor.pulltest.trace=true}). It writes to
 * standard error, after the sample was read: when the response headers were parsed and the body
 * reader began, every read (time since the request, gap and bytes), the bytes the reading thread
 * allocated inside the window, and the CPU time of each of the process's threads (Linux {@code
 * /proc}) from writing the request to the last byte, which shows a collection, the JIT compiler or
 * a background thread competing with the read. Reading {@code /proc} at the window's start runs
 * code that the JIT may then compile inside the window; {@code =reads} leaves the CPU figures out.
 * Everything else is allocated and loaded before the request is written, so the trace adds a clock
 * read per read to the window; off, it costs one static check. A debug aid for HotSpot (it uses
 * {@code com.sun.management.ThreadMXBean}), not part of any contract.
 */
public final class PullTrace {
  /** Whether {@code -Dregdoctor.pulltest.trace} is {@code true} or {@code reads}. */
  public static final boolean ENABLED =
      System.getProperty("regdoctor.pulltest.trace", "false").matches("true|reads");

  /** {@code reads}: no per-thread CPU snapshots, whose own code could disturb the window. */
  private static final boolean CPU =
      !"reads".equals(System.getProperty("regdoctor.pulltest.trace"));

  private static final ThreadLocal<PullTrace> ACTIVE = new ThreadLocal<>();
  private static final int MAX_READS = 16_384;
  private static final Path TASKS = Path.of("/proc/self/task");

  private final long[] at = new long[MAX_READS];
  private final int[] sizes = new int[MAX_READS];
  private final com.sun.management.ThreadMXBean threads;
  private Map<String, Long> cpuBefore;
  private long allocatedBefore;
  private long createdNanos;
  private int count;
  private long headersNanos = -1;
  private long bodyNanos = -1;
  private @Nullable Map<String, Long> cpuAtEnd;
  private long allocatedAtEnd;
  private long endedNanos;

  private PullTrace() {
    threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    cpuBefore = threadCpu(); // also loads what the later snapshots need
    allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    createdNanos = System.nanoTime();
  }

  /**
   * Returns a trace when the debug property is set, else {@code null}; the trace takes its first
   * CPU snapshot when this thread next starts writing a request (the sample's).
   */
  public static @Nullable PullTrace start() {
    if (!ENABLED) {
      return null;
    }
    PullTrace trace = new PullTrace();
    ACTIVE.set(trace);
    return trace;
  }

  /** Called by {@link PhaseRecorder} just before a request is written, outside its window. */
  static void requestStarting() {
    PullTrace trace = ACTIVE.get();
    if (trace != null) {
      ACTIVE.remove();
      trace.cpuBefore = CPU ? threadCpu() : Map.of();
      trace.allocatedBefore = trace.threads.getCurrentThreadAllocatedBytes();
      trace.createdNanos = System.nanoTime();
    }
  }

  /** Records the response headers' and the body reader's arrival times. */
  public void body(long responseHeadersNanos) {
    headersNanos = responseHeadersNanos;
    bodyNanos = System.nanoTime();
  }

  /** Records one read that ended at {@code nanos} with {@code bytes} (-1 at the end). */
  public void read(long nanos, int bytes) {
    if (count < MAX_READS) {
      at[count] = nanos;
      sizes[count++] = bytes;
    }
  }

  /** Records the CPU time and allocation at the last byte, right after the timed window. */
  public void end() {
    endedNanos = System.nanoTime();
    allocatedAtEnd = threads.getCurrentThreadAllocatedBytes();
    cpuAtEnd = CPU ? threadCpu() : Map.of();
  }

  /** Writes the trace of a sample read from {@code startNanos} to {@code endNanos}. */
  public void report(long startNanos, long endNanos, long bytes, PrintStream out) {
    ACTIVE.remove();
    if (cpuAtEnd == null) {
      end(); // the read failed before its end
    }
    long allocated = allocatedAtEnd - allocatedBefore;
    Map<String, Long> cpuAfter = cpuAtEnd;
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "pull-test trace: request written at nanoTime %d; %d bytes in %.3f ms (request to last byte); headers at %.3f ms, body"
                + " reader at %.3f ms; %d reads; %d bytes allocated by the reading thread%n",
            startNanos,
            bytes,
            ms(endNanos - startNanos),
            ms(headersNanos - startNanos),
            ms(bodyNanos - startNanos),
            count,
            allocated));
    text.append(
        String.format(
            Locale.ROOT,
            "pull-test trace: CPU ms per thread from writing the request to the last byte (%.3f"
                + " ms):",
            ms(endedNanos - createdNanos)));
    cpuAfter.forEach(
        (name, nanos) -> {
          long used = nanos - cpuBefore.getOrDefault(name, 0L);
          if (used >= 50_000) {
            text.append(String.format(Locale.ROOT, " [%s] %.3f", name, ms(used)));
          }
        });
    text.append(System.lineSeparator());
    long previous = startNanos;
    for (int i = 0; i < count; i++) {
      text.append(
          String.format(
              Locale.ROOT,
              "pull-test read %d: at %.3f ms (+%.3f) %d bytes%n",
              i,
              ms(at[i] - startNanos),
              ms(at[i] - previous),
              sizes[i]));
      previous = at[i];
    }
    out.print(text);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** CPU nanoseconds so far of each of the process's threads, by name and id. */
  private static Map<String, Long> threadCpu() {
    Map<String, Long> cpu = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm")).trim() + " " + task.getFileName();
          String stat = Files.readString(task.resolve("schedstat"));
          cpu.put(name, Long.parseLong(stat.substring(0, stat.indexOf(' '))));
        } catch (IOException | RuntimeException e) {
          // the thread ended, or this is not Linux: leave it out
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc: no per-thread figures
    }
    return cpu;
  }
}
