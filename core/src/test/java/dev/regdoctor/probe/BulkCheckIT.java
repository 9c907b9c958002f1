package dev.regdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.regdoctor.credentials.Credential;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.TokenIssuer;
import dev.regdoctor.testkit.TokenRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Many images checked concurrently through one shared {@link RegistryClient}: one ping per registry
 * and one token per repository scope, counted where they arrive.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkCheckIT {
  private static final int REPOSITORIES = 5;
  private static final int TAGS = 10;
  private static final int THREADS = 8;

  private TokenIssuer issuer;
  private RegistryProcess registry;
  private final List<String> images = new ArrayList<>();

  @BeforeAll
  void start() {
    RegistryBinary.require();
    issuer = TokenIssuer.start().user("alice", "alice-pw").allow("alice", "*", "pull", "push");
    registry = RegistryProcess.builder().tokenAuth(issuer).start();
    ImageSeeder seeder = ImageSeeder.to(registry.baseUrl()).withCredentials("alice", "alice-pw");
    for (int r = 0; r < REPOSITORIES; r++) {
      for (int t = 0; t < TAGS; t++) {
        seeder.pushImage("bulk/repo" + r, "1." + t, Platform.LINUX_AMD64, 1, 128);
        images.add(registry.hostPort() + "/bulk/repo" + r + ":1." + t);
      }
    }
  }

  @AfterAll
  void stop() {
    if (registry != null) {
      registry.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  @Test
  void fiftyImagesOnEightThreadsNeedOnePingAndOneTokenPerRepository() throws Exception {
    ProbeSettings settings =
        ProbeSettings.builder()
            .plainHttpRegistry(registry.hostPort())
            .timeout(Duration.ofSeconds(30))
            .build();
    CredentialResolver credentials =
        CredentialResolver.explicit(Credential.of("alice", "alice-pw"));
    int tokensBefore = issuer.requests().size();
    List<ProbeResult> results = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try (RegistryClient client = RegistryClient.create(settings)) {
      CountDownLatch ready = new CountDownLatch(1);
      List<Future<ProbeResult>> futures = new ArrayList<>();
      for (String image : images) {
        futures.add(
            threads.submit(
                () -> {
                  ready.await();
                  return client.check(image, credentials);
                }));
      }
      ready.countDown();
      for (Future<ProbeResult> future : futures) {
        results.add(future.get());
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(results)
        .hasSize(REPOSITORIES * TAGS)
        .allSatisfy(result -> assertThat(result.isOk()).as("%s", result.failures()).isTrue());
    assertThat(results)
        .filteredOn(result -> !result.ping().cached())
        .as("checks that sent the ping")
        .hasSize(1);
    List<TokenRequest> tokenRequests =
        issuer.requests().subList(tokensBefore, issuer.requests().size());
    Map<String, Long> perScope =
        tokenRequests.stream()
            .collect(Collectors.groupingBy(TokenRequest::query, Collectors.counting()));
    assertThat(perScope)
        .as("token requests per scope: %s", perScope)
        .hasSize(REPOSITORIES)
        .allSatisfy((scope, count) -> assertThat(count).isEqualTo(1L));
    assertThat(results.stream().mapToInt(ProbeResult::requests).sum())
        .as("requests in all")
        .isEqualTo(1 + REPOSITORIES + REPOSITORIES * TAGS);
  }
}
