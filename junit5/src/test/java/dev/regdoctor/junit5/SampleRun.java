package dev.regdoctor.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs {@link Sample} classes on the Jupiter engine, as one test run, with configuration
 * parameters.
 */
final class SampleRun {
  private final Map<String, String> parameters = new LinkedHashMap<>();

  private SampleRun() {}

  /** Returns a run with no parameters but the one that enables samples. */
  static SampleRun with() {
    return new SampleRun();
  }

  /** Returns this run with the configuration parameter {@code key} set to {@code value}. */
  SampleRun parameter(String key, String value) {
    parameters.put(key, value);
    return this;
  }

  /** Executes the classes together, so they share one root store, and returns the events. */
  EngineExecutionResults execute(Class<?>... samples) {
    ClassSelector[] selectors =
        Arrays.stream(samples).map(sample -> selectClass(sample)).toArray(ClassSelector[]::new);
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(Sample.PARAMETER, "true")
        .configurationParameters(parameters)
        .selectors(selectors)
        .execute();
  }
}
