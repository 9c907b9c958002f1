package dev.regdoctor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * The main loop the checker processes share: {@code CONCURRENCY IMAGES_FILE} as arguments, every
 * image checked on a fixed pool of threads, exit 0 when every one was found.
 */
final class CheckerMain {
  private CheckerMain() {}

  /** Reads the arguments, checks every image with {@code found} and exits. */
  static void run(String[] args, Predicate<String> found) throws Exception {
    int concurrency = Integer.parseInt(args[0]);
    List<String> images = Files.readAllLines(Path.of(args[1]));
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<Boolean>> futures = new ArrayList<>();
    for (String image : images) {
      futures.add(pool.submit(() -> found.test(image)));
    }
    int missing = 0;
    for (Future<Boolean> future : futures) {
      missing += future.get() ? 0 : 1;
    }
    pool.shutdown();
    System.out.println(images.size() - missing + "/" + images.size() + " found");
    System.exit(missing == 0 ? 0 : 1);
  }

  /** Returns the registry of {@code host:port/repository:tag}. */
  static String registry(String image) {
    return image.substring(0, image.indexOf('/'));
  }

  /** Returns the repository of {@code host:port/repository:tag}. */
  static String repository(String image) {
    return image.substring(image.indexOf('/') + 1, image.lastIndexOf(':'));
  }

  /** Returns the tag of {@code host:port/repository:tag}. */
  static String tag(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }
}
