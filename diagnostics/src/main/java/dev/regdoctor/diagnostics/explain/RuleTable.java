package dev.regdoctor.diagnostics.explain;

import dev.regdoctor.diagnostics.DiagnosisCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** Entity names a named group may fill; a trailing digit is ignored ({@code host2}: host). */
  static final Set<String> ENTITY_GROUPS =
      Set.of(
          "image",
          "name",
          "registry",
          "repository",
          "reference",
          "host",
          "port",
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
          "serviceAccount",
          "helper",
          "realm");

  /** How many occurrences of one contextual rule are inspected for a context. */
  private static final int MAX_OCCURRENCES = 16;

  /**
   * How far back from a failure a context (the URL or phrase that names the failing request) may
   * be.
   */
  private static final int CONTEXT_WINDOW = 600;

  private static final Pattern URL = Pattern.compile("(?i)https?://[^\\s\"'<>\\\\]+");
  private static final Pattern REGISTRY_API_PATH =
      Pattern.compile("(?i)^https?://[^/\\s]*/v[0-2]/");

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
    private record Compiled(
        Pattern pattern,
        List<String> groups,
        List<String> entities,
        @Nullable List<String> starts) {
      Compiled(Pattern pattern, List<String> groups) {
        this(
            pattern,
            groups,
            groups.stream().map(RuleTable::entityName).distinct().toList(),
            StartLiterals.of(pattern.pattern()));
      }
    }

    Probe(List<String> any, Pattern pattern, List<String> groups) {
      this.any = any;
      this.source = pattern.pattern();
      this.macros = Map.of();
      this.where = "";
      this.compiled = new Compiled(pattern, groups);
    }

    Probe(List<String> any, String source, Map<String, String> macros, String where) {
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

    /**
     * Returns a search of the whole of {@code text} that finds what {@code
     * pattern().matcher(text.text()).find()} finds, trying only where the pattern can start.
     */
    StartLiterals.Search search(ErrorText text) {
      return search(text.text(), text.lower(), text.pairs());
    }

    /**
     * Returns a search of {@code text} ({@code lower}: its lowercase form, used if as long; {@code
     * pairs}: of a text holding it) that finds what {@code pattern().matcher(text).find()} finds.
     */
    StartLiterals.Search search(String text, String lower, CharPairs pairs) {
      Compiled value = compiled();
      return new StartLiterals.Search(value.pattern(), text, lower, value.starts(), pairs);
    }

    /** Returns the entities the groups fill, each once ({@code host} for host and host2). */
    List<String> entities() {
      return compiled().entities();
    }

    /** Compiles once; racing threads compile the same immutable value, and either one is kept. */
    private Compiled compiled() {
      Compiled value = compiled;
      if (value == null) {
        String expanded = RuleTableReader.expand(source, macros, where);
        value =
            new Compiled(
                RuleTableReader.compile(expanded, where),
                RuleTableReader.groupNames(expanded, where));
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
   * Where a failure happened when it is not the registry API (token service, blob storage); its
   * code replaces the verdict codes in {@code replaces}, failures the service answered itself.
   */
  record Context(
      String id,
      DiagnosisCode code,
      Pattern url,
      Probe phrase,
      String note,
      List<DiagnosisCode> replaces) {}

  /** A client signature: its literals, and its pattern when it has one. */
  record ClientRule(String client, Probe probe, boolean literal) {}

  /**
   * An entity pattern; a lenient one accepts image names that break the grammar, a path-only one
   * names a repository path without its registry (Docker's "Pulling from team/app"), one searched
   * anywhere names what the whole text is about ({@code kubectl describe pod}'s header, often more
   * lines above the failing event than the names around a verdict are searched in).
   */
  record EntityRule(String id, Probe probe, boolean lenient, boolean pathOnly, boolean anywhere) {}

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

    /** Returns the line of {@code text} the hit's region starts on. */
    int firstLine(ErrorText text) {
      return text.lineOf(regionStart);
    }

    /** Returns the line of {@code text} the hit's match ends on. */
    int lastLine(ErrorText text) {
      return text.lineOf(Math.max(start, end - 1));
    }
  }

  private final List<ClientRule> clients;
  private final List<Context> contexts;
  private final List<Rule> rules;
  private final List<EntityRule> entities;

  /** Signs by name: literals found in the rules' literal pass that change how a verdict reads. */
  private final Map<String, Probe> signs;

  /** Finds every prefilter literal of a text in one pass; built on first use. */
  private volatile @Nullable LiteralIndex literalIndex;

  RuleTable(
      List<ClientRule> clients,
      List<Context> contexts,
      List<Rule> rules,
      List<EntityRule> entities,
      Map<String, Probe> signs) {
    this.clients = List.copyOf(clients);
    this.contexts = List.copyOf(contexts);
    this.rules = List.copyOf(rules);
    this.entities = List.copyOf(entities);
    this.signs = Map.copyOf(signs);
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

  /** Reads a rule table as {@link RuleTableReader#read} says. */
  static RuleTable parse(InputStream in, boolean eager) throws IOException {
    return RuleTableReader.read(in, eager);
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
    return client(ErrorText.asPasted(text), true); // no rule reads it: scan clients' literals only
  }

  /** {@link #client(String)}, with the literals the rules' scan of {@code text} found already. */
  String client(ErrorText text) {
    return client(text, false);
  }

  private String client(ErrorText text, boolean clientsOnly) {
    int first = rules.size() + entities.size();
    LiteralIndex index =
        clientsOnly ? literalIndex().restrictedTo(first, clients.size()) : literalIndex();
    BitSet found = text.literals(index);
    int end = first + clients.size();
    for (int p = index.nextMayMatch(first, found);
        p >= 0 && p < end;
        p = index.nextMayMatch(p + 1, found)) {
      ClientRule rule = clients.get(p - first);
      if (rule.literal() || rule.probe().search(text).find()) {
        return rule.client();
      }
    }
    return UNKNOWN_CLIENT;
  }

  /** Returns whether {@code text} holds a literal of {@code sign}; unknown signs are an error. */
  boolean shows(ErrorText text, String sign) {
    Probe probe = signs.get(sign);
    if (probe == null) {
      throw new IllegalArgumentException("no sign " + sign + " in " + RESOURCE);
    }
    LiteralIndex index = literalIndex();
    return index.mayMatch(probe, text.literals(index));
  }

  /**
   * Returns where in {@code text} a literal of {@code sign} first occurs, ignoring case, or -1;
   * unknown signs are an error.
   */
  int signAt(ErrorText text, String sign) {
    Probe probe = signs.get(sign);
    if (probe == null) {
      throw new IllegalArgumentException("no sign " + sign + " in " + RESOURCE);
    }
    int first = -1;
    for (String literal : probe.any()) {
      Matcher matcher =
          Pattern.compile(Pattern.quote(literal), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
              .matcher(text.text());
      if (matcher.find() && (first < 0 || matcher.start() < first)) {
        first = matcher.start();
      }
    }
    return first;
  }

  /** Returns one hit per matching rule, in rule order: the first is the verdict. */
  List<Hit> match(ErrorText text) {
    List<Hit> hits = new ArrayList<>();
    LiteralIndex index = literalIndex();
    BitSet found = text.literals(index);
    int count = rules.size();
    for (int i = index.nextMayMatch(0, found);
        i >= 0 && i < count;
        i = index.nextMayMatch(i + 1, found)) {
      Rule rule = rules.get(i);
      StartLiterals.Search search = rule.probe().search(text);
      Matcher matcher = search.matcher();
      Hit chosen = null;
      int occurrences = 0;
      while (search.find()) {
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
   * Applies every entity pattern to {@code [start, end)} of {@code text} (the patterns marked
   * {@code anywhere} to the whole text), feeding each occurrence (at most a few per pattern) to
   * {@code sink} in pattern order.
   */
  void extract(ErrorText text, int start, int end, EntitySink sink) {
    LiteralIndex index = literalIndex();
    BitSet found = text.literals(index);
    String scope = null;
    String scopeLower = null;
    int first = rules.size();
    int last = first + entities.size();
    for (int p = index.nextMayMatch(first, found);
        p >= 0 && p < last;
        p = index.nextMayMatch(p + 1, found)) {
      EntityRule rule = entities.get(p - first);
      List<String> names = rule.probe().entities();
      if (!sink.wantsAny(names, rule.pathOnly())) {
        // Everything this pattern could name is known already: a match would change nothing.
        continue;
      }
      if (rule.anywhere()) {
        feed(rule, text.text(), text.lower(), text, names, sink);
        continue;
      }
      if (scope == null) {
        // A region's bounds hide the text around it from look-arounds, \b and ^ alike: searching
        // the region's own text finds the same matches (opaque, anchoring bounds), and lets the
        // search try only the positions where the pattern can start.
        boolean whole = start == 0 && end == text.length();
        scope = whole ? text.text() : text.text().substring(start, end);
        scopeLower =
            whole
                ? text.lower()
                : text.lower().length() == text.length()
                    ? text.lower().substring(start, end)
                    : scope.toLowerCase(Locale.ROOT);
      }
      feed(rule, scope, scopeLower, text, names, sink);
    }
  }

  /** Feeds the occurrences of {@code rule} in {@code scope} (at most a few) to {@code sink}. */
  private static void feed(
      EntityRule rule,
      String scope,
      String scopeLower,
      ErrorText text,
      List<String> names,
      EntitySink sink) {
    StartLiterals.Search search = rule.probe().search(scope, scopeLower, text.pairs());
    Matcher matcher = search.matcher();
    int occurrences = 0;
    while (occurrences++ < 8 && search.find()) {
      Map<String, String> groups = groups(rule.probe(), matcher);
      if (!groups.isEmpty()) {
        sink.accept(groups, rule.lenient(), rule.pathOnly());
        if (!sink.wantsAny(names, rule.pathOnly())) {
          break;
        }
      }
    }
  }

  private LiteralIndex literalIndex() {
    LiteralIndex index = literalIndex;
    if (index == null) {
      // Built at most a few times under a race, each time the same: no lock needed. The probes are
      // numbered in this order: rules, entities, clients, then the signs (asked by identity).
      List<Probe> probes = new ArrayList<>();
      rules.forEach(rule -> probes.add(rule.probe()));
      entities.forEach(entity -> probes.add(entity.probe()));
      clients.forEach(client -> probes.add(client.probe()));
      probes.addAll(signs.values());
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

    /**
     * Returns whether a match filling some of {@code entities} could still change what this sink
     * holds; {@code false} only when {@link #accept} would ignore every value of them.
     *
     * @param pathOnly as for {@link #accept}
     */
    default boolean wantsAny(List<String> entities, boolean pathOnly) {
      return !entities.isEmpty();
    }
  }

  private Hit withContext(Rule rule, Matcher matcher, ErrorText text) {
    int start = matcher.start();
    int end = matcher.end();
    int windowStart =
        Math.max(Math.max(0, start - CONTEXT_WINDOW), text.lineStart(text.lineOf(start) - 2));
    int[] url = StartLiterals.lastMatch(URL, "http", text.text(), text.lower(), windowStart, end);
    String lastUrl = url == null ? null : text.text().substring(url[0], url[1]);
    int lastUrlStart = url == null ? -1 : url[0];
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
}
