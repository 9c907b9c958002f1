package dev.regdoctor.diagnostics.explain;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regdoctor.diagnostics.DiagnosisCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The explainer's rules, read from {@code explain-rules.json}: client signatures, contexts (token
 * service, blob storage), classification rules in priority order, and entity patterns. Immutable
 * and thread-safe once loaded; {@link #standard()} is loaded once per class loader.
 */
final class RuleTable {
  static final String RESOURCE = "explain-rules.json";

  /** The client reported when no signature matches: the text shows no client. */
  static final String UNKNOWN_CLIENT = "unknown";

  /**
   * Entity names a named group may fill; a trailing digit is ignored ({@code host2} fills host).
   */
  static final Set<String> ENTITY_GROUPS =
      Set.of(
          "image",
          "name",
          "registry",
          "repository",
          "reference",
          "host",
          "url",
          "status",
          "ociCode",
          "platform",
          "os",
          "arch",
          "variant",
          "secret",
          "pod",
          "namespace",
          "helper",
          "realm");

  /** How many occurrences of one contextual rule are inspected for a context. */
  private static final int MAX_OCCURRENCES = 16;

  /**
   * How far back from a failure a context (the URL or phrase that names the failing request) may
   * be.
   */
  private static final int CONTEXT_WINDOW = 600;

  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
  private static final Pattern MACRO = Pattern.compile("\\{([A-Z][A-Z0-9]*)\\}");
  private static final Pattern URL = Pattern.compile("(?i)https?://[^\\s\"'<>\\\\]+");
  private static final Pattern REGISTRY_API_PATH =
      Pattern.compile("(?i)^https?://[^/\\s]*/v[0-2]/");
  private static final Pattern NEVER = Pattern.compile("(?!)");

  /**
   * A literal prefilter plus a pattern: the pattern runs only when one of the literals occurs. In
   * the shipped table ({@link #standard()}) the pattern is expanded, compiled and its groups read
   * on first use, so that a command compiles only the patterns whose literals its text contains
   * (compiling all of them was most of a cold {@code regdoctor explain}, issue 16); {@link
   * #parse(InputStream)} compiles every pattern at once and so rejects a bad one on loading.
   */
  static final class Probe {
    private final List<String> any;
    private final String source;
    private final Map<String, String> macros;
    private final String where;
    private volatile @Nullable Compiled compiled;

    /** A pattern and the entity groups it names, compiled from the expanded source. */
    private record Compiled(Pattern pattern, List<String> groups) {}

    Probe(List<String> any, Pattern pattern, List<String> groups) {
      this.any = any;
      this.source = pattern.pattern();
      this.macros = Map.of();
      this.where = "";
      this.compiled = new Compiled(pattern, groups);
    }

    private Probe(List<String> any, String source, Map<String, String> macros, String where) {
      this.any = any;
      this.source = source;
      this.macros = macros;
      this.where = where;
    }

    List<String> any() {
      return any;
    }

    Pattern pattern() {
      return compiled().pattern();
    }

    List<String> groups() {
      return compiled().groups();
    }

    /** Compiles once; racing threads compile the same immutable value, and either one is kept. */
    private Compiled compiled() {
      Compiled value = compiled;
      if (value == null) {
        String expanded = expand(source, macros, where);
        value = new Compiled(compile(expanded, where), groupNames(expanded, where));
        compiled = value;
      }
      return value;
    }

    boolean isCompiled() {
      return compiled != null;
    }

    boolean mayMatch(String lower) {
      if (any.isEmpty()) {
        return true;
      }
      for (String literal : any) {
        if (lower.contains(literal)) {
          return true;
        }
      }
      return false;
    }
  }

  /** One classification rule. */
  record Rule(
      String id,
      DiagnosisCode code,
      Probe probe,
      boolean contextual,
      boolean lenient,
      List<DiagnosisCode> alternatives,
      List<String> notes) {}

  /**
   * Where a transport failure happened when it is not the registry API: the token service or blob
   * storage.
   */
  record Context(String id, DiagnosisCode code, Pattern url, Probe phrase, String note) {}

  /** A client signature: its literals, and its pattern when it has one. */
  record ClientRule(String client, Probe probe, boolean literal) {}

  /**
   * An entity pattern; a lenient one accepts image names that break the grammar, a path-only one
   * names a repository path without its registry (Docker's "Pulling from team/app").
   */
  record EntityRule(String id, Probe probe, boolean lenient, boolean pathOnly) {}

  /**
   * Where a rule matched, the entities its groups name, and the context the failure happened in
   * with the URL that shows it ({@code null} when a phrase showed it).
   */
  record Hit(
      Rule rule,
      int start,
      int end,
      int regionStart,
      Map<String, String> groups,
      @Nullable Context context,
      @Nullable String contextUrl) {

    /**
     * Returns the code of the cause; the context (token service, blob storage) only says where it
     * happened and becomes an alternative.
     */
    DiagnosisCode code() {
      return rule.code();
    }
  }

  private final List<ClientRule> clients;
  private final List<Context> contexts;
  private final List<Rule> rules;
  private final List<EntityRule> entities;

  /** Finds every prefilter literal of a text in one pass; built on first use. */
  private volatile @Nullable LiteralIndex literalIndex;

  private RuleTable(
      List<ClientRule> clients,
      List<Context> contexts,
      List<Rule> rules,
      List<EntityRule> entities) {
    this.clients = List.copyOf(clients);
    this.contexts = List.copyOf(contexts);
    this.rules = List.copyOf(rules);
    this.entities = List.copyOf(entities);
  }

  /** Returns the rules shipped in {@code explain-rules.json}, read once. */
  static RuleTable standard() {
    return Standard.TABLE;
  }

  /** Holds the shipped table; the class loader reads it on first use, once. */
  private static final class Standard {
    static final RuleTable TABLE = load();

    private static RuleTable load() {
      try (InputStream in = RuleTable.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        return parse(in, false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }

  /**
   * Reads a rule table.
   *
   * @throws IllegalStateException naming the entry when a pattern does not compile, a code is
   *     unknown, an id repeats, a group names no entity, or a literal is not lowercase
   */
  static RuleTable parse(InputStream in) throws IOException {
    return parse(in, true);
  }

  /**
   * Reads a rule table; {@code eager} compiles every pattern now, else each on first use (a bad
   * pattern then fails there, naming its entry, as it would here).
   */
  static RuleTable parse(InputStream in, boolean eager) throws IOException {
    JsonNode root = readTree(in);
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
      String client = text(node, "client", "clients");
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
      String id = text(node, "id", "contexts");
      String where = "context " + id;
      contexts.add(
          new Context(
              id,
              code(text(node, "code", where), where),
              compile(expand(text(node, "url", where), macros, where), where),
              probe(node, "phrase", expansions, where, eager),
              text(node, "note", where)));
    }

    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode node : root.path("rules")) {
      String id = text(node, "id", "rules");
      String where = "rule " + id;
      if (!ids.add(id)) {
        throw new IllegalStateException(RESOURCE + ": " + where + " is defined twice");
      }
      List<DiagnosisCode> alternatives = new ArrayList<>();
      for (JsonNode alternative : node.path("alternatives")) {
        alternatives.add(code(alternative.asText(), where));
      }
      List<String> notes = new ArrayList<>();
      node.path("notes").forEach(note -> notes.add(note.asText()));
      rules.add(
          new Rule(
              id,
              code(text(node, "code", where), where),
              probe(node, "pattern", expansions, where, eager),
              node.path("context").asBoolean(false),
              node.path("lenient").asBoolean(false),
              List.copyOf(alternatives),
              List.copyOf(notes)));
    }

    List<EntityRule> entities = new ArrayList<>();
    for (JsonNode node : root.path("entities")) {
      String id = text(node, "id", "entities");
      entities.add(
          new EntityRule(
              id,
              probe(node, "pattern", expansions, "entity " + id, eager),
              node.path("lenient").asBoolean(false),
              node.path("pathOnly").asBoolean(false)));
    }
    return new RuleTable(clients, contexts, rules, entities);
  }

  List<Rule> rules() {
    return rules;
  }

  /** Returns every pattern this table runs on user text, for the linearity test. */
  List<Pattern> patterns() {
    List<Pattern> patterns = new ArrayList<>(List.of(URL, REGISTRY_API_PATH));
    clients.forEach(client -> patterns.add(client.probe().pattern()));
    contexts.forEach(
        context -> {
          patterns.add(context.url());
          patterns.add(context.phrase().pattern());
        });
    rules.forEach(rule -> patterns.add(rule.probe().pattern()));
    entities.forEach(entity -> patterns.add(entity.probe().pattern()));
    return patterns;
  }

  /** Returns how many of the table's probes have compiled their pattern so far. */
  long compiledProbes() {
    List<Probe> probes = new ArrayList<>();
    clients.forEach(client -> probes.add(client.probe()));
    contexts.forEach(context -> probes.add(context.phrase()));
    rules.forEach(rule -> probes.add(rule.probe()));
    entities.forEach(entity -> probes.add(entity.probe()));
    return probes.stream().filter(Probe::isCompiled).count();
  }

  List<Context> contexts() {
    return contexts;
  }

  List<EntityRule> entities() {
    return entities;
  }

  /**
   * Returns the client that most likely printed {@code text}: {@code docker}, {@code kubelet}, …,
   * {@code other} for a recognised wrapper tool (GitLab Runner, kind, Tekton, Flux …), or {@code
   * unknown} when no client signature matches (the text shows no client). Reads the text as pasted:
   * log prefixes such as {@code FATA[0000]} are signatures too.
   */
  String client(String text) {
    LiteralIndex index = literalIndex();
    BitSet found = index.scan(text.toLowerCase(Locale.ROOT));
    for (ClientRule rule : clients) {
      if (index.mayMatch(rule.probe(), found)
          && (rule.literal() || rule.probe().pattern().matcher(text).find())) {
        return rule.client();
      }
    }
    return UNKNOWN_CLIENT;
  }

  /** Returns one hit per matching rule, in rule order: the first is the verdict. */
  List<Hit> match(ErrorText text) {
    List<Hit> hits = new ArrayList<>();
    LiteralIndex index = literalIndex();
    BitSet found = text.literals(index);
    for (Rule rule : rules) {
      if (!index.mayMatch(rule.probe(), found)) {
        continue;
      }
      Matcher matcher = rule.probe().pattern().matcher(text.text());
      Hit chosen = null;
      int occurrences = 0;
      while (matcher.find()) {
        Hit hit =
            rule.contextual()
                ? withContext(rule, matcher, text)
                : hit(rule, matcher, null, null, matcher.start());
        if (chosen == null || hit.context() != null) {
          chosen = hit;
        }
        // An occurrence inside a context (the same failure reported for the token or blob request)
        // wins.
        if (hit.context() != null || !rule.contextual() || ++occurrences >= MAX_OCCURRENCES) {
          break;
        }
      }
      if (chosen != null) {
        hits.add(chosen);
      }
    }
    return hits;
  }

  /**
   * Applies every entity pattern to {@code [start, end)} of {@code text}, feeding each occurrence
   * (at most a few per pattern) to {@code sink} in pattern order.
   */
  void extract(ErrorText text, int start, int end, EntitySink sink) {
    LiteralIndex index = literalIndex();
    BitSet found = text.literals(index);
    for (EntityRule rule : entities) {
      if (!index.mayMatch(rule.probe(), found)) {
        continue;
      }
      Matcher matcher = rule.probe().pattern().matcher(text.text());
      matcher.region(start, end);
      int occurrences = 0;
      while (occurrences++ < 8 && matcher.find()) {
        Map<String, String> groups = groups(rule.probe(), matcher);
        if (!groups.isEmpty()) {
          sink.accept(groups, rule.lenient(), rule.pathOnly());
        }
      }
    }
  }

  private LiteralIndex literalIndex() {
    LiteralIndex index = literalIndex;
    if (index == null) {
      // Built at most a few times under a race, each time the same: no lock needed.
      List<Probe> probes = new ArrayList<>();
      rules.forEach(rule -> probes.add(rule.probe()));
      entities.forEach(entity -> probes.add(entity.probe()));
      clients.forEach(client -> probes.add(client.probe()));
      index = new LiteralIndex(probes);
      literalIndex = index;
    }
    return index;
  }

  /** Receives the entity groups of one match. */
  interface EntitySink {
    /**
     * Takes the groups of one match.
     *
     * @param lenient whether image names may break the grammar
     * @param pathOnly whether an image name lacks its registry even when it has no registry part
     */
    void accept(Map<String, String> groups, boolean lenient, boolean pathOnly);
  }

  private Hit withContext(Rule rule, Matcher matcher, ErrorText text) {
    int start = matcher.start();
    int end = matcher.end();
    int windowStart =
        Math.max(Math.max(0, start - CONTEXT_WINDOW), text.lineStart(text.lineOf(start) - 2));
    String lastUrl = null;
    int lastUrlStart = -1;
    Matcher url = URL.matcher(text.text()).region(windowStart, end);
    while (url.find()) {
      lastUrl = url.group();
      lastUrlStart = url.start();
    }
    if (lastUrl != null) {
      for (Context context : contexts) {
        if (context.url().matcher(lastUrl).find()) {
          return hit(rule, matcher, context, lastUrl, Math.min(lastUrlStart, start));
        }
      }
      if (REGISTRY_API_PATH.matcher(lastUrl).find()) {
        return hit(rule, matcher, null, null, start);
      }
    }
    String window =
        text.lower().length() == text.text().length()
            ? text.lower().substring(windowStart, end)
            : text.text().substring(windowStart, end).toLowerCase(Locale.ROOT);
    for (Context context : contexts) {
      if (context.phrase().mayMatch(window)) {
        Matcher phrase = context.phrase().pattern().matcher(text.text()).region(windowStart, end);
        if (phrase.find()) {
          return hit(rule, matcher, context, null, Math.min(phrase.start(), start));
        }
      }
    }
    return hit(rule, matcher, null, null, start);
  }

  private static Hit hit(
      Rule rule,
      Matcher matcher,
      @Nullable Context context,
      @Nullable String contextUrl,
      int regionStart) {
    return new Hit(
        rule,
        matcher.start(),
        matcher.end(),
        regionStart,
        groups(rule.probe(), matcher),
        context,
        contextUrl);
  }

  private static Map<String, String> groups(Probe probe, Matcher matcher) {
    if (probe.groups().isEmpty()) {
      return Map.of();
    }
    Map<String, String> groups = new HashMap<>();
    for (String name : probe.groups()) {
      String value = matcher.group(name);
      if (value != null && !value.isEmpty()) {
        groups.putIfAbsent(entityName(name), value);
      }
    }
    return groups;
  }

  /** Returns the entity a group fills: {@code host2} fills {@code host}. */
  static String entityName(String group) {
    int end = group.length();
    while (end > 1 && Character.isDigit(group.charAt(end - 1))) {
      end--;
    }
    return group.substring(0, end);
  }

  /** A probe decided by its literals alone (client signatures without a pattern). */
  private static Probe literals(JsonNode node, String where) {
    return new Probe(any(node, where), NEVER, List.of());
  }

  private static List<String> any(JsonNode node, String where) {
    List<String> any = new ArrayList<>();
    for (JsonNode literal : node.path("any")) {
      String text = literal.asText();
      if (text.isEmpty() || !text.equals(text.toLowerCase(Locale.ROOT))) {
        throw new IllegalStateException(
            RESOURCE + ": " + where + ": literal \"" + text + "\" must be lowercase and not empty");
      }
      any.add(text);
    }
    return List.copyOf(any);
  }

  private static Probe probe(
      JsonNode node, String field, Map<String, String> macros, String where, boolean eager) {
    Probe probe = new Probe(any(node, where), text(node, field, where), macros, where);
    if (eager) {
      probe.pattern();
    }
    return probe;
  }

  /** Returns the named groups of {@code source}, each of which must name an entity. */
  private static List<String> groupNames(String source, String where) {
    List<String> groups = new ArrayList<>();
    Matcher names = GROUP_NAME.matcher(source);
    while (names.find()) {
      String name = names.group(1);
      if (!ENTITY_GROUPS.contains(entityName(name))) {
        throw new IllegalStateException(
            RESOURCE
                + ": "
                + where
                + ": group <"
                + name
                + "> names no entity; use one of "
                + ENTITY_GROUPS);
      }
      groups.add(name);
    }
    return List.copyOf(groups);
  }

  /**
   * Reads the JSON text into a tree with Jackson's streaming parser and node factory: the table
   * needs no {@code ObjectMapper}, whose set-up (several hundred classes) cost a cold {@code
   * explain} more than reading the file.
   */
  private static JsonNode readTree(InputStream in) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalStateException(RESOURCE + ": no JSON value");
      }
      JsonNode root = node(parser, first);
      if (parser.nextToken() != null) {
        throw new IllegalStateException(RESOURCE + ": text after the JSON value");
      }
      return root;
    }
  }

  private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (token) {
      case START_OBJECT:
        ObjectNode object = nodes.objectNode();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_OBJECT;
            next = parser.nextToken()) {
          String name = parser.currentName();
          object.set(name, node(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = nodes.arrayNode();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          array.add(node(parser, next));
        }
        return array;
      case VALUE_STRING:
        return nodes.textNode(parser.getText());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return nodes.numberNode(parser.getDecimalValue());
      default:
        return nodes.nullNode();
    }
  }

  private static Pattern compile(String source, String where) {
    try {
      return Pattern.compile(source, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw new IllegalStateException(RESOURCE + ": " + where + ": " + e.getMessage(), e);
    }
  }

  private static String expand(String source, Map<String, String> macros, String where) {
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

  private static DiagnosisCode code(String name, String where) {
    try {
      return DiagnosisCode.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(RESOURCE + ": " + where + ": unknown code " + name, e);
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalStateException(RESOURCE + ": " + where + ": \"" + field + "\" is required");
    }
    return requireNonNull(value.asText());
  }
}
