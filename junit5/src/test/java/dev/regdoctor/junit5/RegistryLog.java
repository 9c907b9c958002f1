package dev.regdoctor.junit5;

import dev.regdoctor.testkit.RegistryProcess;

/**
 * Counts the requests Registry Doctor sent to a real registry, from the registry's own log (one
 * {@code response completed} line per request, with method, URI and user agent).
 */
final class RegistryLog {
  private static final long WAIT_MILLIS = 3_000;
  private static final long SETTLE_MILLIS = 200;

  private RegistryLog() {}

  /**
   * Returns how many {@code HEAD /v2/<repository>/manifests/<reference>} requests Registry Doctor
   * sent: one per diagnosis of the image. Waits until at least {@code atLeast} are logged (the
   * registry logs after answering), then a little longer so that a late extra one is counted too.
   */
  static int manifestProbes(
      RegistryProcess registry, String repository, String reference, int atLeast)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    while (count(registry, repository, reference) < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(SETTLE_MILLIS);
    return count(registry, repository, reference);
  }

  private static int count(RegistryProcess registry, String repository, String reference) {
    String uri = "/v2/" + repository + "/manifests/" + reference;
    return (int)
        registry
            .log()
            .lines()
            .filter(line -> line.contains("http.request.method=HEAD"))
            .filter(
                line ->
                    line.contains("http.request.uri=" + uri + " ")
                        || line.contains("http.request.uri=\"" + uri + "\""))
            .filter(line -> line.contains("http.request.useragent=regdoctor/"))
            .count();
  }
}
