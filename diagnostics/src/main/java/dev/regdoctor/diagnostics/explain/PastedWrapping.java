package dev.regdoctor.diagnostics.explain;

/**
 * Undoes the wrapping that tools and sites put around a message when it is printed, quoted or
 * copied (session 17): typographic quotes and Chinese full-width punctuation, HTML character
 * references, a terminal's hard line breaks at 80 columns, markdown and e-mail quoting, Go-quoted
 * logfmt values, docker-py's {@code APIError} text, and per-line prefixes of docker compose, GitHub
 * Actions and kubectl's event tables. Every step is a plain scan, linear in the length of the text,
 * and returns its input unchanged (the same instance) when there is nothing to undo.
 */
final class PastedWrapping {
  /** The width at which a console that copies its screen buffer breaks lines. */
  static final int TERMINAL_WIDTH = 80;

  private PastedWrapping() {}

  /**
   * Replaces typographic quotes (“ ” „ ‘ ’ ‚, as forums and word processors print ASCII quotes)
   * with ASCII ones, and the Chinese full-width colon, comma, semicolon and parentheses with ASCII
   * punctuation (a colon or comma followed by a space, as Go's error chains write them).
   */
  static String typographic(String text) {
    int first = 0;
    while (first < text.length() && text.charAt(first) < '\u2018') {
      first++;
    }
    if (first == text.length()) {
      // every mark replaced here is at or above U+2018: most texts are returned at once
      return text;
    }
    StringBuilder out = null;
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '\u201C', '\u201D', '\u201E' -> "\"";
            case '\u2018', '\u2019', '\u201A' -> "'";
            case '\uFF1A' -> spaced(text, i, ':');
            case '\uFF0C' -> spaced(text, i, ',');
            case '\uFF1B' -> spaced(text, i, ';');
            case '\uFF08' -> "(";
            case '\uFF09' -> ")";
            default -> null;
          };
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16);
        out.append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** The ASCII mark and a space, unless whitespace or the end of the text follows. */
  private static String spaced(String text, int i, char mark) {
    return i + 1 >= text.length() || Character.isWhitespace(text.charAt(i + 1))
        ? String.valueOf(mark)
        : mark + " ";
  }

  /**
   * Replaces the HTML character references that escaping produces ({@code &quot; &#39; &#34; &#x27;
   * &apos; &lt; &gt; &amp; &nbsp;}) with their characters, in one pass (so {@code &amp;lt;} becomes
   * {@code &lt;}, as one unescaping does).
   */
  static String htmlReferences(String text) {
    int first = text.indexOf('&');
    if (first < 0) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    for (int at = first; at >= 0; at = text.indexOf('&', at + 1)) {
      String replacement = null;
      int length = 0;
      for (String[] reference : REFERENCES) {
        if (text.startsWith(reference[0], at)) {
          replacement = reference[1];
          length = reference[0].length();
          break;
        }
      }
      if (replacement == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, at).append(replacement);
      copied = at + length;
      at = copied - 1;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static final String[][] REFERENCES = {
    {"&quot;", "\""},
    {"&#34;", "\""},
    {"&#39;", "'"},
    {"&#x27;", "'"},
    {"&apos;", "'"},
    {"&lt;", "<"},
    {"&gt;", ">"},
    {"&amp;", "&"},
    {"&nbsp;", " "},
  };

  /**
   * Joins lines that a console broke at {@link #TERMINAL_WIDTH} columns: a line of exactly that
   * many characters, not ending in whitespace, goes on in the next line without a separator (the
   * break may fall inside a word or URL). Only text with at least two such lines is joined: one
   * line of exactly 80 characters is as likely a line of its own.
   */
  static String terminalWraps(String text) {
    int full = 0;
    for (int start = 0, end = text.indexOf('\n'); end >= 0 && full < 2; ) {
      if (end - start == TERMINAL_WIDTH && !Character.isWhitespace(text.charAt(end - 1))) {
        full++;
      }
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    if (full < 2) {
      return text;
    }
    StringBuilder out = null;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        break;
      }
      boolean wrapped =
          end - start == TERMINAL_WIDTH
              && !Character.isWhitespace(text.charAt(end - 1))
              && end + 1 < text.length()
              && text.charAt(end + 1) != '\n';
      if (wrapped && out == null) {
        out = new StringBuilder(text.length());
        out.append(text, 0, start);
      }
      if (out != null) {
        out.append(text, start, end);
        if (!wrapped) {
          out.append('\n');
        }
      }
      start = end + 1;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, start, text.length()).toString();
  }

  /**
   * Removes markdown and e-mail quoting ({@code >} and an optional space, repeated) when every line
   * that is not blank starts with {@code >}: a curl transcript's {@code > GET} lines come with
   * {@code <} and {@code *} lines, and keep their marks.
   */
  static String quoted(String text) {
    String result = text;
    for (int level = 0; level < 4 && allQuoted(result); level++) {
      StringBuilder out = new StringBuilder(result.length());
      int start = 0;
      while (start <= result.length()) {
        int end = result.indexOf('\n', start);
        if (end < 0) {
          end = result.length();
        }
        int at = start;
        while (at < end && (result.charAt(at) == ' ' || result.charAt(at) == '\t')) {
          at++;
        }
        if (at < end && result.charAt(at) == '>') {
          at++;
          if (at < end && result.charAt(at) == ' ') {
            at++;
          }
        }
        out.append(result, at, end);
        if (end < result.length()) {
          out.append('\n');
        }
        start = end + 1;
      }
      result = out.toString();
    }
    return result;
  }

  private static boolean allQuoted(String text) {
    if (text.isEmpty()) {
      return false;
    }
    boolean any = false;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      int at = start;
      while (at < end && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      if (at < end) {
        if (text.charAt(at) != '>') {
          return false;
        }
        any = true;
      }
      start = end + 1;
    }
    return any;
  }

  /**
   * Undoes the line-break escapes of Go quoting ({@code strconv.Quote}: {@code \n \t \r}) in the
   * {@code msg}, {@code error} and {@code err} values of logfmt lines (logrus' text format, as
   * {@code journalctl -u docker} shows dockerd's log): a message that held line breaks gets them
   * back. Escaped quotes and backslashes are left to the pass that undoes them everywhere.
   */
  static String logfmtValues(String text) {
    if (text.indexOf("=\"") < 0) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    for (int at = text.indexOf("=\"", 1); at > 0; at = text.indexOf("=\"", at + 2)) {
      if (!(endsWithKey(text, at, "msg")
          || endsWithKey(text, at, "error")
          || endsWithKey(text, at, "err"))) {
        continue;
      }
      int open = at + 1;
      int close = -1;
      boolean otherEscape = false;
      int scanned = open + 1;
      for (int i = open + 1; i < text.length(); i++, scanned = i) {
        char c = text.charAt(i);
        if (c == '\n') {
          break;
        }
        if (c == '\\' && i + 1 < text.length()) {
          char next = text.charAt(i + 1);
          otherEscape |= next == 'n' || next == 't' || next == 'r';
          i++;
          continue;
        }
        if (c == '"') {
          close = i;
          break;
        }
      }
      if (close < 0 || !otherEscape) {
        // go on after what was read: a line of unclosed values is read once, not once per value
        at = Math.max(at, (close < 0 ? scanned : close) - 1);
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, open + 1);
      for (int i = open + 1; i < close; i++) {
        char c = text.charAt(i);
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char next = text.charAt(++i);
        switch (next) {
          case 'n', 'r' -> out.append('\n');
          case 't' -> out.append('\t');
          // \" and \\ stay for the later pass that undoes Go-escaped quotes everywhere
          default -> out.append('\\').append(next);
        }
      }
      copied = close;
      at = close - 1;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static boolean endsWithKey(String text, int equals, String key) {
    int from = equals - key.length();
    return from >= 0
        && text.startsWith(key, from)
        && (from == 0 || text.charAt(from - 1) == ' ' || text.charAt(from - 1) == '\t');
  }

  /**
   * Reduces docker-py's error ({@code docker.errors.APIError: 500 Server Error for
   * http+docker://localhost/v1.45/…: Internal Server Error ("EXPLANATION")}) to the daemon's
   * explanation: the URL is the Docker socket's, not a registry's, and the status is the Engine
   * API's.
   */
  static String dockerPy(String text) {
    int at = text.indexOf("docker.errors.");
    if (at < 0) {
      return text;
    }
    int lineEnd = text.indexOf('\n', at);
    int end = lineEnd < 0 ? text.length() : lineEnd;
    int error = text.indexOf(" Error for http", at);
    int open = text.indexOf(" (\"", at);
    if (error < 0 || error > end || open < 0 || open > end || open < error) {
      return text;
    }
    // the explanation may span lines: it ends at the last line that ends with ")
    int close = -1;
    for (int line = text.length(); line > open; ) {
      int lineStart = text.lastIndexOf('\n', line - 1) + 1;
      String content = text.substring(Math.max(lineStart, open), line).stripTrailing();
      if (content.endsWith("\")")) {
        close = Math.max(lineStart, open) + content.length() - 2;
        break;
      }
      line = lineStart - 1;
      if (line < 0) {
        break;
      }
    }
    if (close < open + 3) {
      return text;
    }
    int lineStart = text.lastIndexOf('\n', at) + 1;
    return text.substring(0, lineStart)
        + text.substring(open + 3, close)
        + text.substring(close + 2);
  }

  /** No wrapper prefix can occur in the text: {@link #prefixEnd} need not be asked. */
  static final int NO_PREFIXES = 0;

  private static final int GITHUB = 1;
  private static final int COMPOSE = 2;
  private static final int EVENTS = 4;

  /**
   * Returns which wrapper prefixes {@code text} may hold, found by a few fast substring searches of
   * the whole text so that most lines of most texts are not looked at again.
   */
  static int prefixKinds(String text) {
    int kinds = NO_PREFIXES;
    if (text.contains("##[")) {
      kinds |= GITHUB;
    }
    if (text.contains(" | ") || text.contains(" |\n")) {
      kinds |= COMPOSE;
    }
    if (text.contains("Warning  ") || text.contains("Normal  ")) {
      kinds |= EVENTS;
    }
    return kinds;
  }

  /**
   * Returns where the message starts after a wrapper's prefix on the line {@code [start, end)} of
   * {@code text}, or {@code start}: GitHub Actions' workflow commands ({@code ##[error]}), docker
   * compose's service prefix ({@code web-1 | }, v1's {@code web_1 | }), and the leading columns of
   * a {@code kubectl get events} row or of a {@code kubectl describe} Events row. {@code kinds}
   * comes from {@link #prefixKinds} of the whole text.
   */
  static int prefixEnd(String text, int start, int end, int kinds) {
    if (kinds == NO_PREFIXES) {
      return start;
    }
    int at = start;
    while (at < end && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
    if ((kinds & GITHUB) != 0 && at + 2 < end && text.startsWith("##[", at)) {
      // a command's name is short: look no further than that, never past the line
      int close = at + 3;
      while (close < Math.min(end, at + 17) && text.charAt(close) != ']') {
        close++;
      }
      if (close < end && text.charAt(close) == ']' && isWord(text, at + 3, close)) {
        return close + 1;
      }
    }
    if ((kinds & COMPOSE) != 0) {
      int compose = composePrefix(text, at, end);
      if (compose > 0) {
        return compose;
      }
    }
    if ((kinds & EVENTS) != 0) {
      int event = eventColumns(text, at, end);
      if (event > 0) {
        return event;
      }
    }
    return start;
  }

  /** {@link #prefixEnd} for a text of its own. */
  static int prefixEnd(String text, int start, int end) {
    return prefixEnd(text, start, end, prefixKinds(text));
  }

  private static boolean isWord(String text, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  /** {@code name-N | } or {@code name_N | }: where the message starts, or 0. */
  private static int composePrefix(String text, int at, int end) {
    int i = at;
    while (i < end && isNameChar(text.charAt(i))) {
      i++;
    }
    if (i == at || i - at > 64) {
      return 0;
    }
    int digits = i;
    while (digits > at && Character.isDigit(text.charAt(digits - 1))) {
      digits--;
    }
    if (digits == i || digits - 1 <= at || "-_".indexOf(text.charAt(digits - 1)) < 0) {
      return 0;
    }
    int spaces = i;
    while (spaces < end && text.charAt(spaces) == ' ') {
      spaces++;
    }
    if (spaces == i || spaces >= end || text.charAt(spaces) != '|') {
      return 0;
    }
    int message = spaces + 1;
    return message < end && text.charAt(message) == ' ' ? message + 1 : message;
  }

  private static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '_'
        || c == '.';
  }

  /**
   * The columns of a kubectl event row before its message, separated by two or more spaces: {@code
   * Warning Failed 3m (x4 over 5m) kubelet MESSAGE} (describe: type, reason, age, from) or {@code
   * 3m12s Warning Failed pod/web-1 MESSAGE} (get events: last seen, type, reason, object). Returns
   * where the message starts, or 0.
   */
  private static int eventColumns(String text, int at, int end) {
    int[] starts = new int[6];
    int columns = 0;
    int i = at;
    while (columns < 6 && i < end) {
      starts[columns++] = i;
      // a column ends at two spaces (one space may sit inside: "3m (x4 over 5m)", "kubelet, n1")
      while (i < end && !(text.charAt(i) == ' ' && i + 1 < end && text.charAt(i + 1) == ' ')) {
        i++;
      }
      while (i < end && text.charAt(i) == ' ') {
        i++;
      }
    }
    int type = -1;
    for (int c = 0; c < Math.min(columns, 2); c++) {
      if (column(text, starts, c, columns, end, "Warning")
          || column(text, starts, c, columns, end, "Normal")) {
        type = c;
        break;
      }
    }
    if (type < 0) {
      return 0;
    }
    // describe: TYPE REASON AGE FROM MESSAGE; get events: LAST-SEEN TYPE REASON OBJECT MESSAGE
    int message = type == 0 ? 4 : type + 3;
    if (message >= columns) {
      return 0;
    }
    if (type == 0 && !isAge(text, starts[2])) {
      return 0;
    }
    if (type == 1 && !(isAge(text, starts[0]) && hasSlash(text, starts[3], end))) {
      return 0;
    }
    // a get-events row keeps its object ("pod/web-1"): it names the pod
    return type == 0 ? starts[message] : starts[3];
  }

  private static boolean column(
      String text, int[] starts, int c, int columns, int end, String word) {
    int from = starts[c];
    int to = c + 1 < columns ? starts[c + 1] : end;
    return text.startsWith(word, from) && text.substring(from + word.length(), to).isBlank();
  }

  /**
   * An event age: digits and a unit ({@code 3m}, {@code 2m30s}, {@code 10d}) or {@code <unknown>}.
   */
  private static boolean isAge(String text, int at) {
    if (text.startsWith("<unknown>", at) || text.startsWith("<invalid>", at)) {
      return true;
    }
    int i = at;
    boolean any = false;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
      any = true;
    }
    return any && i < text.length() && "smhdy".indexOf(text.charAt(i)) >= 0;
  }

  private static int nextSpace(String text, int from, int end) {
    int i = from;
    while (i < end && text.charAt(i) != ' ') {
      i++;
    }
    return i;
  }

  private static boolean hasSlash(String text, int from, int end) {
    int to = nextSpace(text, from, end);
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '/') {
        return true;
      }
    }
    return false;
  }
}
