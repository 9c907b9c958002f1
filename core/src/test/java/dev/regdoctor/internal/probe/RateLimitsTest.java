package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.internal.http.Exchange;
import dev.regdoctor.probe.RateLimit;
import dev.regdoctor.testkit.Gen;
import dev.regdoctor.testkit.SeededProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import okhttp3.Headers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

  private static Headers headers(String... namesAndValues) {
    return Headers.of(namesAndValues);
  }

  @Nested
  class DockerHubHeaders {
    @Test
    void allHeadersAreRead() {
      RateLimit limit =
          RateLimits.parse(
              headers(
                  "ratelimit-limit", "100;w=21600",
                  "ratelimit-remaining", "76;w=21600",
                  "docker-ratelimit-source", "192.0.2.7"),
              CLOCK);

      assertThat(limit).isEqualTo(new RateLimit(100, 76, Duration.ofHours(6), "192.0.2.7", null));
      assertThat(limit.remainingPulls()).hasValue(76);
      assertThat(limit.isBelow(10)).isFalse();
      assertThat(limit.isBelow(80)).isTrue();
    }

    @Test
    void headerNamesAreCaseInsensitive() {
      RateLimit limit =
          RateLimits.parse(
              headers("RateLimit-Limit", "200;w=3600", "RateLimit-Remaining", "0;w=3600"), CLOCK);

      assertThat(limit.limit()).isEqualTo(200);
      assertThat(limit.remaining()).isZero();
      assertThat(limit.window()).isEqualTo(Duration.ofHours(1));
      assertThat(limit.isBelow(1)).isTrue();
    }

    @Test
    void windowIsTakenFromRemainingWhenLimitHasNone() {
      RateLimit limit =
          RateLimits.parse(
              headers("ratelimit-limit", "100", "ratelimit-remaining", "5;w=21600"), CLOCK);

      assertThat(limit.window()).isEqualTo(Duration.ofSeconds(21600));
    }

    @Test
    void sourceAloneIsARateLimit() {
      RateLimit limit =
          RateLimits.parse(headers("docker-ratelimit-source", "2001:db8::/64"), CLOCK);

      assertThat(limit).isEqualTo(new RateLimit(-1, -1, null, "2001:db8::/64", null));
      assertThat(limit.remainingPulls()).isEqualTo(OptionalInt.empty());
      assertThat(limit.isBelow(50)).isFalse();
    }

    @Test
    void noRateLimitHeadersIsNull() {
      assertThat(RateLimits.parse(headers("Content-Type", "application/json"), CLOCK)).isNull();
    }

    @Test
    void retryAfterOnA429IsRecorded() {
      RateLimit limit = RateLimits.parse(headers("Retry-After", "30"), CLOCK);

      assertThat(limit.retryAfter()).isEqualTo(Duration.ofSeconds(30));
      assertThat(limit.limit()).isEqualTo(-1);
    }
  }

  @Nested
  class Count {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "100;w=21600 | 100",
          "100        | 100",
          " 7 ;w=60   | 7",
          "100, 100;w=21600 | 100",
          "0;w=1      | 0",
          "999999999  | 999999999"
        })
    void readsTheCountBeforeTheParameters(String value, int expected) {
      assertThat(RateLimits.count(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
        strings = {
          "",
          ";w=21600",
          "-1",
          "1e3",
          "ten",
          "1000000000",
          "99999999999999999999",
          "12a;w=1"
        })
    void malformedCountIsMinusOne(String value) {
      assertThat(RateLimits.count(value)).isEqualTo(-1);
    }
  }

  @Nested
  class Window {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "100;w=21600      | 21600",
          "100; w=3600      | 3600",
          "100;foo=1;w=60   | 60",
          "100;w= 60        | 60"
        })
    void readsTheWindowInSeconds(String value, long seconds) {
      assertThat(RateLimits.window(value)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
        strings = {"100", "100;w=", "100;w=-5", "100;w=6h", "100;window=60", "100;w=1234567890"})
    void missingOrMalformedWindowIsNull(String value) {
      assertThat(RateLimits.window(value)).isNull();
    }
  }

  @Nested
  class RetryAfter {
    private Duration retryAfter(String value) {
      return Exchange.retryAfter(headers("Retry-After", value), CLOCK);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "120, 120", "' 45 ', 45", "999999999, 999999999"})
    void deltaSecondsAreRead(String value, long seconds) {
      assertThat(retryAfter(value)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void httpDateIsTheTimeUntilThen() {
      assertThat(retryAfter("Wed, 21 Oct 2015 07:30:00 GMT")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void httpDateWithSingleDigitDayIsRead() {
      Clock clock = Clock.fixed(Instant.parse("2015-10-01T07:28:00Z"), ZoneOffset.UTC);

      assertThat(Exchange.retryAfter(headers("Retry-After", "Thu, 1 Oct 2015 07:28:10 GMT"), clock))
          .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void httpDateInThePastIsZero() {
      assertThat(retryAfter("Wed, 21 Oct 2015 07:00:00 GMT")).isZero();
    }

    @Test
    void absentHeaderIsNull() {
      assertThat(Exchange.retryAfter(headers(), CLOCK)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          " ",
          "-1",
          "1.5",
          "soon",
          "1234567890",
          "2015-10-21T07:30:00Z",
          "Wed, 32 Oct 2015 07:30:00 GMT"
        })
    void malformedValueIsNull(String value) {
      assertThat(retryAfter(value)).isNull();
    }
  }

  @SeededProperty(cases = 1000)
  void countNeverThrowsAndIsNeverBelowMinusOne(long seed) {
    String value = new Gen(seed).anyString(255);
    assertThat(RateLimits.count(value)).isGreaterThanOrEqualTo(-1);
    Duration window = RateLimits.window(value);
    if (window != null) {
      assertThat(window.isNegative()).isFalse();
    }
  }
}
