package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Waiting for idle JIT compiler threads before the pull test's timed sample. */
@Timeout(30)
class CompilerSettleTest {
  @TempDir Path dir;

  @Test
  void cpuSumsTheFirstFieldOfEveryThreadsSchedstat() throws IOException {
    Path first = task("101", "C1 CompilerThre", "S", "123456 789 12\n");
    Path second = task("102", "C1 CompilerThre", "S", "1000000 0 0\n");

    assertThat(CompilerSettle.cpu(List.of(first, second))).isEqualTo(1_123_456);
  }

  @Test
  void aThreadThatEndedCountsAsNoTimeAndNotRunning() {
    Path gone = dir.resolve("999").resolve("schedstat");

    assertThat(CompilerSettle.cpu(List.of(gone))).isZero();
    assertThat(CompilerSettle.running(List.of(gone))).isFalse();
  }

  @Test
  void runningReadsTheStateAfterTheLastParenthesisOfTheCommandName() throws IOException {
    Path sleeping = task("201", "odd) R name", "S", "5 0 0\n");
    Path compiling = task("202", "C1 CompilerThre", "R", "7 0 0\n");

    assertThat(CompilerSettle.running(List.of(sleeping))).isFalse();
    assertThat(CompilerSettle.running(List.of(sleeping, compiling))).isTrue();
  }

  @Test
  void findsTheJvmsOwnCompilerThreadsOnLinux() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc only");

    List<Path> compilers = CompilerSettle.compilerThreads();

    assertThat(compilers)
        .isNotEmpty()
        .allSatisfy(path -> assertThat(path).hasFileName("schedstat"));
    assertThat(CompilerSettle.cpu(compilers)).isPositive();
  }

  @Test
  void waitingEndsWithinItsBoundAndReportsTheTimeWaited() {
    long bound = TimeUnit.MILLISECONDS.toNanos(50);

    long waited = CompilerSettle.await(bound);

    assertThat(waited).isNotNegative();
    // the bound is a deadline, not a performance figure: sleeping and reading /proc may overrun a
    // little on a loaded machine, never by seconds
    assertThat(waited).isLessThan(bound + TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void warmingTheRequestWriterSendsNothingAndKeepsTheRequest() {
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:1/v2/team/app/blobs/sha256:" + "a".repeat(64))
            .header("Range", "bytes=0-8388607")
            .header("Accept-Encoding", "identity")
            .get()
            .build();

    CompilerSettle.warmRequestWriter(request);

    assertThat(request.headers().size()).isEqualTo(2);
    assertThat(request.header("Range")).isEqualTo("bytes=0-8388607");
  }

  private Path task(String id, String name, String state, String schedstatText) throws IOException {
    Path task = Files.createDirectories(dir.resolve(id));
    Files.writeString(task.resolve("comm"), name + "\n");
    Files.writeString(
        task.resolve("stat"), id + " (" + name + ") " + state + " 1 1 1 0 -1 4194368 0 0\n");
    Path schedstat = task.resolve("schedstat");
    Files.writeString(schedstat, schedstatText);
    return schedstat;
  }
}
