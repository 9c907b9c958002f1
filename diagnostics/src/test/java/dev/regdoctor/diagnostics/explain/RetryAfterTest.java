package dev.regdoctor.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The wait a throttled text gives: Retry-After in the forms clients print it, and nothing else. */
class RetryAfterTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "received unexpected HTTP status: 429 Too Many Requests Retry-After: 60 | 60",
        "map[Content-Type:[application/json] Retry-After:[120]] | 120",
        "{\"Retry-After\": \"30\"} | 30",
        "429 Too Many Requests, retry after 15 seconds. | 15",
        "retry-after=5 | 5",
      })
  void delayInSecondsIsReadFromEachForm(String text, long seconds) {
    assertThat(RetryAfter.seconds(text)).hasValue(seconds);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Retry-After: Wed, 21 Oct 2026 07:28:00 GMT",
        "retry after 2026-10-21T07:28:00Z",
        "retry after 10:30",
        "retry after 1.5 seconds",
        "Retry-After: 99999999",
        "toomanyrequests: You have reached your pull rate limit.",
        "retrying after a while",
      })
  void datesTimesFractionsAndHugeNumbersAreNoDelay(String text) {
    assertThat(RetryAfter.seconds(text)).isEmpty();
  }

  @Test
  void anyTextGivesADelayWithinAWeekOrNone() {
    Random random = new Random(15);
    String[] pieces = {
      "Retry-After", "retry after", ":", " ", "[", "\"", "60", "2026-", "9", ".", "x"
    };
    for (int i = 0; i < 5_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      OptionalLong seconds = RetryAfter.seconds(text);
      assertThat(seconds.orElse(0)).as(text.toString()).isBetween(0L, 7L * 24 * 3600);
    }
  }

  @Test
  void throttledTextWithRetryAfterTellsWhenToRetry() {
    Explanation explanation =
        ErrorExplainer.create(Locale.ENGLISH)
            .explain(
                "Error response from daemon: received unexpected HTTP status: 429 Too Many"
                    + " Requests Retry-After: 60");

    assertThat(explanation.verdict().code()).isEqualTo(DiagnosisCode.RATE_LIMITED);
    assertThat(explanation.verdict().remediation())
        .anySatisfy(step -> assertThat(step.text()).contains("in 60 s"));
  }

  @Test
  void throttledTextWithoutADelayStillSaysToStopRetrying() {
    Explanation explanation =
        ErrorExplainer.create(Locale.ENGLISH)
            .explain("toomanyrequests: You have reached your pull rate limit.");

    assertThat(explanation.verdict().remediation())
        .anySatisfy(step -> assertThat(step.text()).startsWith("Stop retry loops"));
  }
}
