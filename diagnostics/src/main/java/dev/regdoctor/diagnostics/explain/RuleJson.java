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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the rule table's JSON text into a tree. */
final class RuleJson {
  private RuleJson() {}

  /**
   * Reads the JSON text into a tree with Jackson's streaming parser and node factory: the table
   * needs no {@code ObjectMapper}, whose set-up (several hundred classes) cost a cold {@code
   * explain} more than reading the file.
   */
  static JsonNode readTree(InputStream in, String resource) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalStateException(resource + ": no JSON value");
      }
      JsonNode root = node(parser, first);
      if (parser.nextToken() != null) {
        throw new IllegalStateException(resource + ": text after the JSON value");
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

  /** Returns the diagnosis codes listed in {@code field} of {@code node} (none when absent). */
  static List<DiagnosisCode> codes(JsonNode node, String field, String where) {
    List<DiagnosisCode> codes = new ArrayList<>();
    for (JsonNode code : node.path(field)) {
      codes.add(code(code.asText(), where));
    }
    return codes;
  }

  /** The lowercase literals of {@code node}'s {@code any} list. */
  static List<String> any(JsonNode node, String where) {
    List<String> any = new ArrayList<>();
    for (JsonNode literal : node.path("any")) {
      String text = literal.asText();
      if (text.isEmpty() || !text.equals(text.toLowerCase(Locale.ROOT))) {
        throw new IllegalStateException(
            RuleTable.RESOURCE
                + ": "
                + where
                + ": literal \""
                + text
                + "\" must be lowercase and not empty");
      }
      any.add(text);
    }
    return List.copyOf(any);
  }

  /** The diagnosis code named {@code name}. */
  static DiagnosisCode code(String name, String where) {
    try {
      return DiagnosisCode.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          RuleTable.RESOURCE + ": " + where + ": unknown code " + name, e);
    }
  }

  /** The required, non-blank text field {@code field} of {@code node}. */
  static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalStateException(
          RuleTable.RESOURCE + ": " + where + ": \"" + field + "\" is required");
    }
    return requireNonNull(value.asText());
  }
}
