package dev.regdoctor.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "10s, PT10S",
    "2m, PT2M",
    "1h, PT1H",
    "' 5s ', PT5S",
    "10S, PT10S",
    "PT10S, PT10S",
    "pt1m30s, PT1M30S",
  })
  void parsesNumbersWithUnitsAndIso(String text, String expected) {
    assertThat(DurationText.parse("regdoctor.timeout", text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "10", "10 s", "1.5s", "-5s", "5d", "PT", "s"})
  void rejectsOtherFormsNamingTheSetting(String text) {
    assertThatThrownBy(() -> DurationText.parse("regdoctor.timeout", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "regdoctor.timeout must be a duration such as 500ms, 10s, 2m or PT10S but was \""
                + text
                + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "PT0S", "PT-1S"})
  void rejectsDurationsThatAreNotPositive(String text) {
    assertThatThrownBy(() -> DurationText.parse("timeout", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive but was " + text);
  }
}
