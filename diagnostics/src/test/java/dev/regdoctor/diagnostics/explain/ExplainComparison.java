package dev.regdoctor.diagnostics.explain;

import java.io.File;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Compares two builds of the explainer inside one JVM: each build in its own class loader, rounds
 * alternating, so that load from other processes falls on both alike. Each round explains the
 * tuned-on corpus {@code passes} times with one build, then with the other, and prints the CPU time
 * per message of this thread for both and their ratio; the last lines give the medians. Not a test
 * (timings are never asserted):
 *
 * <pre>
 * taskset -c 0 java -cp $CP dev.regdoctor.diagnostics.explain.ExplainComparison \
 *     BEFORE_CLASSPATH AFTER_CLASSPATH [rounds] [passes]
 * </pre>
 *
 * <p>Each class path holds a build's {@code diagnostics/target/classes}, {@code
 * core/target/classes} and the libraries they need (the runtime part of {@code
 * target/test-classpath.txt}); the corpus is read once, by this class, and handed to both.
 */
final class ExplainComparison {
  private ExplainComparison() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println(
          "usage: ExplainComparison BEFORE_CLASSPATH AFTER_CLASSPATH [rounds] [passes]");
      System.exit(2);
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int passes = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    List<String> corpus =
        ExplainCorpus.tunedOn().stream().map(ExplainCorpus.Entry::message).toList();
    Build before = new Build("before", args[0]);
    Build after = new Build("after", args[1]);
    // Warm both up until their JIT has settled on the hot paths.
    for (int i = 0; i < 3; i++) {
      before.run(corpus, passes);
      after.run(corpus, passes);
    }
    double[] beforeMicros = new double[rounds];
    double[] afterMicros = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      // Alternate which build goes first, so neither always follows the other's garbage.
      boolean beforeFirst = round % 2 == 0;
      double first = (beforeFirst ? before : after).run(corpus, passes);
      double second = (beforeFirst ? after : before).run(corpus, passes);
      beforeMicros[round] = beforeFirst ? first : second;
      afterMicros[round] = beforeFirst ? second : first;
      System.out.printf(
          Locale.ROOT,
          "round %2d: before %7.1f µs CPU per message (%,6.0f/CPU-s), after %7.1f µs (%,6.0f/CPU-s),"
              + " ratio %.2f%n",
          round + 1,
          beforeMicros[round],
          1e6 / beforeMicros[round],
          afterMicros[round],
          1e6 / afterMicros[round],
          beforeMicros[round] / afterMicros[round]);
    }
    print("before", beforeMicros);
    print("after", afterMicros);
  }

  private static void print(String name, double[] micros) {
    double[] sorted = micros.clone();
    Arrays.sort(sorted);
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    System.out.printf(
        Locale.ROOT,
        "%-6s median %.1f µs CPU per message (%,.0f per CPU-second), best %.1f µs (%,.0f)%n",
        name,
        median,
        1e6 / median,
        sorted[0],
        1e6 / sorted[0]);
  }

  /** One build of the explainer, loaded apart from this class's own. */
  private static final class Build {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String name;
    private final Object explainer;
    private final MethodHandle explain;
    private int sink;

    Build(String name, String classPath) throws Throwable {
      this.name = name;
      List<URL> urls = new ArrayList<>();
      for (String entry : classPath.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          urls.add(url(entry));
        }
      }
      ClassLoader loader =
          new URLClassLoader(name, urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
      Class<?> type =
          Class.forName("dev.regdoctor.diagnostics.explain.ErrorExplainer", true, loader);
      this.explainer = type.getMethod("create", Locale.class).invoke(null, Locale.ENGLISH);
      Class<?> result = type.getMethod("explain", String.class).getReturnType();
      this.explain =
          MethodHandles.publicLookup()
              .findVirtual(type, "explain", MethodType.methodType(result, String.class))
              .asType(MethodType.methodType(Object.class, Object.class, String.class));
    }

    private static URL url(String entry) throws MalformedURLException {
      return new File(entry).toURI().toURL();
    }

    /** Returns the CPU microseconds this thread spent per message. */
    double run(List<String> texts, int passes) throws Throwable {
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      for (int pass = 0; pass < passes; pass++) {
        for (String text : texts) {
          sink += System.identityHashCode((Object) explain.invokeExact(explainer, text)) & 1;
        }
      }
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
      if (sink == Integer.MIN_VALUE) {
        System.out.println(name);
      }
      return cpu / 1e3 / ((double) texts.size() * passes);
    }
  }
}
