package dev.regdoctor.junit5;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit Jupiter extension behind {@link RequiresRegistry}: an {@link ExecutionCondition} that
 * skips or fails tests whose images cannot be pulled, and a {@link ParameterResolver} for {@link
 * RegistryDoctor} and {@link Report} parameters.
 *
 * <p>{@code @RequiresRegistry} registers it; register it alone with
 * {@code @ExtendWith(RegistryDoctorExtension.class)} to have a configured doctor injected without
 * requiring an image.
 *
 * <p><b>Parameters.</b>
 *
 * <ul>
 *   <li>{@code RegistryDoctor}: a doctor shared by the whole test run, built with the settings of
 *       the first {@code @RequiresRegistry} on the test method, else on the test class, else on its
 *       enclosing classes, else with the configuration parameters alone. It is closed when the run
 *       ends; tests must not close it.
 *   <li>{@code Report}: the cached report of the image required by the nearest annotated element
 *       (the test method, else the test class, else its enclosing classes). That element must
 *       require exactly one image, or the parameter cannot be resolved.
 * </ul>
 *
 * <p><b>Caching.</b> Doctors and reports live in the root {@link ExtensionContext.Store} of the
 * run, keyed by their settings (and image): each image is diagnosed once per run and settings, even
 * when tests run in parallel.
 *
 * <p>The constants name the configuration parameters; {@link RequiresRegistry} describes how they
 * combine with its attributes. Instances hold no state and are thread-safe.
 */
public final class RegistryDoctorExtension implements ExecutionCondition, ParameterResolver {

  /**
   * The configuration parameter with the budget per image, such as {@code 5s}, {@code 500ms} or
   * {@code PT5S} (default 10 seconds).
   */
  public static final String TIMEOUT_PARAMETER = "regdoctor.timeout";

  /**
   * The configuration parameter with the platform to check, such as {@code linux/arm64} (default
   * {@code linux/amd64}).
   */
  public static final String PLATFORM_PARAMETER = "regdoctor.platform";

  /**
   * The configuration parameter listing insecure registries, comma-separated: {@code host}, {@code
   * host:port} or a CIDR, as Docker's {@code insecure-registries}.
   */
  public static final String INSECURE_REGISTRIES_PARAMETER = "regdoctor.insecureRegistries";

  /**
   * The configuration parameter listing registries ({@code host:port}, comma-separated) to reach
   * over plain HTTP without trying HTTPS.
   */
  public static final String PLAIN_HTTP_REGISTRIES_PARAMETER = "regdoctor.plainHttpRegistries";

  /**
   * The configuration parameter listing PEM files of CA certificates to trust in addition to the
   * JVM's, comma-separated.
   */
  public static final String CA_FILES_PARAMETER = "regdoctor.caFiles";

  /**
   * The configuration parameter naming the Docker configuration to take credentials from: a
   * directory holding {@code config.json} (as {@code DOCKER_CONFIG} or {@code docker --config}), or
   * the file itself. Unset, the local Docker configuration is used, as the docker CLI finds it
   * ({@code DOCKER_AUTH_CONFIG}, {@code $DOCKER_CONFIG/config.json} or {@code
   * ~/.docker/config.json}, with credential helpers). A path that does not exist is a configuration
   * error, as for {@link RequiresRegistry#dockerConfig()}, which says why this differs from the
   * library.
   */
  public static final String DOCKER_CONFIG_PARAMETER = "regdoctor.dockerConfig";

  /**
   * The configuration parameter that, set to {@code true}, makes every unmet {@link
   * RequiresRegistry} fail its tests instead of skipping them (default {@code false}), for example
   * in CI, where a skipped suite would hide a broken registry.
   */
  public static final String FAIL_IF_UNREACHABLE_PARAMETER = "regdoctor.failIfUnreachable";

  /**
   * The configuration parameter with the language of reports, a language tag such as {@code en} or
   * {@code zh-CN} (default: the JVM's locale).
   */
  public static final String LOCALE_PARAMETER = "regdoctor.locale";

  /** Where doctors and reports are kept, in the root store of the run. */
  static final Namespace NAMESPACE = Namespace.create(RegistryDoctorExtension.class);

  /**
   * Creates the extension; JUnit calls it when {@code @RequiresRegistry} or {@code @ExtendWith}
   * registers it.
   */
  public RegistryDoctorExtension() {}

  /**
   * Evaluates the {@link RequiresRegistry} annotations directly on the class or method of {@code
   * context} (those of enclosing classes were evaluated for their own containers): enabled when
   * every image can be pulled, disabled with the reports otherwise.
   *
   * @throws AssertionFailedError with the report when an unmet requirement is to fail
   * @throws ExtensionConfigurationException when an annotation or configuration parameter is
   *     invalid, or an image is not a valid reference
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    requireNonNull(context, "context");
    Optional<AnnotatedElement> element = context.getElement();
    List<Requirement> requirements =
        element.map(found -> requirements(found, context)).orElse(List.of());
    if (requirements.isEmpty()) {
      return ConditionEvaluationResult.enabled(
          "no @RequiresRegistry on " + element.map(Object::toString).orElse("this element"));
    }
    List<String> unmet = new ArrayList<>();
    String failure = null;
    for (Requirement requirement : requirements) {
      Report report = report(context, requirement);
      if (report.verdict().code() == DiagnosisCode.INVALID_REFERENCE) {
        throw new ExtensionConfigurationException(
            FailureMessage.invalidReference(requirement, report));
      }
      if (!report.ok()) {
        String reason = FailureMessage.unmet(requirement, report);
        unmet.add(reason);
        if (requirement.failIfUnreachable() && failure == null) {
          failure = reason;
        }
      }
    }
    if (failure != null) {
      throw new AssertionFailedError(failure);
    }
    if (!unmet.isEmpty()) {
      return ConditionEvaluationResult.disabled(String.join(System.lineSeparator(), unmet));
    }
    return ConditionEvaluationResult.enabled(
        requirements.stream()
            .map(Requirement::image)
            .collect(Collectors.joining(", ", "can be pulled: ", "")));
  }

  /** Returns whether the parameter is a {@link RegistryDoctor} or a {@link Report}. */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == RegistryDoctor.class || type == Report.class;
  }

  /**
   * Returns the shared {@link RegistryDoctor}, or the {@link Report} of the required image, as the
   * class description explains.
   *
   * @throws ParameterResolutionException for a {@code Report} when the nearest annotated element
   *     requires no image or several
   */
  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    List<Requirement> nearest = nearestRequirements(extensionContext);
    if (parameterContext.getParameter().getType() == RegistryDoctor.class) {
      DoctorSettings settings =
          nearest.isEmpty()
              ? configured(() -> DoctorSettings.resolve(null, parameters(extensionContext)))
              : nearest.get(0).settings();
      return doctor(extensionContext, settings);
    }
    List<ReportKey> keys =
        nearest.stream()
            .map(requirement -> new ReportKey(requirement.image(), requirement.settings()))
            .distinct()
            .toList();
    if (keys.size() != 1) {
      String where = parameterContext.getDeclaringExecutable().toString();
      throw new ParameterResolutionException(
          keys.isEmpty()
              ? "cannot inject a Report into "
                  + where
                  + ": no @RequiresRegistry on the test method or its classes"
              : "cannot inject a Report into "
                  + where
                  + ": the nearest annotated element requires several images ("
                  + nearest.stream()
                      .map(Requirement::image)
                      .distinct()
                      .collect(Collectors.joining(", "))
                  + "); inject RegistryDoctor and call check(image) instead");
    }
    return report(extensionContext, nearest.get(0));
  }

  /**
   * Returns the requirements declared on the nearest of the test method, the test class and its
   * enclosing classes.
   */
  private static List<Requirement> nearestRequirements(ExtensionContext context) {
    Optional<AnnotatedElement> method = context.getTestMethod().map(AnnotatedElement.class::cast);
    if (method.isPresent()) {
      List<Requirement> requirements = requirements(method.get(), context);
      if (!requirements.isEmpty()) {
        return requirements;
      }
    }
    Class<?> type = context.getTestClass().orElse(null);
    while (type != null) {
      List<Requirement> requirements = requirements(type, context);
      if (!requirements.isEmpty()) {
        return requirements;
      }
      // Only inner classes (@Nested) run inside their enclosing class's context.
      type = Modifier.isStatic(type.getModifiers()) ? null : type.getEnclosingClass();
    }
    return List.of();
  }

  private static List<Requirement> requirements(
      AnnotatedElement element, ExtensionContext context) {
    Function<String, Optional<String>> parameters = parameters(context);
    return AnnotationSupport.findRepeatableAnnotations(element, RequiresRegistry.class).stream()
        .map(annotation -> configured(() -> Requirement.of(annotation, parameters)))
        .toList();
  }

  private static Function<String, Optional<String>> parameters(ExtensionContext context) {
    return context::getConfigurationParameter;
  }

  /**
   * Returns the report of {@code requirement}, diagnosing at most once per run. {@code
   * getOrComputeIfAbsent} exists in every Jupiter 5.x and 6.x (6.0 deprecates it for {@code
   * computeIfAbsent}, which 5.x lacks); concurrent callers wait for the one computation.
   */
  private static Report report(ExtensionContext context, Requirement requirement) {
    RegistryDoctor doctor = doctor(context, requirement.settings());
    ReportKey key = new ReportKey(requirement.image(), requirement.settings());
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(key, found -> doctor.check(found.image()), Report.class);
  }

  /** Returns the run's doctor for {@code settings}, building it on first use. */
  private static RegistryDoctor doctor(ExtensionContext context, DoctorSettings settings) {
    Store store = context.getRoot().getStore(NAMESPACE);
    return store
        .getOrComputeIfAbsent(
            settings, found -> new SharedDoctor(configured(found::newDoctor)), SharedDoctor.class)
        .doctor();
  }

  /** Runs {@code action}, turning invalid settings into a configuration error of the extension. */
  private static <T> T configured(Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }
}
