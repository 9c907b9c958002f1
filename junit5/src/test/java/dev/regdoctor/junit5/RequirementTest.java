package dev.regdoctor.junit5;

import static dev.regdoctor.junit5.DoctorSettingsTest.parameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequirementTest {

  private static RequiresRegistry annotation(String method) {
    try {
      return Annotated.class.getDeclaredMethod(method)
          .getAnnotationsByType(RequiresRegistry.class)[0];
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(method, e);
    }
  }

  @Test
  void expandsTheImageAndDescribesBothForms() {
    Requirement requirement =
        Requirement.of(
            annotation("placeholder"), parameters(Map.of("registry.host", "localhost:5000")));

    assertThat(requirement.image()).isEqualTo("localhost:5000/team/app:1.0");
    assertThat(requirement.declared()).isEqualTo("${registry.host}/team/app:1.0");
    assertThat(requirement.describe())
        .isEqualTo(
            "@RequiresRegistry(\"${registry.host}/team/app:1.0\") (localhost:5000/team/app:1.0)");
    assertThat(requirement.failIfUnreachable()).isFalse();
  }

  @Test
  void literalImageIsDescribedOnce() {
    Requirement requirement = Requirement.of(annotation("skip"), parameters(Map.of()));

    assertThat(requirement.describe())
        .isEqualTo("@RequiresRegistry(\"registry.example.com/team/app:1.0\")");
  }

  @Test
  void failIfUnreachableAttributeFails() {
    assertThat(Requirement.of(annotation("fail"), parameters(Map.of())).failIfUnreachable())
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "true, skip, true",
    "TRUE, skip, true",
    "' true ', skip, true",
    "false, skip, false",
    "false, fail, true",
    "'', skip, false"
  })
  void failIfUnreachableParameterTurnsFailingOnButNeverOff(
      String value, String method, boolean fails) {
    Requirement requirement =
        Requirement.of(
            annotation(method),
            parameters(Map.of(RegistryDoctorExtension.FAIL_IF_UNREACHABLE_PARAMETER, value)));

    assertThat(requirement.failIfUnreachable()).isEqualTo(fails);
  }

  @Test
  void failIfUnreachableParameterMustBeABoolean() {
    assertThatThrownBy(
            () ->
                Requirement.of(
                    annotation("skip"),
                    parameters(
                        Map.of(RegistryDoctorExtension.FAIL_IF_UNREACHABLE_PARAMETER, "yes"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("regdoctor.failIfUnreachable must be true or false but was \"yes\"");
  }

  @Test
  void blankImageIsRejected() {
    assertThatThrownBy(() -> Requirement.of(annotation("blank"), parameters(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@RequiresRegistry needs an image");
  }

  @SuppressWarnings("unused")
  static class Annotated {
    @RequiresRegistry("${registry.host}/team/app:1.0")
    void placeholder() {}

    @RequiresRegistry("registry.example.com/team/app:1.0")
    void skip() {}

    @RequiresRegistry(value = "registry.example.com/team/app:1.0", failIfUnreachable = true)
    void fail() {}

    @RequiresRegistry(" ")
    void blank() {}
  }
}
