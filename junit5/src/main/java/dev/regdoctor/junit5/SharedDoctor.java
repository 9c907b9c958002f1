package dev.regdoctor.junit5;

import static java.util.Objects.requireNonNull;

import dev.regdoctor.diagnostics.RegistryDoctor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A doctor shared by every test of a run, kept in the root {@link ExtensionContext.Store} and
 * closed with it when the run ends.
 *
 * <p>Implements both {@link AutoCloseable}, which Jupiter 5.13 and later close, and the deprecated
 * {@link ExtensionContext.Store.CloseableResource}, which earlier 5.x versions close, so the doctor
 * is released whatever Jupiter runs the suite. Closing is idempotent in case a version honours
 * both.
 */
@SuppressWarnings("deprecation")
final class SharedDoctor implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  private final RegistryDoctor doctor;
  private final AtomicBoolean closed = new AtomicBoolean();

  SharedDoctor(RegistryDoctor doctor) {
    this.doctor = requireNonNull(doctor, "doctor");
  }

  /** Returns the doctor. */
  RegistryDoctor doctor() {
    return doctor;
  }

  /** Returns whether {@link #close()} has run. */
  boolean isClosed() {
    return closed.get();
  }

  /** Closes the doctor, once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      doctor.close();
    }
  }
}
