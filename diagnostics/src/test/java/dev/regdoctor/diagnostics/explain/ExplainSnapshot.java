package dev.regdoctor.diagnostics.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes what the explainer answers for every message of every corpus file ({@code corpus*.jsonl}
 * under {@code explain/}), so that a change meant only to make the engine faster can be checked to
 * change no answer. Not a test (the snapshot belongs to one revision of the rules, and the rules
 * change): run it on the revision before the change and after, and compare the two files.
 *
 * <p>Each message is explained as pasted, inside a 200-line pull log, and hard-wrapped at 60
 * columns (the unwrapping path), in English and in Chinese; each answer is written as the rule and
 * context behind the verdict and the full {@link Explanation#toJson()}.
 *
 * <pre>
 * java -cp diagnostics/target/test-classes:diagnostics/target/classes:… \
 *     dev.regdoctor.diagnostics.explain.ExplainSnapshot diagnostics/src/test/resources/explain OUT
 * cmp OUT-before OUT-after
 * </pre>
 */
final class ExplainSnapshot {
  private static final String PROGRESS =
      "a3ed95caeb02: Pulling fs layer\n"
          + "8bb43bd9c21d: Downloading [=====>      ]  8.088MB/125.3MB\n"
          + "5c110056cd4f: Waiting\n";

  private ExplainSnapshot() {}

  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args.length > 0 ? args[0] : "diagnostics/src/test/resources/explain");
    Path out = Path.of(args.length > 1 ? args[1] : "diagnostics/target/explain-snapshot.txt");
    List<String> messages = messages(directory);
    List<ErrorExplainer> explainers =
        List.of(
            ErrorExplainer.create(Locale.ENGLISH),
            ErrorExplainer.create(Locale.SIMPLIFIED_CHINESE));
    StringBuilder snapshot = new StringBuilder();
    int answers = 0;
    for (String message : messages) {
      for (String text : variants(message)) {
        for (ErrorExplainer explainer : explainers) {
          ErrorExplainer.Analysis analysis = explainer.analyse(text);
          snapshot
              .append(analysis.ruleId())
              .append(' ')
              .append(analysis.contextId())
              .append('\n')
              .append(analysis.explanation().toJson())
              .append('\n');
          answers++;
        }
      }
    }
    Files.writeString(out, snapshot, StandardCharsets.UTF_8);
    System.out.printf(
        Locale.ROOT, "%d messages, %d answers written to %s%n", messages.size(), answers, out);
  }

  /** Returns the messages of every corpus file, files in name order, lines in file order. */
  static List<String> messages(Path directory) {
    ObjectMapper mapper = new ObjectMapper();
    List<String> messages = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().matches("corpus.*\\.jsonl"))
              .sorted()
              .toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            JsonNode message = mapper.readTree(line).get("message");
            if (message == null || !message.isTextual()) {
              throw new IllegalStateException(file + ": a line without \"message\": " + line);
            }
            messages.add(message.asText());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return messages;
  }

  /** The message as pasted, inside a long pull log, and hard-wrapped. */
  private static List<String> variants(String message) {
    return List.of(
        message, PROGRESS.repeat(60) + message + "\n" + PROGRESS.repeat(10), wrap(message, 60));
  }

  /** Breaks lines at the last space before {@code width} columns, as a mail client would. */
  private static String wrap(String message, int width) {
    StringBuilder out = new StringBuilder(message.length() + message.length() / width + 1);
    int column = 0;
    int lastSpace = -1;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      out.append(c);
      column = c == '\n' ? 0 : column + 1;
      if (c == ' ') {
        lastSpace = out.length() - 1;
      }
      if (column >= width && lastSpace > out.length() - column) {
        out.setCharAt(lastSpace, '\n');
        column = out.length() - lastSpace - 1;
        lastSpace = -1;
      }
    }
    return out.toString();
  }
}
