package dev.regdoctor.bench;

import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryProcess;
import dev.regdoctor.testkit.SeededImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A real docker-registry seeded with {@code images} tags spread over {@code repositories}. */
final class BenchRegistry implements AutoCloseable {
  final RegistryProcess registry;
  final List<String> images = new ArrayList<>();

  BenchRegistry(int imageCount, int repositories) throws Exception {
    registry = RegistryProcess.builder().start();
    ImageSeeder seeder = ImageSeeder.to(registry.baseUrl());
    OkHttpClient http = new OkHttpClient();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (int r = 0; r < repositories; r++) {
        String repository = "bench/app" + r;
        SeededImage image = seeder.pushImage(repository, "seed", Platform.LINUX_AMD64, 1, 256);
        byte[] manifest =
            fetch(
                http,
                registry.baseUrl() + "/v2/" + repository + "/manifests/" + image.digest(),
                image.mediaType());
        for (int i = r; i < imageCount; i += repositories) {
          String tag = "t" + i;
          images.add(registry.hostPort() + "/" + repository + ":" + tag);
          pending.add(
              pool.submit(
                  () -> {
                    seeder.pushManifest(repository, tag, image.mediaType(), manifest);
                    return null;
                  }));
        }
      }
      for (Future<?> future : pending) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static byte[] fetch(OkHttpClient http, String url, String mediaType) throws IOException {
    try (Response response =
        http.newCall(new Request.Builder().url(url).header("Accept", mediaType).build())
            .execute()) {
      if (response.code() != 200) {
        throw new IOException("GET " + url + " -> " + response.code());
      }
      return response.body().bytes();
    }
  }

  String hostPort() {
    return registry.hostPort();
  }

  @Override
  public void close() {
    registry.close();
  }
}
