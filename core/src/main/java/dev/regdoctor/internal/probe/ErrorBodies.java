package dev.regdoctor.internal.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.internal.http.Redaction;
import dev.regdoctor.probe.RegistryError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Parses registry error bodies ({@code {"errors":[{"code","message","detail"}]}}, the distribution
 * spec's format). Bodies that are not such a document yield an empty list: registries and proxies
 * answer with HTML or plain text as often as with JSON, and that is evidence, not an error.
 */
public final class ErrorBodies {
  private static final byte[] ERRORS_KEY = "\"errors\"".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_ERRORS = 20;
  private static final int MAX_TEXT = 500;

  private ErrorBodies() {}

  /** Returns the shared JSON reader, created on first use (a plain check may never need one). */
  public static ObjectMapper json() {
    return Mapper.JSON;
  }

  public static List<RegistryError> parse(byte[] body) {
    return parse(body, List.of());
  }

  /**
   * Parses {@code body}; messages and details pass the redactor, which also removes every form of
   * {@code secrets} (a registry may echo the request's {@code Authorization} header).
   */
  public static List<RegistryError> parse(byte[] body, Collection<String> secrets) {
    if (body.length == 0 || !contains(body, ERRORS_KEY)) {
      // no "errors" member: nothing to parse (a ping answers {}, a HEAD nothing)
      return List.of();
    }
    JsonNode root;
    try {
      root = json().readTree(body);
    } catch (IOException e) {
      return List.of();
    }
    if (root == null || !root.isObject()) {
      return List.of();
    }
    JsonNode errors = root.get("errors");
    List<RegistryError> result = new ArrayList<>();
    if (errors != null && errors.isArray()) {
      for (JsonNode error : errors) {
        if (result.size() == MAX_ERRORS) {
          break;
        }
        if (!error.isObject()) {
          continue;
        }
        String code = text(error.get("code"));
        if (code.isEmpty()) {
          continue;
        }
        JsonNode detail = error.get("detail");
        result.add(
            new RegistryError(
                code.toUpperCase(Locale.ROOT),
                Redaction.scrub(text(error.get("message")), secrets),
                detail == null || detail.isNull()
                    ? null
                    : Redaction.scrub(abbreviate(detail.toString()), secrets)));
      }
    }
    return result;
  }

  /** Returns the body as a short, printable snippet for evidence. */
  public static String snippet(byte[] body) {
    return snippet(body, List.of());
  }

  /**
   * Returns the body as a short, printable snippet for evidence, with every form of {@code secrets}
   * and every secret-looking field removed.
   */
  public static String snippet(byte[] body, Collection<String> secrets) {
    // Redact before shortening, so a secret cut at the edge is still recognised whole.
    String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
    text = text.replaceAll("\\s+", " ").strip();
    StringBuilder printable = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      printable.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    String safe = Redaction.scrub(printable.toString(), secrets);
    return safe.length() > 300 || body.length > 4096
        ? safe.substring(0, Math.min(300, safe.length())) + "…"
        : safe;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull()
        ? ""
        : abbreviate(node.isTextual() ? node.asText() : node.toString());
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
  }

  private static boolean contains(byte[] body, byte[] key) {
    outer:
    for (int i = 0; i <= body.length - key.length; i++) {
      for (int j = 0; j < key.length; j++) {
        if (body[i + j] != key[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Holds the mapper so that loading this class does not load Jackson. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper();
  }
}
