package dev.regdoctor.diagnostics.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regdoctor.diagnostics.DiagnosisCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled corpus of real error messages in {@code explain/corpus.jsonl}: one JSON object a
 * line with id, client, code, ambiguous, message, source (URL) and entities.
 */
final class ExplainCorpus {
  static final String RESOURCE = "/explain/corpus.jsonl";

  /** One labelled message. */
  record Entry(
      String id,
      String client,
      DiagnosisCode code,
      boolean ambiguous,
      String message,
      String source,
      Map<String, Object> entities) {

    @Override
    public String toString() {
      return id;
    }
  }

  private static final List<Entry> ENTRIES = read();

  private ExplainCorpus() {}

  static List<Entry> entries() {
    return ENTRIES;
  }

  static Entry entry(String id) {
    return ENTRIES.stream()
        .filter(entry -> entry.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no corpus entry " + id));
  }

  private static List<Entry> read() {
    ObjectMapper mapper = new ObjectMapper();
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = ExplainCorpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = mapper.readTree(line);
        Map<String, Object> entities = new LinkedHashMap<>();
        node.path("entities")
            .properties()
            .forEach(
                field ->
                    entities.put(
                        field.getKey(),
                        field.getValue().isInt()
                            ? (Object) field.getValue().intValue()
                            : field.getValue().asText()));
        entries.add(
            new Entry(
                required(node, "id", number),
                required(node, "client", number),
                DiagnosisCode.valueOf(required(node, "code", number)),
                node.path("ambiguous").asBoolean(),
                required(node, "message", number),
                required(node, "source", number),
                Map.copyOf(entities)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(entries);
  }

  private static String required(JsonNode node, String field, int line) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalStateException(RESOURCE + " line " + line + ": \"" + field + "\" missing");
    }
    return value.asText();
  }
}
