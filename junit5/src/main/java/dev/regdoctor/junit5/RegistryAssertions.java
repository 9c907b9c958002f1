package dev.regdoctor.junit5;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.probe.StepName;
import dev.regdoctor.probe.StepStatus;
import dev.regdoctor.reference.ImageReference;
import dev.regdoctor.reference.InvalidReferenceException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions that a registry is up, reachable with the credentials in effect, or serves an image,
 * for tests that need a registry. Each assertion diagnoses with Registry Doctor and, when it does
 * not hold, throws an {@link AssertionFailedError} whose message is one line saying what was
 * expected and the verdict code, followed by the human report: the verdict, its evidence, the
 * remediation steps and the timed steps. The message never holds passwords, tokens or {@code
 * Authorization} values.
 *
 * <pre>{@code
 * @BeforeAll
 * static void registryServesTheBaseImage() {
 *   RegistryAssertions.assertPullable("registry.example.com/base/jdk:21");
 * }
 * }</pre>
 *
 * <p>The three assertions, from weakest to strongest:
 *
 * <ul>
 *   <li>{@link #assertRegistryUp(String)}: something at the host answers {@code GET /v2/} as a
 *       registry: {@code 200}, or {@code 401} with an auth challenge. Whether any credentials would
 *       be accepted is not checked.
 *   <li>{@link #assertReachable(String)}: the image's registry is up, and the credentials in effect
 *       (or anonymous access) are accepted for its repository. The image itself may be missing: a
 *       verdict of {@code MANIFEST_NOT_FOUND}, {@code REPOSITORY_NOT_FOUND}, {@code
 *       PLATFORM_MISMATCH} or {@code BLOB_FAILURE} passes, because the registry answered an
 *       authorised request about the repository. Use it before a test pushes the image itself.
 *   <li>{@link #assertPullable(String)}: the verdict is {@code OK}: reachable, authorised, and the
 *       manifest exists for the platform (warnings, such as {@code INSECURE_REGISTRY} for a plain
 *       HTTP registry, do not count).
 * </ul>
 *
 * <p>The overloads without a {@link RegistryDoctor} diagnose with the credentials of the local
 * Docker configuration (as {@link RegistryDoctor#builder()} finds them), a 10 second budget, for
 * {@code linux/amd64}, with reports in the JVM's default locale, and close their doctor before
 * returning. For credentials, a CA file, another platform or other timeouts pass a doctor, for
 * example the one {@link RegistryDoctorExtension} injects. This class is thread-safe.
 */
public final class RegistryAssertions {

  /** Verdicts about the content of a repository, which only an authorised request gets. */
  private static final Set<DiagnosisCode> CONTENT_VERDICTS =
      Set.of(
          DiagnosisCode.MANIFEST_NOT_FOUND,
          DiagnosisCode.REPOSITORY_NOT_FOUND,
          DiagnosisCode.PLATFORM_MISMATCH,
          DiagnosisCode.BLOB_FAILURE);

  /** The repository and tag checked on a host by {@link #assertRegistryUp}; they need not exist. */
  private static final String UP_REPOSITORY = "regdoctor/registry-up";

  private static final String UP_TAG = "probe";

  private RegistryAssertions() {}

  /**
   * Asserts that {@code image} can be pulled: the verdict of its diagnosis is {@code OK}.
   *
   * @param image the image, in any form {@code docker pull} accepts, e.g. {@code
   *     registry.example.com/team/app:1.4}; an invalid reference fails with verdict {@code
   *     INVALID_REFERENCE}
   * @return the report, for further checks such as {@link Report#digest()}
   * @throws AssertionFailedError with the report when the image cannot be pulled
   */
  public static Report assertPullable(String image) {
    requireNonNull(image, "image");
    try (RegistryDoctor doctor = DoctorSettings.defaults().newDoctor()) {
      return assertPullable(image, doctor);
    }
  }

  /**
   * Asserts that {@code image} can be pulled with {@code doctor}'s settings and credentials.
   *
   * @param image the image, in any form {@code docker pull} accepts
   * @param doctor the doctor to diagnose with; it stays open
   * @return the report, for further checks such as {@link Report#digest()}
   * @throws AssertionFailedError with the report when the image cannot be pulled
   */
  public static Report assertPullable(String image, RegistryDoctor doctor) {
    requireNonNull(image, "image");
    requireNonNull(doctor, "doctor");
    Report report = doctor.check(image);
    if (!report.ok()) {
      throw new AssertionFailedError(FailureMessage.notPullable(report));
    }
    return report;
  }

  /**
   * Asserts that the registry of {@code image} answers and authorises access to its repository; the
   * image itself may be missing (see the class description for the verdicts that pass).
   *
   * @param image the image, in any form {@code docker pull} accepts; an invalid reference fails
   *     with verdict {@code INVALID_REFERENCE}
   * @return the report, whose verdict is {@code OK} or says what is missing
   * @throws AssertionFailedError with the report when the registry cannot be reached or refuses
   *     access
   */
  public static Report assertReachable(String image) {
    requireNonNull(image, "image");
    try (RegistryDoctor doctor = DoctorSettings.defaults().newDoctor()) {
      return assertReachable(image, doctor);
    }
  }

  /**
   * Asserts that the registry of {@code image} answers and authorises access to its repository with
   * {@code doctor}'s settings and credentials; the image itself may be missing.
   *
   * @param image the image, in any form {@code docker pull} accepts
   * @param doctor the doctor to diagnose with; it stays open
   * @return the report, whose verdict is {@code OK} or says what is missing
   * @throws AssertionFailedError with the report when the registry cannot be reached or refuses
   *     access
   */
  public static Report assertReachable(String image, RegistryDoctor doctor) {
    requireNonNull(image, "image");
    requireNonNull(doctor, "doctor");
    Report report = doctor.check(image);
    if (!isReachable(report)) {
      throw new AssertionFailedError(FailureMessage.notReachable(report));
    }
    return report;
  }

  /**
   * Asserts that {@code host} answers {@code GET /v2/} as a registry; an auth challenge counts as
   * up.
   *
   * @param host the registry host with optional port, as in image references: {@code
   *     registry.example.com}, {@code localhost:5000}, {@code [::1]:5000}, {@code docker.io}
   * @throws IllegalArgumentException if {@code host} is not a registry host: a scheme, path,
   *     whitespace, or a single name without {@code .} or port that is not {@code localhost} (which
   *     {@code docker pull} would read as a Docker Hub namespace)
   * @throws AssertionFailedError with the report when the host does not answer as a registry
   */
  public static void assertRegistryUp(String host) {
    String image = upImage(host);
    try (RegistryDoctor doctor = DoctorSettings.defaults().newDoctor()) {
      assertUp(host, image, doctor);
    }
  }

  /**
   * Asserts that {@code host} answers {@code GET /v2/} as a registry with {@code doctor}'s
   * settings; an auth challenge counts as up.
   *
   * @param host the registry host with optional port, as in image references
   * @param doctor the doctor to diagnose with; it stays open
   * @throws IllegalArgumentException if {@code host} is not a registry host
   * @throws AssertionFailedError with the report when the host does not answer as a registry
   */
  public static void assertRegistryUp(String host, RegistryDoctor doctor) {
    String image = upImage(host);
    requireNonNull(doctor, "doctor");
    assertUp(host, image, doctor);
  }

  /** Returns whether {@code report} shows an answering registry that authorised the request. */
  static boolean isReachable(Report report) {
    return report.ok() || CONTENT_VERDICTS.contains(report.verdict().code());
  }

  /** Returns whether {@code /v2/} answered as a registry during the diagnosis of {@code report}. */
  static boolean answeredAsRegistry(Report report) {
    return report.steps().stream()
        .anyMatch(step -> step.name() == StepName.PING && step.status() == StepStatus.OK);
  }

  /**
   * Returns an image on {@code host} to diagnose: the diagnosis of any image pings {@code /v2/}
   * first, so its ping step tells whether the registry is up. The repository need not exist.
   */
  static String upImage(String host) {
    requireNonNull(host, "host");
    if (host.isBlank() || host.contains("/") || host.contains("@") || !host.strip().equals(host)) {
      throw notAHost(host, null);
    }
    try {
      return ImageReference.of(host, UP_REPOSITORY, UP_TAG, null).canonical();
    } catch (InvalidReferenceException e) {
      throw notAHost(host, e);
    }
  }

  private static void assertUp(String host, String image, RegistryDoctor doctor) {
    Report report = doctor.check(image);
    if (!answeredAsRegistry(report)) {
      throw new AssertionFailedError(FailureMessage.notUp(host, report));
    }
  }

  private static IllegalArgumentException notAHost(
      String host, @Nullable InvalidReferenceException cause) {
    return new IllegalArgumentException(
        "host must be a registry host such as registry.example.com or localhost:5000"
            + " (a name with a dot or a port, or localhost) but was \""
            + host
            + "\"",
        cause);
  }
}
