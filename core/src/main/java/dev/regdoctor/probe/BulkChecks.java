package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs many checks at once on a bounded pool of daemon threads. Checks of the same {@link
 * RegistryClient} share its connections, pings and tokens, so a bulk run sends one ping per
 * registry and one token request per repository scope.
 *
 * <p>The contract of both methods:
 *
 * <ul>
 *   <li>{@code check} runs on the pool's {@code regdoctor-check} threads; everything else the
 *       caller passes in (the consumer of {@link #each}) runs on the calling thread.
 *   <li>A check is expected to report failures as values. A {@link RuntimeException} thrown by one
 *       stops the run and is rethrown as an {@link IllegalStateException} that names the item's
 *       position (counting from 0) and has it as the cause; an {@link Error} is rethrown as is.
 *   <li>An exception thrown by the consumer, or by the iterator of the items, stops the run and
 *       reaches the caller as itself; the consumer is not called again.
 *   <li>A null item is a {@link NullPointerException} naming its position: before anything runs for
 *       a {@link java.util.Collection}, when the iteration reaches it for other iterables.
 *   <li>When the run stops early, checks still running are interrupted and their results dropped.
 * </ul>
 */
public final class BulkChecks {
  private BulkChecks() {}

  /**
   * Applies {@code check} to every item with at most {@code concurrency} threads and returns the
   * results in input order. With one item, or {@code concurrency} 1, the checks run on the calling
   * thread, with the same exceptions as on the pool.
   *
   * @throws NullPointerException if an item is null, naming its position, before any check runs
   * @throws IllegalStateException if a check throws, with that exception as the cause
   * @throws IllegalArgumentException if {@code concurrency} is not positive
   */
  public static <T, R> List<R> all(List<T> items, int concurrency, Function<T, R> check) {
    return all(null, items, concurrency, check);
  }

  /**
   * As {@link #all(List, int, Function)}, with the items called {@code name} where a null one is
   * reported: {@code images[1] is null} for the name {@code images} ({@code item 1 is null} without
   * a name).
   */
  public static <T, R> List<R> all(
      @Nullable String name, List<T> items, int concurrency, Function<T, R> check) {
    requireNonNull(items, "items");
    requireNonNull(check, "check");
    requirePositive(concurrency);
    requireNoNullItem(name, items);
    if (items.size() <= 1 || concurrency == 1) {
      List<R> results = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        results.add(checkOne(check, items.get(i), i));
      }
      return Collections.unmodifiableList(results);
    }
    Object[] results = new Object[items.size()];
    Iterable<Integer> indices = () -> java.util.stream.IntStream.range(0, items.size()).iterator();
    each(
        name,
        indices,
        Math.min(concurrency, items.size()),
        index -> new Indexed<>(index, check.apply(items.get(index))),
        indexed -> results[indexed.index()] = indexed.result());
    @SuppressWarnings("unchecked")
    List<R> list = (List<R>) Collections.unmodifiableList(Arrays.asList(results));
    return list;
  }

  /**
   * Applies {@code check} to every item with {@code concurrency} threads and hands each result to
   * {@code consumer} on the calling thread as soon as it is ready, in completion order, one at a
   * time. Nothing is kept but the items being checked and at most {@code 2 × concurrency} results
   * waiting for the consumer, so memory stays flat for any number of items. The items are iterated
   * on the pool's threads, one at a time (never concurrently). Returns when every item is done.
   *
   * @throws NullPointerException if an item is null, naming its position (see the class comment)
   * @throws IllegalStateException if a check throws, with that exception as the cause
   * @throws IllegalArgumentException if {@code concurrency} is not positive
   */
  public static <T, R> void each(
      Iterable<T> items, int concurrency, Function<T, R> check, Consumer<R> consumer) {
    each(null, items, concurrency, check, consumer);
  }

  /**
   * As {@link #each(Iterable, int, Function, Consumer)}, with the items called {@code name} where a
   * null one is reported: {@code images[1] is null} for the name {@code images}.
   */
  public static <T, R> void each(
      @Nullable String name,
      Iterable<T> items,
      int concurrency,
      Function<T, R> check,
      Consumer<R> consumer) {
    requireNonNull(items, "items");
    requireNonNull(check, "check");
    requireNonNull(consumer, "consumer");
    requirePositive(concurrency);
    if (items instanceof java.util.Collection<?> collection) {
      requireNoNullItem(name, collection);
    }
    new Run<>(name, items.iterator(), concurrency, check).deliverTo(consumer);
  }

  /** One bulk run: workers check items and queue outcomes; the calling thread takes them. */
  private static final class Run<T, R> {
    private final @Nullable String name;
    private final Iterator<T> items;
    private final int workers;
    private final Function<T, R> check;
    private final BlockingQueue<Outcome<R>> outcomes;
    private volatile boolean stopped;
    private int position; // guarded by items

    Run(@Nullable String name, Iterator<T> items, int workers, Function<T, R> check) {
      this.name = name;
      this.items = items;
      this.workers = workers;
      this.check = check;
      // room for each worker's result and its end-of-work marker: a worker never waits long
      this.outcomes = new ArrayBlockingQueue<>(2 * workers);
    }

    void deliverTo(Consumer<R> consumer) {
      ExecutorService pool = pool(workers);
      try {
        for (int i = 0; i < workers; i++) {
          pool.execute(this::work);
        }
        int finished = 0;
        while (finished < workers) {
          Outcome<R> outcome = outcomes.take();
          if (outcome instanceof Outcome.Result<R> result) {
            consumer.accept(result.value());
          } else if (outcome instanceof Outcome.Failed<R> failed) {
            throw failed.rethrow();
          } else {
            finished++;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking images", e);
      } finally {
        stopped = true;
        pool.shutdownNow();
      }
    }

    private void work() {
      try {
        while (!stopped) {
          T item;
          int index;
          synchronized (items) {
            if (stopped) {
              return;
            }
            try {
              if (!items.hasNext()) {
                break;
              }
              item = items.next();
            } catch (RuntimeException | Error e) {
              offer(new Outcome.Failed<>(e)); // the caller's iterator: its exception as is
              return;
            }
            index = position++;
          }
          if (item == null) {
            offer(new Outcome.Failed<>(new NullPointerException(nullItem(name, index))));
            return;
          }
          R result;
          try {
            result = check.apply(item);
          } catch (RuntimeException e) {
            offer(new Outcome.Failed<>(failedCheck(index, e)));
            return;
          } catch (Error e) {
            offer(new Outcome.Failed<>(e));
            return;
          }
          offer(new Outcome.Result<>(result));
        }
        offer(new Outcome.Done<>());
      } catch (InterruptedException e) {
        // the run stopped; nobody waits for this worker
      }
    }

    private void offer(Outcome<R> outcome) throws InterruptedException {
      if (!stopped) {
        outcomes.put(outcome);
      }
    }
  }

  private sealed interface Outcome<R> {
    record Result<R>(R value) implements Outcome<R> {}

    /** A failure to rethrow as is: a {@link RuntimeException} or an {@link Error}. */
    record Failed<R>(Throwable failure) implements Outcome<R> {
      RuntimeException rethrow() {
        if (failure instanceof Error error) {
          throw error;
        }
        return (RuntimeException) failure;
      }
    }

    record Done<R>() implements Outcome<R> {}
  }

  private record Indexed<R>(int index, @Nullable R result) {}

  private static <T, R> R checkOne(Function<T, R> check, T item, int index) {
    try {
      return check.apply(item);
    } catch (RuntimeException e) {
      throw failedCheck(index, e);
    }
  }

  private static IllegalStateException failedCheck(int index, RuntimeException e) {
    return new IllegalStateException("the check of item " + index + " threw " + e, e);
  }

  private static String nullItem(@Nullable String name, int index) {
    return (name == null ? "item " + index : name + "[" + index + "]") + " is null";
  }

  private static void requireNoNullItem(@Nullable String name, java.util.Collection<?> items) {
    int index = 0;
    for (Object item : items) {
      if (item == null) {
        throw new NullPointerException(nullItem(name, index));
      }
      index++;
    }
  }

  private static void requirePositive(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be positive but was " + concurrency);
    }
  }

  private static ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(
        threads,
        runnable -> {
          Thread thread = new Thread(runnable, "regdoctor-check");
          thread.setDaemon(true);
          return thread;
        });
  }
}
