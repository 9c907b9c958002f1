package dev.regdoctor.diagnostics.mirrors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.regdoctor.credentials.CredentialResolver;
import dev.regdoctor.diagnostics.RegistryDoctor;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.endpoint.ContainerRuntime;
import dev.regdoctor.testkit.ImageSeeder;
import dev.regdoctor.testkit.Platform;
import dev.regdoctor.testkit.RegistryBinary;
import dev.regdoctor.testkit.RegistryProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * containerd's {@code override_path}, ground truth: a loopback reverse proxy serves the real
 * upstream {@code docker-registry}'s API under {@code /custom/} instead of {@code /v2/}, as a
 * non-compliant registry does. With {@code server = "http://PROXY/custom"} and {@code override_path
 * = true} containerd requests {@code /custom/<repository>/manifests/…} and pulls; without it
 * containerd appends {@code /v2} ({@code /custom/v2/…}) and fails. Registry Doctor must agree with
 * {@code ctr --hosts-dir} in both.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathOverrideGroundTruthIT {
  @TempDir static Path temp;
  private RuntimeTools tools;
  private RegistryProcess upstream;
  private HttpServer proxy;
  private final HttpClient forward =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> proxied = new CopyOnWriteArrayList<>();
  // a registry that serves its API under the path but answers nothing at the path itself
  private volatile boolean rootMissing;

  @BeforeAll
  void start() throws Exception {
    RegistryBinary.require();
    tools = RuntimeTools.start(Files.createDirectories(temp.resolve("tools")));
    upstream = RegistryProcess.builder().start();
    ImageSeeder.to(upstream.baseUrl())
        .pushImage("team/app", "1.0", Platform.LINUX_AMD64, 1, 16 * 1024);
    proxy = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    proxy.createContext("/custom/", this::forward);
    proxy.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (proxy != null) {
      proxy.stop(0);
    }
    for (AutoCloseable closeable : new AutoCloseable[] {tools, upstream}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  /** Forwards {@code /custom/REST} to the upstream's {@code /v2/REST}. */
  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rest = exchange.getRequestURI().getRawPath().substring("/custom/".length());
      if (rootMissing && rest.isEmpty()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      proxied.add(
          exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI().getRawPath()
              + " "
              + exchange.getRequestHeaders().getFirst("User-Agent"));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/v2/" + rest))
              .timeout(Duration.ofSeconds(10))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      if (accept != null) {
        request.header("Accept", accept);
      }
      HttpResponse<InputStream> response;
      try {
        response = forward.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      for (String name :
          List.of(
              "Content-Type",
              "Docker-Content-Digest",
              "Docker-Distribution-API-Version",
              "WWW-Authenticate")) {
        response
            .headers()
            .firstValue(name)
            .ifPresent(v -> exchange.getResponseHeaders().add(name, v));
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (head) {
        exchange.getResponseHeaders().add("Content-Length", String.valueOf(length));
      }
      exchange.sendResponseHeaders(response.statusCode(), head || length == 0 ? -1 : length);
      try (InputStream in = response.body();
          OutputStream out = exchange.getResponseBody()) {
        in.transferTo(out);
      }
    }
  }

  @ParameterizedTest(name = "override_path = {0}, 404 at the path itself = {1}")
  @CsvSource({"true, false", "false, false", "true, true", "false, true"})
  void registryDoctorAgreesWithCtr(boolean overridePath, boolean rootAnswers404) throws Exception {
    rootMissing = rootAnswers404;
    String proxyHost = "127.0.0.1:" + proxy.getAddress().getPort();
    String image = upstream.hostPort() + "/team/app:1.0";
    Path hosts = Files.createTempDirectory(temp, "containerd");
    Path host = Files.createDirectories(hosts.resolve(upstream.hostPort()));
    Files.writeString(
        host.resolve("hosts.toml"),
        "server = \"http://"
            + proxyHost
            + "/custom\"\n"
            + (overridePath ? "override_path = true\n" : "")
            + "[host]\n");
    proxied.clear();
    RuntimeTools.Run run = tools.ctrPull(hosts, image);
    boolean containerdUsedTheProxy =
        proxied.stream()
            .anyMatch(line -> line.contains("/manifests/") && line.contains("containerd"));
    Report report;
    try (RegistryDoctor doctor =
        RegistryDoctor.builder()
            .credentials(CredentialResolver.anonymous())
            .runtime(ContainerRuntime.CONTAINERD)
            .hostsDir(hosts)
            .timeout(Duration.ofSeconds(20))
            .locale(Locale.ENGLISH)
            .build()) {
      report = doctor.check(image);
    }

    assertThat(run.exit() == 0).as("ctr pulled (%s)", run.output()).isEqualTo(overridePath);
    assertThat(containerdUsedTheProxy).as("ctr went through %s: %s", proxyHost, proxied).isTrue();
    assertThat(report.ok())
        .as("Registry Doctor agrees with ctr:\n%s", report)
        .isEqualTo(overridePath);
    if (overridePath) {
      assertThat(report.pullsFrom()).contains("http://" + proxyHost);
    }
  }
}
