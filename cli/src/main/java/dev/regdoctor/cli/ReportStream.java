package dev.regdoctor.cli;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.probe.BulkChecks;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks many images concurrently and prints each report as soon as it and every report before it
 * are ready, so output keeps the input order while memory stays flat: at most {@link #window}
 * reports are checked or waiting ahead of the last one printed, whatever the number of images.
 */
final class ReportStream<R> {
  /** Reports allowed ahead of the printed one per thread; one slow registry stalls no more. */
  private static final int AHEAD_PER_THREAD = 32;

  private final int window;
  private final Semaphore ahead;
  private final Map<Integer, R> waiting = new HashMap<>();
  private int nextToPrint;
  private int peakWaiting;
  private boolean allOk = true;
  private volatile boolean stopped;

  ReportStream(int concurrency) {
    this.window = Math.max(64, concurrency * AHEAD_PER_THREAD);
    this.ahead = new Semaphore(window);
  }

  /**
   * Diagnoses {@code images} with {@code concurrency} threads and hands the reports to {@code sink}
   * in input order, one at a time. Returns whether every report was OK.
   */
  static boolean check(
      RegistryDoctor doctor, List<String> images, int concurrency, Consumer<Report> sink) {
    return new ReportStream<Report>(concurrency)
        .run(images, concurrency, doctor::check, Report::ok, sink);
  }

  /**
   * Applies {@code check} to every item with {@code concurrency} threads and hands the results to
   * {@code sink} in input order, one at a time; returns whether {@code ok} held for all of them.
   */
  boolean run(
      List<String> items,
      int concurrency,
      Function<String, R> check,
      Predicate<R> ok,
      Consumer<R> sink) {
    BulkChecks.each(
        indices(items.size()),
        concurrency,
        index -> checkOne(check, items, index),
        indexed -> arrived(indexed, ok, sink));
    return allOk;
  }

  /** Returns the window: the most results checked or waiting ahead of the last one printed. */
  int window() {
    return window;
  }

  /** Returns the most results that ever waited for an earlier one. */
  int peakWaiting() {
    return peakWaiting;
  }

  /**
   * Prints reports as text (a blank line between two) or, for {@code json}, one JSON object for a
   * single image and a JSON array for several, written element by element. The array is the same
   * text {@link RegistryDoctor#toJson(List)} writes for the whole list.
   */
  static Consumer<Report> printer(PrintWriter out, boolean json, int count, boolean color) {
    boolean array = json && count != 1;
    int[] printed = {0};
    return report -> {
      if (json) {
        out.print(printed[0] == 0 ? (array ? "[ " : "") : ", ");
        out.print(report.toJson());
      } else {
        if (printed[0] > 0) {
          out.println();
        }
        out.print(report.toText(color));
      }
      printed[0]++;
      if (!array || printed[0] == count) {
        out.println(array ? " ]" : "");
      }
      out.flush();
    };
  }

  private Iterable<Integer> indices(int count) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < count;
          }

          @Override
          public Integer next() {
            if (next >= count) {
              throw new NoSuchElementException();
            }
            // wait until the printed position is close enough: bounds the results held; once the
            // run has failed nothing will be printed again, so nobody waits
            if (!stopped) {
              ahead.acquireUninterruptibly();
            }
            return next++;
          }
        };
  }

  private Indexed<R> checkOne(Function<String, R> check, List<String> items, int index) {
    try {
      return new Indexed<>(index, check.apply(items.get(index)));
    } catch (RuntimeException | Error e) {
      stop();
      throw e;
    }
  }

  /**
   * The run stops: no worker may wait for a result that will never be printed. The flag comes
   * first, so that a worker either sees it or takes one of the permits released after it (only one
   * worker at a time takes the next item, so {@code window} permits are plenty).
   */
  private void stop() {
    stopped = true;
    ahead.release(window);
  }

  private void arrived(Indexed<R> indexed, Predicate<R> ok, Consumer<R> sink) {
    try {
      print(indexed, ok, sink);
    } catch (RuntimeException | Error e) {
      stop();
      throw e;
    }
  }

  private void print(Indexed<R> indexed, Predicate<R> ok, Consumer<R> sink) {
    waiting.put(indexed.index(), indexed.result());
    peakWaiting = Math.max(peakWaiting, waiting.size());
    for (R result = waiting.remove(nextToPrint);
        result != null;
        result = waiting.remove(nextToPrint)) {
      allOk &= ok.test(result);
      sink.accept(result);
      nextToPrint++;
      ahead.release();
    }
  }

  private record Indexed<R>(int index, R result) {}
}
