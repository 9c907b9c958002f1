package dev.regdoctor.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Holds several {@link RequiresRegistry} annotations on one element. The compiler writes it when
 * {@code @RequiresRegistry} is repeated; there is no need to write it by hand.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RegistryDoctorExtension.class)
public @interface RequiresRegistries {

  /** Returns the repeated annotations, in declaration order. */
  RequiresRegistry[] value();
}
