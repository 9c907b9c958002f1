package dev.regdoctor.junit5;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a sample test class that only {@link SampleRun} executes, through the Engine Test Kit.
 * Found any other way (an IDE running the package, say), it is skipped before any other condition
 * runs, so its {@code @RequiresRegistry} never probes. Put it before {@code @RequiresRegistry}:
 * Jupiter evaluates conditions in declaration order and stops at the first that disables.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Sample.Gate.class)
@interface Sample {

  /** The configuration parameter {@link SampleRun} sets. */
  String PARAMETER = "regdoctor.test.samples";

  /** Enables samples only when {@link #PARAMETER} is {@code true}. */
  final class Gate implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("run by the Engine Test Kit")
          : ConditionEvaluationResult.disabled("sample class, run only by the Engine Test Kit");
    }
  }
}
