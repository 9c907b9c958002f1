package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures how many messages one thread explains per second of CPU time (and of wall-clock time):
 * the whole corpus over and over, then long pasted logs. Not a test (timings are never asserted):
 *
 * <pre>
 * mvn -B -q -o -pl diagnostics test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * taskset -c 0 java -cp diagnostics/target/test-classes:diagnostics/target/classes:$(cat diagnostics/target/test-classpath.txt) \
 *     dev.regdoctor.diagnostics.explain.ExplainBenchmark [seconds] [warm-up seconds, default 2 × seconds]
 * </pre>
 */
final class ExplainBenchmark {
  private static final String PROGRESS =
      "a3ed95caeb02: Pulling fs layer\n"
          + "8bb43bd9c21d: Downloading [=====>      ]  8.088MB/125.3MB\n"
          + "5c110056cd4f: Waiting\n";

  private ExplainBenchmark() {}

  public static void main(String[] args) {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    // Until session 5 the warm-up was a third of the run (3 s for 10): on one pinned core, where
    // the
    // JIT compiler threads wait for the same core, the code was still being compiled for most of
    // the measured run, which then read 94-107 µs per message against 52-62 µs once compiled, and
    // swung around 10,000 per CPU-second from run to run. Twice the run is past that point.
    long warmUp = args.length > 1 ? Long.parseLong(args[1]) : Math.max(6, 2 * seconds);
    ErrorExplainer explainer = ErrorExplainer.create(Locale.ENGLISH);
    List<String> corpus =
        ExplainCorpus.tunedOn().stream().map(ExplainCorpus.Entry::message).toList();
    List<String> logs = new ArrayList<>();
    for (String message : corpus.subList(0, 20)) {
      logs.add(PROGRESS.repeat(60) + message + "\n" + PROGRESS.repeat(10));
    }
    int characters = corpus.stream().mapToInt(String::length).sum();
    System.out.printf(
        Locale.ROOT,
        "corpus: %d messages, %.0f characters on average; logs: %d of about %d characters%n",
        corpus.size(),
        (double) characters / corpus.size(),
        logs.size(),
        logs.get(0).length());

    run("warm-up", explainer, corpus, warmUp);
    run("corpus messages", explainer, corpus, seconds);
    run("pasted logs (~200 lines)", explainer, logs, Math.max(2, seconds / 2));
    // Issue 13: the wording model runs only where the rules leave a text UNKNOWN.
    ErrorExplainer rulesOnly = explainer.withWordingModel(WordingModelTest.SILENT);
    run("corpus, rules only", rulesOnly, corpus, Math.max(2, seconds / 2));
    List<String> unknown =
        corpus.stream()
            .filter(text -> rulesOnly.explain(text).verdict().code() == DiagnosisCode.UNKNOWN)
            .toList();
    run("rules-UNKNOWN texts, model", explainer, unknown, Math.max(2, seconds / 2));
    run("rules-UNKNOWN texts, rules", rulesOnly, unknown, Math.max(2, seconds / 2));
  }

  /**
   * Prints the rate per wall-clock second and per CPU second of this thread (what one core does).
   */
  private static void run(String name, ErrorExplainer explainer, List<String> texts, long seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long count = 0;
    int sink = 0;
    while (System.nanoTime() < deadline) {
      for (String text : texts) {
        sink += explainer.explain(text).verdict().code().ordinal();
      }
      count += texts.size();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-26s %,9.0f messages/CPU-second %,9.0f messages/second wall  (%,d in %.1f s, %.1f µs CPU each; checksum %d)%n",
        name,
        count / cpu,
        count / elapsed,
        count,
        elapsed,
        cpu * 1e6 / count,
        sink % 1000);
  }
}
