package dev.regdoctor.diagnostics.explain;

import static dev.regdoctor.diagnostics.explain.RuleTable.RESOURCE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.diagnostics.DiagnosisCode;
import dev.regdoctor.diagnostics.explain.RuleTable.ClientRule;
import dev.regdoctor.diagnostics.explain.RuleTable.Context;
import dev.regdoctor.diagnostics.explain.RuleTable.EntityRule;
import dev.regdoctor.diagnostics.explain.RuleTable.Probe;
import dev.regdoctor.diagnostics.explain.RuleTable.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code explain-rules.json} into a {@link RuleTable}: expands the macros, checks every entry
 * (ids, codes, literals, entity groups) and compiles the patterns, or leaves each to compile on
 * first use.
 */
final class RuleTableReader {
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
  private static final Pattern MACRO = Pattern.compile("\\{([A-Z][A-Z0-9]*)\\}");
  private static final Pattern NEVER = Pattern.compile("(?!)");

  private RuleTableReader() {}

  /**
   * Reads a rule table; {@code eager} compiles every pattern now, else each on first use (a bad
   * pattern then fails there, naming its entry, as it would here).
   */
  static RuleTable read(InputStream in, boolean eager) throws IOException {
    JsonNode root = RuleJson.readTree(in, RESOURCE);
    Map<String, String> macros = new LinkedHashMap<>();
    root.path("macros")
        .properties()
        .forEach(
            entry -> {
              String expanded =
                  expand(entry.getValue().asText(), macros, "macro " + entry.getKey());
              macros.put(entry.getKey(), expanded);
            });

    // patterns compiled later expand with this copy: every macro, never changed
    Map<String, String> expansions = Map.copyOf(macros);

    List<ClientRule> clients = new ArrayList<>();
    for (JsonNode node : root.path("clients")) {
      String client = RuleJson.text(node, "client", "clients");
      boolean literal = !node.has("pattern");
      Probe probe =
          literal
              ? literals(node, "client " + client)
              : probe(node, "pattern", expansions, "client " + client, eager);
      if (probe.any().isEmpty()) {
        throw new IllegalStateException(RESOURCE + ": client " + client + ": \"any\" is required");
      }
      clients.add(new ClientRule(client, probe, literal));
    }

    List<Context> contexts = new ArrayList<>();
    for (JsonNode node : root.path("contexts")) {
      String id = RuleJson.text(node, "id", "contexts");
      String where = "context " + id;
      contexts.add(
          new Context(
              id,
              RuleJson.code(RuleJson.text(node, "code", where), where),
              compile(expand(RuleJson.text(node, "url", where), macros, where), where),
              probe(node, "phrase", expansions, where, eager),
              RuleJson.text(node, "note", where),
              RuleJson.codes(node, "replaces", where)));
    }

    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode node : root.path("rules")) {
      String id = RuleJson.text(node, "id", "rules");
      String where = "rule " + id;
      if (!ids.add(id)) {
        throw new IllegalStateException(RESOURCE + ": " + where + " is defined twice");
      }
      List<DiagnosisCode> alternatives = RuleJson.codes(node, "alternatives", where);
      List<String> notes = new ArrayList<>();
      node.path("notes").forEach(note -> notes.add(note.asText()));
      rules.add(
          new Rule(
              id,
              RuleJson.code(RuleJson.text(node, "code", where), where),
              probe(node, "pattern", expansions, where, eager),
              node.path("context").asBoolean(false),
              node.path("lenient").asBoolean(false),
              List.copyOf(alternatives),
              List.copyOf(notes)));
    }

    List<EntityRule> entities = new ArrayList<>();
    for (JsonNode node : root.path("entities")) {
      String id = RuleJson.text(node, "id", "entities");
      entities.add(
          new EntityRule(
              id,
              probe(node, "pattern", expansions, "entity " + id, eager),
              node.path("lenient").asBoolean(false),
              node.path("pathOnly").asBoolean(false),
              node.path("anywhere").asBoolean(false)));
    }
    Map<String, Probe> signs = new LinkedHashMap<>();
    for (JsonNode node : root.path("signs")) {
      String sign = RuleJson.text(node, "sign", "signs");
      Probe probe = literals(node, "sign " + sign);
      if (probe.any().isEmpty() || signs.put(sign, probe) != null) {
        throw new IllegalStateException(RESOURCE + ": sign " + sign + ": no \"any\", or twice");
      }
    }
    return new RuleTable(clients, contexts, rules, entities, signs);
  }

  /** A probe decided by its literals alone (signs, client signatures without a pattern). */
  private static Probe literals(JsonNode node, String where) {
    return new Probe(RuleJson.any(node, where), NEVER, List.of());
  }

  private static Probe probe(
      JsonNode node, String field, Map<String, String> macros, String where, boolean eager) {
    Probe probe =
        new Probe(RuleJson.any(node, where), RuleJson.text(node, field, where), macros, where);
    if (eager) {
      probe.pattern();
    }
    return probe;
  }

  /** Returns the named groups of {@code source}, each of which must name an entity. */
  static List<String> groupNames(String source, String where) {
    List<String> groups = new ArrayList<>();
    Matcher names = GROUP_NAME.matcher(source);
    while (names.find()) {
      String name = names.group(1);
      if (!RuleTable.ENTITY_GROUPS.contains(RuleTable.entityName(name))) {
        throw new IllegalStateException(
            RESOURCE
                + ": "
                + where
                + ": group <"
                + name
                + "> names no entity; use one of "
                + RuleTable.ENTITY_GROUPS);
      }
      groups.add(name);
    }
    return List.copyOf(groups);
  }

  static Pattern compile(String source, String where) {
    try {
      return Pattern.compile(source, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw new IllegalStateException(RESOURCE + ": " + where + ": " + e.getMessage(), e);
    }
  }

  static String expand(String source, Map<String, String> macros, String where) {
    Matcher matcher = MACRO.matcher(source);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String macro = macros.get(matcher.group(1));
      if (macro == null) {
        throw new IllegalStateException(
            RESOURCE + ": " + where + ": unknown macro {" + matcher.group(1) + "}");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(macro));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
