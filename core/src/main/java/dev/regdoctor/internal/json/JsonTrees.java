package dev.regdoctor.internal.json;

import static dev.regdoctor.internal.json.JsonInput.typeName;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.regdoctor.credentials.ConfigException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON parsing with Go's {@code encoding/json} semantics where they matter for docker and the
 * kubelet, and with error reasons that never quote the input (Jackson messages quote offending
 * tokens, which may be passwords).
 */
public final class JsonTrees {

  private JsonTrees() {}

  /**
   * Parses the first JSON value of {@code text}, as docker's config loader does.
   *
   * @return the value, or {@code null} when {@code text} is empty or blank (Go's {@code io.EOF},
   *     which docker accepts)
   */
  public static @Nullable JsonNode parseFirst(String text, String source) {
    try {
      JsonNode node = JsonInput.FIRST_VALUE.readTree(text);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException e) {
      throw syntaxError(source, "", e);
    }
  }

  /**
   * Parses {@code text} as exactly one JSON value, as Go's {@code json.Unmarshal} does (the kubelet
   * reads pull secrets this way).
   */
  public static JsonNode parseWhole(String text, String source, String pointer) {
    try {
      JsonNode node = JsonInput.WHOLE.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ConfigException(source, pointer, "unexpected end of JSON input");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw syntaxError(source, pointer, e);
    }
  }

  /** Returns a ConfigException for a syntax error, giving the position but never the input. */
  public static ConfigException syntaxError(
      String source, String pointer, JsonProcessingException e) {
    return new ConfigException(
        source, pointer, "invalid JSON" + JsonInput.at(e) + ": " + summary(e));
  }

  /** Classifies a Jackson message into a fixed phrase; the message itself may quote the input. */
  static String summary(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "document exceeds parser limits";
    }
    String message = e.getOriginalMessage();
    if (message == null) {
      return "malformed JSON";
    }
    if (message.startsWith("Unexpected end-of-input")) {
      return "unexpected end of input";
    }
    if (message.startsWith("Unexpected character ('")) {
      char c = message.charAt("Unexpected character ('".length());
      // Structural characters are safe to show and tell the user what the parser saw.
      return "{}[]:,\"".indexOf(c) >= 0
          ? "unexpected character '" + c + "'"
          : "unexpected character";
    }
    if (message.startsWith("Unexpected character")) {
      return "unexpected character";
    }
    if (message.startsWith("Unrecognized token")) {
      return "unrecognized token (expected a string, number, object, array, true, false or null)";
    }
    if (message.startsWith("Unexpected close marker")) {
      return "mismatched closing bracket";
    }
    if (message.startsWith("Illegal unquoted character")) {
      return "control character in a string must be escaped";
    }
    if (message.startsWith("Unrecognized character escape")) {
      return "invalid escape sequence in a string";
    }
    if (message.startsWith("Trailing token")) {
      return "content after the JSON value";
    }
    if (message.contains("numeric value") || message.startsWith("Invalid numeric")) {
      return "invalid number";
    }
    if (message.startsWith("Invalid UTF-8") || message.contains("surrogate")) {
      return "invalid character encoding";
    }
    return "malformed JSON";
  }

  /**
   * Returns the member of {@code object} that Go's {@code encoding/json} would decode into a struct
   * field named {@code name}: keys compare case-insensitively and the last matching key wins.
   */
  public static Map.@Nullable Entry<String, JsonNode> field(JsonNode object, String name) {
    Map.Entry<String, JsonNode> found = null;
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      if (member.getKey().equalsIgnoreCase(name)) {
        found = member;
      }
    }
    return found;
  }

  /** Returns {@code parent + "/" + key} with the key escaped as RFC 6901 requires. */
  public static String pointer(String parent, String key) {
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  /** Returns {@code parent + "/" + index}. */
  public static String pointer(String parent, int index) {
    return parent + "/" + index;
  }

  /**
   * Returns the string value Go would decode into a {@code string}: {@code ""} for null or absent,
   * the text for a string, and a ConfigException for any other type.
   */
  public static String string(@Nullable JsonNode node, String source, String pointer) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new ConfigException(source, pointer, "expected a string but found " + typeName(node));
    }
    return node.textValue();
  }

  /** Checks that {@code node} is an object or null, as a Go map or struct requires. */
  public static void requireObject(JsonNode node, String source, String pointer) {
    if (!node.isObject() && !node.isNull()) {
      throw new ConfigException(source, pointer, "expected an object but found " + typeName(node));
    }
  }

  /** Checks that {@code node} is an object, null, or absent, with string (or null) values. */
  public static void requireStringMap(@Nullable JsonNode node, String source, String pointer) {
    if (node == null || node.isNull()) {
      return;
    }
    requireObject(node, source, pointer);
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      string(member.getValue(), source, pointer(pointer, member.getKey()));
    }
  }

  /** Checks that {@code node} is an array, null, or absent, with string (or null) elements. */
  public static void requireStringArray(@Nullable JsonNode node, String source, String pointer) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isArray()) {
      throw new ConfigException(source, pointer, "expected an array but found " + typeName(node));
    }
    for (int i = 0; i < node.size(); i++) {
      string(node.get(i), source, pointer(pointer, i));
    }
  }
}
