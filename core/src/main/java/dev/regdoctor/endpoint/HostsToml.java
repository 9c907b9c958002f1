package dev.regdoctor.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code ca} entries of a containerd {@code hosts.toml} (containerd {@code
 * core/remotes/docker/config/hosts.go}): {@code ca = "file"} or {@code ca = ["a", "b"]}, at the top
 * level (the {@code server}) and in {@code [host."…"]} tables. This is not a general TOML parser; a
 * {@code ca} value it cannot read is an error, other keys are skipped.
 */
final class HostsToml {

  /** Thrown when a {@code ca} value or table header cannot be read. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(int line, String reason) {
      super("line " + line + ": " + reason);
    }
  }

  private HostsToml() {}

  /**
   * Returns the {@code ca} paths as written, host tables in file order followed by the top level,
   * the order containerd tries them in.
   */
  static List<String> caEntries(String text) throws SyntaxException {
    Map<String, List<String>> byTable = new LinkedHashMap<>();
    List<String> top = new ArrayList<>();
    String table = "";
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripComment(lines[i]).strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("[")) {
        table = tableName(line, i + 1);
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String key = unquoteKey(line.substring(0, equals).strip());
      if (!key.equals("ca")) {
        continue;
      }
      StringBuilder value = new StringBuilder(line.substring(equals + 1).strip());
      // A multi-line array continues until its closing bracket.
      while (value.length() > 0
          && value.charAt(0) == '['
          && !closesArray(value.toString())
          && i + 1 < lines.length) {
        i++;
        value.append(' ').append(stripComment(lines[i]).strip());
      }
      List<String> paths = parseValue(value.toString(), i + 1);
      if (table.isEmpty()) {
        top.addAll(paths);
      } else if (isHostTable(table)) {
        byTable.computeIfAbsent(table, t -> new ArrayList<>()).addAll(paths);
      }
    }
    List<String> result = new ArrayList<>();
    byTable.values().forEach(result::addAll);
    result.addAll(top);
    return result;
  }

  /** Returns whether {@code table} is {@code host.<name>} itself, not a sub-table like headers. */
  private static boolean isHostTable(String table) {
    return table.startsWith("host\u0000") && table.indexOf('\u0000', 5) < 0;
  }

  /**
   * Returns the table's dotted key parts joined by NUL, e.g. {@code host\0https://m.example.com}.
   */
  private static String tableName(String line, int lineNumber) throws SyntaxException {
    if (!line.endsWith("]") || line.startsWith("[[")) {
      throw new SyntaxException(lineNumber, "unsupported table header");
    }
    String inner = line.substring(1, line.length() - 1).strip();
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < inner.length()) {
      char c = inner.charAt(i);
      if (c == '"' || c == '\'') {
        int end = inner.indexOf(c, i + 1);
        if (end < 0) {
          throw new SyntaxException(lineNumber, "unterminated quoted key");
        }
        parts.add(inner.substring(i + 1, end));
        i = end + 1;
      } else {
        int dot = inner.indexOf('.', i);
        int end = dot < 0 ? inner.length() : dot;
        parts.add(inner.substring(i, end).strip());
        i = end;
      }
      while (i < inner.length() && (inner.charAt(i) == ' ' || inner.charAt(i) == '\t')) {
        i++;
      }
      if (i < inner.length()) {
        if (inner.charAt(i) != '.') {
          throw new SyntaxException(lineNumber, "malformed table header");
        }
        i++;
        while (i < inner.length() && (inner.charAt(i) == ' ' || inner.charAt(i) == '\t')) {
          i++;
        }
      }
    }
    return String.join("\u0000", parts);
  }

  private static String unquoteKey(String key) {
    if (key.length() >= 2
        && (key.startsWith("\"") && key.endsWith("\"")
            || key.startsWith("'") && key.endsWith("'"))) {
      return key.substring(1, key.length() - 1);
    }
    return key;
  }

  private static boolean closesArray(String value) {
    return indexOutsideStrings(value, ']') >= 0;
  }

  private static List<String> parseValue(String value, int line) throws SyntaxException {
    List<String> paths = new ArrayList<>();
    if (value.startsWith("[")) {
      int i = 1;
      while (true) {
        i = skipSpaceAndCommas(value, i);
        if (i >= value.length()) {
          throw new SyntaxException(line, "unterminated array for ca");
        }
        if (value.charAt(i) == ']') {
          break;
        }
        int[] end = new int[1];
        paths.add(readString(value, i, end, line));
        i = end[0];
      }
      return paths;
    }
    int[] end = new int[1];
    paths.add(readString(value, 0, end, line));
    return paths;
  }

  private static int skipSpaceAndCommas(String value, int i) {
    while (i < value.length()
        && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) {
      i++;
    }
    return i;
  }

  /** Reads a basic ({@code "…"}) or literal ({@code '…'}) string starting at {@code start}. */
  private static String readString(String value, int start, int[] end, int line)
      throws SyntaxException {
    if (start >= value.length()) {
      throw new SyntaxException(line, "ca must be a string or an array of strings");
    }
    char quote = value.charAt(start);
    if (quote == '\'') {
      int close = value.indexOf('\'', start + 1);
      if (close < 0) {
        throw new SyntaxException(line, "unterminated string");
      }
      end[0] = close + 1;
      return value.substring(start + 1, close);
    }
    if (quote != '"') {
      throw new SyntaxException(line, "ca must be a string or an array of strings");
    }
    StringBuilder text = new StringBuilder();
    for (int i = start + 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        end[0] = i + 1;
        return text.toString();
      }
      if (c == '\\' && i + 1 < value.length()) {
        char escaped = value.charAt(++i);
        switch (escaped) {
          case 'n':
            text.append('\n');
            break;
          case 't':
            text.append('\t');
            break;
          case '"':
          case '\\':
            text.append(escaped);
            break;
          case 'u':
            if (i + 4 >= value.length()) {
              throw new SyntaxException(line, "bad escape");
            }
            try {
              text.append((char) Integer.parseInt(value.substring(i + 1, i + 5), 16));
            } catch (NumberFormatException e) {
              throw new SyntaxException(line, "bad escape");
            }
            i += 4;
            break;
          default:
            throw new SyntaxException(line, "bad escape");
        }
      } else {
        text.append(c);
      }
    }
    throw new SyntaxException(line, "unterminated string");
  }

  private static String stripComment(String line) {
    int hash = indexOutsideStrings(line, '#');
    return hash < 0 ? line : line.substring(0, hash);
  }

  /**
   * Returns the index of the first {@code target} outside TOML strings (basic {@code "…"} with
   * backslash escapes, literal {@code '…'} without), or -1.
   */
  private static int indexOutsideStrings(String text, char target) {
    boolean inString = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          inString = false;
        }
      } else if (c == '"' || c == '\'') {
        inString = true;
        quote = c;
      } else if (c == target) {
        return i;
      }
    }
    return -1;
  }
}
