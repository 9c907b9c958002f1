package dev.regdoctor.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {
  private static final Map<String, String> VALUES =
      Map.of("registry.host", "localhost:5000", "team", " shop ", "tag", "1.4");
  private static final Function<String, Optional<String>> PARAMETERS =
      name -> Optional.ofNullable(VALUES.get(name));

  @ParameterizedTest
  @CsvSource({
    "registry.example.com/team/app:1.0, registry.example.com/team/app:1.0",
    "${registry.host}/team/app:1.0, localhost:5000/team/app:1.0",
    "${registry.host}/${team}/app:${tag}, localhost:5000/shop/app:1.4",
    "${ registry.host }/app, localhost:5000/app",
    "$registry.host/app, $registry.host/app",
  })
  void replacesPlaceholdersWithParameters(String text, String expected) {
    assertThat(Placeholders.expand(text, PARAMETERS)).isEqualTo(expected);
  }

  @Test
  void placeholderWithoutValueNamesTheParameterToSet() {
    assertThatThrownBy(() -> Placeholders.expand("${registry.port}/app", PARAMETERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("placeholder ${registry.port}")
        .hasMessageContaining("set the configuration parameter registry.port");
  }

  @Test
  void unclosedPlaceholderIsRejected() {
    assertThatThrownBy(() -> Placeholders.expand("${registry.host/app", PARAMETERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unclosed placeholder at index 0 in \"${registry.host/app\"");
  }

  @Test
  void emptyPlaceholderIsRejected() {
    assertThatThrownBy(() -> Placeholders.expand("host/${ }/app", PARAMETERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty placeholder at index 5 in \"host/${ }/app\"");
  }
}
