package dev.regdoctor.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTest {
  @Test
  void countsInsertionsDeletionsAndSubstitutions() {
    assertThat(EditDistance.of("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void aBoundedDistanceStopsAtOneMoreThanItsLimit() {
    assertThat(EditDistance.atMost("kitten", "sitting", 5)).isEqualTo(3);
    assertThat(EditDistance.atMost("kitten", "sitting", 2)).isEqualTo(3);
    assertThat(EditDistance.atMost("a", "abcdef", 2)).isEqualTo(3);
  }
}
