package dev.regdoctor.junit5;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@link RequiresRegistry} annotation made concrete: the image with its placeholders replaced,
 * whether an unmet requirement fails, and the settings of the doctor that checks it.
 *
 * @param declared the image as written in the annotation, e.g. {@code ${registry}/team/app:1.0}
 * @param image the image to check, e.g. {@code localhost:5000/team/app:1.0}
 * @param failIfUnreachable whether an unmet requirement fails the tests instead of skipping them
 * @param settings the settings of the doctor
 */
record Requirement(
    String declared, String image, boolean failIfUnreachable, DoctorSettings settings) {

  /** Validates. */
  Requirement {
    requireNonNull(declared, "declared");
    requireNonNull(image, "image");
    requireNonNull(settings, "settings");
  }

  /**
   * Resolves {@code annotation} against the configuration {@code parameters}.
   *
   * @throws IllegalArgumentException naming the attribute or parameter that is invalid
   */
  static Requirement of(
      RequiresRegistry annotation, Function<String, Optional<String>> parameters) {
    requireNonNull(annotation, "annotation");
    requireNonNull(parameters, "parameters");
    String declared = annotation.value();
    if (declared.isBlank()) {
      throw new IllegalArgumentException(
          "@RequiresRegistry needs an image, such as registry.example.com/team/app:1.0, but its"
              + " value is blank");
    }
    String image = Placeholders.expand(declared, parameters);
    boolean fail = annotation.failIfUnreachable() || failEverywhere(parameters);
    return new Requirement(declared, image, fail, DoctorSettings.resolve(annotation, parameters));
  }

  /**
   * Returns the annotation as it reads in a message: {@code @RequiresRegistry("…")}, with the
   * expanded image if it differs.
   */
  String describe() {
    String annotation = "@RequiresRegistry(\"" + declared + "\")";
    return declared.equals(image) ? annotation : annotation + " (" + image + ")";
  }

  private static boolean failEverywhere(Function<String, Optional<String>> parameters) {
    String name = RegistryDoctorExtension.FAIL_IF_UNREACHABLE_PARAMETER;
    Optional<String> value =
        DoctorSettings.nonBlank(parameters, name).map(text -> text.trim().toLowerCase(Locale.ROOT));
    if (value.isEmpty() || value.get().equals("false")) {
      return false;
    }
    if (value.get().equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        name + " must be true or false but was \"" + parameters.apply(name).orElse("") + "\"");
  }
}
