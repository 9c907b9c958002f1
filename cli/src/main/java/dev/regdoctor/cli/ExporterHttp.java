package dev.regdoctor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.diagnostics.kubernetes.KubernetesReport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The exporter's HTTP endpoints on the JDK's server: {@code /metrics} (Prometheus text format),
 * {@code /healthz}, {@code /report?image=…} (the last JSON report of a target) and {@code /targets}
 * (every target with its last verdict). Every answer comes from memory: nothing here starts a
 * probe, so no request can make the exporter contact a host it was not configured for.
 */
final class ExporterHttp implements AutoCloseable {
  static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Exporter exporter;

  ExporterHttp(InetSocketAddress address, Exporter exporter) throws IOException {
    this.exporter = exporter;
    this.server = HttpServer.create(address, 16);
    this.executor = Executors.newFixedThreadPool(2, Exporter.daemon(() -> "regdoctor-http"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving. */
  void start() {
    server.start();
  }

  /** Returns the address actually bound (the port is chosen when 0 was asked). */
  InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/metrics" -> send(exchange, 200, METRICS_TYPE, exporter.metrics().scrape());
        case "/healthz" ->
            send(
                exchange,
                exporter.isRunning() ? 200 : 503,
                "text/plain; charset=utf-8",
                exporter.isRunning() ? "ok\n" : "stopping\n");
        case "/report" -> report(exchange);
        case "/targets" -> send(exchange, 200, "application/json", targets());
        case "/" ->
            send(
                exchange,
                200,
                "text/plain; charset=utf-8",
                "regdoctor serve: /metrics  /healthz  /targets  /report?image=IMAGE[&namespace=NS&workload=KIND/NAME]\n");
        default -> send(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
      }
    }
  }

  private void report(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String image = query.get("image");
    if (image == null || image.isBlank()) {
      send(exchange, 400, "application/json", error("give the image: /report?image=IMAGE"));
      return;
    }
    List<ProbeRecord> records =
        exporter.records(image, query.get("namespace"), query.get("workload"));
    if (records.isEmpty()) {
      send(
          exchange,
          404,
          "application/json",
          error(image + " is not a target of this exporter (see /targets)"));
      return;
    }
    Optional<Report> listed =
        records.stream()
            .filter(record -> !record.target().isDiscovered() && record.live() != null)
            .map(ProbeRecord::live)
            .findFirst();
    if (listed.isPresent()) {
      send(exchange, 200, "application/json", listed.get().toJson());
      return;
    }
    List<KubernetesReport.Workload> workloads = new ArrayList<>();
    for (ProbeRecord record : records) {
      if (record.kubernetes() != null) {
        workloads.addAll(record.kubernetes().workloads());
      }
    }
    if (workloads.isEmpty()) {
      exchange.getResponseHeaders().set("Retry-After", "5");
      send(
          exchange,
          503,
          "application/json",
          error(image + " has not been checked yet (or its registry's circuit breaker is open)"));
      return;
    }
    KubernetesReport merged = new KubernetesReport(workloads, false, List.of(), exporter.locale());
    send(exchange, 200, "application/json", merged.toJson());
  }

  private String targets() throws IOException {
    ObjectNode root = JSON.createObjectNode().put("schema", "regdoctor.exporter.targets/v1");
    ArrayNode list = root.putArray("targets");
    for (Map.Entry<ProbeTarget, Optional<ProbeRecord>> entry : exporter.snapshot()) {
      ProbeTarget target = entry.getKey();
      ObjectNode node =
          list.addObject()
              .put("image", target.image())
              .put("registry", target.registry())
              .put("namespace", target.namespace().isEmpty() ? null : target.namespace())
              .put("workload", target.workload().isEmpty() ? null : target.workload());
      ProbeRecord record = entry.getValue().orElse(null);
      node.put("checkedAt", record == null ? null : record.at().toString());
      node.put("ok", record == null ? null : record.success());
      node.put("code", record == null ? null : record.code());
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static String error(String message) {
    return JSON.createObjectNode().put("error", message).toString();
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        values.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: ignore the pair
      }
    }
    return values;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting requests and ends the ones under way within half a second. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
