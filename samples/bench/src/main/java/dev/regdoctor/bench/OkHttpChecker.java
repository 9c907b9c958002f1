package dev.regdoctor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
    OkHttpClient client = client();
    String first = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[1])).get(0);
    ping(client, CheckerMain.registry(first));
    CheckerMain.run(args, image -> found(client, image));
  }

  /** A client with a pool for 8 threads, a call deadline and no redirects. */
  static OkHttpClient client() {
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(16, 1, TimeUnit.MINUTES))
        .callTimeout(Duration.ofSeconds(30))
        .followRedirects(false)
        .build();
  }

  /** {@code GET /v2/} once, as a client learns the registry answers. */
  static void ping(OkHttpClient client, String registry) throws IOException {
    try (Response ping =
        client
            .newCall(new Request.Builder().url("http://" + registry + "/v2/").build())
            .execute()) {
      if (ping.code() != 200) {
        throw new IOException("ping " + registry + " -> " + ping.code());
      }
    }
  }

  /** {@code HEAD} of the manifest: found when 200 with a {@code Docker-Content-Digest}. */
  static boolean found(OkHttpClient client, String image) {
    String url =
        "http://"
            + CheckerMain.registry(image)
            + "/v2/"
            + CheckerMain.repository(image)
            + "/manifests/"
            + CheckerMain.tag(image);
    Request head = new Request.Builder().url(url).head().header("Accept", ACCEPT).build();
    try (Response response = client.newCall(head).execute()) {
      return response.code() == 200 && response.header("Docker-Content-Digest") != null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
