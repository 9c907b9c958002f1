package dev.regdoctor.diagnostics.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.Remedy;
import dev.regdoctor.diagnostics.Report;
import dev.regdoctor.probe.BlobsInfo;
import dev.regdoctor.probe.Step;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Writes reports as the JSON contract's {@code regdoctor.report/v1}. */
public final class ReportJson {
  public static final String SCHEMA = "regdoctor.report/v1";
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static String write(Report report) {
    return write(node(report));
  }

  public static String writeAll(List<Report> reports) {
    ArrayNode array = MAPPER.createArrayNode();
    reports.forEach(report -> array.add(node(report)));
    return write(array);
  }

  public static String write(com.fasterxml.jackson.databind.JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static ObjectNode node(Report report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("input", report.input());
    putNullable(root, "reference", report.reference().orElse(null));
    putNullable(root, "registry", report.registry().orElse(null));
    putNullable(root, "repository", report.repository().orElse(null));
    putNullable(root, "tag", report.tag().orElse(null));
    putNullable(root, "digest", report.digest().orElse(null));
    root.put("platform", report.platform());
    root.put("ok", report.ok());
    root.set("verdict", finding(report.verdict()));
    ArrayNode findings = root.putArray("findings");
    report.findings().forEach(finding -> findings.add(finding(finding)));
    ArrayNode steps = root.putArray("steps");
    for (Step step : report.steps()) {
      ObjectNode node = steps.addObject();
      node.put("name", step.name().label());
      node.put("status", step.status().name());
      node.put("millis", millis(step.elapsed()));
      putNullable(node, "detail", step.detail());
    }
    if (report.runtime().isPresent()) {
      root.put("runtime", report.runtime().get());
      putNullable(root, "pullsFrom", report.pullsFrom().orElse(null));
    }
    BlobsInfo blobs = report.probe().blobs();
    if (blobs != null) {
      ObjectNode pull = root.putObject("pull");
      pull.put("manifestDigest", blobs.manifestDigest());
      pull.put("layers", blobs.layerCount());
      pull.put("bytes", blobs.totalBytes());
      pull.put("largestLayerBytes", blobs.largestLayerBytes());
      pull.put("sampledBytes", blobs.sampledBytes());
      pull.put("sampleMillis", millis(blobs.sampleElapsed()));
      pull.put("bytesPerSecond", Math.round(blobs.bytesPerSecond()));
      if (blobs.estimatedPull().isPresent()) {
        pull.put("estimatedSeconds", millis(blobs.estimatedPull().get()).movePointLeft(3));
      } else {
        pull.putNull("estimatedSeconds");
      }
      pull.put("digestVerified", blobs.digestVerified());
      ArrayNode hosts = pull.putArray("redirectHosts");
      blobs.redirectHosts().forEach(hosts::add);
    }
    putNullable(root, "credentialSource", report.credentialSource().orElse(null));
    root.put("requests", report.requests());
    root.put("millis", millis(report.elapsed()));
    return root;
  }

  public static ObjectNode finding(Finding finding) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("code", finding.code().name());
    node.put("severity", finding.severity().name());
    node.put("summary", finding.summary());
    ArrayNode evidence = node.putArray("evidence");
    finding.evidence().forEach(evidence::add);
    ArrayNode remediation = node.putArray("remediation");
    for (Remedy remedy : finding.remediation()) {
      ObjectNode step = remediation.addObject();
      step.put("text", remedy.text());
      putNullable(step, "command", remedy.command());
    }
    putNullable(node, "guide", finding.guide());
    return node;
  }

  /** Milliseconds with one decimal, as text and JSON reports both print them. */
  public static BigDecimal millis(Duration duration) {
    return ReportText.millis(duration);
  }

  private static void putNullable(ObjectNode node, String name, @Nullable String value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }
}
