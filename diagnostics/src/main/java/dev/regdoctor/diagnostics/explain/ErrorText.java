package dev.regdoctor.diagnostics.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.diagnostics.internal.ReportJson;
import dev.regdoctor.internal.text.LineStarts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Pasted error text made ready for matching: ANSI escapes removed, line endings normalised, JSON
 * log lines reduced to their message, Go-escaped quotes ({@code \"}) and JSON escapes of ASCII
 * characters (backslash, {@code u00}, two hex digits) undone, log prefixes (timestamps, levels,
 * klog and syslog headers) removed from every line. The wrapping that tools and sites add when they
 * print, quote or copy a message is undone too ({@link PastedWrapping}: typographic quotes, HTML
 * references, 80-column console breaks, e-mail quoting, Go-quoted logfmt line breaks, docker-py's
 * {@code APIError}, docker compose, GitHub Actions and kubectl event prefixes). Keeps a line index
 * so that a match can be shown with the line(s) it came from. Belongs to one explain call: the
 * cache of prefilter literals it found is not synchronised.
 */
final class ErrorText {
  /**
   * Longer input is explained by its end and its earlier error lines ({@link #examined}); {@link
   * #of} cuts anything longer still to its end.
   */
  static final int MAX_LENGTH = 1 << 20;

  /** The longest excerpt kept as evidence. */
  static final int MAX_EXCERPT = 300;

  private static final Pattern ANSI =
      Pattern.compile(
          "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[@-Z\\\\-_]"
              // Escapes whose ESC byte was lost in copying, such as "[31m" or "[0;1;31m".
              + "|\\[[0-9]{1,3}(?:;[0-9]{1,3}){0,4}m");

  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u00([0-7][0-9a-fA-F])");

  /**
   * Log prefixes that say nothing about the failure: timestamps, levels, klog and syslog headers.
   */
  private static final Pattern LOG_PREFIX =
      Pattern.compile(
          "^\\s*(?:(?:"
              + "\\[?\\d{4}[-/]\\d\\d[-/]\\d\\d[T ][\\d:.,]+(?:Z|[+-]\\d\\d:?\\d\\d)?\\]?:?"
              + "|\\[?\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?\\]?"
              + "|[A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d \\S+ [\\w.\\[\\]-]+:"
              + "|[IWEF]\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d+ +\\d+ [\\w.-]+:\\d+\\]"
              + "|time=\"[^\"]*\"|level=\\w+"
              + "|(?:FATA|ERRO|WARN|INFO|DEBU|TRAC)\\[\\d+\\]"
              + "|\\[(?:ERROR|WARN|WARNING|INFO|DEBUG)\\]"
              + ")\\s+){0,6}(?:msg=\"?)?");

  /** An error or fatal level among the log prefixes {@link #LOG_PREFIX} removes from a line. */
  private static final Pattern ERROR_LEVEL =
      Pattern.compile(
          "(?i)\\b(?:FATA|ERRO)\\[|\\blevel=\"?(?:error|fatal|panic|critical)\\b|\\[ERROR\\]"
              + "|^\\s*[EF]\\d{4} \\d\\d:");

  /**
   * {@link #ERROR_LINE} without its type-name alternative: words only, so that a search can try
   * only the positions where one of them starts ({@link #ERROR_WORD_STARTS}).
   */
  private static final Pattern ERROR_WORDS =
      Pattern.compile(
          "(?i)\\b(?:error|failed|failure|fatal|denied|refused|unable|cannot|can't|invalid|timeout|timed out"
              + "|unauthorized|forbidden|not found|exception|unreachable|reset|does not exist|no such"
              + "|not authorized|not allowed|unsupported|not supported|mismatch|exceeded|x509"
              + "|unknown (?:blob|type)|none of the challenges|low on resource|could not|couldn'?t"
              + "|skipping verifying|wrong diff id|single mapping|missing|unexpected|does not match"
              + "|not present|too many|EOF|canceled|cancelled|GOAWAY|unknown flag|not a valid"
              + "|FATA(?=\\[)|curl: \\([0-9]+)\\b"
              + "|exit status [1-9]|insufficient|expired|disallowed|failing to|retrying in|dial (?:tcp|udp)[46]?"
              + "|did not provide|not a registered command|inappropriate ioctl|AADSTS[0-9]+|exhausted"
              + "|错误|失败|异常|超时|拒绝");

  /**
   * The rest of {@link #ERROR_LINE}: a lowercase letter and {@code Error} or {@code Exception}
   * (anywhere: like the words after {@code curl: (7)}, this alternative is outside the group that
   * starts at a word boundary), tried only where those occur.
   */
  private static final Pattern TYPE_NAME = Pattern.compile("[a-z](?:Error|Exception)");

  /**
   * Lines that look like an error, for unclassified text: the specification of {@link
   * #errorLines()}, which finds the same lines with {@link #ERROR_WORDS} and {@link #TYPE_NAME}.
   */
  static final Pattern ERROR_LINE =
      Pattern.compile(ERROR_WORDS.pattern() + "|(?-i:" + TYPE_NAME.pattern() + ")");

  private static final List<String> ERROR_WORD_STARTS =
      Objects.requireNonNull(StartLiterals.of(ERROR_WORDS.pattern()), "start texts of ERROR_WORDS");

  private static final List<String> TYPE_WORDS = List.of("Error", "Exception");

  private static final Set<String> MESSAGE_FIELDS = Set.of("msg", "message", "log");
  private static final Set<String> ERROR_FIELDS = Set.of("error", "err");
  private static final Set<String> SKIPPED_FIELDS =
      Set.of(
          "time", "ts", "timestamp", "@timestamp", "caller", "stream", "level", "severity", "lvl");

  private final String text;
  private final @Nullable BitSet levelErrors;
  private final String lower;
  private final int[] lineStarts;
  private @Nullable LiteralIndex literalsOf;
  private @Nullable BitSet literals;
  private @Nullable CharPairs pairs;

  /**
   * Whether each line looks like an error ({@link #ERROR_LINE} finds a match in the line alone),
   * found once on first use: the unexplained path asks up to six times.
   */
  private boolean @Nullable [] errorLine;

  private ErrorText(String text) {
    this(text, null);
  }

  private ErrorText(String text, @Nullable BitSet levelErrors) {
    this.levelErrors = levelErrors;
    this.text = text;
    this.lower = text.toLowerCase(Locale.ROOT);
    this.lineStarts = LineStarts.of(text);
  }

  /** Returns the patterns run on user text here, for the linearity test. */
  static List<Pattern> patterns() {
    return List.of(
        ANSI, UNICODE_ESCAPE, LOG_PREFIX, ERROR_LEVEL, ERROR_LINE, ERROR_WORDS, TYPE_NAME);
  }

  /** Returns {@code input} without ANSI escape sequences. */
  static String stripAnsi(String input) {
    if (input.indexOf('\u001B') < 0 && !hasLostEscape(input)) {
      // Every form of ANSI needs the escape character, or "[", digits and "m" when it was lost.
      return input;
    }
    return ANSI.matcher(input).replaceAll("");
  }

  /**
   * Returns {@code input} as it is, not cleaned: for reading signatures of the client that printed
   * it (log prefixes such as {@code FATA[0000]} are signatures too).
   */
  static ErrorText asPasted(String input) {
    return new ErrorText(input);
  }

  /**
   * Returns whether {@code input} may hold an escape sequence whose escape character was lost
   * ({@code [31m}, {@code [0;1;31m}): a {@code [}, a digit, more digits and semicolons, then {@code
   * m}. Necessary for the last alternative of {@link #ANSI} (which also bounds the counts).
   */
  static boolean hasLostEscape(String input) {
    int length = input.length();
    for (int at = input.indexOf('['); at >= 0; at = input.indexOf('[', at + 1)) {
      int i = at + 1;
      if (i < length && input.charAt(i) >= '0' && input.charAt(i) <= '9') {
        while (i < length
            && (input.charAt(i) >= '0' && input.charAt(i) <= '9' || input.charAt(i) == ';')) {
          i++;
        }
        if (i < length && input.charAt(i) == 'm') {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns the part of {@code input} (already free of ANSI escapes and secrets) that is explained:
   * all of it up to {@link #MAX_LENGTH} characters. Of longer input, its last lines (three quarters
   * of {@link #MAX_LENGTH}) and, before them, the last earlier lines that look like errors, up to
   * the rest of {@link #MAX_LENGTH}, with a line saying how many lines were left out: a pull error
   * early in a long log was lost when only the end was kept. One search of the earlier part, linear
   * in its length.
   */
  static String examined(String input) {
    if (input.length() <= MAX_LENGTH) {
      return input;
    }
    int cut = input.length() - MAX_LENGTH / 4 * 3;
    int newline = input.indexOf('\n', cut - 1);
    // the kept end starts at a line; a single overlong line keeps its last characters
    int tailStart = newline >= 0 && newline < input.length() - 1 ? newline + 1 : cut;
    ErrorText head = new ErrorText(input.substring(0, tailStart));
    boolean[] error = head.errorLines();
    // the earlier part ends with a line break, after which its "last line" is empty
    int lines = head.lineStarts.length - (input.charAt(tailStart - 1) == '\n' ? 1 : 0);
    // one more than the kept lines and the left-out line hold: the budget of earlier error lines
    int budget = MAX_LENGTH - (input.length() - tailStart) - 80;
    List<int[]> kept = new ArrayList<>();
    for (int line = lines - 1; line >= 0 && budget > 0; line--) {
      int from = head.lineStarts[line];
      int to = head.lineEnd(from);
      if (error[line] && to - from + 1 <= budget) {
        kept.add(new int[] {from, to});
        budget -= to - from + 1;
      }
    }
    StringBuilder examined = new StringBuilder(MAX_LENGTH);
    for (int i = kept.size() - 1; i >= 0; i--) {
      examined.append(head.text, kept.get(i)[0], kept.get(i)[1]).append('\n');
    }
    // no error word in this line: it must never be mistaken for the failure
    examined
        .append("[regdoctor: ")
        .append(lines - kept.size())
        .append(" earlier lines left out here]\n")
        .append(input, tailStart, input.length());
    return examined.toString();
  }

  /** Cleans {@code input} (already free of ANSI escapes and secrets) for matching. */
  static ErrorText of(String input) {
    String text =
        input.length() > MAX_LENGTH ? input.substring(input.length() - MAX_LENGTH) : input;
    if (text.indexOf('\r') >= 0) {
      text = text.replace("\r\n", "\n").replace('\r', '\n');
    }
    text = PastedWrapping.terminalWraps(text);
    if (text.indexOf('>') >= 0) {
      text = PastedWrapping.quoted(text);
    }
    text = PastedWrapping.htmlReferences(text);
    text = PastedWrapping.typographic(text);
    if (text.indexOf('{') >= 0) {
      text = jsonLogLines(text);
    }
    if (text.indexOf('\\') >= 0) {
      text = PastedWrapping.logfmtValues(text);
      text = unescape(text);
    }
    text = PastedWrapping.dockerPy(text);
    BitSet levelErrors = new BitSet();
    String stripped = stripPrefixes(text, levelErrors);
    return new ErrorText(stripped, levelErrors.isEmpty() ? null : levelErrors);
  }

  /** Returns the cleaned text. */
  String text() {
    return text;
  }

  /** Returns the cleaned text in lowercase, for literal prefilters only (positions may differ). */
  String lower() {
    return lower;
  }

  /**
   * Returns this text with hard wraps undone (a line that goes on in lowercase joins the line
   * before it: {@code "failed to\nresolve reference"}), or empty when nothing was wrapped. Pasted
   * issue text and e-mails are often wrapped at 72 or 80 columns.
   */
  Optional<ErrorText> unwrapped() {
    StringBuilder joined = new StringBuilder(text.length());
    boolean changed = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '\n') {
        joined.append(c);
        i++;
        continue;
      }
      int next = i + 1;
      while (next < text.length() && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
        next++;
      }
      if (next < text.length() && continues(text.charAt(next))) {
        int end = joined.length();
        while (end > 0 && (joined.charAt(end - 1) == ' ' || joined.charAt(end - 1) == '\t')) {
          end--;
        }
        joined.setLength(end);
        joined.append(' ');
        changed = true;
        i = next;
      } else {
        joined.append(c);
        i++;
      }
    }
    return changed ? Optional.of(new ErrorText(joined.toString())) : Optional.empty();
  }

  private static boolean continues(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '\'' || c == '"' || c == '(';
  }

  /**
   * Returns the prefilter literals of {@code index} that occur in this text, found once per index
   * (rules and entity patterns ask several times for the same text).
   */
  BitSet literals(LiteralIndex index) {
    if (literalsOf != index || literals == null) {
      literals = index.scan(lower);
      literalsOf = index;
    }
    return literals;
  }

  /**
   * Returns the pairs of adjacent characters of {@link #lower()}, found once on first use: they
   * tell a pattern search which of its start texts are absent.
   */
  CharPairs pairs() {
    CharPairs found = pairs;
    if (found == null) {
      found = CharPairs.of(lower);
      pairs = found;
    }
    return found;
  }

  int length() {
    return text.length();
  }

  /** Returns the index of the line holding {@code position}. */
  int lineOf(int position) {
    int index = Arrays.binarySearch(lineStarts, position);
    return index >= 0 ? index : -index - 2;
  }

  /** Returns where line {@code line} starts; lines before the first start at 0. */
  int lineStart(int line) {
    return line <= 0 ? 0 : lineStarts[Math.min(line, lineStarts.length - 1)];
  }

  /** Returns where the line holding {@code position} ends (its newline, or the end of the text). */
  int lineEnd(int position) {
    int line = lineOf(position);
    return line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length();
  }

  /**
   * Returns the lines covering {@code [start, end)} as one trimmed line: whitespace collapsed, at
   * most {@link #MAX_EXCERPT} characters keeping {@code [focusStart, focusEnd)} (the match) in
   * view, or its beginning and end when it is longer.
   */
  String excerpt(int start, int end, int focusStart, int focusEnd) {
    int from = lineStart(lineOf(start));
    int to = lineEnd(Math.max(start, end - 1));
    StringBuilder joined = new StringBuilder();
    int[] focus = {0, 0};
    int[] positions = {focusStart, focusEnd};
    for (int line = lineOf(from); line < lineStarts.length && lineStart(line) <= to; line++) {
      int lineFrom = lineStart(line);
      int lineTo = Math.min(to, lineEnd(lineFrom));
      String content = text.substring(lineFrom, lineTo);
      String stripped = content.strip();
      int skipped = content.indexOf(stripped.isEmpty() ? content : stripped);
      int at = joined.length() + (joined.length() > 0 ? 1 : 0);
      for (int i = 0; i < 2; i++) {
        if (positions[i] >= lineFrom && positions[i] <= lineTo) {
          focus[i] =
              at + Math.max(0, Math.min(stripped.length(), positions[i] - lineFrom - skipped));
        }
      }
      if (!stripped.isEmpty()) {
        if (joined.length() > 0) {
          joined.append(' ');
        }
        joined.append(stripped);
      }
    }
    return ExcerptShortener.shorten(joined.toString(), focus[0], Math.max(focus[0], focus[1]));
  }

  /**
   * Returns up to {@code max} lines that look like errors (or the first lines when none do), as
   * excerpts.
   */
  /** Returns whether any line looks like an error (error, failed, denied, timeout, …). */
  boolean hasErrorLine() {
    // No word of the pattern spans a line break, and \b sees the same non-word character before
    // and after a line as at the ends of a line alone: a match in the text is a match in a line.
    for (boolean error : errorLines()) {
      if (error) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether the log prefix removed from line {@code line} said error or fatal. */
  boolean prefixSaysError(int line) {
    return levelErrors != null && levelErrors.get(line);
  }

  /**
   * Returns whether each line looks like an error: {@link #ERROR_LINE} finds a match in the line
   * alone, or, when no line's words do, its removed log prefix said error or fatal. One search of
   * the whole text finds the same lines: no word of the pattern spans a line break, and {@code \\b}
   * and the look-ahead see the same at a line break as at the end of a line alone.
   */
  boolean[] errorLines() {
    boolean[] lines = errorLine;
    if (lines == null) {
      lines = new boolean[lineStarts.length];
      StartLiterals.Search words =
          new StartLiterals.Search(ERROR_WORDS, text, lower, ERROR_WORD_STARTS, pairs());
      boolean worded = false;
      while (words.find()) {
        lines[lineOf(words.matcher().start())] = true;
        worded = true;
      }
      Matcher type = TYPE_NAME.matcher(text);
      for (String word : TYPE_WORDS) {
        for (int at = text.indexOf(word, 1); at > 0; at = text.indexOf(word, at + 1)) {
          int line = lineOf(at - 1);
          if (!lines[line] && type.region(at - 1, text.length()).lookingAt()) {
            lines[line] = true;
            worded = true;
          }
        }
      }
      if (!worded && levelErrors != null) {
        // A removed "error" or "fatal" level marks the failure only where no line's words do: a
        // log that puts every line at error level says nothing about which line failed.
        for (int line = levelErrors.nextSetBit(0);
            line >= 0 && line < lines.length;
            line = levelErrors.nextSetBit(line + 1)) {
          lines[line] = true;
        }
      }
      errorLine = lines;
    }
    return lines;
  }

  List<String> errorLines(int max) {
    List<String> lines = new ArrayList<>();
    boolean[] error = errorLines();
    for (int line = 0; line < lineStarts.length && lines.size() < max; line++) {
      int from = lineStarts[line];
      if (error[line]) {
        lines.add(excerpt(from, lineEnd(from), from, from));
      }
    }
    for (int line = 0; line < lineStarts.length && lines.isEmpty(); line++) {
      int from = lineStarts[line];
      String content = text.substring(from, lineEnd(from));
      if (!content.isBlank()) {
        lines.add(excerpt(from, from + content.length(), from, from));
      }
    }
    return lines;
  }

  /**
   * Returns every line that looks like an error, whole, joined by newlines (for the wording model:
   * a pull log's progress lines are not wording of the failure); the whole text when none does.
   */
  String errorLinesText() {
    StringBuilder lines = new StringBuilder();
    boolean[] error = errorLines();
    for (int line = 0; line < lineStarts.length; line++) {
      int from = lineStarts[line];
      if (error[line]) {
        lines.append(text, from, lineEnd(from)).append('\n');
      }
    }
    return lines.length() == 0 ? text : lines.toString();
  }

  /**
   * Returns the last line that looks like an error, as an excerpt, or an empty list when none does.
   */
  List<String> lastErrorLine() {
    boolean[] error = errorLines();
    for (int line = lineStarts.length - 1; line >= 0; line--) {
      int from = lineStarts[line];
      if (error[line]) {
        return List.of(excerpt(from, lineEnd(from), from, from));
      }
    }
    return List.of();
  }

  /** Returns whether a line after the one holding {@code position} looks like an error. */
  boolean hasErrorLineAfter(int position) {
    boolean[] error = errorLines();
    for (int line = lineOf(position) + 1; line < lineStarts.length; line++) {
      if (error[line]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes timestamps, levels and logger headers from the start of every line, and marks in {@code
   * levelErrors} the lines whose removed prefix said error or fatal ({@code FATA[0000]}, {@code
   * level=error}, klog's {@code E0101}): such a line is an error whatever its words.
   */
  private static String stripPrefixes(String text, BitSet levelErrors) {
    StringBuilder out = null;
    Matcher matcher = LOG_PREFIX.matcher(text);
    Matcher level = ERROR_LEVEL.matcher(text);
    int kinds = PastedWrapping.prefixKinds(text);
    int start = 0;
    int line = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      int wrapper = PastedWrapping.prefixEnd(text, start, end, kinds);
      matcher.region(wrapper, end);
      int cut = matcher.lookingAt() ? matcher.end() : wrapper;
      if (cut > wrapper) {
        // a wrapper's prefix may also follow the log prefix (a timestamp, then "##[error]")
        cut = PastedWrapping.prefixEnd(text, cut, end, kinds);
      }
      if (cut > start && level.region(start, cut).find()) {
        levelErrors.set(line);
      }
      if (cut > start && out == null) {
        out = new StringBuilder(text.length());
        out.append(text, 0, start);
      }
      if (out != null) {
        out.append(text, cut, end);
        if (end < text.length()) {
          out.append('\n');
        }
      }
      start = end + 1;
      line++;
    }
    return out == null ? text : out.toString();
  }

  /**
   * Undoes Go and JSON quoting: {@code \"} and {@code \\\"} become {@code "}, and JSON escapes of
   * ASCII characters (as Go writes {@code >} in JSON) become the characters.
   */
  private static String unescape(String text) {
    String result = text.replace("\\\\\\\"", "\"").replace("\\\"", "\"");
    if (result.contains("\\u00")) {
      Matcher matcher = UNICODE_ESCAPE.matcher(result);
      StringBuilder out = new StringBuilder(result.length());
      while (matcher.find()) {
        char c = (char) Integer.parseInt(matcher.group(1), 16);
        matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(c)));
      }
      matcher.appendTail(out);
      result = out.toString();
    }
    return result;
  }

  /**
   * Replaces each JSON log line ({@code {"level":"error","msg":"…","error":"…"}}) by its message,
   * its error and its other fields as {@code name=value}; time, level and caller are dropped.
   */
  private static String jsonLogLines(String text) {
    StringBuilder out = null;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(start, end);
      String replaced = jsonLogLine(line);
      if (replaced != null && out == null) {
        out = new StringBuilder(text.length());
        out.append(text, 0, start);
      }
      if (out != null) {
        out.append(replaced != null ? replaced : line);
        if (end < text.length()) {
          out.append('\n');
        }
      }
      start = end + 1;
    }
    return out == null ? text : out.toString();
  }

  /**
   * Returns the message of a JSON log line, reduced again while it is itself a JSON log line (a
   * container that logs JSON under Docker's json-file driver: JSON inside JSON), or null.
   */
  private static @Nullable String jsonLogLine(String line) {
    String reduced = jsonLogLineOnce(line);
    for (int depth = 0; reduced != null && depth < 3; depth++) {
      String inner = jsonLogLineOnce(reduced);
      if (inner == null) {
        break;
      }
      reduced = inner;
    }
    return reduced;
  }

  private static @Nullable String jsonLogLineOnce(String line) {
    String trimmed = line.strip();
    if (trimmed.length() < 10
        || trimmed.charAt(0) != '{'
        || trimmed.charAt(trimmed.length() - 1) != '}') {
      return null;
    }
    JsonNode node;
    try {
      node = ReportJson.MAPPER.readTree(trimmed);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    String message = null;
    for (String field : MESSAGE_FIELDS) {
      if (node.path(field).isTextual()) {
        message = node.get(field).asText().strip();
        break;
      }
    }
    if (message == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(message);
    for (String field : ERROR_FIELDS) {
      if (node.path(field).isTextual()) {
        out.append(": ").append(node.get(field).asText());
      }
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (field.getValue().isValueNode()
          && !MESSAGE_FIELDS.contains(name)
          && !ERROR_FIELDS.contains(name)
          && !SKIPPED_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
        out.append(' ').append(name).append('=').append(field.getValue().asText());
      }
    }
    return out.toString();
  }
}
