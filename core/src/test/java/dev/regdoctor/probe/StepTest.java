package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepTest {

  /** Review 16, finding 8: a step printed its time as PT0.005711246S. */
  @Test
  void toStringGivesTheTimeInMilliseconds() {
    Step connect =
        new Step(StepName.CONNECT, StepStatus.OK, Duration.ofNanos(5_711_246), "127.0.0.1");
    Step tls = new Step(StepName.TLS, StepStatus.SKIPPED, Duration.ZERO, null);

    assertThat(connect).hasToString("Step[connect OK 5.711 ms, 127.0.0.1]");
    assertThat(tls).hasToString("Step[tls SKIPPED 0.000 ms]");
  }
}
