package dev.regdoctor.bench;

import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;

/**
 * jib-core's registry client as a whole process: {@code RegistryClient.checkManifest} for each
 * image (one Jib client per image, Jib's client being per repository, sharing one {@code
 * FailoverHttpClient} that allows plain HTTP), on a fixed pool of threads. Exit 0 when every
 * manifest was found.
 *
 * <pre>java -cp … dev.regdoctor.bench.JibChecker CONCURRENCY IMAGES_FILE</pre>
 */
public final class JibChecker {
  private JibChecker() {}

  public static void main(String[] args) throws Exception {
    FailoverHttpClient http = new FailoverHttpClient(true, true, event -> {});
    CheckerMain.run(args, image -> found(http, image));
  }

  /** Whether jib-core finds the manifest of {@code image}. */
  static boolean found(FailoverHttpClient http, String image) {
    RegistryClient client =
        RegistryClient.factory(
                EventHandlers.NONE,
                CheckerMain.registry(image),
                CheckerMain.repository(image),
                http)
            .newRegistryClient();
    try {
      return client.checkManifest(CheckerMain.tag(image)).isPresent();
    } catch (IOException | RegistryException e) {
      throw new IllegalStateException("jib-core: " + image + ": " + e, e);
    }
  }
}
