package dev.regdoctor.diagnostics.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.diagnostics.Finding;
import dev.regdoctor.diagnostics.mirrors.MirrorEntry;
import dev.regdoctor.diagnostics.mirrors.MirrorReport;
import dev.regdoctor.endpoint.PullSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes mirror reports as {@code regdoctor.mirrors/v1} JSON and as text. */
public final class MirrorsRender {
  public static final String SCHEMA = "regdoctor.mirrors/v1";

  /** The columns of the endpoint in a row; a longer endpoint pushes the rest of its row right. */
  private static final int ENDPOINT_COLUMNS = 34;

  private MirrorsRender() {}

  public static String json(MirrorReport report) {
    return ReportJson.write(node(report));
  }

  public static ObjectNode node(MirrorReport report) {
    ObjectNode root = ReportJson.MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("input", report.input());
    root.put("image", report.plan().image());
    root.put("runtime", report.plan().runtime().label());
    ArrayNode mirrors = root.putArray("mirrors");
    for (MirrorEntry entry : report.entries()) {
      ObjectNode node = mirrors.addObject();
      node.put("endpoint", entry.endpoint());
      node.put("reachedEndpoint", entry.reachedEndpoint());
      node.put("role", entry.source().role().label());
      node.put("order", entry.source().order());
      node.put("ok", entry.ok());
      if (entry.hasImage() == null) {
        node.putNull("hasImage");
      } else {
        node.put("hasImage", entry.hasImage());
      }
      node.put("millis", ReportJson.millis(entry.elapsed()));
      putMillis(node, "pingMillis", entry.pingTime());
      putMillis(node, "manifestMillis", entry.manifestTime());
      node.put("repository", entry.source().repository());
      node.put("plainHttp", !entry.source().endpoint().isHttps());
      node.put("httpFallback", entry.source().httpFallback());
      // Plain HTTP has no TLS to verify (review 15, finding 13): true only for an https://
      // endpoint whose certificate the runtime checks.
      node.put(
          "tlsVerified",
          entry.source().endpoint().isHttps()
              && entry.source().verifyTls()
              && !entry.source().httpFallback());
      ArrayNode capabilities = node.putArray("capabilities");
      entry.source().capabilities().forEach(capabilities::add);
      node.put("configuredAt", entry.source().configuredAt());
      put(node, "skipped", entry.skipped());
      put(node, "timingSkipped", entry.timingSkipped());
      node.set("verdict", ReportJson.finding(entry.verdict()));
    }
    put(root, "pullsFrom", report.pullsFrom());
    put(root, "recommended", report.recommended());
    put(root, "refusal", report.plan().refusal());
    ArrayNode findings = root.putArray("findings");
    report.findings().forEach(f -> findings.add(ReportJson.finding(f)));
    ArrayNode notes = root.putArray("notes");
    report.plan().notes().forEach(notes::add);
    ArrayNode files = root.putArray("configFiles");
    report.plan().configFiles().forEach(files::add);
    root.put("ok", report.ok());
    return root;
  }

  public static String text(MirrorReport report, Catalogue catalogue, boolean color, String more) {
    List<String> lines = new ArrayList<>();
    Map<String, String> title =
        Map.of("runtime", report.plan().runtime().label(), "image", report.plan().image());
    lines.add(Catalogue.fill(catalogue.label("mirrors.title"), title));
    if (report.plan().refusal() != null) {
      lines.add(
          "  "
              + ReportText.colored(
                  color,
                  ReportText.RED,
                  Catalogue.fill(catalogue.label("runtime.refused"), title)
                      + ": "
                      + catalogue.sentence(report.plan().refusal())));
    }
    int roleColumns = roleColumns(catalogue);
    for (MirrorEntry entry : report.entries()) {
      String state = entry.ok() ? "OK" : entry.verdict().code().name();
      String paint = entry.ok() ? ReportText.GREEN : ReportText.RED;
      String image =
          entry.hasImage() == null
              ? catalogue.label("mirrors.unknownImage")
              : entry.hasImage()
                  ? catalogue.label("mirrors.hasImage")
                  : catalogue.label("mirrors.noImage");
      String timing =
          entry.pingTime() == null
              ? ""
              : "  "
                  + Catalogue.fill(
                      catalogue.label("mirrors.pingTime"),
                      Map.of("millis", ReportJson.millis(entry.pingTime()).toString()))
                  + (entry.manifestTime() == null
                      ? ""
                      : Catalogue.fill(
                          catalogue.label("mirrors.manifestTime"),
                          Map.of("millis", ReportJson.millis(entry.manifestTime()).toString())));
      // padded to terminal columns: a Chinese role label takes two per character
      lines.add(
          "  "
              + entry.source().order()
              + ". "
              + DisplayWidth.padded(
                  catalogue.label("mirrors." + entry.source().role().label()), roleColumns)
              + " "
              + DisplayWidth.padded(entry.reachedEndpoint(), ENDPOINT_COLUMNS)
              + " "
              + ReportText.colored(color, paint, state)
              + "  "
              + image
              + timing);
      // The row shows where the runtime really got to, as "pulls from" does: a runtime allowed
      // plain HTTP tries HTTPS first and falls back (review defect 20).
      String fellBack =
          entry.reachedEndpoint().equals(entry.endpoint())
              ? ""
              : Catalogue.fill(
                  catalogue.label("mirrors.fellBack"),
                  Map.of(
                      "runtime",
                      report.plan().runtime().label(),
                      "endpoint",
                      entry.endpoint(),
                      "reached",
                      entry.reachedEndpoint()));
      lines.add(
          "       "
              + ReportText.colored(
                  color,
                  ReportText.DIM,
                  catalogue.position(entry.source().configuredAt()) + fellBack));
      if (entry.skipped() != null) {
        lines.add("       " + catalogue.sentence(entry.skipped()));
        if (catalogue.sentenceLeavesOut(entry.skipped())) {
          // the translation leaves out English prose (a JDK message): show it as evidence
          lines.add("       " + catalogue.label("evidence") + ": " + entry.skipped());
        }
      } else if (!entry.ok()) {
        lines.add("       " + entry.verdict().summary());
      }
      if (entry.timingSkipped() != null) {
        lines.add("       " + ReportText.colored(color, ReportText.DIM, entry.timingSkipped()));
      }
    }
    lines.add(
        "  "
            + catalogue.label("mirrors.pullsFrom")
            + ": "
            + (report.pullsFrom() == null ? catalogue.label("mirrors.none") : report.pullsFrom()));
    if (report.recommended() != null) {
      lines.add("  " + catalogue.label("mirrors.recommended") + ": " + report.recommended());
    }
    if (!report.plan().notes().isEmpty()) {
      lines.add("  " + catalogue.label("mirrors.notes") + ":");
      report.plan().notes().forEach(note -> lines.add("    - " + catalogue.sentence(note)));
    }
    for (Finding finding : report.findings()) {
      ReportText.appendOther(lines, finding, catalogue, color, more);
    }
    return String.join(System.lineSeparator(), lines);
  }

  /** The columns of the role: the widest role label, at least 8 (English's {@code upstream}). */
  static int roleColumns(Catalogue catalogue) {
    int columns = 8;
    for (PullSource.Role role : PullSource.Role.values()) {
      columns = Math.max(columns, DisplayWidth.of(catalogue.label("mirrors." + role.label())));
    }
    return columns;
  }

  private static void putMillis(ObjectNode node, String name, @Nullable Duration value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, ReportJson.millis(value));
    }
  }

  private static void put(ObjectNode node, String name, @Nullable String value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }
}
