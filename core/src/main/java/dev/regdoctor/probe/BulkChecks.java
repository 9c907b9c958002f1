package dev.regdoctor.probe;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs many checks at once on a bounded pool of daemon threads. Checks of the same {@link
 * RegistryClient} share its connections, pings and tokens, so a bulk run sends one ping per
 * registry and one token request per repository scope.
 *
 * <p>A check is expected to report failures as values; an exception thrown by one stops the run and
 * is rethrown as an {@link IllegalStateException} with it as the cause.
 */
public final class BulkChecks {
  private BulkChecks() {}

  /**
   * Applies {@code check} to every item with at most {@code concurrency} threads and returns the
   * results in input order.
   *
   * @throws IllegalArgumentException if {@code concurrency} is not positive
   */
  public static <T, R> List<R> all(List<T> items, int concurrency, Function<T, R> check) {
    requireNonNull(items, "items");
    requireNonNull(check, "check");
    requirePositive(concurrency);
    if (items.size() <= 1 || concurrency == 1) {
      return items.stream().map(check).toList();
    }
    ExecutorService pool = pool(Math.min(concurrency, items.size()));
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> check.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking images", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a check failed unexpectedly: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Applies {@code check} to every item with {@code concurrency} threads and hands each result to
   * {@code consumer} as soon as it is ready, in completion order. Nothing is kept but the items
   * being checked, so memory stays flat for any number of items; {@code consumer} is called one
   * result at a time (never concurrently). Returns when every item is done.
   *
   * @throws IllegalArgumentException if {@code concurrency} is not positive
   */
  public static <T, R> void each(
      Iterable<T> items, int concurrency, Function<T, R> check, Consumer<R> consumer) {
    requireNonNull(items, "items");
    requireNonNull(check, "check");
    requireNonNull(consumer, "consumer");
    requirePositive(concurrency);
    // Workers pull the next item themselves: no hand-off through the calling thread.
    Iterator<T> next = items.iterator();
    Object lock = new Object();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          while (failure.get() == null) {
            T item;
            synchronized (next) {
              if (!next.hasNext()) {
                return;
              }
              item = requireNonNull(next.next(), "item");
            }
            R result = check.apply(item);
            synchronized (lock) {
              consumer.accept(result);
            }
          }
        };
    ExecutorService pool = pool(concurrency);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        workers.add(
            pool.submit(
                () -> {
                  try {
                    worker.run();
                  } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                  }
                }));
      }
      for (Future<?> future : workers) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking images", e);
    } catch (ExecutionException e) {
      failure.compareAndSet(null, e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "a check failed unexpectedly: " + failure.get(), failure.get());
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
