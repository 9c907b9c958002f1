package dev.regdoctor.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.diagnostics.RegistryDoctor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

class SharedDoctorTest {
  @Test
  @SuppressWarnings(
      "deprecation") // Jupiter before 5.13 closes store values through CloseableResource
  void closesOnceWhicheverInterfaceJupiterClosesItThrough() throws Throwable {
    SharedDoctor shared = new SharedDoctor(RegistryDoctor.builder().build());
    assertThat(shared.isClosed()).isFalse();

    shared.close();
    ((ExtensionContext.Store.CloseableResource) shared).close();

    assertThat(shared.isClosed()).isTrue();
  }
}
