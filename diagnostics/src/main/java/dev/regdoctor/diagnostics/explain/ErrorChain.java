package dev.regdoctor.diagnostics.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * The chain of a wrapped error message, outermost link first: Go's {@code a: b: c} wrapping, gRPC's
 * {@code rpc error: code = X desc = …}, Java's {@code Caused by:} lines, curl's {@code curl: (N) …}
 * and the {@code code} and {@code message} of a registry's JSON error body. The innermost link is
 * the cause; the outer links say which phase it happened in. Plain string scanning, linear in the
 * length of the text.
 */
final class ErrorChain {
  /** A link shorter than this many words is joined with the link before it ("connect: refused"). */
  private static final int MIN_CAUSE_WORDS = 4;

  private static final int MAX_CAUSE = 200;

  private ErrorChain() {}

  /**
   * Returns the links of {@code line}, outermost first. Separators inside double quotes (a quoted
   * URL or image) do not split.
   */
  static List<String> links(String line) {
    List<String> links = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      }
      int separator = quoted ? 0 : separator(line, i);
      if (separator > 0) {
        add(links, line, start, i);
        start = i + separator;
        i = start;
        continue;
      }
      i++;
    }
    add(links, line, start, line.length());
    return links;
  }

  /** Returns the length of the separator at {@code i} of {@code line}, or 0. */
  private static int separator(String line, int i) {
    char c = line.charAt(i);
    if (c == ':' && i + 1 < line.length() && line.charAt(i + 1) == ' ') {
      return 2;
    }
    if (c == ' ' && line.startsWith(" desc = ", i)) {
      return 8;
    }
    if (c == ' ' && line.startsWith(" caused by: ", i)) {
      return 12;
    }
    return 0;
  }

  private static void add(List<String> links, String line, int start, int end) {
    String link = line.substring(start, end).strip();
    if (!link.isEmpty()) {
      links.add(link);
    }
  }

  /**
   * Returns the innermost cause {@code text} gives: the last {@code Caused by:} line of a Java
   * trace, the message of a registry's JSON error, or else the innermost links of the last line
   * that reads like an error, joined until they say something (at least a few words). Returns an
   * empty string for blank text.
   */
  static String innermost(ErrorText text, List<String> errorLines) {
    String json = jsonError(text.text());
    if (json != null) {
      return shorten(json);
    }
    String source = text.text();
    int caused = source.lastIndexOf("Caused by: ");
    if (caused >= 0) {
      // A Java cause names its exception type; the whole line is the cause.
      int end = source.indexOf('\n', caused);
      return shorten(
          source.substring(caused + "Caused by: ".length(), end < 0 ? source.length() : end));
    }
    String line = errorLines.isEmpty() ? lastLine(source) : errorLines.get(errorLines.size() - 1);
    if (line.isBlank()) {
      return "";
    }
    int curl = line.indexOf("curl: (");
    if (curl >= 0) {
      int close = line.indexOf(") ", curl);
      if (close > 0) {
        return shorten(line.substring(close + 2));
      }
    }
    List<String> links = links(line);
    if (links.isEmpty()) {
      return "";
    }
    int first = links.size() - 1;
    int words = words(links.get(first));
    while (first > 0 && words < MIN_CAUSE_WORDS) {
      first--;
      words += words(links.get(first));
    }
    return shorten(String.join(": ", links.subList(first, links.size())));
  }

  /**
   * Returns {@code CODE: message} of the first error in a registry's JSON error body ({@code
   * {"errors":[{"code":…,"message":…}]}}) or the value of a lone {@code "message"} field.
   */
  private static String jsonError(String text) {
    int errors = text.indexOf("\"errors\"");
    int from = errors >= 0 ? errors : text.indexOf("{\"message\"");
    if (from < 0) {
      return null;
    }
    String code = errors >= 0 ? field(text, from, "code") : null;
    String message = field(text, from, "message");
    if (message == null) {
      return code;
    }
    return code == null ? message : code + ": " + message;
  }

  /** Returns the string value of the first {@code "name"} field at or after {@code from}. */
  private static String field(String text, int from, String name) {
    int key = text.indexOf("\"" + name + "\"", from);
    if (key < 0 || key - from > 400) {
      return null;
    }
    int colon = key + name.length() + 2;
    while (colon < text.length() && (text.charAt(colon) == ' ' || text.charAt(colon) == ':')) {
      colon++;
    }
    if (colon >= text.length() || text.charAt(colon) != '"') {
      return null;
    }
    int end = colon + 1;
    while (end < text.length() && text.charAt(end) != '"' && text.charAt(end) != '\n') {
      end += text.charAt(end) == '\\' ? 2 : 1;
    }
    return end > text.length() ? null : text.substring(colon + 1, Math.min(end, text.length()));
  }

  private static String lastLine(String text) {
    int end = text.length();
    while (end > 0) {
      int start = text.lastIndexOf('\n', end - 1) + 1;
      String line = text.substring(start, end);
      if (!line.isBlank()) {
        return line;
      }
      end = start - 1;
    }
    return "";
  }

  private static int words(String link) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < link.length(); i++) {
      boolean letter = !Character.isWhitespace(link.charAt(i));
      if (letter && !inWord) {
        words++;
      }
      inWord = letter;
    }
    return words;
  }

  private static String shorten(String cause) {
    String stripped = cause.strip();
    if (stripped.endsWith("\"") && stripped.indexOf('"') == stripped.length() - 1) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped.length() <= MAX_CAUSE
        ? stripped
        : "…" + stripped.substring(stripped.length() - MAX_CAUSE + 1);
  }
}
