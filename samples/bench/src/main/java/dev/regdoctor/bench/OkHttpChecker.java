package dev.regdoctor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The hand-written checker of the whole-process comparison: what a careful programmer writes with
 * OkHttp to check that images exist on an anonymous plain-HTTP registry — one {@code GET /v2/},
 * then one {@code HEAD} of each manifest with the same {@code Accept} header as Registry Doctor, on
 * a fixed pool of threads. No diagnosis, no report: exit 0 when every manifest was found.
 *
 * <pre>java -cp … dev.regdoctor.bench.OkHttpChecker CONCURRENCY IMAGES_FILE</pre>
 */
public final class OkHttpChecker {
  /** The manifest types Registry Doctor asks for; {@code StartupBench} checks they stay equal. */
  static final String ACCEPT =
      "application/vnd.oci.image.index.v1+json, "
          + "application/vnd.docker.distribution.manifest.list.v2+json, "
          + "application/vnd.oci.image.manifest.v1+json, "
          + "application/vnd.docker.distribution.manifest.v2+json, "
          + "application/vnd.docker.distribution.manifest.v1+prettyjws;q=0.5";

  private OkHttpChecker() {}

  public static void main(String[] args) throws Exception {
    int concurrency = Integer.parseInt(args[0]);
    List<String> images = Files.readAllLines(Path.of(args[1]));
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(16, 1, TimeUnit.MINUTES))
            .callTimeout(Duration.ofSeconds(30))
            .followRedirects(false)
            .build();
    String registry = images.get(0).substring(0, images.get(0).indexOf('/'));
    try (Response ping =
        client
            .newCall(new Request.Builder().url("http://" + registry + "/v2/").build())
            .execute()) {
      if (ping.code() != 200) {
        System.err.println("ping " + ping.code());
        System.exit(1);
      }
    }
    AtomicInteger missing = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> futures = new ArrayList<>();
    for (String image : images) {
      futures.add(
          pool.submit(
              () -> {
                int slash = image.indexOf('/');
                int colon = image.lastIndexOf(':');
                String url =
                    "http://"
                        + image.substring(0, slash)
                        + "/v2/"
                        + image.substring(slash + 1, colon)
                        + "/manifests/"
                        + image.substring(colon + 1);
                Request head =
                    new Request.Builder().url(url).head().header("Accept", ACCEPT).build();
                try (Response response = client.newCall(head).execute()) {
                  if (response.code() != 200 || response.header("Docker-Content-Digest") == null) {
                    missing.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    System.out.println(images.size() - missing.get() + "/" + images.size() + " found");
    System.exit(missing.get() == 0 ? 0 : 1);
  }
}
