package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class ReportStreamTest {
  private static final int CASES = 40;

  static Stream<Long> seeds() {
    return new SplittableRandom(16).longs(CASES).boxed();
  }

  /** Items finish in random order (some much later than others); the sink sees input order. */
  @ParameterizedTest
  @MethodSource("seeds")
  void handsResultsOnInInputOrderWithABoundedWindow(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int count = 1 + random.nextInt(400);
    int concurrency = 1 + random.nextInt(12);
    List<String> items = IntStream.range(0, count).mapToObj(i -> "item-" + i).toList();
    long[] delays = new long[count];
    for (int i = 0; i < count; i++) {
      // mostly quick, sometimes a straggler that everything after it overtakes
      delays[i] =
          random.nextInt(20) == 0 ? 2_000_000 + random.nextInt(3_000_000) : random.nextInt(50_000);
    }
    List<String> seen = new ArrayList<>();
    ReportStream<String> stream = new ReportStream<>(concurrency);
    boolean ok =
        stream.run(
            items,
            concurrency,
            item -> {
              LockSupport.parkNanos(delays[Integer.parseInt(item.substring(5))]);
              return item;
            },
            item -> !item.equals("item-7"),
            seen::add);

    assertThat(seen).containsExactlyElementsOf(items);
    assertThat(ok).isEqualTo(count <= 7);
    assertThat(stream.peakWaiting()).isLessThanOrEqualTo(stream.window());
  }

  @Test
  void aFailingPrinterStopsTheRunInsteadOfWaitingForever() {
    assertThatThrownBy(
            () ->
                runWhileTheOthersFillTheWindow(
                    false,
                    item -> {
                      throw new IllegalStateException("closed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("closed");
  }

  @Test
  void aFailingCheckStopsTheRunInsteadOfWaitingForever() {
    assertThatThrownBy(() -> runWhileTheOthersFillTheWindow(true, item -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("boom");
  }

  /**
   * Checks 500 items on 4 threads; the first takes 20 ms (the other workers fill the window
   * meanwhile) and then fails with "boom" when {@code failFirst}.
   */
  private static void runWhileTheOthersFillTheWindow(boolean failFirst, Consumer<String> sink) {
    List<String> items = IntStream.range(0, 500).mapToObj(String::valueOf).toList();
    new ReportStream<String>(4)
        .run(
            items,
            4,
            item -> {
              if (item.equals("0")) {
                LockSupport.parkNanos(20_000_000);
                if (failFirst) {
                  throw new IllegalStateException("boom");
                }
              }
              return item;
            },
            item -> true,
            sink);
  }

  @Test
  void streamedJsonArrayIsTheTextOfTheWholeList() throws Exception {
    List<Report> reports = invalidReferenceReports("UPPER/case:1", "a b", "x::y");

    assertThat(print(true, reports)).isEqualTo(RegistryDoctor.toJson(reports) + "\n");
    JsonNode array = new ObjectMapper().readTree(print(true, reports));
    assertThat(array.size()).isEqualTo(3);
    assertThat(array.get(1).path("input").asText()).isEqualTo("a b");
  }

  @Test
  void oneImageIsOneJsonObjectAndTextReportsAreSeparatedByABlankLine() {
    List<Report> one = invalidReferenceReports("UPPER/case:1");
    List<Report> two = invalidReferenceReports("UPPER/case:1", "a b");

    assertThat(print(true, one)).isEqualTo(one.get(0).toJson() + "\n");
    assertThat(print(false, two))
        .isEqualTo(two.get(0).toText(false) + "\n\n" + two.get(1).toText(false) + "\n");
  }

  private static List<Report> invalidReferenceReports(String... images) {
    // invalid references are diagnosed without any network access
    try (RegistryDoctor doctor = RegistryDoctor.builder().locale(Locale.ENGLISH).build()) {
      return doctor.checkAll(List.of(images));
    }
  }

  private static String print(boolean json, List<Report> reports) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    reports.forEach(ReportStream.printer(out, json, reports.size(), false));
    return text.toString().replace(System.lineSeparator(), "\n");
  }
}
