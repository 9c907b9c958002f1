package dev.regdoctor.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.regdoctor.credentials.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A YAML document read into a small tree whose nodes remember their line, so that configuration
 * errors name the file, the line and the key. Parser messages (which quote the input) are never
 * passed on: only their position is.
 */
final class YamlTree {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final int MAX_DEPTH = 32;

  private YamlTree() {}

  /**
   * One value: a {@code Map<String, Node>} (in document order), a {@code List<Node>}, a scalar's
   * text, or {@code null}.
   *
   * @param value the value
   * @param scalar how a scalar was written: {@code string}, {@code number}, {@code boolean} or
   *     {@code null}; {@code map} or {@code list} otherwise
   * @param line the 1-based line where the value starts
   * @param pointer the JSON pointer of the value, e.g. {@code /targets/1/image}
   */
  record Node(@Nullable Object value, String scalar, int line, String pointer) {
    @SuppressWarnings("unchecked")
    Map<String, Node> map() {
      return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> list() {
      return (List<Node>) value;
    }

    boolean isMap() {
      return scalar.equals("map");
    }

    boolean isList() {
      return scalar.equals("list");
    }

    boolean isNull() {
      return scalar.equals("null");
    }
  }

  /**
   * Parses {@code text}, one document.
   *
   * @throws ConfigException naming {@code source} and the line when the text is not YAML
   */
  static Node parse(String text, String source) {
    try (JsonParser parser = YAML.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ConfigException(source, "", "the file is empty");
      }
      Node root = read(parser, "", source, 0);
      if (parser.nextToken() != null) {
        throw new ConfigException(
            at(source, parser.currentTokenLocation()), "", "only one YAML document is allowed");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          at(source, e.getLocation()),
          "",
          "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("").split(":")[0]);
    } catch (IOException e) {
      throw new ConfigException(source, "", "cannot read: " + e.getMessage());
    }
  }

  /** Returns {@code file:line} for errors. */
  static String at(String source, int line) {
    return line > 0 ? source + ":" + line : source;
  }

  private static String at(String source, @Nullable JsonLocation location) {
    return location == null ? source : at(source, location.getLineNr());
  }

  private static Node read(JsonParser parser, String pointer, String source, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw new ConfigException(
          at(source, parser.currentTokenLocation()), pointer, "nested too deeply");
    }
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Node> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
          if (map.containsKey(key)) {
            throw new ConfigException(at(source, keyLine), child, "duplicate key");
          }
          parser.nextToken();
          map.put(key, read(parser, child, source, depth + 1));
        }
        return new Node(map, "map", line, pointer);
      }
      case START_ARRAY -> {
        List<Node> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(parser, pointer + "/" + list.size(), source, depth + 1));
        }
        return new Node(list, "list", line, pointer);
      }
      case VALUE_STRING -> {
        return new Node(parser.getText(), "string", line, pointer);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Node(parser.getText(), "number", line, pointer);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node(parser.getText(), "boolean", line, pointer);
      }
      case VALUE_NULL -> {
        return new Node(null, "null", line, pointer);
      }
      default ->
          throw new ConfigException(at(source, line), pointer, "unsupported YAML value " + token);
    }
  }
}
