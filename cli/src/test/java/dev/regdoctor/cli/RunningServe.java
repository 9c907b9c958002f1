package dev.regdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** {@code regdoctor serve} running in this JVM on a free loopback port, stopped by close. */
final class RunningServe implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://([^/]+)/metrics");
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ServeCommand command;
  private final CompletableFuture<Integer> status;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;

  RunningServe(Path config, Map<String, String> environment) throws Exception {
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    command = line.getSubcommands().get("serve").getCommand();
    if (environment != null) {
      command.environment = environment;
    }
    status =
        CompletableFuture.supplyAsync(
            () -> line.execute("serve", "--config", config.toString(), "--listen", "127.0.0.1:0"));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Matcher matcher = LISTENING.matcher("");
    while (System.nanoTime() < deadline && !status.isDone()) {
      matcher = LISTENING.matcher(out.toString());
      if (matcher.find()) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(matcher.find(0)).as("serve did not start: %s %s", out, err).isTrue();
    base = "http://" + matcher.group(1);
  }

  /** Returns the status and body of {@code GET path}. */
  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Returns the scraped metrics. */
  PromText metrics() throws Exception {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains(ExporterHttp.METRICS_TYPE);
    return PromText.parse(response.body());
  }

  /** Scrapes until {@code condition} holds, at most {@code limit}; returns the last scrape. */
  PromText awaitMetrics(Duration limit, Predicate<PromText> condition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    PromText last = metrics();
    while (!condition.test(last)) {
      assertThat(System.nanoTime())
          .as("metrics never matched; last scrape:\n%s", last)
          .isLessThan(deadline);
      Thread.sleep(100);
      last = metrics();
    }
    return last;
  }

  String base() {
    return base;
  }

  String output() {
    return out + "\n" + err;
  }

  @Override
  public void close() throws Exception {
    command.stop.countDown();
    assertThat(status.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
  }
}
