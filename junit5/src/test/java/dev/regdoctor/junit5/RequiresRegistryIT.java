package dev.regdoctor.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * Runs sample classes through the Engine Test Kit against a real docker-registry on loopback: what
 * runs, what is skipped or failed and why, how often the registry is probed, and what is injected.
 * Samples name {@code ${sample.registry}}, set to the registry's {@code 127.0.0.1:PORT}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequiresRegistryIT {
  private static final String SECRET = "alice-s3cret-Pa55";
  private static final String WRONG_SECRET = "mallory-gu3ss-Pa55";

  private static RegistryProcess registry;
  private static RegistryProcess locked;
  private static SeededImage pullable;
  @TempDir static Path dockerConfigs;

  /** What the sample tests saw, by name; cleared before each test. */
  static final Map<String, Object> seen = new ConcurrentHashMap<>();

  @BeforeAll
  static void startRegistry() {
    RegistryBinary.require();
    registry = RegistryProcess.builder().start();
    ImageSeeder seeder = ImageSeeder.to(registry.baseUrl());
    pullable = seeder.pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 512);
    for (String repository : List.of("cache/app", "inject/app", "plain/app", "nested/app")) {
      seeder.pushImage(repository, "1.0", Platform.LINUX_AMD64, 1, 256);
    }
    seeder.pushIndex("multi/app", "1.0", List.of(Platform.LINUX_AMD64));
    locked = RegistryProcess.builder().htpasswd("alice", SECRET).start();
    ImageSeeder.to(locked.baseUrl())
        .withCredentials("alice", SECRET)
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 256);
  }

  /**
   * Writes {@code <dockerConfigs>/<name>/config.json} with an auths entry for the locked registry.
   */
  private static Path dockerConfig(String name, String password) throws IOException {
    String auth =
        Base64.getEncoder().encodeToString(("alice:" + password).getBytes(StandardCharsets.UTF_8));
    return dockerConfigWith(
        name, "{\"auths\": {\"" + locked.hostPort() + "\": {\"auth\": \"" + auth + "\"}}}");
  }

  /** Writes {@code <dockerConfigs>/<name>/config.json} with {@code json}. */
  private static Path dockerConfigWith(String name, String json) throws IOException {
    Path directory = Files.createDirectories(dockerConfigs.resolve(name));
    Files.writeString(directory.resolve("config.json"), json);
    return directory;
  }

  @AfterAll
  static void stopRegistries() {
    if (registry != null) {
      registry.close();
    }
    if (locked != null) {
      locked.close();
    }
  }

  @BeforeEach
  void forget() {
    seen.clear();
  }

  private static SampleRun run() {
    return SampleRun.with()
        .parameter("sample.registry", registry.hostPort())
        .parameter(RegistryDoctorExtension.LOCALE_PARAMETER, "en");
  }

  @Nested
  class Conditions {
    @Test
    void pullableImageRunsEveryTestOfTheClass() {
      EngineExecutionResults results = run().execute(PullableClass.class);

      results
          .testEvents()
          .assertStatistics(stats -> stats.started(2).succeeded(2).skipped(0).failed(0));
    }

    @Test
    void missingTagSkipsWithTheVerdictAndTheClosestTags() {
      EngineExecutionResults results = run().execute(MissingTag.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("skipsWithoutTheTag"),
                  skippedWithReason(
                      reason ->
                          reason.contains("the verdict is MANIFEST_NOT_FOUND")
                              && reason.contains(
                                  "team/app exists on "
                                      + registry.hostPort()
                                      + ", but 2.0 does not")
                              && reason.contains("closest tags: 1.0"))));
    }

    @Test
    void failModeFailsWithTheDiagnosisText() {
      EngineExecutionResults results = run().execute(MissingTag.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("failsWithoutTheTag"),
                  finishedWithFailure(
                      instanceOf(AssertionFailedError.class),
                      message(
                          text ->
                              text.contains(
                                      "@RequiresRegistry(\"${sample.registry}/team/app:2.0\") ("
                                          + registry.hostPort()
                                          + "/team/app:2.0)")
                                  && text.contains(
                                      "MANIFEST_NOT_FOUND  "
                                          + registry.hostPort()
                                          + "/team/app:2.0")
                                  && text.contains(
                                      "HEAD http://"
                                          + registry.hostPort()
                                          + "/v2/team/app/manifests/2.0 -> 404")
                                  && text.contains(
                                      "$ skopeo list-tags docker://"
                                          + registry.hostPort()
                                          + "/team/app")))));
    }

    @Test
    void platformAttributeIsChecked() {
      EngineExecutionResults results = run().execute(Platforms.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(1, event(test("onAmd64"), finishedSuccessfully()))
          .haveExactly(
              1,
              event(
                  test("firstOnArm64"),
                  skippedWithReason(reason -> reason.contains("PLATFORM_MISMATCH"))));
    }

    @Test
    void nestedClassesRunUnderTheirEnclosingRequirement() {
      EngineExecutionResults results = run().execute(Outer.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(1, event(test("getsTheOuterReport"), finishedSuccessfully()));
      assertThat(seen.get("nested report"))
          .isInstanceOfSatisfying(
              Report.class,
              report ->
                  assertThat(report.reference()).contains(registry.hostPort() + "/nested/app:1.0"));
    }
  }

  @Nested
  class Caching {
    @Test
    void testsRequiringOneImageCostOneProbe() throws InterruptedException {
      EngineExecutionResults results = run().execute(CachedA.class, CachedB.class);

      results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
      assertThat(RegistryLog.manifestProbes(registry, "cache/app", "1.0", 1)).isEqualTo(1);
    }

    @Test
    void otherSettingsAreAnotherProbe() throws InterruptedException {
      EngineExecutionResults results = run().execute(Platforms.class);

      results.testEvents().assertStatistics(stats -> stats.succeeded(1).skipped(2));
      // linux/amd64 once, linux/arm64 once for its two tests
      assertThat(RegistryLog.manifestProbes(registry, "multi/app", "1.0", 2)).isEqualTo(2);
    }

    @Test
    void everyRunProbesAgain() throws InterruptedException {
      int before = RegistryLog.manifestProbes(registry, "team/app", "1.0", 0);

      run().execute(PullableClass.class);
      run().execute(PullableClass.class);

      assertThat(RegistryLog.manifestProbes(registry, "team/app", "1.0", before + 2))
          .isEqualTo(before + 2);
    }
  }

  @Nested
  class Parameters {
    @Test
    void injectsTheReportOfTheImageAndTheSharedDoctor() {
      EngineExecutionResults results = run().execute(Injection.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(1, event(test("injected"), finishedSuccessfully()));
      assertThat(seen.get("report"))
          .isInstanceOfSatisfying(
              Report.class,
              report -> {
                assertThat(report.ok()).isTrue();
                assertThat(report.reference()).contains(registry.hostPort() + "/inject/app:1.0");
                assertThat(report.digest()).isPresent();
              });
      SharedDoctor shared = (SharedDoctor) seen.get("shared doctor");
      assertThat(seen.get("doctor")).isSameAs(shared.doctor());
      assertThat(seen.get("closed during the test")).isEqualTo(false);
      assertThat(shared.isClosed()).as("closed when the run ended").isTrue();
    }

    @Test
    void reportNeedsExactlyOneImage() {
      EngineExecutionResults results = run().execute(Injection.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("ambiguous"),
                  finishedWithFailure(
                      instanceOf(ParameterResolutionException.class),
                      message(
                          text ->
                              text.contains("several images")
                                  && text.contains("/inject/app:1.0")
                                  && text.contains("/team/app:1.0")))));
    }

    @Test
    void plainHttpAttributeReachesTheDoctor() {
      EngineExecutionResults results = run().execute(PlainHttp.class);

      results.testEvents().assertStatistics(stats -> stats.succeeded(1));
      assertThat(seen.get("plain report"))
          .isInstanceOfSatisfying(
              Report.class,
              report ->
                  assertThat(report.steps())
                      .anySatisfy(
                          step -> {
                            assertThat(step.name()).isEqualTo(StepName.ENDPOINT);
                            assertThat(step.detail()).contains("configured as plain HTTP");
                          }));
    }

    @Test
    void plainHttpParameterReachesTheDoctor() {
      EngineExecutionResults results =
          run()
              .parameter(
                  RegistryDoctorExtension.PLAIN_HTTP_REGISTRIES_PARAMETER,
                  "example.com:5000, " + registry.hostPort())
              .execute(PullableClass.class);

      results.testEvents().assertStatistics(stats -> stats.succeeded(2));
      assertThat(seen.get("pullable report"))
          .isInstanceOfSatisfying(
              Report.class,
              report ->
                  assertThat(report.steps())
                      .anySatisfy(
                          step -> assertThat(step.detail()).contains("configured as plain HTTP")));
    }

    @Test
    void dockerConfigAttributeSuppliesTheCredentials() throws IOException {
      Path login = dockerConfig("attribute", SECRET);
      // The parameter (no credentials) applies where the attribute is not set: anonymous() below.
      Path empty = dockerConfigWith("empty", "{}");

      EngineExecutionResults results =
          run()
              .parameter("sample.locked", locked.hostPort())
              .parameter("sample.dockerConfig", login.toString())
              .parameter(RegistryDoctorExtension.DOCKER_CONFIG_PARAMETER, empty.toString())
              .execute(DockerLogin.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(1, event(test("loggedIn"), finishedSuccessfully()))
          .haveExactly(
              1,
              event(
                  test("anonymous"),
                  skippedWithReason(reason -> reason.contains("the verdict is AUTH_REQUIRED"))));
      assertThat(seen.get("login report"))
          .isInstanceOfSatisfying(
              Report.class,
              report ->
                  assertThat(report.credentialSource())
                      .hasValueSatisfying(
                          source -> assertThat(source).contains(locked.hostPort())));
    }

    @Test
    void dockerConfigParameterSuppliesTheCredentials() throws IOException {
      EngineExecutionResults results =
          run()
              .parameter("sample.locked", locked.hostPort())
              .parameter(
                  RegistryDoctorExtension.DOCKER_CONFIG_PARAMETER,
                  dockerConfig("parameter", SECRET).toString())
              .execute(DockerLoginFromParameter.class);

      results.testEvents().assertStatistics(stats -> stats.succeeded(1).skipped(0));
    }

    @Test
    void rejectedDockerConfigCredentialsSkipWithoutShowingThem() throws IOException {
      EngineExecutionResults results =
          run()
              .parameter("sample.locked", locked.hostPort())
              .parameter(
                  RegistryDoctorExtension.DOCKER_CONFIG_PARAMETER,
                  dockerConfig("wrong", WRONG_SECRET).toString())
              .execute(DockerLoginFromParameter.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("needsLogin"),
                  skippedWithReason(
                      reason ->
                          reason.contains("the verdict is AUTH_INVALID")
                              && !reason.contains(WRONG_SECRET)
                              && !reason.contains(SECRET)
                              && !reason.contains(
                                  Base64.getEncoder()
                                      .encodeToString(
                                          ("alice:" + WRONG_SECRET)
                                              .getBytes(StandardCharsets.UTF_8))))));
    }

    @Test
    void brokenDockerConfigIsTheVerdict() throws IOException {
      Path broken = dockerConfigWith("broken", "{\"auths\": ");

      EngineExecutionResults results =
          run()
              .parameter("sample.locked", locked.hostPort())
              .parameter(RegistryDoctorExtension.DOCKER_CONFIG_PARAMETER, broken.toString())
              .execute(DockerLoginFromParameter.class);

      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("needsLogin"),
                  skippedWithReason(
                      reason ->
                          reason.contains("the verdict is CONFIG_INVALID")
                              && reason.contains(broken.resolve("config.json").toString()))));
    }

    @Test
    void reportOfAPullableImageIsOk() {
      run().execute(PullableClass.class);

      assertThat(seen.get("pullable report"))
          .isInstanceOfSatisfying(
              Report.class,
              report -> {
                assertThat(report.verdict().code()).isEqualTo(DiagnosisCode.OK);
                assertThat(report.digest()).contains(pullable.digest());
              });
    }
  }

  // ---- samples, run only through SampleRun ------------------------------------------------------

  @Sample
  @RequiresRegistry("${sample.registry}/team/app:1.0")
  static class PullableClass {
    @Test
    void one(Report report) {
      seen.put("pullable report", report);
    }

    @Test
    void two() {}
  }

  @Sample
  static class MissingTag {
    @Test
    @RequiresRegistry("${sample.registry}/team/app:2.0")
    void skipsWithoutTheTag() {}

    @Test
    @RequiresRegistry(value = "${sample.registry}/team/app:2.0", failIfUnreachable = true)
    void failsWithoutTheTag() {}
  }

  @Sample
  @RequiresRegistry("${sample.registry}/cache/app:1.0")
  static class CachedA {
    @Test
    @RequiresRegistry("${sample.registry}/cache/app:1.0")
    void first() {}

    @Test
    @RequiresRegistry("${sample.registry}/cache/app:1.0")
    void second() {}
  }

  @Sample
  @RequiresRegistry("${sample.registry}/cache/app:1.0")
  static class CachedB {
    @Test
    void third() {}
  }

  @Sample
  static class Platforms {
    @Test
    @RequiresRegistry("${sample.registry}/multi/app:1.0")
    void onAmd64() {}

    @Test
    @RequiresRegistry(value = "${sample.registry}/multi/app:1.0", platform = "linux/arm64")
    void firstOnArm64() {}

    @Test
    @RequiresRegistry(value = "${sample.registry}/multi/app:1.0", platform = "linux/arm64")
    void secondOnArm64() {}
  }

  @Sample
  @RequiresRegistry("${sample.registry}/nested/app:1.0")
  static class Outer {
    @Nested
    class Inner {
      @Test
      void getsTheOuterReport(Report report) {
        seen.put("nested report", report);
      }
    }
  }

  @Sample
  @ExtendWith(DoctorSpy.class)
  static class Injection {
    @Test
    @RequiresRegistry("${sample.registry}/inject/app:1.0")
    void injected(RegistryDoctor doctor, Report report) {
      seen.put("doctor", doctor);
      seen.put("report", report);
    }

    @Test
    @RequiresRegistry("${sample.registry}/inject/app:1.0")
    @RequiresRegistry("${sample.registry}/team/app:1.0")
    void ambiguous(Report report) {}
  }

  @Sample
  static class PlainHttp {
    @Test
    @RequiresRegistry(
        value = "${sample.registry}/plain/app:1.0",
        plainHttpRegistries = "${sample.registry}")
    void overPlainHttp(Report report) {
      seen.put("plain report", report);
    }
  }

  @Sample
  static class DockerLogin {
    @Test
    @RequiresRegistry(
        value = "${sample.locked}/team/app:1.0",
        dockerConfig = "${sample.dockerConfig}")
    void loggedIn(Report report) {
      seen.put("login report", report);
    }

    @Test
    @RequiresRegistry("${sample.locked}/team/app:1.0")
    void anonymous() {}
  }

  @Sample
  static class DockerLoginFromParameter {
    @Test
    @RequiresRegistry("${sample.locked}/team/app:1.0")
    void needsLogin() {}
  }

  /**
   * Finds the doctor shared for the test's requirement in the root store, to see when it is closed.
   */
  static class DoctorSpy implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
      RequiresRegistry annotation =
          AnnotationSupport.findRepeatableAnnotations(
                  context.getRequiredTestMethod(), RequiresRegistry.class)
              .get(0);
      DoctorSettings settings =
          DoctorSettings.resolve(annotation, context::getConfigurationParameter);
      SharedDoctor shared =
          context
              .getRoot()
              .getStore(RegistryDoctorExtension.NAMESPACE)
              .get(settings, SharedDoctor.class);
      seen.put("shared doctor", shared);
      seen.put("closed during the test", shared.isClosed());
    }
  }
}
