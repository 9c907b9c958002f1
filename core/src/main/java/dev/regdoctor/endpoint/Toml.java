package dev.regdoctor.endpoint;

import dev.regdoctor.credentials.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small TOML 1.0 reader for the runtime configuration files ({@code hosts.toml}, {@code
 * registries.conf}): tables, arrays of tables, dotted and quoted keys, basic, literal and
 * multi-line strings, integers, booleans, arrays and inline tables. Every value remembers the line
 * it was defined on, so a caller can name file, line and key in its errors. Dates and floats are
 * read as their text; the files read here never use them.
 */
final class Toml {

  /** Thrown for text that is not TOML; the message names the line. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    SyntaxException(int line, String reason) {
      super("line " + line + ": " + reason);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  /** A value and the line it was defined on. */
  record Value(Object value, int line) {}

  /** A table: keys in file order. */
  static final class Table {
    final Map<String, Value> entries = new LinkedHashMap<>();
    final int line;
    boolean explicit;

    Table(int line) {
      this.line = line;
    }

    @Nullable Value get(String key) {
      return entries.get(key);
    }
  }

  private final String text;
  private int pos;
  private int line = 1;

  private Toml(String text) {
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Parses {@code text} into its root table. */
  static Table parse(String text) throws SyntaxException {
    return new Toml(text).document();
  }

  private Table document() throws SyntaxException {
    Table root = new Table(1);
    Table current = root;
    while (true) {
      skipBlankAndComments();
      if (pos >= text.length()) {
        return root;
      }
      char c = text.charAt(pos);
      if (c == '[') {
        boolean arrayTable = text.startsWith("[[", pos);
        int headerLine = line;
        pos += arrayTable ? 2 : 1;
        List<String> key = key();
        skipSpaces();
        if (!text.startsWith(arrayTable ? "]]" : "]", pos)) {
          throw error("expected " + (arrayTable ? "]]" : "]") + " to close the table header");
        }
        pos += arrayTable ? 2 : 1;
        endOfLine();
        current =
            arrayTable ? appendArrayTable(root, key, headerLine) : openTable(root, key, headerLine);
      } else {
        keyValue(current);
        endOfLine();
      }
    }
  }

  private Table openTable(Table root, List<String> key, int headerLine) throws SyntaxException {
    Table table = descend(root, key.subList(0, key.size() - 1), headerLine);
    String last = key.get(key.size() - 1);
    Value existing = table.get(last);
    if (existing == null) {
      Table created = new Table(headerLine);
      created.explicit = true;
      table.entries.put(last, new Value(created, headerLine));
      return created;
    }
    if (existing.value() instanceof Table t) {
      if (t.explicit) {
        throw new SyntaxException(
            headerLine,
            "table ["
                + String.join(".", key)
                + "] defined twice (first on line "
                + existing.line()
                + ")");
      }
      t.explicit = true;
      return t;
    }
    throw new SyntaxException(
        headerLine,
        "key " + String.join(".", key) + " is already a value (line " + existing.line() + ")");
  }

  private Table appendArrayTable(Table root, List<String> key, int headerLine)
      throws SyntaxException {
    Table table = descend(root, key.subList(0, key.size() - 1), headerLine);
    String last = key.get(key.size() - 1);
    Value existing = table.get(last);
    Table created = new Table(headerLine);
    created.explicit = true;
    if (existing == null) {
      List<Object> list = new ArrayList<>();
      list.add(new Value(created, headerLine));
      table.entries.put(last, new Value(new TableArray(list), headerLine));
    } else if (existing.value() instanceof TableArray array) {
      array.items().add(new Value(created, headerLine));
    } else {
      throw new SyntaxException(
          headerLine,
          "key "
              + String.join(".", key)
              + " is not an array of tables (line "
              + existing.line()
              + ")");
    }
    return created;
  }

  /** An array of tables ({@code [[name]]}), kept apart from plain arrays. */
  record TableArray(List<Object> items) {}

  /** Walks to the table {@code path} names, creating implicit tables on the way. */
  private static Table descend(Table from, List<String> path, int atLine) throws SyntaxException {
    Table table = from;
    for (String part : path) {
      Value value = table.get(part);
      if (value == null) {
        Table created = new Table(atLine);
        table.entries.put(part, new Value(created, atLine));
        table = created;
      } else if (value.value() instanceof Table t) {
        table = t;
      } else if (value.value() instanceof TableArray array && !array.items().isEmpty()) {
        table = (Table) ((Value) array.items().get(array.items().size() - 1)).value();
      } else {
        throw new SyntaxException(
            atLine, "key " + part + " is already a value (line " + value.line() + ")");
      }
    }
    return table;
  }

  private void keyValue(Table into) throws SyntaxException {
    int keyLine = line;
    List<String> key = key();
    skipSpaces();
    if (pos >= text.length() || text.charAt(pos) != '=') {
      throw error("expected = after key " + String.join(".", key));
    }
    pos++;
    skipSpaces();
    Object value = value();
    Table table = descend(into, key.subList(0, key.size() - 1), keyLine);
    String last = key.get(key.size() - 1);
    Value existing = table.get(last);
    if (existing != null) {
      throw new SyntaxException(
          keyLine,
          "key "
              + String.join(".", key)
              + " defined twice (first on line "
              + existing.line()
              + ")");
    }
    table.entries.put(last, new Value(value, keyLine));
  }

  private List<String> key() throws SyntaxException {
    List<String> parts = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (pos >= text.length()) {
        throw error("expected a key");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        parts.add(basicString());
      } else if (c == '\'') {
        parts.add(literalString());
      } else {
        int start = pos;
        while (pos < text.length() && isBareKeyChar(text.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw error("expected a key but found '" + c + "'");
        }
        parts.add(text.substring(start, pos));
      }
      skipSpaces();
      if (pos < text.length() && text.charAt(pos) == '.') {
        pos++;
        continue;
      }
      return parts;
    }
  }

  private static boolean isBareKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  private Object value() throws SyntaxException {
    if (pos >= text.length()) {
      throw error("expected a value");
    }
    char c = text.charAt(pos);
    if (text.startsWith("\"\"\"", pos)) {
      return multiLineBasic();
    }
    if (text.startsWith("'''", pos)) {
      return multiLineLiteral();
    }
    if (c == '"') {
      return basicString();
    }
    if (c == '\'') {
      return literalString();
    }
    if (c == '[') {
      return array();
    }
    if (c == '{') {
      return inlineTable();
    }
    int start = pos;
    while (pos < text.length()) {
      char d = text.charAt(pos);
      if (d == ',' || d == ']' || d == '}' || d == '#' || d == '\n' || d == '\r') {
        break;
      }
      pos++;
    }
    String token = text.substring(start, pos).strip();
    if (token.equals("true")) {
      return Boolean.TRUE;
    }
    if (token.equals("false")) {
      return Boolean.FALSE;
    }
    String digits = token.replace("_", "");
    if (digits.matches("[+-]?[0-9]+")) {
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw error("integer out of range");
      }
    }
    if (token.matches("[0-9+\\-.:TZetinfa_]+") && !token.isEmpty()) {
      return token; // a float or date, kept as text
    }
    // The token is not repeated: a header value in hosts.toml may be a credential.
    throw error("expected a string, number, boolean, array or inline table");
  }

  private List<Object> array() throws SyntaxException {
    int startLine = line;
    pos++;
    List<Object> items = new ArrayList<>();
    while (true) {
      skipBlankAndComments();
      if (pos >= text.length()) {
        throw new SyntaxException(startLine, "unterminated array");
      }
      if (text.charAt(pos) == ']') {
        pos++;
        return items;
      }
      items.add(value());
      skipBlankAndComments();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
      } else if (pos < text.length() && text.charAt(pos) != ']') {
        throw error("expected , or ] in array");
      }
    }
  }

  private Table inlineTable() throws SyntaxException {
    Table table = new Table(line);
    table.explicit = true;
    pos++;
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == '}') {
      pos++;
      return table;
    }
    while (true) {
      keyValue(table);
      skipSpaces();
      if (pos >= text.length()) {
        throw error("unterminated inline table");
      }
      char c = text.charAt(pos++);
      if (c == '}') {
        return table;
      }
      if (c != ',') {
        throw error("expected , or } in inline table");
      }
    }
  }

  private String basicString() throws SyntaxException {
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\n') {
        throw error("newline in a string");
      }
      if (c == '\\') {
        escape(out);
      } else {
        out.append(c);
      }
    }
    throw error("unterminated string");
  }

  private String literalString() throws SyntaxException {
    pos++;
    int end = text.indexOf('\'', pos);
    int newline = text.indexOf('\n', pos);
    if (end < 0 || (newline >= 0 && newline < end)) {
      throw error("unterminated string");
    }
    String value = text.substring(pos, end);
    pos = end + 1;
    return value;
  }

  private String multiLineBasic() throws SyntaxException {
    pos += 3;
    skipFirstNewline();
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      if (text.startsWith("\"\"\"", pos)) {
        pos += 3;
        return out.toString();
      }
      char c = text.charAt(pos++);
      if (c == '\n') {
        line++;
        out.append(c);
      } else if (c == '\\') {
        if (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
          while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            if (text.charAt(pos++) == '\n') {
              line++;
            }
          }
        } else {
          escape(out);
        }
      } else {
        out.append(c);
      }
    }
    throw error("unterminated multi-line string");
  }

  private String multiLineLiteral() throws SyntaxException {
    pos += 3;
    skipFirstNewline();
    int end = text.indexOf("'''", pos);
    if (end < 0) {
      throw error("unterminated multi-line string");
    }
    String value = text.substring(pos, end);
    line += (int) value.chars().filter(ch -> ch == '\n').count();
    pos = end + 3;
    return value;
  }

  private void skipFirstNewline() {
    if (text.startsWith("\r\n", pos)) {
      pos += 2;
      line++;
    } else if (text.startsWith("\n", pos)) {
      pos++;
      line++;
    }
  }

  private void escape(StringBuilder out) throws SyntaxException {
    if (pos >= text.length()) {
      throw error("unterminated string");
    }
    char e = text.charAt(pos++);
    switch (e) {
      case 'b' -> out.append('\b');
      case 't' -> out.append('\t');
      case 'n' -> out.append('\n');
      case 'f' -> out.append('\f');
      case 'r' -> out.append('\r');
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case 'u', 'U' -> {
        int length = e == 'u' ? 4 : 8;
        if (pos + length > text.length()) {
          throw error("bad unicode escape");
        }
        try {
          out.appendCodePoint(Integer.parseInt(text.substring(pos, pos + length), 16));
        } catch (IllegalArgumentException ex) {
          throw error("bad unicode escape");
        }
        pos += length;
      }
      default -> throw error("bad escape \\" + e);
    }
  }

  private void skipSpaces() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private void skipBlankAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '\n') {
        pos++;
        line++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private void endOfLine() throws SyntaxException {
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == '#') {
      while (pos < text.length() && text.charAt(pos) != '\n') {
        pos++;
      }
    }
    if (pos < text.length() && text.charAt(pos) == '\r') {
      pos++;
    }
    if (pos < text.length()) {
      if (text.charAt(pos) != '\n') {
        throw error("unexpected text after the value: '" + text.charAt(pos) + "'");
      }
      pos++;
      line++;
    }
  }

  /** Returns the exception for a value of the wrong type or form at {@code keyPath}. */
  static ConfigException invalid(String file, Value value, String keyPath, String reason) {
    return new ConfigException(file, "line " + value.line() + ", key " + keyPath, reason);
  }

  /** Returns the string at {@code key}, or null when absent. */
  static @Nullable String string(Table table, String key, String file, String prefix) {
    return typed(table, key, String.class, "a string", file, prefix);
  }

  /** Returns the boolean at {@code key}, or {@code absent}. */
  static boolean bool(Table table, String key, boolean absent, String file, String prefix) {
    Boolean value = typed(table, key, Boolean.class, "true or false", file, prefix);
    return value == null ? absent : value;
  }

  /** Returns a string or array of strings at {@code key} as a list; empty when absent. */
  static List<String> strings(Table table, String key, String file, String prefix) {
    Value value = table.get(key);
    if (value == null) {
      return List.of();
    }
    if (value.value() instanceof String s) {
      return List.of(s);
    }
    if (value.value() instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw invalid(file, value, prefix + key, "expected an array of strings");
        }
        out.add(s);
      }
      return out;
    }
    throw invalid(
        file,
        value,
        prefix + key,
        "expected a string or an array of strings but found " + type(value));
  }

  /** Returns the table at {@code key}, or null when absent. */
  static @Nullable Table table(Table table, String key, String file, String prefix) {
    return typed(table, key, Table.class, "a table", file, prefix);
  }

  /**
   * Returns the value at {@code key} as a {@code type}, or null when absent; any other type is a
   * {@link ConfigException} naming the file, line and key.
   */
  private static <T> @Nullable T typed(
      Table table, String key, Class<T> type, String expected, String file, String prefix) {
    Value value = table.get(key);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value.value())) {
      throw invalid(
          file, value, prefix + key, "expected " + expected + " but found " + type(value));
    }
    return type.cast(value.value());
  }

  /** Returns the tables of {@code [[key]]}, in file order; empty when absent. */
  static List<Table> tables(Table table, String key, String file, String prefix) {
    Value value = table.get(key);
    if (value == null) {
      return List.of();
    }
    List<Table> out = new ArrayList<>();
    if (value.value() instanceof TableArray array) {
      array.items().forEach(item -> out.add((Table) ((Value) item).value()));
      return out;
    }
    if (value.value() instanceof List<?> list && list.stream().allMatch(i -> i instanceof Table)) {
      list.forEach(item -> out.add((Table) item));
      return out;
    }
    throw invalid(
        file,
        value,
        prefix + key,
        "expected an array of tables ([[" + key + "]]) but found " + type(value));
  }

  static String type(Value value) {
    Object v = value.value();
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof Long) {
      return "an integer";
    }
    if (v instanceof Table) {
      return "a table";
    }
    if (v instanceof TableArray) {
      return "an array of tables";
    }
    return "an array";
  }

  private SyntaxException error(String reason) {
    return new SyntaxException(line, reason);
  }
}
