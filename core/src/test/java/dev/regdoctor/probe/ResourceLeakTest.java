package dev.regdoctor.probe;

import static dev.regdoctor.probe.HostileServer.registryHeaders;
import static dev.regdoctor.probe.HostileServer.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.CredentialResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Issue 12: stalled checks leave nothing behind. Thread and file-descriptor counts are the same
 * after a run of stalled checks (client still open) as before it, and the same after {@code
 * close()} as before the client existed. Not counted: the test's own servers and workers, and
 * OkHttp's JVM-wide {@code TaskRunner} workers, which belong to no client and exit after 60 s idle.
 */
@Timeout(120)
@EnabledOnOs(OS.LINUX)
class ResourceLeakTest {
  private static final int CHECKS = 24;

  private record Counts(List<String> threads, long descriptors) {
    boolean sameAs(Counts other) {
      return threads.size() == other.threads.size() && descriptors == other.descriptors;
    }
  }

  private static Counts counts() {
    List<String> threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(
                name ->
                    !name.startsWith("hostile-")
                        && !name.startsWith("leak-worker")
                        && !name.startsWith("OkHttp ")
                        && !name.equals("Okio Watchdog"))
            .sorted()
            .toList();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return new Counts(threads, fds.count());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (bounded) for sockets and threads that are closing to finish, then counts. */
  private static Counts settledLike(Counts expected) throws InterruptedException {
    Counts now = counts();
    for (int i = 0; i < 100 && !now.sameAs(expected); i++) {
      Thread.sleep(100);
      now = counts();
    }
    return now;
  }

  private static void runStalledChecks(RegistryClient client, List<String> images)
      throws Exception {
    ExecutorService workers =
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "leak-worker");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<ProbeResult>> results = new ArrayList<>();
      for (String image : images) {
        results.add(workers.submit(() -> client.check(image, CredentialResolver.anonymous())));
      }
      for (Future<ProbeResult> result : results) {
        assertThat(result.get().isOk()).isFalse();
      }
    } finally {
      workers.shutdownNow();
      assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static RegistryClient client(HostileServer manifestStall) {
    return RegistryClient.create(
        ProbeSettings.builder()
            .timeout(Duration.ofMillis(400))
            .maxAttempts(1)
            .plainHttpRegistry(manifestStall.hostPort())
            .build());
  }

  @Test
  void stalledChecksLeaveNoThreadsOrDescriptorsBehind() throws Exception {
    try (HostileServer silent = HostileServer.silent("silent");
        HostileServer manifestStall =
            HostileServer.start(
                "manifest-stall",
                (request, socket, out) -> {
                  if (request.target().equals("/v2/")) {
                    out.write(response(200, registryHeaders(), "{}"));
                  } else {
                    HostileServer.stall(socket);
                  }
                })) {
      List<String> images = new ArrayList<>();
      for (int i = 0; i < CHECKS; i++) {
        images.add(
            (i % 2 == 0 ? silent.hostPort() : manifestStall.hostPort()) + "/team/app" + i + ":1");
      }
      try (RegistryClient warmUp = client(manifestStall)) {
        runStalledChecks(warmUp, images.subList(0, 4)); // JVM-wide classes and pools exist now
      }
      Counts before = settledLike(counts());

      RegistryClient client = client(manifestStall);
      runStalledChecks(client, images);
      Counts afterRun = settledLike(before);
      client.close();
      Counts afterClose = settledLike(before);

      assertThat(afterRun.threads())
          .as("threads after the stalled checks")
          .hasSameSizeAs(before.threads());
      assertThat(afterRun.descriptors())
          .as("descriptors after the stalled checks")
          .isEqualTo(before.descriptors());
      assertThat(afterClose.threads()).as("threads after close()").hasSameSizeAs(before.threads());
      assertThat(afterClose.descriptors())
          .as("descriptors after close()")
          .isEqualTo(before.descriptors());
      System.out.printf(
          "resource-leak: %d checks; threads %d -> %d -> %d, descriptors %d -> %d -> %d%n",
          CHECKS,
          before.threads().size(),
          afterRun.threads().size(),
          afterClose.threads().size(),
          before.descriptors(),
          afterRun.descriptors(),
          afterClose.descriptors());
    }
  }
}
