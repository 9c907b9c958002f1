package dev.regdoctor.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jspecify.annotations.Nullable;

/**
 * Error bodies byte for byte as registry 2.8 writes them: {@code
 * {"errors":[{"code":…,"message":…,"detail":…}]}} plus the newline of Go's JSON encoder, as {@code
 * application/json; charset=utf-8}. {@code detail} is left out when Go's value is empty, and
 * written as {@code null} when Go's value is a nil slice.
 */
final class RegistryErrors {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String MANIFEST_UNKNOWN = "manifest unknown";
  static final String BLOB_UNKNOWN = "blob unknown to registry";
  static final String DIGEST_INVALID = "provided digest did not match uploaded content";

  private RegistryErrors() {}

  /** Returns one error; {@code detail} {@code null} leaves the field out. */
  static ObjectNode error(String code, String message, @Nullable JsonNode detail) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("code", code);
    error.put("message", message);
    if (detail != null) {
      error.set("detail", detail);
    }
    return error;
  }

  /** Returns a reply with the given errors. */
  static Reply reply(int status, ObjectNode... errors) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode list = body.putArray("errors");
    for (ObjectNode error : errors) {
      list.add(error);
    }
    return json(status, body);
  }

  /** Returns a reply with one error; {@code detail} {@code null} leaves the field out. */
  static Reply reply(int status, String code, String message, @Nullable JsonNode detail) {
    return reply(status, error(code, message, detail));
  }

  /** Returns {@code node} as Go's encoder writes it: compact, then a newline. */
  static Reply json(int status, JsonNode node) {
    return Reply.status(status).body(Reply.JSON_UTF8, (write(node) + "\n").getBytes(UTF_8));
  }

  /** Returns {@code {"name": value}}, e.g. the {@code detail} {@code {"Tag":"1.0"}}. */
  static ObjectNode object(String name, String value) {
    return JsonNodeFactory.instance.objectNode().put(name, value);
  }

  /** Returns {@code {}}, the {@code detail} Go writes for an error value without fields. */
  static ObjectNode emptyObject() {
    return JsonNodeFactory.instance.objectNode();
  }

  static TextNode text(String value) {
    return TextNode.valueOf(value);
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON encoding failed", e);
    }
  }
}
