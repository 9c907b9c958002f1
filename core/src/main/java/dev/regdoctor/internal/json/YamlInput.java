package dev.regdoctor.internal.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.regdoctor.credentials.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The limits on Kubernetes manifest and secret input (YAML or JSON), applied before the cost grows:
 * the size of a file, the length of a YAML line (SnakeYAML's scanner slows down quadratically on
 * long lines: a 1 MiB line takes a second and 700 MB), the size of a YAML document, and how far
 * aliases may expand (a 1 KB "billion laughs" document otherwise expands to billions of nodes).
 * Every limit hit is a {@link ConfigException} that names the limit. Thread-safe.
 */
public final class YamlInput {
  /** The largest file read (32 MiB), for every manifest and secret file input. */
  public static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

  /** The longest YAML line (256 Ki characters); JSON has no such limit. */
  public static final int MAX_LINE_CHARS = 256 * 1024;

  /** The largest YAML document (4 Mi code points). */
  public static final int MAX_DOCUMENT_CODE_POINTS = 4 * 1024 * 1024;

  /** The most alias uses ({@code *name}) in one manifest. */
  public static final int MAX_ALIASES = 10_000;

  /** The most nodes aliases and merge keys may add, in one manifest. */
  public static final long MAX_EXPANDED_NODES = 1_000_000;

  /** The most characters (keys and strings) aliases and merge keys may add, in one manifest. */
  public static final long MAX_EXPANDED_CHARS = 32L * 1024 * 1024;

  private static final YAMLFactory FACTORY = newFactory();

  private YamlInput() {}

  private static YAMLFactory newFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_DOCUMENT_CODE_POINTS);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(200);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxStringLength(MAX_DOCUMENT_CODE_POINTS)
                .maxNestingDepth(200)
                .build())
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
  }

  /** Returns the YAML factory with these limits. */
  public static YAMLFactory factory() {
    return FACTORY;
  }

  /**
   * Reads {@code file} as UTF-8, at most {@link #MAX_FILE_BYTES}.
   *
   * @throws ConfigException if it is missing, unreadable or larger, naming the file and the limit
   */
  public static String readFile(Path file) {
    byte[] bytes =
        CappedFiles.read(
            file,
            file.toString(),
            MAX_FILE_BYTES,
            "larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB (file size limit)");
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Reads {@code in} as UTF-8, at most {@link #MAX_FILE_BYTES}.
   *
   * @throws IOException if the stream cannot be read
   * @throws ConfigException if it holds more, naming the limit
   */
  public static String read(InputStream in, String source) throws IOException {
    byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
    if (bytes.length > MAX_FILE_BYTES) {
      throw new ConfigException(
          source, "", "larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB (file size limit)");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Checks, in one linear pass before parsing, that no line of YAML {@code text} is longer than
   * {@link #MAX_LINE_CHARS}.
   *
   * @throws ConfigException naming the line and the limit
   */
  public static void checkLines(String text, String source) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - lineStart > MAX_LINE_CHARS) {
          throw new ConfigException(
              source,
              "",
              "line "
                  + line
                  + " is longer than "
                  + MAX_LINE_CHARS
                  + " characters (YAML line limit); give this manifest as JSON (kubectl get -o json)");
        }
        line++;
        lineStart = i + 1;
      }
    }
  }

  /**
   * Returns the name of the limit a parser exception reports, e.g. {@code " (YAML document limit:
   * 4194304 code points)"}, or {@code ""} when it is not about a limit.
   */
  public static String limitHit(Exception e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("code points")) {
      return " (YAML document limit: " + MAX_DOCUMENT_CODE_POINTS + " code points)";
    }
    if (message.contains("string value length")) {
      return " (string length limit: " + MAX_DOCUMENT_CODE_POINTS + " characters)";
    }
    if (message.contains("nesting depth")) {
      return " (nesting depth limit: 200)";
    }
    if (message.contains("aliases")) {
      return " (alias limit: " + MAX_ALIASES + ")";
    }
    return "";
  }

  /**
   * Counts what aliases and merge keys add while one manifest is read, and stops the reading when a
   * limit is passed. Not thread-safe: one per manifest.
   */
  public static final class AliasBudget {
    private final String source;
    private int aliases;
    private long nodes;
    private long chars;

    /** Starts an empty budget for {@code source}. */
    public AliasBudget(String source) {
      this.source = source;
    }

    /** Records one alias use. */
    public void alias() {
      if (++aliases > MAX_ALIASES) {
        throw limit("more than " + MAX_ALIASES + " aliases (alias count limit)");
      }
    }

    /** Records a copy of {@code node}, counting no further than the budget left. */
    public void copy(JsonNode node) {
      Deque<JsonNode> pending = new ArrayDeque<>();
      pending.push(node);
      while (!pending.isEmpty()) {
        JsonNode next = pending.pop();
        if (++nodes > MAX_EXPANDED_NODES) {
          throw limit(
              "aliases expand to more than "
                  + MAX_EXPANDED_NODES
                  + " nodes (alias expansion limit; a \"billion laughs\" document?)");
        }
        if (next.isTextual()) {
          chars += next.textValue().length();
        }
        if (next.isObject()) {
          next.properties()
              .forEach(
                  entry -> {
                    chars += entry.getKey().length();
                    pending.push(entry.getValue());
                  });
        } else if (next.isArray()) {
          next.forEach(pending::push);
        }
        if (chars > MAX_EXPANDED_CHARS) {
          throw limit(
              "aliases expand to more than "
                  + MAX_EXPANDED_CHARS
                  + " characters (alias expansion size limit)");
        }
      }
    }

    private ConfigException limit(String reason) {
      return new ConfigException(source, "", reason);
    }
  }

  private static final java.util.regex.Pattern QUOTED =
      java.util.regex.Pattern.compile("'[^'<]{3,}'");

  private static String at(JsonProcessingException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
        && marked.getProblemMark() != null) {
      // Where the problem is, as kubectl (go-yaml) reports it, not where the parser's context
      // began.
      return " at line "
          + (marked.getProblemMark().getLine() + 1)
          + ", column "
          + (marked.getProblemMark().getColumn() + 1);
    }
    JsonLocation location = e.getLocation();
    return location == null || location.getLineNr() < 0
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * Describes a syntax error in words a user acts on: an unrendered Helm/Go template ({@code {{ …
   * }}}) and a tab used for indentation are named as such, with the line and column kubectl points
   * at; anything else keeps the parser's own words (never its internal event names).
   *
   * <p>Used by every reader of manifests and secrets, so that the same file gets the same message
   * whichever command reads it. Quoted input in the parser's words is left out: it may be a secret.
   */
  public static String syntaxError(String text, boolean json, JsonProcessingException e) {
    int template = text.indexOf("{{");
    if (template >= 0 && text.indexOf("}}", template) > template) {
      int line = 1 + (int) text.substring(0, template).chars().filter(c -> c == '\n').count();
      int column = template - text.lastIndexOf('\n', template - 1);
      return "unrendered Helm/Go template ({{ … }}) at line "
          + line
          + ", column "
          + column
          + ": render it first (helm template, or the tool that owns it) and check the output";
    }
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
        && marked.getProblemMark() != null) {
      int line = marked.getProblemMark().getLine();
      String[] lines = text.split("\n", -1);
      if (line < lines.length && lines[line].indexOf('\t') >= 0) {
        int column = lines[line].indexOf('\t') + 1;
        return "a tab character at line "
            + (line + 1)
            + ", column "
            + column
            + ": YAML indents with spaces only";
      }
    }
    return (json ? "invalid JSON" : "invalid YAML") + at(e) + problem(e, json);
  }

  /** Jackson's note on where an unclosed object or array began, e.g. in a truncated file. */
  private static final java.util.regex.Pattern UNCLOSED =
      java.util.regex.Pattern.compile(
          "expected close marker for (Object|Array) \\(start marker at .*?line: (\\d+), column: (\\d+)");

  /**
   * Jackson's description of where it was ({@code [Source: REDACTED (`StreamReadFeature…`
   * disabled); line: 1, column: 1]}): library internals, never shown (review 15, finding 15).
   */
  private static final java.util.regex.Pattern SOURCE =
      java.util.regex.Pattern.compile("\\s*\\(?(?:start marker )?at \\[Source:.*?\\]\\)?");

  /**
   * Returns the parser's description of the problem, with quoted input and the parser's own
   * location notes left out: JSON errors in the fixed phrases of {@link JsonTrees#summary}.
   */
  private static String problem(JsonProcessingException e, boolean json) {
    String message = e.getOriginalMessage();
    if (json && !(e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException)) {
      String phrase = JsonTrees.summary(e);
      java.util.regex.Matcher unclosed = UNCLOSED.matcher(message == null ? "" : message);
      if (unclosed.find()) {
        phrase +=
            ": the "
                + ("Object".equals(unclosed.group(1)) ? "object" : "array")
                + " opened at line "
                + unclosed.group(2)
                + ", column "
                + unclosed.group(3)
                + " is not closed";
      }
      if (!"malformed JSON".equals(phrase)) {
        return ": " + phrase;
      }
    }
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
      message = marked.getProblem();
    }
    if (message == null || message.isBlank()) {
      return "";
    }
    String firstLine = message.lines().findFirst().orElse("").strip();
    // SnakeYAML names its internal events ("<org.yaml.snakeyaml.events.MappingStartEvent(…)>"):
    // say what they mean instead.
    firstLine =
        firstLine
            .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.MappingStartEvent[^>]*>", "a map")
            .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.SequenceStartEvent[^>]*>", "a list")
            .replaceAll("<org\\.yaml\\.snakeyaml\\.[^>]*>", "another YAML construct");
    firstLine = SOURCE.matcher(firstLine).replaceAll("");
    return ": " + QUOTED.matcher(firstLine).replaceAll("'…'");
  }
}
