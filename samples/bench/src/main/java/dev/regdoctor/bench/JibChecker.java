package dev.regdoctor.bench;

import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    int concurrency = Integer.parseInt(args[0]);
    List<String> images = Files.readAllLines(Path.of(args[1]));
    FailoverHttpClient http = new FailoverHttpClient(true, true, event -> {});
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<Boolean>> futures = new ArrayList<>();
    for (String image : images) {
      futures.add(
          pool.submit(
              () -> {
                int slash = image.indexOf('/');
                int colon = image.lastIndexOf(':');
                RegistryClient client =
                    RegistryClient.factory(
                            EventHandlers.NONE,
                            image.substring(0, slash),
                            image.substring(slash + 1, colon),
                            http)
                        .newRegistryClient();
                return client.checkManifest(image.substring(colon + 1)).isPresent();
              }));
    }
    int missing = 0;
    for (Future<Boolean> future : futures) {
      missing += future.get() ? 0 : 1;
    }
    pool.shutdown();
    http.shutDown();
    System.out.println(images.size() - missing + "/" + images.size() + " found");
    System.exit(missing == 0 ? 0 : 1);
  }
}
