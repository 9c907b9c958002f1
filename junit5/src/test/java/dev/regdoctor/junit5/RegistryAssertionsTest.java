package dev.regdoctor.junit5;

import static dev.regdoctor.junit5.RegistryAssertions.assertPullable;
import static dev.regdoctor.junit5.RegistryAssertions.assertReachable;
import static dev.regdoctor.junit5.RegistryAssertions.assertRegistryUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.testkit.FaultEndpoint;
import dev.regdoctor.testkit.LoopbackFaults;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

/** The assertions against loopback faults and invalid input; no registry needed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegistryAssertionsTest {
  private static final String NL = System.lineSeparator();

  private final FaultEndpoint refused = LoopbackFaults.closedPort();
  private final RegistryDoctor doctor =
      RegistryDoctor.builder().locale(Locale.ENGLISH).timeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void release() {
    doctor.close();
    refused.close();
  }

  @Nested
  class Messages {
    @Test
    void notPullableStartsWithTheExpectationThenTheReport() {
      String image = refused.hostPort() + "/team/app:1.0";

      AssertionFailedError error =
          catchThrowableOfType(AssertionFailedError.class, () -> assertPullable(image, doctor));

      assertThat(error.getMessage())
          .startsWith(
              "expected "
                  + image
                  + " to be pullable, but the verdict is CONNECTION_REFUSED"
                  + NL
                  + "CONNECTION_REFUSED  "
                  + image
                  + "  (")
          .contains(NL + "  Nothing accepts connections on " + refused.hostPort() + NL)
          .contains(NL + "  Evidence:" + NL)
          .contains(NL + "  What to do:" + NL)
          .contains("$ curl -v https://" + refused.hostPort() + "/v2/");
    }

    @Test
    void notReachableNamesTheRepository() {
      String image = refused.hostPort() + "/team/app:1.0";

      assertThatThrownBy(() -> assertReachable(image, doctor))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageStartingWith(
              "expected the registry of "
                  + image
                  + " to be reachable and to authorise access to team/app, but the verdict is"
                  + " CONNECTION_REFUSED"
                  + NL);
    }

    @Test
    void notUpNamesTheHost() {
      assertThatThrownBy(() -> assertRegistryUp(refused.hostPort(), doctor))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageStartingWith(
              "expected "
                  + refused.hostPort()
                  + " to answer /v2/ as a registry, but the verdict is CONNECTION_REFUSED"
                  + NL);
    }

    @Test
    void defaultDoctorFailsTheSameWay() {
      assertThatThrownBy(() -> assertPullable(refused.hostPort() + "/team/app:1.0"))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining("the verdict is CONNECTION_REFUSED");
      assertThatThrownBy(() -> assertReachable(refused.hostPort() + "/team/app:1.0"))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining("the verdict is CONNECTION_REFUSED");
      assertThatThrownBy(() -> assertRegistryUp(refused.hostPort()))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining("the verdict is CONNECTION_REFUSED");
    }

    @Test
    void invalidReferenceFailsWithoutTraffic() {
      AssertionFailedError error =
          catchThrowableOfType(
              AssertionFailedError.class,
              () -> assertPullable("registry.example.com/Team/app:1.0", doctor));

      assertThat(error.getMessage())
          .startsWith(
              "expected registry.example.com/Team/app:1.0 to be pullable, but the verdict is"
                  + " INVALID_REFERENCE")
          .contains("repository name must be lowercase")
          .contains("(0 requests,");
    }

    @Test
    void stalledRegistryIsNotUp() {
      try (FaultEndpoint stall = LoopbackFaults.stall();
          RegistryDoctor impatient =
              RegistryDoctor.builder().timeout(Duration.ofMillis(300)).build()) {
        assertThatThrownBy(() -> assertRegistryUp(stall.hostPort(), impatient))
            .isInstanceOf(AssertionFailedError.class)
            .hasMessageMatching(
                "(?s)expected "
                    + stall.hostPort().replace(".", "\\.")
                    + " to answer /v2/ as a registry, but the verdict is \\w+_TIMEOUT.*");
      }
    }

    @Test
    void credentialsNeverReachTheMessage() {
      String password = "n0t-f0r-y0ur-3yes";
      try (RegistryDoctor withCredentials =
          RegistryDoctor.builder().credentials("alice", password).build()) {
        assertThatThrownBy(
                () -> assertPullable(refused.hostPort() + "/team/app:1.0", withCredentials))
            .isInstanceOf(AssertionFailedError.class)
            .satisfies(error -> assertThat(error.getMessage()).doesNotContain(password));
      }
    }
  }

  @Nested
  class Hosts {
    @ParameterizedTest
    @CsvSource({
      "registry.example.com, registry.example.com/regdoctor/registry-up:probe",
      "localhost, localhost/regdoctor/registry-up:probe",
      "localhost:5000, localhost:5000/regdoctor/registry-up:probe",
      "127.0.0.1:5000, 127.0.0.1:5000/regdoctor/registry-up:probe",
      "[::1]:5000, [::1]:5000/regdoctor/registry-up:probe",
      "docker.io, docker.io/regdoctor/registry-up:probe",
    })
    void registryHostsBecomeAProbeImage(String host, String image) {
      assertThat(RegistryAssertions.upImage(host)).isEqualTo(image);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          " ",
          "myregistry",
          "https://registry.example.com",
          "registry.example.com/team",
          " registry.example.com",
          "alice@registry.example.com",
          "registry.example.com:port"
        })
    void otherTextIsNotAHost(String host) {
      assertThatThrownBy(() -> assertRegistryUp(host, doctor))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "host must be a registry host such as registry.example.com or localhost:5000"
                  + " (a name with a dot or a port, or localhost) but was \""
                  + host
                  + "\"");
    }
  }

  @Nested
  class Arguments {
    @Test
    void nullArgumentsAreNamed() {
      assertThatThrownBy(() -> assertPullable(null, doctor))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("image");
      assertThatThrownBy(() -> assertReachable("localhost:5000/app", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("doctor");
      assertThatThrownBy(() -> assertRegistryUp(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("host");
    }
  }
}
