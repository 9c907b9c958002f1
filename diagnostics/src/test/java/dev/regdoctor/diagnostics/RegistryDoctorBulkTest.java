package dev.regdoctor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.regdoctor.credentials.CredentialResolver;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** checkAll and checkEach as a library user meets them (review 16, finding 5). */
@Timeout(60)
class RegistryDoctorBulkTest {
  private MockWebServer server;
  private List<String> images;
  private RegistryDoctor doctor;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return request.getTarget().equals("/v2/")
                ? RegistryDoctorTest.ping()
                : RegistryDoctorTest.manifest();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    String hostPort = "127.0.0.1:" + server.getPort();
    images = IntStream.range(0, 12).mapToObj(i -> hostPort + "/team/app:" + i).toList();
    doctor =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .timeout(Duration.ofSeconds(5))
            .concurrency(4)
            .build();
  }

  @AfterEach
  void stop() {
    doctor.close();
    server.close();
  }

  @Test
  void checkEachHandsReportsToTheConsumerOnTheCallingThread() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<String> seen = new ArrayList<>();

    doctor.checkEach(
        images,
        report -> {
          threads.add(Thread.currentThread().getName());
          seen.add(report.input());
        });

    assertThat(threads).containsExactly(Thread.currentThread().getName());
    assertThat(seen).containsExactlyInAnyOrderElementsOf(images);
  }

  @Test
  void theConsumersExceptionReachesTheCallerAsItself() {
    RuntimeException boom = new IllegalStateException("consumer boom");

    assertThatThrownBy(
            () ->
                doctor.checkEach(
                    images,
                    report -> {
                      throw boom;
                    }))
        .isSameAs(boom);
  }

  @Test
  void aNullImageIsRejectedNamingItsPositionBeforeAnyCheck() {
    assertThatThrownBy(() -> doctor.checkAll(Arrays.asList((String) null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("images[0] is null");
    assertThatThrownBy(() -> doctor.checkAll(Arrays.asList(images.get(0), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("images[1] is null");
    assertThatThrownBy(() -> doctor.checkEach(Arrays.asList(images.get(0), null), report -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("images[1] is null");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aNullImageOfALazyIterableIsRejectedWhenReachedNamingItsPosition() {
    Iterable<String> lazy = () -> Arrays.asList(images.get(0), images.get(1), null).iterator();

    assertThatThrownBy(() -> doctor.checkEach(lazy, report -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("images[2] is null");
  }

  @Test
  void aThrowingListenerIsAnIllegalStateExceptionNamingTheImagesPosition() {
    RuntimeException boom = new IllegalStateException("listener boom");
    try (RegistryDoctor listening =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .listener(
                new ProgressListener() {
                  @Override
                  public void finished(Report report) {
                    throw boom;
                  }
                })
            .build()) {
      assertThatThrownBy(() -> listening.checkAll(images.subList(0, 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("the check of item 0 threw")
          .hasCause(boom);
    }
  }
}
