package dev.regdoctor.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only when {@link #value() the image} can be pulled:
 * Registry Doctor diagnoses it once per test run, and unless the verdict is {@code OK} the tests
 * are skipped (or, with {@link #failIfUnreachable()}, failed) with the diagnosis as the reason.
 *
 * <pre>{@code
 * @RequiresRegistry("registry.example.com/team/app:1.4")
 * class DeploymentTest {
 *   @Test
 *   void rollsOut(Report report) {        // the diagnosis of the image, injected
 *     deploy("registry.example.com/team/app@" + report.digest().orElseThrow());
 *   }
 * }
 * }</pre>
 *
 * <p><b>What is required.</b> The verdict must be {@code OK}: the registry answers, the credentials
 * in effect are accepted, and the manifest exists for the platform (warnings such as {@code
 * INSECURE_REGISTRY} do not count). Every annotation on the element must be satisfied; the
 * annotation is repeatable, and annotations on a class apply to all of its tests (and to those of
 * its subclasses and {@code @Nested} classes).
 *
 * <p><b>Skip or fail.</b> By default an image that cannot be pulled skips the tests, with a reason
 * that names the annotation and the verdict code, followed by the human report (evidence and
 * remediation). With {@code failIfUnreachable = true}, or the configuration parameter {@value
 * RegistryDoctorExtension#FAIL_IF_UNREACHABLE_PARAMETER}{@code =true} (for example in CI), the
 * tests fail instead with an {@link org.opentest4j.AssertionFailedError} carrying the same text; a
 * class-level requirement then fails the class once. If several requirements are unmet and one of
 * them fails, the test fails. An image that is not a valid reference, an invalid attribute or
 * parameter, and a placeholder without a value always fail, with an {@link
 * org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the culprit (Jupiter
 * reports it as the cause of a condition evaluation error): skipping would hide the typo.
 *
 * <p><b>One probe per image.</b> Reports are cached for the whole test run (in the root {@code
 * ExtensionContext.Store}), keyed by the image and the effective settings, so any number of tests
 * requiring the same image cost one diagnosis. A failure is cached as well: an unreachable registry
 * costs its timeout once, not once per test.
 *
 * <p><b>Settings.</b> Each setting comes from the attribute when it is set, else from the JUnit
 * configuration parameter (in {@code junit-platform.properties}, on the command line, or as a JVM
 * system property), else from the default; list settings combine both sources:
 *
 * <table>
 *   <caption>Settings and their configuration parameters</caption>
 *   <tr><th>attribute</th><th>parameter</th><th>default</th></tr>
 *   <tr><td>{@link #timeout()}</td><td>{@value RegistryDoctorExtension#TIMEOUT_PARAMETER}</td>
 *       <td>10 s</td></tr>
 *   <tr><td>{@link #platform()}</td><td>{@value RegistryDoctorExtension#PLATFORM_PARAMETER}</td>
 *       <td>{@code linux/amd64}</td></tr>
 *   <tr><td>{@link #insecureRegistries()}</td>
 *       <td>{@value RegistryDoctorExtension#INSECURE_REGISTRIES_PARAMETER}</td><td>none</td></tr>
 *   <tr><td>{@link #plainHttpRegistries()}</td>
 *       <td>{@value RegistryDoctorExtension#PLAIN_HTTP_REGISTRIES_PARAMETER}</td><td>none</td></tr>
 *   <tr><td>{@link #caFiles()}</td><td>{@value RegistryDoctorExtension#CA_FILES_PARAMETER}</td>
 *       <td>the JVM's trust store only</td></tr>
 *   <tr><td>{@link #dockerConfig()}</td>
 *       <td>{@value RegistryDoctorExtension#DOCKER_CONFIG_PARAMETER}</td>
 *       <td>the local Docker configuration</td></tr>
 *   <tr><td>{@link #failIfUnreachable()}</td>
 *       <td>{@value RegistryDoctorExtension#FAIL_IF_UNREACHABLE_PARAMETER}</td><td>skip</td></tr>
 *   <tr><td>-</td><td>{@value RegistryDoctorExtension#LOCALE_PARAMETER}</td>
 *       <td>the JVM's locale</td></tr>
 * </table>
 *
 * <p>The image and the other string attributes may contain {@code ${name}} placeholders, replaced
 * by the configuration parameter {@code name}, so a suite can point at the registry of its
 * environment: {@code @RequiresRegistry("${registry.host}/team/app:1.4")} with {@code
 * -Dregistry.host=localhost:5000} or {@code registry.host=localhost:5000} in {@code
 * junit-platform.properties}. A placeholder without a value is a configuration error.
 *
 * <p>The annotation registers {@link RegistryDoctorExtension}, which also injects the {@link
 * dev.regdoctor.diagnostics.Report} of the image and a shared {@link
 * dev.regdoctor.diagnostics.RegistryDoctor} into test and lifecycle method parameters. It may be
 * used as a meta-annotation to compose an annotation for an image used by many test classes.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(RequiresRegistries.class)
@ExtendWith(RegistryDoctorExtension.class)
public @interface RequiresRegistry {

  /**
   * Returns the image the tests need, in any form {@code docker pull} accepts, for example {@code
   * registry.example.com/team/app:1.4}, {@code localhost:5000/app@sha256:…} or {@code nginx}
   * (Docker Hub); {@code ${name}} placeholders are replaced by configuration parameters.
   */
  String value();

  /**
   * Returns whether tests fail instead of being skipped when the image cannot be pulled (default
   * {@code false}). The configuration parameter {@value
   * RegistryDoctorExtension#FAIL_IF_UNREACHABLE_PARAMETER}{@code =true} turns failing on for every
   * requirement; it cannot be turned off per annotation.
   */
  boolean failIfUnreachable() default false;

  /**
   * Returns the overall budget for diagnosing the image, such as {@code 5s}, {@code 500ms}, {@code
   * 2m} or {@code PT5S}; empty (the default) means the configuration parameter {@value
   * RegistryDoctorExtension#TIMEOUT_PARAMETER}, else 10 seconds.
   */
  String timeout() default "";

  /**
   * Returns the platform whose manifest must exist, such as {@code linux/arm64}; empty (the
   * default) means the configuration parameter {@value RegistryDoctorExtension#PLATFORM_PARAMETER},
   * else {@code linux/amd64}.
   */
  String platform() default "";

  /**
   * Returns registries ({@code host}, {@code host:port} or a CIDR) to treat as insecure, as
   * Docker's {@code insecure-registries}: plain HTTP allowed and TLS not verified. Added to those
   * of the configuration parameter {@value RegistryDoctorExtension#INSECURE_REGISTRIES_PARAMETER}.
   * Loopback registries may always be reached over plain HTTP.
   */
  String[] insecureRegistries() default {};

  /**
   * Returns registries ({@code host:port}) to reach over plain HTTP without trying HTTPS first.
   * Added to those of the configuration parameter {@value
   * RegistryDoctorExtension#PLAIN_HTTP_REGISTRIES_PARAMETER}.
   */
  String[] plainHttpRegistries() default {};

  /**
   * Returns PEM files of CA certificates to trust in addition to the JVM's, as paths relative to
   * the working directory or absolute. Added to those of the configuration parameter {@value
   * RegistryDoctorExtension#CA_FILES_PARAMETER}.
   */
  String[] caFiles() default {};

  /**
   * Returns the Docker configuration to take credentials from, as the docker CLI does ({@code
   * auths}, {@code credsStore} and {@code credHelpers}): a directory holding {@code config.json},
   * such as {@code ${user.home}/.docker}, or the file itself. Empty (the default) means the
   * configuration parameter {@value RegistryDoctorExtension#DOCKER_CONFIG_PARAMETER}, else the
   * local Docker configuration ({@code DOCKER_AUTH_CONFIG}, {@code $DOCKER_CONFIG/config.json} or
   * {@code ~/.docker/config.json}). A path that does not exist is a configuration error; a file
   * that cannot be parsed makes the verdict {@code CONFIG_INVALID}. Reports say which entry
   * supplied the credential, never the credential.
   *
   * <p>A missing path is stricter here than in the library: {@code
   * RegistryDoctor.Builder.dockerConfig} and the command line's {@code --docker-config} follow
   * Docker and check anonymously, with an {@code INPUT_IGNORED} warning, while in a test suite a
   * mistyped path would only show as {@code AUTH_REQUIRED} on the registry that needed it. An
   * existing directory without {@code config.json} is "no configuration" in both: name an empty
   * directory to test that an image pulls anonymously.
   */
  String dockerConfig() default "";
}
