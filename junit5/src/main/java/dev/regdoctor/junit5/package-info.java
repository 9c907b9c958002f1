/**
 * JUnit Jupiter support for tests that need a container registry: {@link
 * dev.regdoctor.junit5.RegistryAssertions} to assert that a registry is up, reachable or serves an
 * image, and {@link dev.regdoctor.junit5.RequiresRegistry} to skip or fail tests, with the
 * diagnosis as the reason, when an image cannot be pulled. Failures carry Registry Doctor's human
 * report: the verdict, its evidence and what to do about it.
 *
 * <p>Compiled against the JUnit Jupiter 5 API, which the test suite provides; it works with Jupiter
 * 5.x and 6.x.
 */
@NullMarked
package dev.regdoctor.junit5;

import org.jspecify.annotations.NullMarked;
