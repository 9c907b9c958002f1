package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The contract of bulk runs: threads, exceptions and null items (review 16, finding 5). */
@Timeout(30)
class BulkChecksTest {
  private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().toList();

  @Test
  void theConsumerRunsOnTheCallingThreadAndTheChecksOnThePool() {
    Set<String> consumerThreads = ConcurrentHashMap.newKeySet();
    Set<String> checkThreads = ConcurrentHashMap.newKeySet();

    BulkChecks.each(
        HUNDRED,
        8,
        item -> {
          checkThreads.add(Thread.currentThread().getName());
          return item;
        },
        result -> consumerThreads.add(Thread.currentThread().getName()));

    assertThat(consumerThreads).containsExactly(Thread.currentThread().getName());
    assertThat(checkThreads).containsOnly("regdoctor-check");
  }

  @Test
  void theConsumersExceptionReachesTheCallerAsItselfAndNoCallbackFollows() {
    RuntimeException boom = new IllegalStateException("consumer boom");
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                BulkChecks.each(
                    endless(),
                    4,
                    item -> item,
                    result -> {
                      if (calls.incrementAndGet() == 2) {
                        throw boom;
                      }
                    }))
        .isSameAs(boom);
    assertThat(calls).hasValue(2);
  }

  @Test
  void theIteratorsExceptionReachesTheCallerAsItself() {
    RuntimeException broken = new IllegalStateException("source broken");
    Iterable<Integer> failing =
        () ->
            new Iterator<>() {
              private int next;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Integer next() {
                if (next == 5) {
                  throw broken;
                }
                return next++;
              }
            };

    assertThatThrownBy(() -> BulkChecks.each(failing, 2, item -> item, result -> {}))
        .isSameAs(broken);
  }

  @Test
  void aFailingCheckIsAnIllegalStateExceptionNamingTheItemsPosition() {
    RuntimeException bug = new IllegalArgumentException("bug");

    assertThatThrownBy(
            () ->
                BulkChecks.each(
                    HUNDRED,
                    4,
                    item -> {
                      if (item == 7) {
                        throw bug;
                      }
                      return item;
                    },
                    result -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the check of item 7 threw")
        .hasCause(bug);
  }

  @Test
  void allWrapsAFailingCheckTheSameWayForOneItemAsForSeveral() {
    RuntimeException bug = new IllegalArgumentException("bug");

    for (List<Integer> items : List.of(List.of(0), HUNDRED)) {
      assertThatThrownBy(
              () ->
                  BulkChecks.all(
                      items,
                      4,
                      item -> {
                        if (item == 0) {
                          throw bug;
                        }
                        return item;
                      }))
          .as("%d items", items.size())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("the check of item 0 threw")
          .hasCause(bug);
    }
  }

  @Test
  void anErrorFromACheckIsRethrownAsIs() {
    Error error = new AssertionError("from a test's listener");

    assertThatThrownBy(
            () ->
                BulkChecks.each(
                    HUNDRED,
                    4,
                    item -> {
                      throw error;
                    },
                    result -> {}))
        .isSameAs(error);
  }

  @Test
  void aNullItemOfACollectionIsRejectedBeforeAnyCheckRuns() {
    AtomicInteger checks = new AtomicInteger();
    List<Integer> withNull = Arrays.asList(0, 1, null, 3);

    assertThatThrownBy(() -> BulkChecks.each(withNull, 2, checks::addAndGet, result -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("item 2 is null");
    assertThatThrownBy(() -> BulkChecks.all(Arrays.asList((Integer) null), 2, checks::addAndGet))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("item 0 is null");
    assertThat(checks).hasValue(0);
  }

  @Test
  void aNullItemOfALazyIterableIsRejectedWhenReachedNamingItsPosition() {
    Iterable<Integer> lazy = () -> Arrays.asList(0, 1, null, 3).iterator();

    assertThatThrownBy(() -> BulkChecks.each(lazy, 1, item -> item, result -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("item 2 is null");
  }

  @Test
  void allReturnsAnUnmodifiableListInInputOrder() {
    List<Integer> results = BulkChecks.all(HUNDRED, 8, item -> item * 2);

    assertThat(results).containsExactlyElementsOf(HUNDRED.stream().map(i -> i * 2).toList());
    assertThatThrownBy(() -> results.add(1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void everyResultReachesTheConsumerOnce() {
    List<Integer> seen = new ArrayList<>();

    BulkChecks.each(HUNDRED, 8, item -> item, seen::add);

    assertThat(seen).containsExactlyInAnyOrderElementsOf(HUNDRED);
  }

  private static Iterable<Integer> endless() {
    return () -> IntStream.iterate(0, i -> i + 1).boxed().iterator();
  }
}
