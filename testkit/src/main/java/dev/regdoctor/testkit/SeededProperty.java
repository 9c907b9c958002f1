package dev.regdoctor.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A property test: a JUnit parameterized test run once per seed of {@link Gen#seeds(int)}; the
 * method takes the seed and builds its input with {@code new Gen(seed)}. A failing case is named by
 * its seed.
 *
 * <pre>{@code
 * @SeededProperty(cases = 500)
 * void roundTrips(long seed) {
 *   Gen gen = new Gen(seed);
 *   ...
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "seed {0}")
@ArgumentsSource(SeededProperty.Seeds.class)
public @interface SeededProperty {
  /** How many seeded cases run (default 1,000). */
  int cases() default 1000;

  /** Supplies the seeds. */
  final class Seeds extends AnnotationBasedArgumentsProvider<SeededProperty> {
    /** Creates the provider (JUnit does). */
    public Seeds() {}

    @Override
    protected Stream<? extends Arguments> provideArguments(
        ExtensionContext context, SeededProperty property) {
      return Gen.seeds(property.cases()).mapToObj(Arguments::of);
    }
  }
}
