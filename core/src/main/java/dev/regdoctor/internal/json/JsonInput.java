package dev.regdoctor.internal.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Locale;

/**
 * Readers of JSON input that may hold secrets (passwords, tokens), and the words for describing it
 * in messages without quoting it. Jackson's exception locations leave out the source. Thread-safe.
 */
public final class JsonInput {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  /** Like Go's {@code json.Decoder.Decode}: reads the first value, ignores what follows. */
  public static final ObjectReader FIRST_VALUE = MAPPER.readerFor(JsonNode.class);

  /** Like Go's {@code json.Unmarshal}: content after the value is an error. */
  public static final ObjectReader WHOLE =
      MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonInput() {}

  /** Returns {@code " at line L, column C"} for a parser exception, or {@code ""}. */
  public static String at(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Returns the JSON type name of {@code node} for messages, e.g. {@code a number}. */
  public static String typeName(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }
}
