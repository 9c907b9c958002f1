package dev.regdoctor.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * Runs sample classes through the Engine Test Kit against loopback faults: nothing here needs the
 * docker-registry binary. Images name {@code ${sample.host}}, set per run to a fault's address.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequiresRegistryFaultsIT {
  private static final String IMAGE = "${sample.host}/team/app:1.0";

  private FaultEndpoint refused;

  @BeforeEach
  void closePort() {
    refused = LoopbackFaults.closedPort();
  }

  @AfterEach
  void release() {
    refused.close();
  }

  private SampleRun refusedRun() {
    return SampleRun.with()
        .parameter("sample.host", refused.hostPort())
        .parameter(RegistryDoctorExtension.LOCALE_PARAMETER, "en");
  }

  @Nested
  class Skipping {
    @Test
    void refusedConnectionSkipsTheAnnotatedClassWithTheVerdict() {
      EngineExecutionResults results = refusedRun().execute(ClassRequirement.class);

      results
          .containerEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  container(ClassRequirement.class),
                  skippedWithReason(
                      reason ->
                          reason.contains("CONNECTION_REFUSED")
                              && reason.contains(
                                  "@RequiresRegistry(\""
                                      + IMAGE
                                      + "\") ("
                                      + refused.hostPort()
                                      + "/team/app:1.0)")
                              && reason.contains(
                                  "Nothing accepts connections on " + refused.hostPort()))));
      results.testEvents().assertStatistics(stats -> stats.started(0).skipped(0));
    }

    @Test
    void subclassesInheritTheRequirement() {
      EngineExecutionResults results = refusedRun().execute(InheritingClass.class);

      results
          .containerEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  container(InheritingClass.class),
                  skippedWithReason(reason -> reason.contains("CONNECTION_REFUSED"))));
    }

    @Test
    void refusedConnectionSkipsOnlyTheAnnotatedMethod() {
      EngineExecutionResults results = refusedRun().execute(MethodRequirement.class);

      results.testEvents().assertStatistics(stats -> stats.skipped(1).started(1).succeeded(1));
      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("needsRegistry"),
                  skippedWithReason(reason -> reason.contains("CONNECTION_REFUSED"))))
          .haveExactly(1, event(test("needsNothing"), finishedSuccessfully()));
    }

    @Test
    void reasonListsEveryUnmetRequirement() {
      try (FaultEndpoint other = LoopbackFaults.closedPort()) {
        EngineExecutionResults results =
            refusedRun().parameter("sample.other", other.hostPort()).execute(TwoRequirements.class);

        results
            .testEvents()
            .assertThatEvents()
            .haveExactly(
                1,
                event(
                    test("needsBoth"),
                    skippedWithReason(
                        reason ->
                            reason.contains(refused.hostPort())
                                && reason.contains(other.hostPort()))));
      }
    }

    @Test
    void stalledRegistryIsSkippedWithinTheConfiguredTimeout() {
      try (FaultEndpoint stall = LoopbackFaults.stall()) {
        long started = System.nanoTime();
        EngineExecutionResults results =
            SampleRun.with()
                .parameter("sample.host", stall.hostPort())
                .parameter(RegistryDoctorExtension.TIMEOUT_PARAMETER, "300ms")
                .execute(MethodRequirement.class);

        results
            .testEvents()
            .assertThatEvents()
            .haveExactly(
                1,
                event(
                    test("needsRegistry"),
                    skippedWithReason(reason -> reason.contains("TIMEOUT"))));
        // The default budget is 10 s; well below it shows the parameter took effect.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
      }
    }
  }

  @Nested
  class Failing {
    @Test
    void failModeOnAClassFailsTheClassOnceWithTheDiagnosis() {
      EngineExecutionResults results = refusedRun().execute(FailingClass.class);

      results
          .containerEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  container(FailingClass.class),
                  finishedWithFailure(
                      instanceOf(AssertionFailedError.class),
                      message(
                          text ->
                              text.startsWith("@RequiresRegistry(\"" + IMAGE + "\")")
                                  && text.contains("the verdict is CONNECTION_REFUSED")
                                  && text.contains(
                                      "Nothing accepts connections on " + refused.hostPort())
                                  && text.contains(
                                      "$ curl -v https://" + refused.hostPort() + "/v2/")))));
      results.testEvents().assertStatistics(stats -> stats.started(0));
    }

    @Test
    void failModeOnAMethodFailsThatTestOnly() {
      EngineExecutionResults results = refusedRun().execute(FailingMethod.class);

      assertFailed(
          results,
          "needsRegistry",
          text -> text.contains("CONNECTION_REFUSED") && text.contains("Evidence:"));
      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(1, event(test("needsNothing"), finishedSuccessfully()));
    }

    @Test
    void failIfUnreachableParameterTurnsSkipsIntoFailures() {
      EngineExecutionResults results =
          refusedRun()
              .parameter(RegistryDoctorExtension.FAIL_IF_UNREACHABLE_PARAMETER, "true")
              .execute(MethodRequirement.class);

      results.testEvents().assertStatistics(stats -> stats.skipped(0).failed(1).succeeded(1));
      assertFailed(results, "needsRegistry", text -> text.contains("CONNECTION_REFUSED"));
    }

    @Test
    void aFailingRequirementWinsOverASkippingOne() {
      try (FaultEndpoint other = LoopbackFaults.closedPort()) {
        EngineExecutionResults results =
            refusedRun().parameter("sample.other", other.hostPort()).execute(SkipAndFail.class);

        assertFailed(results, "needsBoth", text -> text.contains(refused.hostPort()));
      }
    }
  }

  @Nested
  class Configuration {
    @Test
    void invalidReferenceFailsEvenWhenSkipping() {
      EngineExecutionResults results = SampleRun.with().execute(InvalidReference.class);

      assertConfigurationError(
          results,
          "typo",
          text ->
              text.contains("registry.example.com/Team/app:1.0")
                  && text.contains("INVALID_REFERENCE"));
    }

    @Test
    void unresolvedPlaceholderIsAConfigurationError() {
      EngineExecutionResults results = SampleRun.with().execute(MethodRequirement.class);

      assertConfigurationError(
          results,
          "needsRegistry",
          text -> text.contains("${sample.host}") && text.contains("no value"));
    }

    @Test
    void invalidTimeoutParameterIsAConfigurationErrorNamingIt() {
      EngineExecutionResults results =
          refusedRun()
              .parameter(RegistryDoctorExtension.TIMEOUT_PARAMETER, "soon")
              .execute(MethodRequirement.class);

      assertConfigurationError(
          results,
          "needsRegistry",
          text -> text.contains("regdoctor.timeout") && text.contains("\"soon\""));
    }

    @Test
    void unreadableDockerConfigIsAConfigurationErrorNamingTheFile() {
      String missing = refused.hostPort().replace(':', '-') + "-no-such-docker-config";
      EngineExecutionResults results =
          refusedRun()
              .parameter(RegistryDoctorExtension.DOCKER_CONFIG_PARAMETER, missing)
              .execute(MethodRequirement.class);

      assertConfigurationError(
          results,
          "needsRegistry",
          text -> text.startsWith("docker config ") && text.contains(missing + " does not exist"));
    }

    @Test
    void extendWithAloneInjectsADoctorWithTheConfiguredSettings() {
      Injection.doctor.set(null);

      EngineExecutionResults results =
          SampleRun.with()
              .parameter(RegistryDoctorExtension.LOCALE_PARAMETER, "zh-CN")
              .execute(Injection.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(1, event(test("doctor"), finishedSuccessfully()));
      assertThat(Injection.doctor.get()).isNotNull();
      assertThat(Injection.doctor.get().locale()).isEqualTo(Locale.forLanguageTag("zh-CN"));
    }

    @Test
    void reportWithoutRequirementCannotBeInjected() {
      EngineExecutionResults results = SampleRun.with().execute(Injection.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("report"),
                  finishedWithFailure(
                      instanceOf(ParameterResolutionException.class),
                      message(text -> text.contains("no @RequiresRegistry")))));
    }
  }

  // ---- samples, run only through SampleRun ------------------------------------------------------

  @Sample
  @RequiresRegistry(IMAGE)
  static class ClassRequirement {
    @Test
    void one() {}

    @Test
    void two() {}
  }

  @Sample
  static class InheritingClass extends ClassRequirement {}

  @Sample
  static class MethodRequirement {
    @Test
    @RequiresRegistry(IMAGE)
    void needsRegistry() {}

    @Test
    void needsNothing() {}
  }

  @Sample
  static class TwoRequirements {
    @Test
    @RequiresRegistry(IMAGE)
    @RequiresRegistry("${sample.other}/team/app:1.0")
    void needsBoth() {}
  }

  @Sample
  @RequiresRegistry(value = IMAGE, failIfUnreachable = true)
  static class FailingClass {
    @Test
    void one() {}

    @Test
    void two() {}
  }

  @Sample
  static class FailingMethod {
    @Test
    @RequiresRegistry(value = IMAGE, failIfUnreachable = true)
    void needsRegistry() {}

    @Test
    void needsNothing() {}
  }

  @Sample
  static class SkipAndFail {
    @Test
    @RequiresRegistry("${sample.other}/team/app:1.0")
    @RequiresRegistry(value = IMAGE, failIfUnreachable = true)
    void needsBoth() {}
  }

  @Sample
  static class InvalidReference {
    @Test
    @RequiresRegistry("registry.example.com/Team/app:1.0")
    void typo() {}
  }

  @Sample
  @ExtendWith(RegistryDoctorExtension.class)
  static class Injection {
    static final AtomicReference<RegistryDoctor> doctor = new AtomicReference<>();

    @Test
    void doctor(RegistryDoctor injected) {
      doctor.set(injected);
    }

    @Test
    void report(Report report) {}
  }

  /**
   * Asserts that test {@code name} failed once with an assertion whose message passes {@code text}.
   */
  private static void assertFailed(
      EngineExecutionResults results, String name, Predicate<String> text) {
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test(name),
                finishedWithFailure(instanceOf(AssertionFailedError.class), message(text))));
  }

  /**
   * Asserts that test {@code name} failed once because of a configuration error whose message
   * passes {@code text}.
   */
  private static void assertConfigurationError(
      EngineExecutionResults results, String name, Predicate<String> text) {
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test(name),
                finishedWithFailure(
                    cause(instanceOf(ExtensionConfigurationException.class), message(text)))));
  }
}
